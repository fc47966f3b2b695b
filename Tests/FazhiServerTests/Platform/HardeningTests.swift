import FazhiCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// The requests that used to end the process, and the smaller findings of the same probe.
    @Suite struct HardeningTests {
        /// A step refused outright (freezing a cycle whose objection period has not run) ends on a page
        /// that says why and leads back to the page the step was taken from, not only to the home page.
        @Test func aRefusedStepLeadsBackToWhereItWasTaken() async throws {
            try await withTestDistrict { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                office.referer = app.fazhi.publicURL + "/assessment/2026?tab=results"
                let refused = try await office.post("/assessment/2026/freeze")
                #expect(refused.status.code >= 400 && refused.status.code < 500)
                #expect(refused.body.string.contains("href=\"/assessment/2026?tab=results\"") && refused.body.string.contains("返回上一页"))
                // Another site's page is never offered as the way back (and the step is refused before it runs).
                office.referer = "http://evil.example/assessment"
                #expect(!(try await office.post("/assessment/2026/freeze").body.string.contains("evil.example")))
            }
        }

        @Test func inputsThatUsedToCrashTheServerAreRefusedInChinese() async throws {
            try await withTestDistrict { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                for path in ["/plans/0", "/plans/99999"] {
                    let r = try await office.get(path)
                    #expect(r.status == .notFound, "\(path)")
                }
                #expect(try await office.json(.GET, "/api/v1/plans/99999").status == .notFound)
                for query in [
                    "extend=9223372036854775807", "extend=9223372036854775807&unit=day", "extend=200000&unit=month",
                    "days=9223372036854775807", "extend=-9223372036854775808",
                ] {
                    let r = try await office.json(.GET, "/api/v1/deadlines?start=2026-03-02&days=20&" + query)
                    #expect(r.status == .unprocessableEntity || r.status == .badRequest, "\(query) → \(r.status)")
                    #expect(r.body.string.contains("之间的整数"), "\(query): \(r.body.string)")
                }
                let audit = try await office.get("/audit?page=999999999999999999")
                #expect(audit.status == .badRequest)
                #expect(audit.body.string.contains("页码应为 1 到 1000000 之间的整数"))
                #expect(try await office.get("/audit?page=2").status == .ok)
                #expect(try await app.testing().sendRequest(.GET, "/healthz").status == .ok, "still alive")
            }
        }

        @Test func aRequestFromAnotherSiteIsRefusedEvenWithTheToken() async throws {
            try await withTestDistrict(.plan) { app, _, _ in
                let browser = try await Browser.signedIn(app, as: "csglj-liaison")
                let task = try await demoTask(app, titled: "执法人员资格清理与年度培训")
                let notes = try await count(ProgressNote.self, app)
                func post(origin: String?, referer: String?) async throws -> TestingHTTPResponse {
                    var headers = browser.headers
                    headers.contentType = .urlEncodedForm
                    headers.replaceOrAdd(name: .host, value: "fazhi.example.gov.cn")
                    if let origin { headers.add(name: .origin, value: origin) }
                    if let referer { headers.add(name: .referer, value: referer) }
                    let body = "_csrf=\(browser.csrf)&progress=60&note=%E8%BF%9B%E5%B1%95"
                    return try await app.testing().sendRequest(.POST, "/tasks/\(task.id!)/progress", headers: headers, body: ByteBuffer(string: body))
                }
                let foreign = try await post(origin: "https://evil.example.com", referer: nil)
                #expect(foreign.status == .forbidden)
                #expect(foreign.body.string.contains("请求来源不是本系统页面"))
                #expect(try await post(origin: nil, referer: "http://evil.example.com/page").status == .forbidden)
                #expect(try await count(ProgressNote.self, app) == notes, "nothing written")
                #expect(try await post(origin: "http://fazhi.example.gov.cn", referer: nil).status == .seeOther)
                #expect(try await post(origin: nil, referer: "http://fazhi.example.gov.cn/tasks").status == .seeOther)
            }
        }

        @Test func aShortIdleTimeoutIsRefreshedByActivity() async throws {
            try await withTestDistrict(adjust: { $0.sessionIdleMinutes = 1 }) { app, clock, _ in
                var browser = try await Browser.signedIn(app, as: "leader")
                for _ in 0..<4 {
                    clock.advance(minutes: 0.5)
                    #expect(try await browser.get("/").status == .ok, "active every 30 s: still signed in")
                }
                clock.advance(minutes: 1.5)
                #expect(try await browser.get("/").status == .seeOther, "idle for longer than a minute: signed out")
            }
        }

        @Test func searchTextIsTakenLiterallyAndMessagesAreChinese() async throws {
            try await withTestDistrict(.informationRequests) { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                let all = try await office.get("/goi?year=2026&state=").body.string
                #expect(all.contains("YSQ-2026-"))
                let wildcard = try await office.get("/goi?year=2026&state=&q=%25").body.string
                #expect(!wildcard.contains("YSQ-2026-0"), "“%” is no wildcard")
                let underscore = try await office.get("/goi?year=2026&state=&q=YSQ_2026").body.string
                #expect(!underscore.contains("YSQ-2026-0"), "“_” is no wildcard")
                // A JSON field of the wrong type names the type in Chinese, never as a Swift type.
                let wrong = try await office.json(.POST, "/api/v1/tasks", #"{"title": {"a": 1}}"#)
                #expect(wrong.status.code >= 400 && wrong.status.code < 500)
                #expect(!wrong.body.string.contains("Dictionary") && !wrong.body.string.contains("Swift"), "\(wrong.body.string)")
                let missing = try await office.get("/no/such/page")
                #expect(missing.status == .notFound)
                #expect(missing.body.string.contains("不存在") && !missing.body.string.contains("Not Found"))
            }
        }
    }
}
