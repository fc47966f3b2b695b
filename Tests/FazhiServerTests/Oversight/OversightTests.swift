import FazhiCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// 行政监督 · 学法用法 · 法律顾问 · 谁执法谁普法: a 人大代表建议 through the satisfaction loop, an
    /// audit item closing through its problems, a petition with its extension and 复查, imports taken
    /// whole or not at all, study hours, an adviser's opinion shown on the document it concerns, 普法
    /// evidence, and the indicators on hand-counted rows. Today is 2026-11-26 (Thu).
    @Suite struct OversightTests {
        static func register(_ office: inout Browser, _ form: [String: String], co: [String] = []) async throws -> TestingHTTPResponse {
            try await office.post(
                "/oversight", form: form.merging(["formOnce": FormOnce.token()]) { a, _ in a }, arrays: co.isEmpty ? [:] : ["coUnits": co])
        }

        static func reply(_ b: inout Browser, _ base: String, date: String, content: String = "已研究落实,答复如下。") async throws -> TestingHTTPResponse {
            try await b.upload(base + "/reply", fields: ["date": date, "content": content, "result": "已解决或采纳"], file: ("file", "", Data()))
        }

        @Test func aDeputySuggestionGoesRoundTheSatisfactionLoop() async throws {
            try await withTestDistrict { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                var co = try await Browser.signedIn(app, as: "tdzbzx-liaison")
                // A unit cannot register items; the office can, with a co-unit.
                #expect(try await liaison.get("/oversight/new").status == .forbidden)
                let created = try await Self.register(
                    &office,
                    [
                        "channel": "deputy", "refNo": "2026-101", "title": "关于加装电梯的建议", "submitter": "王大明代表", "unit": "csglj",
                        "assignedOn": "2026-05-31",
                    ], co: ["tdzbzx"])
                #expect(created.status == .seeOther)
                let item = try #require(try await OversightItem.query(on: app.db).first())
                let base = "/oversight/items/\(item.id!.uuidString)"
                // 05-31 + 3 个月 = 08-31 (Mon).
                #expect(item.replyDueOn == LocalDate("2026-08-31") && item.dueKind == "reply")
                // The same number twice is refused, naming it.
                let twice = try await Self.register(
                    &office, ["channel": "deputy", "refNo": "2026-101", "title": "重复", "unit": "csglj", "assignedOn": "2026-05-31"])
                #expect(twice.status == .unprocessableEntity && twice.body.string.contains("已经登记过"))

                // The co-unit reads it but cannot answer; the lead answers late (09-04).
                #expect(try await co.get(base).status == .ok)
                #expect(try await Self.reply(&co, base, date: "2026-09-04").status == .forbidden)
                #expect(try await Self.reply(&liaison, base, date: "2026-09-04").status == .seeOther)
                var i = try await OversightService.find(item.id, on: app.db)
                #expect(i.firstRepliedOn == LocalDate("2026-09-04") && i.dueOn == nil)
                // A second reply in the same round is refused.
                #expect(try await Self.reply(&liaison, base, date: "2026-09-05").status == .conflict)

                // 不满意 needs remarks; with them it reopens for a second reply within 30 日 (09-10 → 10-10, a worked Saturday).
                let bare = try await office.post(base + "/rate", form: ["date": "2026-09-10", "satisfaction": "dissatisfied"])
                #expect(bare.status == .unprocessableEntity && bare.body.string.contains("评价意见不能为空"))
                let odd = try await office.post(base + "/rate", form: ["date": "2026-09-10", "satisfaction": "so-so"])
                #expect(odd.status == .unprocessableEntity && odd.body.string.contains("请选择满意、基本满意或不满意"))
                #expect(
                    try await office.post(base + "/rate", form: ["date": "2026-09-10", "satisfaction": "dissatisfied", "note": "未明确时限"]).status
                        == .seeOther)
                i = try await OversightService.find(item.id, on: app.db)
                #expect(i.round == 2 && i.dueKind == "second_reply" && i.dueOn == LocalDate("2026-10-10") && i.closedOn == nil)
                // Rating before the reply is refused.
                #expect(try await office.post(base + "/rate", form: ["date": "2026-09-11", "satisfaction": "satisfied"]).status == .conflict)
                #expect(try await Self.reply(&liaison, base, date: "2026-09-30", content: "已明确年底前完成。").status == .seeOther)
                #expect(try await office.post(base + "/rate", form: ["date": "2026-10-12", "satisfaction": "basically"]).status == .seeOther)
                i = try await OversightService.find(item.id, on: app.db)
                #expect(i.closedOn == LocalDate("2026-10-12") && i.satisfaction == .basically && i.dueOn == nil)
                let replies = try await OversightReply.query(on: app.db).sort(\.$round).all()
                #expect(replies.map(\.satisfaction) == [.dissatisfied, .basically])

                // Published: the public page shows the reply, not the deputy's full name.
                #expect(try await office.post(base + "/publish").status == .seeOther)
                var visitor = Browser(app)
                let list = try await visitor.get("/public/oversight").body.string
                #expect(list.contains("关于加装电梯的建议"))
                let page = try await visitor.get("/public/oversight/\(item.id!.uuidString)").body.string
                #expect(page.contains("已明确年底前完成。") && page.contains("王某") && !page.contains("王大明"), "\(page)")

                // Another unit sees nothing of it.
                var stranger = try await Browser.signedIn(app, as: "office")
                _ = stranger
                let events = try await AuditEvent.query(on: app.db).filter(\.$entityType == AuditEntity.oversightItem.code).count()
                #expect(events == 6)  // create, reply, rate, reply, rate, publish

                // The indicators count it: answered late (0/1), 基本满意 (1/1).
                let dto = try await office.get("/api/v1/oversight/indicators?year=2026").content.decode(OversightIndicatorsDTO.self)
                let csglj = try #require(dto.units.first { $0.unit == "csglj" })
                #expect(csglj.indicators["suggestionOnTime"]?.numerator == 0 && csglj.indicators["suggestionOnTime"]?.denominator == 1)
                #expect(csglj.indicators["suggestionSatisfaction"]?.value == 1)
                #expect(dto.district?.indicators["suggestionOnTime"]?.denominator == 1)
                // Each figure opens the records it counted.
                let drill = try await office.get("/oversight?year=2026&rate=suggestion&unit=csglj").body.string
                #expect(drill.contains("关于加装电梯的建议") && drill.contains("逾期"))
                #expect(try await office.get("/oversight?year=2026&rate=rated").body.string.contains("关于加装电梯的建议"))
                #expect(!(try await office.get("/oversight?year=2026&rate=petition").body.string.contains("关于加装电梯的建议")))
                // A unit reads its own row only.
                let own = try await liaison.get("/api/v1/oversight/indicators?year=2026").content.decode(OversightIndicatorsDTO.self)
                #expect(own.units.map(\.unit) == ["csglj"] && own.district == nil)
            }
        }

        @Test func anOverdueItemIsOnTheBoardAndHiddenFromOtherUnits() async throws {
            try await withTestDistrict { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                #expect(
                    try await Self.register(
                        &office, ["channel": "hotline", "refNo": "GD001", "title": "噪声扰民投诉", "unit": "csglj", "assignedOn": "2026-11-10"]
                    ).status == .seeOther)
                let item = try #require(try await OversightItem.query(on: app.db).first())
                // Five working days from Tue 11-10: 11-17.
                #expect(item.dueOn == LocalDate("2026-11-17"))
                let overdue = try await office.get("/api/v1/overdue").content.decode([OverdueService.Item].self)
                let row = try #require(overdue.first { $0.key == "ov-reply:\(item.id!.uuidString)" })
                #expect(row.kind == "oversight_item" && row.title == "督办件《噪声扰民投诉》答复")
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                #expect(try await liaison.get("/").body.string.contains("督办件"))
                #expect(try await liaison.get("/oversight?status=overdue").body.string.contains("噪声扰民投诉"))
                var other = try await Browser.signedIn(app, as: "tdzbzx-liaison")
                #expect(try await other.get("/oversight/items/\(item.id!.uuidString)").status == .forbidden)
                #expect(!(try await other.get("/oversight").body.string.contains("噪声扰民投诉")))
                #expect(try await office.get("/oversight?status=nonsense").status == .badRequest)
            }
        }

        @Test func anAuditItemClosesOnlyWhenEveryFindingIsClosed() async throws {
            try await withTestDistrict { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                let noPeriod = try await Self.register(
                    &office, ["channel": "audit", "refNo": "某审报〔2026〕5号", "title": "经济责任审计整改", "unit": "csglj", "assignedOn": "2026-09-01"])
                #expect(noPeriod.status == .unprocessableEntity && noPeriod.body.string.contains("整改期限"))
                #expect(try await OversightItem.query(on: app.db).count() == 0)
                #expect(
                    try await Self.register(
                        &office,
                        [
                            "channel": "audit", "refNo": "某审报〔2026〕5号", "title": "经济责任审计整改", "unit": "csglj", "assignedOn": "2026-09-01",
                            "auditDue": "2026-12-31",
                        ]
                    ).status == .seeOther)
                let item = try #require(try await OversightItem.query(on: app.db).first())
                let base = "/oversight/items/\(item.id!.uuidString)"
                #expect(item.dueOn == LocalDate("2026-12-31") && item.dueKind == "rectify")
                for title in ["专项资金挪用", "采购程序不规范"] {
                    let r = try await office.post(
                        base + "/finding", form: ["title": title, "description": "审计发现", "measure": "整改", "due": "2026-12-15"])
                    #expect(r.status == .seeOther)
                }
                let problems = try await Problem.query(on: app.db).with(\.$measures).sort(\.$number).all()
                #expect(problems.count == 2 && problems.allSatisfy { $0.source == .audit && $0.$unit.id == item.$unit.id })
                // Report first, then close only once both problems are closed.
                #expect(try await Self.reply(&liaison, base, date: "2026-11-20", content: "整改情况报告").status == .seeOther)
                let early = try await office.post(base + "/close", form: ["date": "2026-11-25"])
                #expect(early.status == .conflict && early.body.string.contains("2 个审计发现问题未销号") && early.body.string.contains(problems[0].number))
                let ctx = StepContext(
                    actor: .system("test"), engine: try await CalendarService.engine(on: app.db), rules: app.deadlineRules,
                    today: LocalDate("2026-11-26"),
                    now: fixedNow)
                for p in problems {
                    for m in p.measures { m.doneOn = LocalDate("2026-11-20"); try await m.update(on: app.db) }
                    let pdf = AssessmentDemo.demoPDF("audit \(p.number)")
                    let file = try AttachmentService.accept(.bytes(filename: "整改.pdf", data: pdf), maxBytes: pdf.count, into: app.fileStore)
                    try await AttachmentService.attach(file, to: .problem, id: p.id!, by: "test", at: fixedNow, on: app.db)
                    try await ProblemService.report(p, note: "完成", actor: ctx.actor, on: app.db, now: fixedNow)
                    try await ProblemService.decide(p, close: true, note: "销号", actor: ctx.actor, on: app.db, now: fixedNow)
                }
                let page = try await office.get(base).body.string
                #expect(page.contains(problems[0].number) && page.contains("已销号"))
                #expect(try await office.post(base + "/close", form: ["date": "2026-11-25"]).status == .seeOther)
                #expect(try await OversightService.find(item.id, on: app.db).closedOn == LocalDate("2026-11-25"))
                let dto = try await office.get("/api/v1/oversight/indicators?year=2026").content.decode(OversightIndicatorsDTO.self)
                #expect(
                    dto.district?.indicators["auditRectification"]?.numerator == 2 && dto.district?.indicators["auditRectification"]?.denominator == 2
                )
            }
        }

        @Test func aPetitionIsAcceptedExtendedAnsweredAndRechecked() async throws {
            try await withTestDistrict { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                #expect(
                    try await Self.register(
                        &office,
                        ["channel": "petition", "refNo": "XF0001", "title": "反映违建", "submitter": "李某", "unit": "csglj", "assignedOn": "2026-09-20"]
                    ).status == .seeOther)
                let item = try #require(try await OversightItem.query(on: app.db).first())
                let base = "/oversight/items/\(item.id!.uuidString)"
                // 15 日 from 09-20 is 10-05, in 国庆: 10-08.
                #expect(item.registerDueOn == LocalDate("2026-10-08") && item.dueKind == "register")
                #expect(try await Self.reply(&liaison, base, date: "2026-09-25").status == .conflict)
                #expect(try await liaison.post(base + "/accept", form: ["date": "2026-09-28"]).status == .seeOther)
                // 09-28 + 60 日 = 11-27 (Fri).
                #expect(try await OversightService.find(item.id, on: app.db).dueOn == LocalDate("2026-11-27"))
                let tooLong = try await liaison.post(base + "/extend", form: ["days": "31", "reason": "情况复杂"])
                #expect(tooLong.status == .unprocessableEntity && tooLong.body.string.contains("合计不超过 30 日"))
                #expect(try await liaison.post(base + "/extend", form: ["days": "20", "reason": "涉及多个部门"]).status == .seeOther)
                // 11-27 + 20 日 = 12-17 (Thu).
                #expect(try await OversightService.find(item.id, on: app.db).dueOn == LocalDate("2026-12-17"))
                #expect(try await liaison.post(base + "/extend", form: ["days": "11", "reason": "再延"]).status == .unprocessableEntity)
                #expect(try await Self.reply(&liaison, base, date: "2026-10-20").status == .seeOther)
                #expect(try await office.post(base + "/rate", form: ["date": "2026-10-22", "satisfaction": "satisfied"]).status == .seeOther)
                // 复查 only within 30 日 of the answer (10-20 → 11-19).
                let late = try await liaison.post(base + "/review-request", form: ["date": "2026-11-20"])
                #expect(late.status == .unprocessableEntity && late.body.string.contains("2026-11-19"))
                #expect(try await liaison.post(base + "/review-request", form: ["date": "2026-11-02"]).status == .seeOther)
                var i = try await OversightService.find(item.id, on: app.db)
                #expect(i.reviewLevel == .recheck && i.dueOn == LocalDate("2026-12-02") && i.closedOn == nil)
                #expect(try await liaison.post(base + "/review-answer", form: ["date": "2026-11-20", "note": "维持原处理意见"]).status == .seeOther)
                i = try await OversightService.find(item.id, on: app.db)
                #expect(i.closedOn == LocalDate("2026-11-20") && i.dueOn == nil)
                let dto = try await office.get("/api/v1/oversight/indicators?year=2026").content.decode(OversightIndicatorsDTO.self)
                #expect(dto.units.first { $0.unit == "csglj" }?.indicators["petitionOnTime"]?.value == 1)
            }
        }

        @Test func importsTakeEveryRowOrNone() async throws {
            try await withTestDistrict { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                let header = "来源,编号,标题,提出人,主办单位,协办单位,交办日期,复杂件,整改期限,内容\n"
                let bad = header + "人大代表建议,2026-001,关于增设停车位的建议,张某代表,csglj,tdzbzx,2026-03-20,否,,\n政协提案,P-1,提案,,nobody,,2026-03-21,,,\n"
                let refused = try await office.upload("/oversight/import", fields: [:], file: ("file", "items.csv", Data(bad.utf8)))
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("第 3 行") && refused.body.string.contains("nobody"))
                #expect(try await OversightItem.query(on: app.db).count() == 0)
                let good = header + "人大代表建议,2026-001,关于增设停车位的建议,张某代表,csglj,tdzbzx,2026-03-20,是,,\n信访,XF9,反映噪声,,csglj,,2026-11-20,,,\n"
                let done = try await office.upload("/oversight/import", fields: [:], file: ("file", "items.csv", Data(good.utf8)))
                #expect(done.status == .ok && done.body.string.contains("已导入 2 件"))
                let items = try await OversightItem.query(on: app.db).sort(\.$refNo).all()
                // Complex: 03-20 + 6 个月 = 09-20, a worked Sunday; the petition waits for acceptance (11-20 + 15 日 = 12-05, Sat → 12-07).
                #expect(items.map(\.replyDueOn) == [LocalDate("2026-09-20"), nil])
                #expect(items[1].dueOn == LocalDate("2026-12-07"))
                #expect(try await OversightCoUnit.query(on: app.db).count() == 1)
                // The same file again changes nothing.
                let again = try await office.upload("/oversight/import", fields: [:], file: ("file", "items.csv", Data(good.utf8)))
                #expect(again.status == .unprocessableEntity && again.body.string.contains("已经登记过"))
                #expect(try await OversightItem.query(on: app.db).count() == 2)

                // The exam: a year's import replaces the year's results.
                let exam = "单位,姓名,成绩\ncsglj,王伟,86\ncsglj,李芳,缺考\ncsglj,张敏,55\n"
                #expect(
                    try await office.upload("/oversight/study/exam", fields: ["year": "2026"], file: ("file", "exam.csv", Data(exam.utf8))).status
                        == .ok)
                let wrong = "单位,姓名,成绩\ncsglj,王伟,86\ncsglj,赵强,满分\n"
                #expect(
                    try await office.upload("/oversight/study/exam", fields: ["year": "2026"], file: ("file", "exam.csv", Data(wrong.utf8))).status
                        == .unprocessableEntity)
                #expect(try await ExamResult.query(on: app.db).count() == 3)
                let dto = try await office.get("/api/v1/oversight/indicators?year=2026").content.decode(OversightIndicatorsDTO.self)
                let row = try #require(dto.units.first { $0.unit == "csglj" })
                // 2 of 3 sat; 1 of the 2 passed (pass mark 60).
                #expect(row.indicators["examParticipation"]?.numerator == 2 && row.indicators["examParticipation"]?.denominator == 3)
                #expect(row.indicators["examPass"]?.numerator == 1 && row.indicators["examPass"]?.denominator == 2)
            }
        }

        @Test func studyAdvisersAndPufaCountIntoTheIndicators() async throws {
            try await withTestDistrict { app, _, district in
                var office = try await Browser.signedIn(app, as: "office")
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                // A plan of 4 people and two sessions: 1.5 h for three, 2 h for two of them (one stayed 1 h).
                #expect(
                    try await liaison.post(
                        "/oversight/study/plan", form: ["year": "2026", "staffCount": "4", "plannedSessions": "6", "content": "全年学法计划"]
                    ).status == .seeOther)
                #expect(
                    try await liaison.post(
                        "/oversight/study/sessions",
                        form: [
                            "kind": "pre_meeting", "heldOn": "2026-10-12", "topic": "行政复议法", "speaker": "张律师", "hours": "1.5",
                            "attendees": "王伟\n李芳\n张敏",
                        ]
                    ).status == .seeOther)
                #expect(
                    try await liaison.post(
                        "/oversight/study/sessions",
                        form: [
                            "kind": "lecture", "heldOn": "2026-11-02", "topic": "法治宣传教育法", "speaker": "党校教授", "hours": "2", "attendees": "王伟\n李芳 1",
                        ]
                    ).status == .seeOther)
                let dup = try await liaison.post(
                    "/oversight/study/sessions",
                    form: ["kind": "lecture", "heldOn": "2026-11-03", "topic": "x", "speaker": "y", "hours": "2.25", "attendees": "王伟\n王伟"])
                #expect(dup.status == .unprocessableEntity && dup.body.string.contains("学时应为"))
                #expect(try await StudySession.query(on: app.db).count() == 2)
                let people = try await liaison.get("/oversight/study/people?year=2026").body.string
                #expect(people.contains("王伟") && people.contains("3.5"))

                // An adviser (office), an opinion linked to the unit's normative document, a contract reviewed after signing.
                #expect(
                    try await office.post(
                        "/oversight/advisers",
                        form: ["name": "陈律师", "kind": "external", "firm": "某律师事务所", "from": "2026-01-01", "until": "2026-12-31"]
                    ).status == .seeOther)
                let adviser = try #require(try await LegalAdviser.query(on: app.db).first())
                let ctx = StepContext(
                    actor: .system("test"), engine: try await CalendarService.engine(on: app.db), rules: app.deadlineRules,
                    today: LocalDate("2026-11-26"),
                    now: fixedNow)
                let doc = try await NormativeService.create(
                    .init(title: "某区停车场管理办法", issuer: "某区城市管理局", filingTarget: "district", summary: "规范管理。", draftedOn: "2026-09-01"),
                    unit: district.units["csglj"]!, ctx, once: nil, on: app.db)
                let linked = try await liaison.post(
                    "/oversight/advisers/consultations",
                    form: [
                        "adviser": adviser.id!.uuidString, "matter": "normative", "record": doc.id!.uuidString, "subject": "停车场办法合法性",
                        "askedOn": "2026-09-10", "answeredOn": "2026-09-15", "opinion": "建议删除第七条罚款规定",
                    ])
                #expect(linked.status == .seeOther)
                #expect(try await liaison.get("/normative/\(doc.id!.uuidString)").body.string.contains("建议删除第七条罚款规定"))
                // Another district's pool neither lists nor lends this adviser.
                _ = try await DistrictBoundaryTests.secondDistrict(app)
                var xqLiaison = try await Browser.signedIn(app, as: "xq-liaison")
                #expect(!(try await xqLiaison.get("/oversight/advisers").body.string.contains("陈律师")))
                let borrowed = try await xqLiaison.post(
                    "/oversight/advisers/consultations",
                    form: [
                        "adviser": adviser.id!.uuidString, "matter": "other", "record": "", "subject": "借用顾问", "askedOn": "2026-09-10",
                        "answeredOn": "2026-09-15", "opinion": "无",
                    ])
                #expect(borrowed.status == .unprocessableEntity && borrowed.body.string.contains("请选择法律顾问"))
                // On a decision, the opinion stands beside the legality review (条例第二十八条).
                #expect(
                    try await liaison.post(
                        "/decisions",
                        form: ["title": "停车收费调整方案", "category": "policy", "draft": "草案", "startedOn": "2026-09-01", "formOnce": FormOnce.token()]
                    ).status == .seeOther)
                let decision = try #require(try await MajorDecision.query(on: app.db).first())
                #expect(
                    try await liaison.post(
                        "/oversight/advisers/consultations",
                        form: [
                            "adviser": adviser.id!.uuidString, "matter": "decision", "record": decision.id!.uuidString, "subject": "收费方案合法性",
                            "askedOn": "2026-09-20", "answeredOn": "2026-09-22", "opinion": "收费标准调整应履行价格听证",
                        ]
                    ).status == .seeOther)
                let decisionPage = try await office.get("/decisions/\(decision.id!.uuidString)").body.string
                #expect(decisionPage.contains("法律顾问意见") && decisionPage.contains("收费标准调整应履行价格听证") && decisionPage.contains("陈律师"))
                let foreign = try await liaison.post(
                    "/oversight/advisers/consultations",
                    form: [
                        "adviser": adviser.id!.uuidString, "matter": "decision", "record": UUID().uuidString, "subject": "x", "askedOn": "2026-09-10",
                        "answeredOn": "2026-09-15", "opinion": "y",
                    ])
                #expect(foreign.status == .unprocessableEntity && foreign.body.string.contains("不存在或不属于本单位"))
                for (title, reviewed, signed) in [("物业合同", "2026-06-01", "2026-06-05"), ("运维合同", "2026-07-10", "2026-07-01")] {
                    let r = try await liaison.post(
                        "/oversight/advisers/contracts",
                        form: [
                            "title": title, "counterparty": "某公司", "amount": "120000", "reviewedOn": reviewed, "opinion": "审查意见", "signedOn": signed,
                        ])
                    #expect(r.status == .seeOther)
                }
                let money = try await liaison.post(
                    "/oversight/advisers/contracts", form: ["title": "x", "counterparty": "y", "amount": "-5", "signedOn": "2026-07-01"])
                #expect(money.status == .unprocessableEntity && money.body.string.contains("合同金额"))

                // 普法: a list of two items, one carried out with evidence.
                #expect(try await liaison.post("/oversight/pufa", form: ["year": "2026"]).status == .seeOther)
                let list = try #require(try await PufaList.query(on: app.db).first())
                let base = "/oversight/pufa/lists/\(list.id!.uuidString)"
                for law in ["行政处罚法", "安全生产法"] {
                    #expect(
                        try await liaison.post(base + "/items", form: ["law": law, "audience": "商户", "method": "上门宣讲", "schedule": "全年"]).status
                            == .seeOther)
                }
                let item = try #require(try await PufaItem.query(on: app.db).filter(\.$sort == 1).first())
                let pdf = AssessmentDemo.demoPDF("pufa")
                let withEvidence = try await liaison.upload(
                    base + "/activities",
                    fields: [
                        "item": item.id!.uuidString, "kind": "case", "heldOn": "2026-10-15", "title": "无证经营被处罚案", "audience": "商户", "reach": "120",
                        "summary": "以案释法",
                    ], file: ("file", "签到表.pdf", pdf))
                #expect(withEvidence.status == .seeOther)
                let fake = try await liaison.upload(
                    base + "/activities",
                    fields: ["kind": "activity", "heldOn": "2026-10-16", "title": "x", "audience": "y", "reach": "5", "summary": "z"],
                    file: ("file", "照片.jpg", Data("not a jpeg".utf8)))
                #expect(fake.status == .unprocessableEntity)
                #expect(try await PufaActivity.query(on: app.db).count() == 1)
                let listPage = try await liaison.get(base).body.string
                #expect(listPage.contains("签到表.pdf") && listPage.contains("无证经营被处罚案"))
                // 履职评议 belongs to the office, and only from December for this year.
                #expect(try await liaison.post(base + "/rate", form: ["score": "90", "note": "好"]).status == .forbidden)
                let early = try await office.post(base + "/rate", form: ["score": "90", "note": "好"])
                #expect(early.status == .unprocessableEntity && early.body.string.contains("12 月"))

                let dto = try await office.get("/api/v1/oversight/indicators?year=2026").content.decode(OversightIndicatorsDTO.self)
                let row = try #require(dto.units.first { $0.unit == "csglj" })
                #expect(row.indicators["preMeetingStudy"]?.value == 1)
                // (1.5 × 3 + 2 + 1) h = 7.5 h over the plan's 4 people = 1.875 h.
                #expect(row.indicators["studyHours"]?.numerator == 75 && row.indicators["studyHours"]?.denominator == 4)
                #expect(row.indicators["contractReview"]?.numerator == 1 && row.indicators["contractReview"]?.denominator == 2)
                #expect(row.indicators["pufaCompletion"]?.numerator == 1 && row.indicators["pufaCompletion"]?.denominator == 2)
                // Nothing issued yet: no denominator, no rate.
                #expect(row.indicators["adviserParticipation"]?.value == nil)
                let page = try await office.get("/oversight/indicators?year=2026").body.string
                #expect(page.contains("1/2(50.0%)") && page.contains("1.9 学时"))
            }
        }
    }
}
