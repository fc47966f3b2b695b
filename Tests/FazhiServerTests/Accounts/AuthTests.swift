import FazhiCore
import Fluent
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    @Suite struct AuthTests {
        @Test func signInLandsOnHomeAndSignOutEndsTheSession() async throws {
            try await withTestDistrict { app, _, _ in
                var browser = try await Browser.signedIn(app, as: "csglj-liaison")
                let home = try await browser.get("/")
                #expect(home.status == .ok)
                #expect(home.body.string.contains("我的任务"))
                #expect(home.body.string.contains("城市管理局联络员"))
                let sessionCookie = try #require(browser.cookies["fazhi_session"])
                let stored = try await UserSession.query(on: app.db).all()
                #expect(stored.count == 1)
                #expect(stored[0].tokenHash != sessionCookie, "only the token's hash is stored")
                let out = try await browser.post("/logout")
                #expect(out.status == .seeOther)
                #expect(try await count(UserSession.self, app) == 0)
                let after = try await browser.get("/")
                #expect(after.status == .seeOther)
                #expect(after.location == "/login")
            }
        }

        @Test func wrongPasswordIsRefusedWithoutSayingWhichPartWasWrong() async throws {
            try await withTestDistrict { app, _, _ in
                var browser = Browser(app)
                try await browser.get("/login")
                for (user, password) in [("csglj-liaison", "wrong-password-1"), ("nobody-here", "fazhi-demo-2026")] {
                    let response = try await browser.post("/login", form: ["username": user, "password": password])
                    #expect(response.status == .unauthorized)
                    #expect(response.body.string.contains("用户名或密码错误"))
                }
                #expect(try await count(UserSession.self, app) == 0)
            }
        }

        @Test func failedSignInsSlowDownWithoutLockingOutTheRealUser() async throws {
            try await withTestDistrict { app, clock, _ in
                var guesser = Browser(app)
                try await guesser.get("/login")
                for attempt in 1...5 {
                    let response = try await guesser.post("/login", form: ["username": "office", "password": "not-the-password-\(attempt)"])
                    #expect(response.status == .unauthorized, "attempt \(attempt) is checked")
                }
                // The sixth guess must wait; an unknown name gets exactly the same answer.
                let held = try await guesser.post("/login", form: ["username": "office", "password": DemoSeed.password])
                #expect(held.status == .tooManyRequests)
                #expect(held.body.string.contains("登录失败次数过多"))
                let unknown = try await guesser.post("/login", form: ["username": "no-such-user", "password": "x"])
                #expect(unknown.status == .tooManyRequests, "same answer whether or not the account exists")
                // A second later the right password works: nobody was locked out for 15 minutes.
                clock.advance(minutes: 2.0 / 60)
                #expect(try await guesser.post("/login", form: ["username": "office", "password": DemoSeed.password]).status == .seeOther)
                let failed = try await AuditEvent.query(on: app.db).filter(\.$action == "login_failed").count()
                #expect(failed == 5)
                #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "account_locked").count() == 0)
            }
        }

        @Test func guessesAtAnAccountDoNotHoldBackABrowserThatSignedInBefore() async throws {
            try await withTestDistrict { app, clock, _ in
                // The real user signed in on this browser before and got the known-device mark.
                var user = try await Browser.signedIn(app, as: "office")
                #expect(user.cookies[AuthService.knownDeviceCookie] != nil)
                try await user.post("/logout")
                // Ten wrong guesses at "office" from another address.
                let throttle = app.loginThrottle.withLockedValue { $0 }
                for i in 0..<10 {
                    try await throttle.recordFailure(
                        address: "203.0.113.9", account: "office", on: app.db, now: clock.now.addingTimeInterval(Double(i) / 100))
                }
                // A browser without the mark, from a clean address, waits for the account's short delay…
                var stranger = Browser(app)
                try await stranger.get("/login")
                let held = try await stranger.post("/login", form: ["username": "office", "password": DemoSeed.password])
                #expect(held.status == .tooManyRequests)
                // …the user's own browser is let through at once.
                try await user.get("/login")
                #expect(try await user.post("/login", form: ["username": "office", "password": DemoSeed.password]).status == .seeOther)
                // And the account's delay never exceeds 30 seconds.
                clock.advance(minutes: 31.0 / 60)
                #expect(try await stranger.post("/login", form: ["username": "office", "password": DemoSeed.password]).status == .seeOther)
            }
        }

        @Test func sessionsEndAfterThirtyIdleMinutes() async throws {
            try await withTestDistrict { app, clock, _ in
                var browser = try await Browser.signedIn(app, as: "leader")
                clock.advance(minutes: 29)
                #expect(try await browser.get("/").status == .ok, "activity within 30 minutes keeps the session")
                clock.advance(minutes: 29)
                #expect(try await browser.get("/").status == .ok)
                clock.advance(minutes: 31)
                let expired = try await browser.get("/tasks")
                #expect(expired.status == .seeOther)
                #expect(expired.location.hasPrefix("/login"))
                #expect(try await count(UserSession.self, app) == 0)
            }
        }

        @Test func formsWithoutTheCsrfTokenChangeNothing() async throws {
            try await withTestDistrict(.plan) { app, _, _ in
                var browser = try await Browser.signedIn(app, as: "csglj-liaison")
                let task = try await demoTask(app, titled: "执法人员资格清理与年度培训")
                let notes = try await count(ProgressNote.self, app)
                let response = try await browser.post("/tasks/\(task.id!)/progress", form: ["progress": "99", "note": "伪造"], csrf: false)
                #expect(response.status == .badRequest)
                #expect(response.body.string.contains("CSRF"))
                browser.csrf = "forged-token"
                #expect(try await browser.post("/tasks/\(task.id!)/progress", form: ["progress": "99", "note": "伪造"]).status == .badRequest)
                #expect(try await count(ProgressNote.self, app) == notes)
                #expect(try await PlanTask.find(task.id, on: app.db)?.progress == task.progress)
                // The sign-in form is protected too (double-submit cookie).
                var stranger = Browser(app)
                #expect(
                    try await stranger.post("/login", form: ["username": "admin", "password": DemoSeed.password], csrf: false).status == .badRequest)
            }
        }

        @Test func passwordChangeFollowsTheRuleAndEndsOtherSessions() async throws {
            try await withTestDistrict { app, _, _ in
                var first = try await Browser.signedIn(app, as: "leader")
                var second = try await Browser.signedIn(app, as: "leader")
                try await first.get("/account/password")
                let weak = try await first.post("/account/password", form: ["current": DemoSeed.password, "new": "abc", "confirm": "abc"])
                #expect(weak.status == .unprocessableEntity)
                #expect(weak.body.string.contains("密码至少需要 10 个字符"))
                let wrongCurrent = try await first.post(
                    "/account/password",
                    form: ["current": "nope-1234567", "new": "Newpass2026x", "confirm": "Newpass2026x"])
                #expect(wrongCurrent.body.string.contains("当前密码不正确"))
                let ok = try await first.post(
                    "/account/password",
                    form: ["current": DemoSeed.password, "new": "Newpass2026x", "confirm": "Newpass2026x"])
                #expect(ok.status == .seeOther)
                #expect(try await first.get("/").status == .ok)
                #expect(try await second.get("/").status == .seeOther, "the other session ended")
                var again = Browser(app)
                #expect(try await again.signIn("leader", password: "Newpass2026x").status == .seeOther)
                let user = try #require(try await User.query(on: app.db).filter(\.$username == "leader").first())
                #expect(user.passwordHash.hasPrefix("$2"), "bcrypt")
            }
        }

        @Test func everyResponseCarriesSecurityHeaders() async throws {
            try await withTestDistrict { app, _, _ in
                var browser = Browser(app)
                for path in ["/login", "/", "/no-such-page", "/api/v1/units"] {
                    let response = try await browser.get(path)
                    #expect(response.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true, "\(path)")
                    #expect(response.headers.first(name: "X-Frame-Options") == "DENY")
                    #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                }
                let cookie = try await browser.get("/login").headers[.setCookie].joined()
                #expect(cookie.isEmpty || cookie.lowercased().contains("httponly"))
            }
        }

        @Test func signInOnlyRedirectsToThisSite() async throws {
            try await withTestDistrict { app, _, _ in
                var browser = Browser(app)
                try await browser.get("/login")
                let response = try await browser.post(
                    "/login",
                    form: [
                        "username": "admin", "password": DemoSeed.password,
                        "next": "//evil.example/x",
                    ])
                #expect(response.location == "/")
            }
        }
    }
}
