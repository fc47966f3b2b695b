import FazhiCore
import FazhiOffice
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// 督办: the ladder over days, supervision notices, progress reports, the inbox.
    @Suite struct SupervisionTests {
        static func tick(_ app: Application) async throws -> SupervisionScheduler.TickResult {
            try await SupervisionScheduler.tick(app, worker: DeliveryWorker(app: app, instance: "test"))
        }

        static func inbox(_ app: Application, _ username: String, containing text: String) async throws -> [InboxItem] {
            let user = try #require(try await User.query(on: app.db).filter(\.$username == username).first())
            return try await InboxItem.query(on: app.db).filter(\.$user.$id == user.id!).all().filter { text.isEmpty || $0.title.contains(text) }
        }

        /// Done when: a unit that misses a deadline sees it, its head a working day later, the office
        /// sees it on the board and issues a supervision notice, which has its own clock and reply.
        @Test func aMissedDeadlineClimbsTheLadderToASupervisionNotice() async throws {
            try await withTestDistrict(units: try TestDistrict.supervised(), .plan) { app, clock, _ in
                let office = try await User.query(on: app.db).filter(\.$username == "office").first()!
                let officeUser = try await AuthenticationMiddleware.current(office, via: .session, csrf: nil, sessionID: nil, on: app.db)
                let plan = try #require(
                    try await PlanService.plan(
                        year: nil, today: app.clock.today, district: try await Districts.node(nil, on: app.db).requireID(), on: app.db))
                let task = try await TaskService.create(
                    TaskInput(
                        title: "梳理行政执法事项清单", description: "按新清单更新", arrangementCode: "二", leadUnitCode: "csglj", coUnitCodes: [],
                        start: "2026-11-01", due: "2026-11-26", deliverable: "清单"),
                    in: plan, actor: .user(officeUser), on: app.db, now: clock.now)
                let title = "梳理行政执法事项清单"

                // Thursday 11-26, the due date: the liaison is reminded, nobody else.
                _ = try await Self.tick(app)
                #expect(try await Self.inbox(app, "csglj-liaison", containing: title).map(\.rung) == ["due_soon"])
                #expect(try await Self.inbox(app, "csglj-head", containing: title).isEmpty)
                let before = try await count(InboxItem.self, app)
                _ = try await Self.tick(app)
                #expect(try await count(InboxItem.self, app) == before, "a second round in the same state adds nothing")

                // Friday: overdue — the liaison sees it at once, the head not yet.
                clock.advance(days: 1)
                _ = try await Self.tick(app)
                #expect(Set(try await Self.inbox(app, "csglj-liaison", containing: title).map(\.rung)) == ["due_soon", "overdue"])
                #expect(try await Self.inbox(app, "csglj-head", containing: title).isEmpty)
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                let home = try await liaison.get("/").body.string
                #expect(home.contains(#"id="unread-count""#), "the unread count on every page")
                #expect(try await liaison.get(SiteURL.task(task.id!)).body.string.contains("已逾期 1 个工作日"))

                // Monday (the weekend does not count): 2 working days overdue, the head is told.
                clock.advance(days: 3)
                _ = try await Self.tick(app)
                #expect(try await Self.inbox(app, "csglj-head", containing: title).map(\.rung) == ["head"])
                #expect(try await Self.inbox(app, "office", containing: title).isEmpty)
                var office1 = try await Browser.signedIn(app, as: "office")
                var board = try await office1.get("/overdue").body.string
                #expect(board.contains(title) && board.contains("已告知负责人"))

                // Thursday 12-03: 5 working days — the office is asked to issue a notice and does.
                clock.advance(days: 3)
                _ = try await Self.tick(app)
                #expect(try await Self.inbox(app, "office", containing: title).map(\.rung) == ["notice"])
                office1 = try await Browser.signedIn(app, as: "office")
                board = try await office1.get("/overdue").body.string
                #expect(board.contains("应督办") && board.contains("/supervision/new?subject=task%3A\(task.id!.uuidString)"))
                let api = try await office1.get("/api/v1/overdue")
                let items = try JSONDecoder().decode([OverdueService.Item].self, from: Data(api.body.readableBytesView))
                let item = try #require(items.first { $0.key == "task:\(task.id!.uuidString)" })
                #expect(item.workdaysOverdue == 5 && item.stage == "notice" && item.kind == "task" && item.notice == nil)
                let form = try await office1.get("/supervision/new?subject=task%3A\(task.id!.uuidString)").body.string
                #expect(form.contains("已逾期 5 个工作日"), "the form is prefilled from the overdue item")

                let notices = try await count(SupervisionNotice.self, app)
                var response = try await office1.post(
                    "/supervision",
                    form: [
                        "unit": "csglj", "subjectKey": "task:\(task.id!.uuidString)",
                        "subject": title, "matter": "", "requirement": "",
                    ])
                #expect(response.status == .unprocessableEntity && response.body.string.contains("督办内容不能为空"))
                #expect(try await count(SupervisionNotice.self, app) == notices)
                response = try await office1.post(
                    "/supervision",
                    form: [
                        "unit": "csglj", "subjectKey": "task:\(task.id!.uuidString)",
                        "subjectHref": SiteURL.task(task.id!), "subject": title,
                        "matter": "逾期 5 个工作日未完成", "requirement": "请书面答复",
                    ])
                #expect(response.status == .seeOther)
                let notice = try #require(
                    try await SupervisionNotice.query(on: app.db).filter(\.$subjectKey == "task:\(task.id!.uuidString)").first())
                #expect(notice.number == "督办〔2026〕\(notices + 1)号" && notice.issuedOn == "2026-12-03")
                #expect(notice.replyDue == "2026-12-10", "5 working days from the next day")
                #expect(try await Self.inbox(app, "csglj-head", containing: notice.number).count == 1, "the unit hears at once")
                response = try await office1.post(
                    "/supervision",
                    form: [
                        "unit": "csglj", "subjectKey": "task:\(task.id!.uuidString)",
                        "subject": title, "matter": "再发一次", "requirement": "",
                    ])
                #expect(response.status == .conflict && response.body.string.contains(notice.number), "one open notice per matter")
                #expect(try await office1.get("/overdue").body.string.contains("已下发 \(notice.number)"))

                // Another unit cannot see it; the unit replies (bad input first); the office closes it.
                let base = "/supervision/\(notice.id!.uuidString)"
                var other = try await Browser.signedIn(app, as: "zhbgs-liaison")
                #expect(try await other.get(base).status == .forbidden)
                #expect(try await other.post(base + "/reply", form: ["reply": "越权答复"]).status == .forbidden)
                liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                response = try await liaison.post(base + "/reply", form: ["reply": "  "])
                #expect(response.status == .unprocessableEntity && response.body.string.contains("答复内容不能为空"))
                #expect(try await liaison.post(base + "/close", form: ["note": "自己办结"]).status == .forbidden)
                #expect(try await liaison.post(base + "/reply", form: ["reply": "清单已于 12 月 3 日印发,逾期系部门会签延误。"]).status == .seeOther)
                #expect(try await office1.post(base + "/close", form: ["note": ""]).status == .unprocessableEntity)
                #expect(try await office1.post(base + "/close", form: ["note": "答复属实,办结。"]).status == .seeOther)
                let closed = try await NoticeService.find(notice.id, on: app.db)
                #expect(closed.status == .closed && closed.repliedOn == "2026-12-03" && closed.closedOn == "2026-12-03")
                let events = try await AuditEvent.query(on: app.db).filter(\.$entityType == "supervision_notice").filter(\.$entityID == notice.number)
                    .sort(\.$id)
                    .all()
                #expect(events.map(\.action) == ["issue", "reply", "close"])
                let export = try await office1.get("/supervision/export.xlsx")
                let sheet = try XLSX.readFirstSheet(Data(export.body.readableBytesView))
                #expect(sheet.contains { $0.contains(notice.number) && $0.contains("已办结") })
            }
        }

        /// The overdue board finds a page's due dates from the grouped counts: rows in due order,
        /// three on 05-01, five on 05-02 (two units), two on 05-03.
        @Test func aPageOfTheOverdueBoardSpansOnlyItsDueDates() throws {
            let unit = UUID(), other = UUID()
            func d(_ s: String) throws -> LocalDate { try #require(LocalDate(s)) }
            let groups = [
                OverdueService.Board.Group(unit: unit, kind: .task, due: try d("2026-05-02"), count: 3),
                OverdueService.Board.Group(unit: other, kind: .task, due: try d("2026-05-02"), count: 2),
                OverdueService.Board.Group(unit: unit, kind: .task, due: try d("2026-05-01"), count: 3),
                OverdueService.Board.Group(unit: unit, kind: .notice, due: try d("2026-05-03"), count: 2),
            ]
            let window = OverdueService.Board.window
            #expect(window(groups, 0, 4).map { [$0.from, $0.to] } == [try d("2026-05-01"), try d("2026-05-02")])
            #expect(window(groups, 0, 4)?.skip == 0)
            #expect(window(groups, 4, 4).map { [$0.from, $0.to] } == [try d("2026-05-02"), try d("2026-05-02")])
            #expect(window(groups, 4, 4)?.skip == 1, "rows 4–7 are the 2nd to 5th of 05-02")
            #expect(window(groups, 8, 4).map { [$0.from, $0.to] } == [try d("2026-05-03"), try d("2026-05-03")])
            #expect(window(groups, 10, 4) == nil, "past the last row")
            #expect(window([], 0, 4) == nil)
        }

        @Test func lawfullyExtendedOrPausedTasksAreNeverOverdue() async throws {
            try await withTestDistrict(units: try TestDistrict.supervised(), .plan) { app, clock, _ in
                var office = try await Browser.signedIn(app, as: "office")
                let items = try JSONDecoder().decode(
                    [OverdueService.Item].self, from: Data(try await office.get("/api/v1/overdue").body.readableBytesView))
                let tasks = items.filter { $0.kind == "task" && $0.notice == nil }
                #expect(tasks.count >= 2)
                let (a, b) = (tasks[0], tasks[1])
                let pathA = a.href, pathB = b.href
                var response = try await office.post(pathA + "/extend", form: ["due": "2026-01-01", "reason": ""])
                #expect(
                    response.status == .unprocessableEntity && response.body.string.contains("新的完成时限应晚于现完成时限")
                        && response.body.string.contains("延期理由不能为空"))
                #expect(try await office.post(pathA + "/extend", form: ["due": "2026-12-31", "reason": "上级部署调整"]).status == .seeOther)
                #expect(try await office.post(pathB + "/pause", form: ["pauseReason": "待法规修订"]).status == .seeOther)
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                #expect(try await liaison.post(pathB + "/resume").status == .forbidden, "only the office pauses and resumes")
                let after = try JSONDecoder().decode(
                    [OverdueService.Item].self, from: Data(try await office.get("/api/v1/overdue").body.readableBytesView))
                #expect(!after.contains { $0.key == a.key || $0.key == b.key })
                let page = try await office.get(pathA).body.string
                #expect(page.contains("原完成时限 \(a.due)") && page.contains("上级部署调整"))
                let pauseEvent = try #require(
                    try await AuditEvent.query(on: app.db).filter(\.$entityType == "task").filter(\.$action == "pause")
                        .sort(\.$id, .descending).first())
                #expect(pauseEvent.after?.contains("待法规修订") == true, "the reason is in the audit trail")
                let pausedPage = try await office.get(pathB).body.string
                #expect(pausedPage.contains("已暂停") && pausedPage.contains("暂停理由"), "the history shows the pause and why")
                #expect(try await office.post(pathB + "/resume").status == .seeOther)
                let resumed = try JSONDecoder().decode(
                    [OverdueService.Item].self, from: Data(try await office.get("/api/v1/overdue").body.readableBytesView))
                #expect(resumed.contains { $0.key == b.key }, "overdue again once resumed")
                _ = clock
            }
        }

        @Test func unitsReportProgressPerPeriodAndMissingReportsShow() async throws {
            try await withTestDistrict(units: try TestDistrict.supervised(), .supervision) { app, _, district in
                var office = try await Browser.signedIn(app, as: "office")
                let periods = try await count(ReportingPeriod.self, app)
                var response = try await office.post(
                    "/reports", form: ["name": "年中", "starts": "2026-07-01", "ends": "2026-06-30", "due": "2026-06-01"])
                #expect(response.status == .unprocessableEntity && response.body.string.contains("截止日期不能早于起始日期"))
                response = try await office.post("/reports/quarters")
                #expect(response.status == .unprocessableEntity && response.body.string.contains("已有同名报告期"), "the demo has the quarters")
                #expect(try await count(ReportingPeriod.self, app) == periods)

                let q3 = try #require(try await ReportingPeriod.query(on: app.db).filter(\.$name == "2026年第三季度").first())
                let q4 = try #require(try await ReportingPeriod.query(on: app.db).filter(\.$name == "2026年第四季度").first())
                let page = try await office.get("/reports/\(q3.id!.uuidString)?missing=1").body.string
                #expect(page.contains("逾期未报"))
                let missing = try await TasksModule.reports(on: app.db, horizon: app.clock.today)
                let owing = try #require(missing.first)
                let unit = try #require(try await OrgNode.find(owing.unitID, on: app.db))
                var head = try await Browser.signedIn(app, as: "\(unit.code)-head")
                #expect(try await head.get("/reports/\(q3.id!.uuidString)").body.string.contains("逾期未报"), "the head sees the unit's missing report")

                // The lead unit reports on a task for the fourth quarter, with evidence.
                let task = try #require(
                    try await PlanTask.query(on: app.db).filter(\.$leadUnit.$id == unit.id!).filter(\.$completedOn == nil)
                        .filter(\.$cancelled == false).with(\.$coUnits).first())
                let path = "/reports/\(q4.id!.uuidString)/tasks/\(task.id!.uuidString)"
                var liaison = try await Browser.signedIn(app, as: "\(unit.code)-liaison")
                response = try await liaison.upload(
                    path, fields: ["progress": "120", "text": ""], file: (name: "file", filename: "a.pdf", data: AssessmentDemo.demoPDF("x")))
                #expect(response.status == .unprocessableEntity && response.body.string.contains("完成进度应为 0…100 之间的整数"))
                response = try await liaison.upload(
                    path, fields: ["progress": "80", "text": "推进中"], file: (name: "file", filename: "进展.pdf", data: Data("MZ".utf8)))
                #expect(response.status == .unprocessableEntity, "the file is checked by content")
                #expect(
                    try await count(ProgressReport.self, app) == (try await ProgressReport.query(on: app.db).filter(\.$period.$id != q4.id!).count()))
                // A unit that neither leads nor co-handles the task (a co-unit may read its reports).
                let involved = Set([unit.id] + task.coUnits.map(\.$unit.id))
                let stranger = try #require(district.units.values.first { !involved.contains($0.id) })
                var other = try await Browser.signedIn(app, as: "\(stranger.code)-liaison")
                #expect(
                    try await other.upload(
                        path, fields: ["progress": "80", "text": "越权"], file: (name: "file", filename: "a.pdf", data: AssessmentDemo.demoPDF("x"))
                    ).status == .forbidden)
                response = try await liaison.upload(
                    path, fields: ["progress": "80", "text": "已完成初稿,正在征求意见。"],
                    file: (name: "file", filename: "进展.pdf", data: AssessmentDemo.demoPDF("progress")))
                #expect(response.status == .seeOther)
                let report = try #require(
                    try await ProgressReport.query(on: app.db).filter(\.$period.$id == q4.id!).filter(\.$task.$id == task.id!).first())
                try await [report].loadFiles(on: app.db)
                #expect(report.progress == 80 && report.files.count == 1 && report.submittedOn == "2026-11-26")
                #expect(try await PlanTask.find(task.id, on: app.db)?.progress == 80, "the task's progress follows the report")
                let export = try await office.get("/reports/\(q4.id!.uuidString)/export.xlsx")
                #expect(try XLSX.readFirstSheet(Data(export.body.readableBytesView)).contains { $0.contains("已完成初稿,正在征求意见。") })
                #expect(try await liaison.get("/reports/files/\(report.files[0].id!.uuidString)").status == .ok)
                #expect(try await other.get("/reports/files/\(report.files[0].id!.uuidString)").status == .forbidden)
            }
        }

        @Test func theInboxIsOnesOwnAndExportable() async throws {
            try await withTestDistrict(units: try TestDistrict.supervised(), .supervision) { app, _, _ in
                var liaison = try await Browser.signedIn(app, as: "fzczj-liaison")
                let mine = try await Self.inbox(app, "fzczj-liaison", containing: "")
                #expect(!mine.isEmpty, "the demo's scan filled the inbox")
                let page = try await liaison.get("/inbox").body.string
                #expect(page.contains(mine[0].title) && page.contains(#"id="unread-count">\#(mine.count)<"#))
                var other = try await Browser.signedIn(app, as: "zhbgs-liaison")
                #expect(try await other.get("/inbox/\(mine[0].id!.uuidString)/open").status == .notFound, "nobody opens another's notification")
                let open = try await liaison.get("/inbox/\(mine[0].id!.uuidString)/open")
                #expect(open.status == .seeOther && open.location == mine[0].href)
                #expect(try await InboxItem.find(mine[0].id, on: app.db)?.readAt != nil)
                #expect(try await liaison.post("/inbox/read").status == .seeOther)
                #expect(try await InboxItem.query(on: app.db).filter(\.$user.$id == mine[0].$user.id).filter(\.$readAt == nil).count() == 0)
                let sheet = try XLSX.readFirstSheet(Data(try await liaison.get("/inbox/export.xlsx").body.readableBytesView))
                #expect(sheet.count == mine.count + 1)
            }
        }
    }
}
