import FazhiCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    @Suite struct APITests {
        /// The API over real HTTP: a live server on loopback, a bearer token issued by the administrator.
        @Test func tokenClientsUseTheAPIOverRealHTTP() async throws {
            try await withTestDistrict(units: try TestDistrict.everyDemoUnit(), .plan) { app, _, _ in
                let admin = try #require(try await User.query(on: app.db).filter(\.$username == "office").first())
                let token = try await UserService.issueToken(for: admin, name: "对接测试", actor: .system("test"), on: app.db, now: fixedNow)
                let live = try app.testing(method: .running(hostname: "127.0.0.1", port: Int.random(in: 20_000...40_000)))
                var auth = HTTPHeaders()
                auth.bearerAuthorization = BearerAuthorization(token: token)
                let units = try await live.sendRequest(.GET, "/api/v1/units", headers: auth)
                #expect(units.status == .ok)
                #expect(try units.content.decode([UnitDTO].self).count == 17)
                let plan = try await live.sendRequest(.GET, "/api/v1/plans/2026", headers: auth)
                let dto = try plan.content.decode(PlanDTO.self)
                #expect(dto.title == "某区2026年度法治政府建设工作实施方案")
                #expect(dto.areas.count == 10)
                #expect(dto.arrangements.count == 11)
                #expect(dto.arrangements.allSatisfy { $0.tasks.count >= 2 })
                // The task list pages: 7 a page, the total in X-Total-Count, the next page in Link.
                let first = try await live.sendRequest(.GET, "/api/v1/tasks?per=7", headers: auth)
                let total = try #require(Int(first.headers.first(name: "X-Total-Count") ?? ""))
                #expect(try first.content.decode([TaskDTO].self).count == min(7, total))
                #expect(
                    total > 7 && (first.headers.first(name: .link) ?? "").contains("page=2")
                        && (first.headers.first(name: .link) ?? "").contains("rel=\"next\""))
                var ids: [UUID] = []
                for page in 1...((total + 6) / 7) {
                    ids += try await live.sendRequest(.GET, "/api/v1/tasks?per=7&page=\(page)", headers: auth).content.decode([TaskDTO].self).map(
                        \.id)
                }
                #expect(ids.count == total && Set(ids).count == total, "every task once across the pages")
                #expect(try await live.sendRequest(.GET, "/api/v1/tasks?per=5000", headers: auth).status == .badRequest)
                // The overdue list pages the same way, most overdue first, and holds exactly what the
                // scheduler's own scan finds overdue.
                let firstOverdue = try await live.sendRequest(.GET, "/api/v1/overdue?per=3", headers: auth)
                let overdueTotal = try #require(Int(firstOverdue.headers.first(name: "X-Total-Count") ?? ""))
                var keys: [String] = [], dues: [String] = []
                for page in 1...max(1, (overdueTotal + 2) / 3) {
                    let items = try await live.sendRequest(.GET, "/api/v1/overdue?per=3&page=\(page)", headers: auth).content.decode(
                        [OverdueService.Item].self)
                    keys += items.map(\.key)
                    dues += items.map(\.due)
                }
                #expect(overdueTotal > 3 && keys.count == overdueTotal && Set(keys).count == overdueTotal, "every overdue item once")
                #expect(dues == dues.sorted(), "the earliest due date (the most overdue) first")
                let scan = try await SupervisionScan.run(
                    on: app.db, today: app.clock.today, calendar: try await CalendarService.load(on: app.db),
                    ladder: try await SupervisionScan.ladder(on: app.db))
                #expect(Set(keys) == Set(scan.signals.filter(\.stage.isOverdue).map(\.item.key)))
                var json = auth
                json.contentType = .json
                let created = try await live.sendRequest(
                    .POST, "/api/v1/tasks", headers: json,
                    body: ByteBuffer(
                        string: """
                            {"arrangement":"五","title":"政府信息公开年度报告编制","leadUnit":"zhbgs","coUnits":["fzczj"],
                             "start":"2026-12-01","due":"2026-12-31","deliverable":"年度报告"}
                            """))
                #expect(created.status == .created)
                let task = try created.content.decode(TaskDTO.self)
                #expect(task.status == "not_started")
                #expect(task.coUnits.map(\.name) == ["发展和财政局"])
                let patched = try await live.sendRequest(
                    .PATCH, "/api/v1/tasks/\(task.id)", headers: json,
                    body: ByteBuffer(string: #"{"version":1,"due":"2026-12-30"}"#))
                #expect(try patched.content.decode(TaskDTO.self).due == "2026-12-30")
                let stale = try await live.sendRequest(
                    .PATCH, "/api/v1/tasks/\(task.id)", headers: json,
                    body: ByteBuffer(string: #"{"version":1,"title":"x"}"#))
                #expect(stale.status == .conflict)
                let anonymous = try await live.sendRequest(.GET, "/api/v1/tasks")
                #expect(anonymous.status == .unauthorized)
                var revoked = auth
                let record = try #require(try await APIToken.query(on: app.db).first())
                try await UserService.revokeToken(record, actor: .system("test"), on: app.db, now: fixedNow)
                revoked.contentType = .json
                #expect(try await live.sendRequest(.GET, "/api/v1/units", headers: revoked).status == .unauthorized)
                #expect(try await APIToken.query(on: app.db).first()?.tokenHash != token, "only the hash is stored")
            }
        }

        @Test func badJSONGetsACodeAMessageAndAField() async throws {
            try await withTestDistrict(.plan) { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                let before = try await count(PlanTask.self, app)
                let missing = try await office.json(.POST, "/api/v1/tasks", #"{"title":"x"}"#)
                #expect(missing.status == .badRequest)
                let body = try missing.content.decode(FazhiErrorMiddleware.ErrorBody.self)
                #expect(body.code == "bad_request")
                #expect(body.message.contains("缺少字段"))
                #expect(body.field != nil)
                let invalid = try await office.json(
                    .POST, "/api/v1/tasks",
                    """
                    {"arrangement":"五","title":"","leadUnit":"ghost","start":"2026-12-01","due":"2026-11-01"}
                    """)
                #expect(invalid.status == .unprocessableEntity)
                let error = try invalid.content.decode(FazhiErrorMiddleware.ErrorBody.self)
                #expect(error.code == "validation_failed")
                #expect(error.field == "title")
                #expect(Set(error.errors?.map(\.field) ?? []) == ["title", "leadUnit", "due"])
                #expect(try await office.json(.POST, "/api/v1/tasks", "{not json").status == .badRequest)
                #expect(try await office.json(.GET, "/api/v1/tasks?status=late", nil).status == .badRequest)
                #expect(try await office.json(.GET, "/api/v1/tasks/\(UUID())", nil).status == .notFound)
                #expect(try await count(PlanTask.self, app) == before)
            }
        }

        @Test func cookieClientsNeedTheCsrfHeaderToWrite() async throws {
            try await withTestDistrict { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                office.csrf = ""
                let response = try await office.json(
                    .POST, "/api/v1/tasks", #"{"arrangement":"五","title":"t","leadUnit":"zhbgs","start":"2026-12-01","due":"2026-12-02"}"#)
                #expect(response.status == .badRequest)
                #expect(try response.content.decode(FazhiErrorMiddleware.ErrorBody.self).message.contains("CSRF"))
            }
        }

        @Test func theOpenAPIDocumentDescribesEveryAPIRoute() async throws {
            try await withFazhiApp(seed: false) { app, _ in
                let response = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
                #expect(response.status == .ok)
                let document = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                #expect(document?["openapi"] as? String == "3.0.3")
                let paths = try #require(document?["paths"] as? [String: [String: Any]])
                for route in app.routes.all where route.path.first?.description == "api" {
                    let path =
                        "/"
                        + route.path.map { component in
                            let text = component.description
                            return text.hasPrefix(":") ? "{\(text.dropFirst())}" : text
                        }.joined(separator: "/")
                    #expect(paths[path]?[route.method.rawValue.lowercased()] != nil, "\(route.method.rawValue) \(path) missing from openapi.json")
                }
            }
        }
    }
}
