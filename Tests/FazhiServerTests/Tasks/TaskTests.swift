import FazhiCore
import Fluent
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    @Suite struct TaskTests {
        let validForm = [
            "title": "编制2026年度行政执法统计年报", "arrangement": "六", "leadUnit": "csglj",
            "start": "2026-11-01", "due": "2026-12-20", "deliverable": "统计年报", "description": "汇总全区执法数据。",
        ]

        /// The units whose tasks these tests use, and the subdistrict whose head reads the home page.
        static let units = (try? TestDistrict.demoUnits("zhbgs", "csglj", "ghtdjcdd", "shjsj", "zzrsj", "bsc-a", "bsc-b")) ?? []

        @Test func officeCreatesATaskAndItIsAudited() async throws {
            try await withTestDistrict(units: Self.units, .plan) { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                try await office.get("/tasks/new")
                let response = try await office.post("/tasks?year=2026", form: validForm, arrays: ["coUnits": ["ghtdjcdd", "zhbgs"]])
                #expect(response.status == .seeOther)
                let task = try await demoTask(app, titled: "编制2026年度行政执法统计年报")
                #expect(task.coUnits.count == 2)
                #expect(task.startDate == "2026-11-01")
                let event = try #require(try await AuditEvent.query(on: app.db).filter(\.$entityID == task.id!.uuidString).first())
                #expect(event.actor == "office")
                #expect(event.action == "create")
                let page = try await office.get(response.location).body.string
                #expect(page.contains("编制2026年度行政执法统计年报"))
                #expect(page.contains("综合办公室、规划土地监察大队"), "co-units in the plan's unit order")
            }
        }

        @Test func badFormInputIsExplainedAndWritesNothing() async throws {
            try await withTestDistrict(units: Self.units, .plan) { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                try await office.get("/tasks/new")
                let tasks = try await count(PlanTask.self, app), events = try await count(AuditEvent.self, app)
                let cases: [([String: String], String)] = [
                    (validForm.merging(["title": "   "]) { $1 }, "任务名称不能为空"),
                    (validForm.merging(["leadUnit": "nosuchunit"]) { $1 }, "不是本年度方案的责任单位"),
                    (validForm.merging(["due": "2026-10-01"]) { $1 }, "不能早于开始日期"),
                    (validForm.merging(["start": "2025-12-01"]) { $1 }, "不在方案年度 2026 年内"),
                    (validForm.merging(["due": "2026-02-30"]) { $1 }, "不存在:2026 年 2 月只有 28 天"),
                    (validForm.merging(["title": String(repeating: "长", count: 201)]) { $1 }, "不能超过 200 个字符"),
                    (validForm.merging(["arrangement": "十二"]) { $1 }, "不在本年度方案中"),
                ]
                for (form, message) in cases {
                    let response = try await office.post("/tasks?year=2026", form: form)
                    #expect(response.status == .unprocessableEntity, "\(message)")
                    #expect(response.body.string.contains(message), "\(message)")
                    #expect(response.body.string.contains("请修改以下问题"))
                }
                #expect(try await count(PlanTask.self, app) == tasks)
                #expect(try await count(AuditEvent.self, app) == events)
            }
        }

        @Test func editingAStaleVersionIsRefused() async throws {
            try await withTestDistrict(units: Self.units, .plan) { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                let task = try await demoTask(app, titled: "开展行政执法案卷评查")
                try await office.get("/tasks/\(task.id!)/edit")
                var form = validForm.merging([
                    "title": "开展行政执法案卷评查(扩大抽查范围)", "arrangement": "六",
                    "leadUnit": "ghtdjcdd", "start": "2026-12-01", "due": "2026-12-25",
                ]) { $1 }
                form["version"] = String(task.version)
                #expect(try await office.post("/tasks/\(task.id!)", form: form).status == .seeOther)
                let updated = try await demoTask(app, titled: "开展行政执法案卷评查(扩大抽查范围)")
                #expect(updated.version == task.version + 1)
                let stale = try await office.post("/tasks/\(task.id!)", form: form.merging(["title": "另一个标题"]) { $1 })
                #expect(stale.status == .conflict)
                #expect(stale.body.string.contains("已被他人修改"))
                let history = try await office.get("/tasks/\(task.id!)").body.string
                #expect(history.contains("开展行政执法案卷评查(扩大抽查范围)"))
                #expect(history.contains("变更记录"))
            }
        }

        @Test func leadUnitReportsProgressAndCompletion() async throws {
            try await withTestDistrict(units: Self.units, .plan) { app, _, _ in
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                let task = try await demoTask(app, titled: "执法人员资格清理与年度培训")
                #expect(TaskService.status(task, today: LocalDate("2026-11-26")) == .overdue)
                try await liaison.get("/tasks/\(task.id!)")
                let bad = try await liaison.post("/tasks/\(task.id!)/progress", form: ["progress": "150", "note": ""])
                #expect(bad.status == .unprocessableEntity)
                #expect(bad.body.string.contains("完成进度必须是 0 到 100 之间的整数"))
                #expect(bad.body.string.contains("进展说明不能为空"))
                let done = try await liaison.post(
                    "/tasks/\(task.id!)/progress",
                    form: ["progress": "90", "complete": "on", "note": "培训和考试全部完成。"])
                #expect(done.status == .seeOther)
                let after = try await demoTask(app, titled: task.title)
                #expect(after.progress == 100)
                #expect(after.completedOn == "2026-11-26", "completion is today's Shanghai date")
                #expect(TaskService.status(after, today: LocalDate("2026-11-26")) == .completed)
                let page = try await liaison.get("/tasks/\(task.id!)").body.string
                #expect(page.contains("培训和考试全部完成。"))
                #expect(page.contains("城市管理局联络员(城市管理局)"))
            }
        }

        @Test func cancelledTasksTakeNoProgressAndCanBeReopened() async throws {
            try await withTestDistrict(units: Self.units, .plan) { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                let task = try await demoTask(app, titled: "组织宪法宣传周活动")
                try await office.get("/tasks/\(task.id!)")
                #expect(try await office.post("/tasks/\(task.id!)/cancel").status == .seeOther)
                #expect(try await office.get("/tasks/\(task.id!)").body.string.contains("已取消"))
                let refused = try await office.post("/tasks/\(task.id!)/progress", form: ["progress": "20", "note": "x"])
                #expect(refused.status == .conflict)
                #expect(try await office.post("/tasks/\(task.id!)/reopen").status == .seeOther)
                #expect(try await demoTask(app, titled: task.title).cancelled == false)
            }
        }

        @Test func homeShowsTheOfficeOverviewAndTheUnitItsOwnTasks() async throws {
            try await withTestDistrict(units: Self.units, .plan) { app, _, _ in
                var office = try await Browser.signedIn(app, as: "admin")
                let overview = try await office.get("/").body.string
                #expect(overview.contains("工作总览"))
                #expect(overview.contains("各单位牵头任务"))
                #expect(overview.contains("执法人员资格清理与年度培训"), "an overdue task is listed")
                var head = try await Browser.signedIn(app, as: "bsc-a-head")
                let mine = try await head.get("/").body.string
                #expect(mine.contains("制定社区综合党委领导下的居民自治试点方案"))
                #expect(!mine.contains("执法人员资格清理与年度培训"))
                let filtered = try await office.get("/tasks?status=overdue").body.string
                #expect(filtered.contains("执法人员资格清理与年度培训"))
                #expect(!filtered.contains("梳理“互联网+政务服务”网上办理事项"))
            }
        }
    }
}
