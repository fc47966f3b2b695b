import FazhiCore
import Fluent
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    @Suite struct UserAdminTests {
        @Test func adminCreatesAUserWhoCanSignIn() async throws {
            try await withTestDistrict(units: try TestDistrict.demoUnits("jjfwj")) { app, _, _ in
                var admin = try await Browser.signedIn(app, as: "admin")
                let unit = try #require(try await OrgNode.query(on: app.db).filter(\.$code == "jjfwj").first())
                try await admin.get("/admin/users/new")
                let bad = try await admin.post(
                    "/admin/users",
                    form: [
                        "username": "AB", "displayName": "", "role": "liaison",
                        "unitID": "", "password": "short", "isActive": "on", "email": "wang at unit",
                    ])
                #expect(bad.status == .unprocessableEntity)
                for message in ["用户名须为", "姓名不能为空", "单位联络员必须属于一个单位", "密码至少需要 10 个字符", "邮箱地址格式不正确"] {
                    #expect(bad.body.string.contains(message), "\(message)")
                }
                let users = try await count(User.self, app)
                let ok = try await admin.post(
                    "/admin/users",
                    form: [
                        "username": "wang.wu", "displayName": "王五", "role": "liaison",
                        "unitID": unit.id!.uuidString, "password": "Wangwu2026ab", "isActive": "on",
                        "email": "wangwu@jjfwj.gov.cn",
                    ])
                #expect(ok.status == .seeOther)
                #expect(try await count(User.self, app) == users + 1)
                #expect(try await User.query(on: app.db).filter(\.$username == "wang.wu").first()?.email == "wangwu@jjfwj.gov.cn")
                var wang = Browser(app)
                #expect(try await wang.signIn("wang.wu", password: "Wangwu2026ab").status == .seeOther)
                #expect(try await wang.get("/").body.string.contains("经济服务局"))
                let event = try #require(
                    try await AuditEvent.query(on: app.db).filter(\.$entityType == "user").filter(\.$action == "create")
                        .sort(\.$id, .descending).first())
                #expect(event.after?.contains("wang.wu") == true)
                #expect(event.after?.contains("$2") == false, "no password hash in the audit trail")
            }
        }

        @Test func deactivatingEndsSessionsAndUnlockingReopens() async throws {
            try await withTestDistrict(units: try TestDistrict.demoUnits("jjfwj")) { app, _, _ in
                var admin = try await Browser.signedIn(app, as: "admin")
                var liaison = try await Browser.signedIn(app, as: "jjfwj-liaison")
                let user = try #require(try await User.query(on: app.db).filter(\.$username == "jjfwj-liaison").first())
                try await admin.get("/admin/users/\(user.id!)")
                #expect(
                    try await admin.post(
                        "/admin/users/\(user.id!)",
                        form: [
                            "displayName": user.displayName, "role": "liaison",
                            "unitID": user.$unit.id!.uuidString,
                        ]
                    ).status == .seeOther)
                #expect(try await liaison.get("/").status == .seeOther, "a deactivated user's session ends")
                var retry = Browser(app)
                #expect(try await retry.signIn("jjfwj-liaison", password: DemoSeed.password).status == .unauthorized)
                user.lockedUntil = fixedNow.addingTimeInterval(600)
                user.isActive = true
                try await user.update(on: app.db)
                #expect(try await admin.get("/admin/users/\(user.id!)").body.string.contains("账户已锁定"))
                #expect(try await admin.post("/admin/users/\(user.id!)/unlock").status == .seeOther)
                #expect(try await retry.signIn("jjfwj-liaison", password: DemoSeed.password).status == .seeOther)
            }
        }

        @Test func anAdministratorCannotLockThemselvesOut() async throws {
            try await withTestDistrict { app, _, _ in
                var admin = try await Browser.signedIn(app, as: "admin")
                let me = try #require(try await User.query(on: app.db).filter(\.$username == "admin").first())
                try await admin.get("/admin/users/\(me.id!)")
                let response = try await admin.post("/admin/users/\(me.id!)", form: ["displayName": "管理员", "role": "office", "isActive": "on"])
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("不能停用自己的账户"))
                #expect(try await User.find(me.id, on: app.db)?.role == .admin)
            }
        }

        @Test func aTokenIsShownOnceAndWorksUntilRevoked() async throws {
            try await withTestDistrict { app, _, _ in
                var admin = try await Browser.signedIn(app, as: "admin")
                let user = try #require(try await User.query(on: app.db).filter(\.$username == "leader").first())
                try await admin.get("/admin/users/\(user.id!)")
                let page = try await admin.post("/admin/users/\(user.id!)/tokens", form: ["tokenName": "大屏展示"]).body.string
                let token = try #require(page.range(of: #"id="new-token">"#).map { String(page[$0.upperBound...].prefix { $0 != "<" }) })
                #expect(token.hasPrefix("fz_"))
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: token)
                #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: headers).status == .ok)
                let web = try await app.testing().sendRequest(.GET, "/", headers: headers)
                #expect(web.status == .seeOther && web.location.hasPrefix("/login"), "API tokens do not open the web UI")
                let again = try await admin.get("/admin/users/\(user.id!)").body.string
                #expect(!again.contains(token), "the token is not shown again")
                let record = try #require(try await APIToken.query(on: app.db).first())
                #expect(try await admin.post("/admin/tokens/\(record.id!)/revoke").status == .seeOther)
                #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: headers).status == .unauthorized)
            }
        }
    }
}
