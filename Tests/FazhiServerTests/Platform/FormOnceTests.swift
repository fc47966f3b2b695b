import FazhiCore
import Fluent
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// A create form sent twice (a refresh, a double click) creates once and answers the second time
    /// with the first one's result.
    @Suite struct FormOnceTests {
        static func token(_ page: String) throws -> String {
            String(try #require(page.firstMatch(of: /name="formOnce" value="([A-Za-z0-9_-]{16,64})"/)).output.1)
        }

        @Test func problemsTasksAndNoticesAreCreatedOncePerForm() async throws {
            try await withTestDistrict(units: try TestDistrict.demoUnits("csjsj", "csglj"), .plan) { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                let cases: [(page: String, post: String, form: [String: String], arrays: [String: [String]], count: () async throws -> Int)] = [
                    (
                        "/problems/new", "/problems",
                        [
                            "unit": "csjsj", "source": "inspection", "title": "重复提交测试问题", "description": "同一表单提交两次。",
                            "raisedOn": "2026-11-26",
                        ],
                        ["measureText": ["更新公示平台"], "measureDue": ["2026-12-15"]],
                        { try await Problem.query(on: app.db).filter(\.$title == "重复提交测试问题").count() }
                    ),
                    (
                        "/tasks/new?year=2026", "/tasks?year=2026",
                        [
                            "title": "重复提交测试任务", "arrangement": "六", "leadUnit": "csglj", "start": "2026-11-01", "due": "2026-12-20",
                            "deliverable": "报告", "description": "同一表单提交两次。",
                        ],
                        [:],
                        { try await PlanTask.query(on: app.db).filter(\.$title == "重复提交测试任务").count() }
                    ),
                    (
                        "/supervision/new", "/supervision",
                        ["unit": "csglj", "subject": "重复提交测试督办", "matter": "同一表单提交两次", "requirement": "请书面答复"],
                        [:],
                        { try await SupervisionNotice.query(on: app.db).filter(\.$subjectTitle == "重复提交测试督办").count() }
                    ),
                ]
                for c in cases {
                    var form = c.form
                    form["formOnce"] = try Self.token(try await office.get(c.page).body.string)
                    let first = try await office.post(c.post, form: form, arrays: c.arrays)
                    let second = try await office.post(c.post, form: form, arrays: c.arrays)
                    #expect(first.status == .seeOther, "\(c.post) → \(first.status)")
                    #expect(second.status == .seeOther && second.location == first.location, "\(c.post): the second answer is the first one's")
                    #expect(try await c.count() == 1, "\(c.post) created once")
                    // A new page is a new form: it creates again.
                    form["formOnce"] = try Self.token(try await office.get(c.page).body.string)
                    form["title"] = form["title"].map { $0 + "二" }
                    form["subject"] = form["subject"].map { $0 + "二" }
                    #expect(try await office.post(c.post, form: form, arrays: c.arrays).status == .seeOther)
                }
                // The token is not reusable across kinds.
                var problem = cases[0].form
                problem["formOnce"] = try Self.token(try await office.get("/problems/new").body.string)
                _ = try await office.post("/problems", form: problem, arrays: cases[0].arrays)
                var task = cases[1].form
                task["formOnce"] = problem["formOnce"]
                task["title"] = "借用令牌的任务"
                #expect(try await office.post("/tasks?year=2026", form: task).status == .conflict)
            }
        }
    }
}
