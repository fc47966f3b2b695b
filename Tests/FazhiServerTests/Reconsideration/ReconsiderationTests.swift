import FazhiCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// 行政复议·应诉: a case from receipt to decision and a lawsuit from complaint to judgment within
    /// their lawful clocks; the respondent unit's own steps on its board; the rates from hand-counted
    /// cases; table 4 of the 依申请公开 report; the permission rows; import. Today is 2026-11-26 (Thu).
    @Suite struct ReconsiderationTests {
        static let application = [
            "receivedOn": "2026-11-20", "unit": "csglj", "applicantType": "natural_person", "applicant": "王某某", "idNumber": "110101199001011234",
            "contact": "13800000000", "category": "penalty", "act": "城市管理局罚款决定书(城管罚〔2026〕12号)", "claim": "请求撤销罚款决定",
            "procedure": "normal",
        ]

        static func context(_ app: Application) async throws -> ReconsiderationService.Context {
            ReconsiderationService.Context(
                actor: .system("test"), engine: try await CalendarService.engine(on: app.db), rules: app.deadlineRules, today: app.clock.today,
                now: app.clock.now())
        }

        static func register(_ app: Application, received: String, unit: String = "csglj", category: String = "penalty") async throws
            -> ReconsiderationCase
        {
            let input = ReconsiderationCaseInput(
                receivedOn: received, unitCode: unit, applicantType: "natural_person", applicant: "王某某", idNumber: "", contact: "",
                category: category, act: application["act"] ?? "", claim: "请求撤销", procedure: "normal")
            let c = try await ReconsiderationService.register(input, try await context(app), once: nil, on: app.db)
            return try await ReconsiderationService.find(c.id, on: app.db)
        }

        @Test func theOfficeRunsACaseFromReceiptToDecisionAndTheRespondentAnswers() async throws {
            try await withTestDistrict { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                // Bad input: every problem named, nothing saved.
                var bad = Self.application
                bad["receivedOn"] = "2026-11-31"; bad["applicant"] = ""; bad["category"] = "x"; bad["unit"] = "nope"
                let refused = try await office.post("/reconsideration", form: bad)
                #expect(refused.status == .unprocessableEntity)
                for message in ["申请人姓名或名称不能为空", "请选择被申请行政行为的类别", "收到申请日期"] {
                    #expect(refused.body.string.contains(message), "\(message)")
                }
                #expect(try await count(ReconsiderationCase.self, app) == 0)
                let created = try await office.post("/reconsideration", form: Self.application)
                #expect(created.status == .seeOther)
                var c = try #require(try await ReconsiderationCase.query(on: app.db).first())
                #expect(c.number == "FY-2026-0001")
                // Received Fri 11-20: the review runs 5 working days, to Fri 11-27 (第三十条). Silence then is
                // acceptance, so what is stored is the deemed case's: the copy by 12-08, the decision by 2027-01-26.
                #expect(c.organDueOn == LocalDate("2026-12-08") && c.decisionDueOn == LocalDate("2027-01-26"))
                let base = "/reconsideration/\(c.id!.uuidString)"
                #expect(try await office.get(base).body.string.contains("受理审查中(2026-11-27 前未决定不予受理的,视为受理)"))
                #expect(try await office.get("/reconsideration?state=review").body.string.contains(c.number))
                #expect(!(try await office.get("/reconsideration?state=organ_overdue").body.string.contains(c.number)))

                // The respondent unit sees it but cannot run the organ's steps; another unit cannot see it.
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                #expect(try await liaison.get(base).status == .ok)
                #expect(try await liaison.post(base + "/accept", form: ["date": "2026-11-23", "procedure": "normal"]).status == .forbidden)
                var other = try await Browser.signedIn(app, as: "tdzbzx-liaison")
                #expect(try await other.get(base).status == .forbidden)
                #expect(!(try await other.get("/reconsideration?state=").body.string.contains(c.number)))
                #expect(try await other.post(base + "/answer", form: ["date": "2026-11-26"]).status == .forbidden)

                // Accepted Mon 11-23: copy within 7 working days (by 12-02); the respondent, having it on
                // 11-25, answers within 10 working days: 11-26 … 12-09 (第四十八条).
                #expect(try await office.post(base + "/accept", form: ["date": "2026-11-23", "procedure": "normal"]).status == .seeOther)
                c = try await ReconsiderationService.find(c.id, on: app.db)
                #expect(c.organDueOn == LocalDate("2026-12-02"))
                #expect(try await office.post(base + "/copy", form: ["date": "2026-11-24"]).status == .seeOther)
                #expect(try await office.post(base + "/copy-received", form: ["date": "2026-11-25"]).status == .seeOther)
                c = try await ReconsiderationService.find(c.id, on: app.db)
                #expect(c.answerDueOn == LocalDate("2026-12-09"))
                // The unit's own due step: on its home page and its overdue-board horizon.
                #expect(try await liaison.get("/").body.string.contains("待提交书面答复和证据"))
                let early = try await liaison.post(base + "/answer", form: ["date": "2026-11-24"])
                #expect(early.status == .unprocessableEntity && early.body.string.contains("不能早于收到副本日期"))
                #expect(try await liaison.post(base + "/answer", form: ["date": "2026-11-26"]).status == .seeOther)
                c = try await ReconsiderationService.find(c.id, on: app.db)
                #expect(c.answeredOn == LocalDate("2026-11-26") && c.answerDueOn == nil)

                // An extension beyond 30 days is refused; a decision closes the case.
                let long = try await office.post(base + "/extend", form: ["days": "31", "approver": "科长", "date": "2026-11-26", "reason": "复杂"])
                #expect(long.status == .unprocessableEntity && long.body.string.contains("1 到 30 日"))
                let noType = try await office.post(base + "/decide", form: ["decision": "", "date": "2026-11-26"])
                #expect(noType.status == .unprocessableEntity)
                #expect(
                    try await office.post(base + "/decide", form: ["decision": "revoked", "date": "2026-11-26", "note": "认定事实不清"]).status == .seeOther
                )
                c = try await ReconsiderationService.find(c.id, on: app.db)
                #expect(c.decision == .revoked && c.closedOn == LocalDate("2026-11-26") && c.organDueOn == nil)
                // Published: the public page names the decision and masks the applicant.
                var visitor = Browser(app)
                #expect(try await visitor.get("/public/reconsideration/\(c.id!.uuidString)").status == .notFound, "not yet published")
                #expect(try await office.post(base + "/publish", form: ["date": "2026-11-26"]).status == .seeOther)
                let published = try await visitor.get("/public/reconsideration/\(c.id!.uuidString)").body.string
                #expect(published.contains("撤销(责令重作)") && published.contains("王某") && !published.contains("王某某"))
                #expect(!published.contains("110101199001011234") && !published.contains("13800000000"))
                #expect(try await visitor.get("/public/reconsideration?year=2026").body.string.contains(c.number))
                let closed = try await office.post(base + "/suspend", form: ["date": "2026-11-26", "ground": "x"])
                #expect(closed.status == .conflict)
                // The letters, each citing its article.
                let letter = try await office.get(base + "/letters/decision")
                #expect(letter.status == .ok)
                #expect(letter.headers.contentType?.description.contains("wordprocessingml") == true)
                #expect(try await office.get(base + "/letters/opinion").status == .conflict)
                #expect(try await liaison.get(base + "/letters/decision").status == .forbidden)
                // Every change audited, without the applicant's name.
                let events = try await AuditEvent.query(on: app.db).filter(\.$entityType == "reconsideration_case").all()
                #expect(Set(events.map(\.action)).isSuperset(of: ["create", "case_accept", "case_copy", "case_answer", "case_decide"]))
                #expect(!events.contains { ($0.after ?? "").contains("王某某") })
            }
        }

        @Test func clarificationSuspensionAndDeemedAcceptanceFollowTheStatute() async throws {
            try await withTestDistrict { app, _, _ in
                let ctx = try await Self.context(app)
                // Deemed accepted: received Mon 11-16, no decision within 5 working days (to 11-23).
                let deemed = try await Self.register(app, received: "2026-11-16")
                let clock = try ReconsiderationService.clock(deemed, today: ctx.today, engine: ctx.engine, rules: ctx.rules)
                #expect(clock.acceptedOn == LocalDate("2026-11-23") && clock.deemedAccepted)
                #expect(deemed.organDueOn == LocalDate("2026-12-02"), "the copy within 7 working days of the deemed acceptance")
                await #expect(throws: ValidationFailure.self) {
                    try await ReconsiderationService.accept(deemed, on: "2026-11-26", procedure: "normal", ctx, on: app.db)
                }
                // 补正: the applicant had the notice on Wed 11-04, 10 working days to 11-18; silence = withdrawn.
                let unclear = try await Self.register(app, received: "2026-11-02")
                try await ReconsiderationService.clarify(unclear, items: "请提供处罚决定书", on: "2026-11-03", ctx, on: app.db)
                try await ReconsiderationService.clarifyReceived(unclear, on: "2026-11-04", ctx, on: app.db)
                let lapsed = try ReconsiderationService.clock(unclear, today: ctx.today, engine: ctx.engine, rules: ctx.rules)
                #expect(lapsed.phase == .clarificationLapsed(dueOn: LocalDate("2026-11-18")))
                await #expect(throws: AppError.self) {
                    try await ReconsiderationService.clarify(unclear, items: "再补", on: "2026-11-05", ctx, on: app.db)
                }
                try await ReconsiderationService.lapse(unclear, ctx, on: app.db)
                #expect(unclear.closedOn == ctx.today && unclear.decision == nil)
                // 中止 from Tue 11-10 to Fri 11-20: the 10 days 11-11 … 11-20 are not counted. Accepted
                // Thu 11-05: 60 days end Mon 2027-01-04; with the pause Thu 2027-01-14.
                let paused = try await Self.register(app, received: "2026-11-04")
                try await ReconsiderationService.accept(paused, on: "2026-11-05", procedure: "normal", ctx, on: app.db)
                #expect(paused.decisionDueOn == LocalDate("2027-01-04"))
                try await ReconsiderationService.suspend(paused, on: "2026-11-10", ground: "需要有权机关作出解释", ctx, on: app.db)
                let fresh = try await ReconsiderationService.find(paused.id, on: app.db)
                #expect(fresh.decisionDueOn == nil, "while suspended the decision date is not stored: it moves every day")
                await #expect(throws: AppError.self) {
                    try await ReconsiderationService.decide(
                        fresh, decision: "upheld", on: "2026-11-20", note: "", selfCorrected: false, ctx, on: app.db)
                }
                try await ReconsiderationService.resume(fresh, on: "2026-11-20", ctx, on: app.db)
                #expect(fresh.decisionDueOn == LocalDate("2027-01-14"))
                // Two staff deciding the same case from the same page: the second is refused, not applied on top.
                let first = try await ReconsiderationService.find(paused.id, on: app.db)
                let second = try await ReconsiderationService.find(paused.id, on: app.db)
                try await ReconsiderationService.decide(first, decision: "upheld", on: "2026-11-25", note: "", selfCorrected: false, ctx, on: app.db)
                await #expect(throws: AppError.self) {
                    try await ReconsiderationService.decide(
                        second, decision: "revoked", on: "2026-11-26", note: "", selfCorrected: false, ctx, on: app.db)
                }
                #expect(try await ReconsiderationService.find(paused.id, on: app.db).decision == .upheld)
                #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "case_decide").count() == 1)
                // The simple procedure cannot be extended (第六十二条第二款).
                let simple = try await Self.register(app, received: "2026-11-19", category: "disclosure")
                try await ReconsiderationService.accept(simple, on: "2026-11-20", procedure: "simplified", ctx, on: app.db)
                await #expect(throws: AppError.self) {
                    try await ReconsiderationService.extend(simple, days: "10", approver: "科长", on: "2026-11-26", reason: "复杂", ctx, on: app.db)
                }
            }
        }

        @Test func aRespondentsOverdueAnswerIsOnItsBoardAndHomePage() async throws {
            try await withTestDistrict { app, _, _ in
                let ctx = try await Self.context(app)
                let c = try await Self.register(app, received: "2026-11-02")
                try await ReconsiderationService.accept(c, on: "2026-11-03", procedure: "normal", ctx, on: app.db)
                try await ReconsiderationService.copySent(c, on: "2026-11-04", ctx, on: app.db)
                // Received the copy Wed 11-11: 10 working days end Wed 11-25; today it is one day late.
                try await ReconsiderationService.copyReceived(c, on: "2026-11-11", ctx, on: app.db)
                #expect(c.answerDueOn == LocalDate("2026-11-25"))
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                let items = try await liaison.get("/api/v1/overdue").content.decode([OverdueService.Item].self)
                let item = try #require(items.first { $0.kind == "reconsideration_answer" })
                #expect(item.title == "行政复议 \(c.number) 书面答复和证据" && item.workdaysOverdue == 1)
                #expect(!item.title.contains("王某某"))
                #expect(try await liaison.get("/").body.string.contains("已超过答复期限仍未提交书面答复和证据"))
                #expect(try await liaison.get("/reconsideration?state=answer_overdue").body.string.contains(c.number))
                var other = try await Browser.signedIn(app, as: "tdzbzx-liaison")
                let theirs = try await other.get("/api/v1/overdue").content.decode([OverdueService.Item].self)
                #expect(!theirs.contains { $0.kind == "reconsideration_answer" })
            }
        }

        /// Hand-counted: 城市管理局 four decided in 2025 (two upheld, one revoked, one mediated after it
        /// corrected itself), 土地整备中心 one confirmed illegal; lawsuits of 城市管理局: a dismissed claim
        /// with a head at its second hearing, a revoked act with only staff, a withdrawal (no judgment).
        @Test func theRatesComeFromTheCasesWithTheirDefinitions() async throws {
            try await withTestDistrict { app, _, district in
                let csglj = try district.unit("csglj"), tdzbzx = try district.unit("tdzbzx")
                func decided(_ unit: OrgNode, _ d: ReconsiderationDecision, selfCorrected: Bool = false, closed: String = "2025-06-01") async throws {
                    let c = ReconsiderationCase()
                    c.number = "T-\(UUID().uuidString.prefix(8))"; c.$unit.id = try unit.requireID(); c.applicantType = .naturalPerson
                    c.applicantName = "甲"; c.applicantIDNumber = ""; c.applicantContact = ""; c.category = .penalty; c.act = "处罚"; c.claim = ""
                    c.lawVersion = "2023"; c.procedure = .normal; c.source = "import"; c.receivedOn = LocalDate("2025-03-01")
                    c.acceptedOn = LocalDate("2025-03-03"); c.closedOn = LocalDate(closed); c.decision = d; c.selfCorrected = selfCorrected
                    c.extensionDays = 0; c.createdBy = "t"; c.version = 1
                    try await c.create(on: app.db)
                }
                try await decided(csglj, .upheld); try await decided(csglj, .upheld); try await decided(csglj, .revoked)
                try await decided(csglj, .mediated, selfCorrected: true); try await decided(tdzbzx, .confirmedIllegal)
                try await decided(csglj, .revoked, closed: "2026-02-01")  // another year
                func suit(_ outcome: JudgmentOutcome, _ appearances: [CourtAppearance]) async throws {
                    let s = LawsuitCase()
                    s.number = "(2025)测\(UUID().uuidString.prefix(6))"; s.$unit.id = try csglj.requireID(); s.coDefendant = false
                    s.plaintiffType = .naturalPerson; s.plaintiffName = "乙"; s.category = .penalty; s.act = "处罚"; s.court = "区法院"
                    s.complaintReceivedOn = LocalDate("2025-02-01"); s.firstOutcome = outcome; s.firstServedOn = LocalDate("2025-08-01")
                    s.source = "import"; s.createdBy = "t"; s.version = 1
                    try await s.create(on: app.db)
                    for (i, a) in appearances.enumerated() {
                        let h = CourtHearingRecord()
                        h.$lawsuit.id = try s.requireID(); h.instance = 1; h.hearingOn = LocalDate("2025-05-0\(i + 1)")!; h.headName = "";
                        h.appearance = a
                        try await h.create(on: app.db)
                    }
                }
                try await suit(.claimDismissed, [.staffOnly, .deputy]); try await suit(.revoked, [.staffOnly]); try await suit(.withdrawn, [])

                var office = try await Browser.signedIn(app, as: "office")
                let dto = try await office.get("/api/v1/reconsideration/indicators?year=2025").content.decode(CaseRatesDTO.self)
                let c = try #require(dto.units.first { $0.unit == "csglj" })
                #expect((c.correction.numerator, c.correction.denominator) == (1, 4))
                #expect((c.comprehensiveCorrection.numerator, c.comprehensiveCorrection.denominator) == (2, 4))
                #expect((c.loss.numerator, c.loss.denominator) == (1, 2), "the withdrawal is not a judgment")
                #expect((c.headAppearance.numerator, c.headAppearance.denominator) == (1, 2), "one appearance per case and instance")
                #expect(c.correction.value == 0.25)
                let t = try #require(dto.units.first { $0.unit == "tdzbzx" })
                #expect((t.correction.numerator, t.correction.denominator) == (1, 1))
                #expect(t.loss.value == nil, "no judgment: no rate, not 0%")
                #expect(dto.district?.correction.numerator == 2 && dto.district?.correction.denominator == 5)
                #expect(dto.definitions["correction"]?.contains("审结案件数") == true)
                // The exact cases: the list behind the numerator.
                let list = try await office.get("/reconsideration?year=2025&unit=csglj&rate=correction").body.string
                #expect(list.contains("共 1 件"))
                // A unit reads its own row only.
                var other = try await Browser.signedIn(app, as: "tdzbzx-liaison")
                let own = try await other.get("/api/v1/reconsideration/indicators?year=2025").content.decode(CaseRatesDTO.self)
                #expect(own.units.map(\.unit) == ["tdzbzx"] && own.district == nil)
                // The assessment page's figures.
                let fact = try await ReconsiderationModule().assessmentFacts(year: 2025, unit: csglj, today: app.clock.today, on: app.db)
                #expect(fact?.text.contains("复议纠错率 25.0%(1/4)") == true)
            }
        }

        @Test func tableFourOfTheInformationReportComesFromTheRegister() async throws {
            try await withTestDistrict { app, _, district in
                let csglj = try district.unit("csglj")
                let c = ReconsiderationCase()
                c.number = "FY-2025-0001"; c.$unit.id = try csglj.requireID(); c.applicantType = .naturalPerson; c.applicantName = "甲"
                c.applicantIDNumber = ""; c.applicantContact = ""; c.category = .disclosure; c.act = "答复书"; c.claim = ""; c.lawVersion = "2023"
                c.procedure = .simplified; c.source = "import"; c.receivedOn = LocalDate("2025-03-01"); c.acceptedOn = LocalDate("2025-03-03")
                c.closedOn = LocalDate("2025-03-30"); c.decision = .upheld; c.selfCorrected = false; c.extensionDays = 0; c.createdBy = "t";
                c.version = 1
                try await c.create(on: app.db)
                func suit(_ number: String, coDefendant: Bool, outcome: JudgmentOutcome?) async throws {
                    let s = LawsuitCase()
                    s.number = number; s.$unit.id = try csglj.requireID(); s.coDefendant = coDefendant; s.plaintiffType = .naturalPerson
                    s.plaintiffName = "乙"; s.category = .disclosure; s.act = "答复书"; s.court = "区法院"; s.complaintReceivedOn = LocalDate("2025-05-01")
                    s.firstOutcome = outcome; s.firstServedOn = outcome == nil ? nil : LocalDate("2025-09-01"); s.source = "import"; s.createdBy = "t"
                    s.version = 1
                    try await s.create(on: app.db)
                }
                try await suit("(2025)测1", coDefendant: false, outcome: .revoked)
                try await suit("(2025)测2", coDefendant: true, outcome: nil)
                let report = try await GOIReportService.build(year: 2025, unit: nil, district: try await Districts.node(nil, on: app.db), on: app.db)
                #expect(report.table4Source == "行政复议·应诉登记簿")
                #expect(report.entries["t4.0.0"] == "1", "复议维持")
                #expect(report.entries["t4.1.1"] == "1", "直接起诉,结果纠正")
                #expect(report.entries["t4.2.3"] == "1", "复议后起诉,尚未审结")
                #expect(report.entries["t4.0.1"] == "0")
                // A year the register holds nothing for keeps the manual entries.
                #expect(
                    try await GOIReportService.build(year: 2024, unit: nil, district: try await Districts.node(nil, on: app.db), on: app.db)
                        .table4Source == nil)
                var office = try await Browser.signedIn(app, as: "office")
                #expect(try await office.get("/goi/report?year=2025&unit=csglj").body.string.contains("goi-table4-source"))
            }
        }

        @Test func aUnitDefendsALawsuitFromComplaintToJudgment() async throws {
            try await withTestDistrict { app, clock, _ in
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                #expect(try await liaison.get("/litigation/new").status == .ok)
                var form = [
                    "number": "(2026)测0104行初1号", "unit": "csglj", "court": "区人民法院", "plaintiffType": "natural_person", "plaintiff": "李某",
                    "category": "penalty", "act": "罚款决定", "complaintReceivedOn": "2026-11-20",
                ]
                // Another unit's lawsuit is not its to register.
                form["unit"] = "tdzbzx"
                #expect(try await liaison.post("/litigation", form: form).status == .forbidden)
                form["unit"] = "csglj"
                #expect(try await liaison.post("/litigation", form: form).status == .seeOther)
                #expect(try await liaison.post("/litigation", form: form).status == .unprocessableEntity, "the same case number twice")
                // 复议后起诉: linked to a decided reconsideration case of the same unit, never another's or an open one.
                let decided = try await Self.register(app, received: "2026-11-02")
                let ctx = try await Self.context(app)
                try await ReconsiderationService.accept(decided, on: "2026-11-03", procedure: "normal", ctx, on: app.db)
                var after = form
                after["number"] = "(2026)测0104行初2号"
                after["reconsideration"] = "FY-2099-0001"
                let unknown = try await liaison.post("/litigation", form: after)
                #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("不是本单位已作出决定的复议案件"))
                try await ReconsiderationService.decide(
                    decided, decision: "upheld", on: "2026-11-20", note: "", selfCorrected: false, ctx, on: app.db)
                after["reconsideration"] = decided.number
                #expect(try await liaison.post("/litigation", form: after).status == .seeOther)
                let linked = try #require(try await LawsuitCase.query(on: app.db).filter(\.$number == "(2026)测0104行初2号").first())
                #expect(linked.$reconsideration.id == decided.id)
                let s = try #require(try await LawsuitCase.query(on: app.db).filter(\.$number == "(2026)测0104行初1号").first())
                // 15 days from Fri 11-20 end Sat 12-05, which moves to Mon 12-07 (第六十七条; 民事诉讼法第八十五条).
                #expect(s.answerDueOn == LocalDate("2026-12-07"))
                let base = "/litigation/\(s.id!.uuidString)"
                // A hearing next Thursday with no head named: on the unit's board and home page.
                #expect(
                    try await liaison.post(base + "/hearing", form: ["instance": "1", "hearingOn": "2026-12-03", "noticeOn": "2026-11-26"]).status
                        == .seeOther)
                #expect(try await liaison.get("/").body.string.contains("尚未确定出庭应诉的负责人"))
                #expect(try await liaison.get("/litigation?state=no_head").body.string.contains(s.number))
                let hearing = try #require(try await CourtHearingRecord.query(on: app.db).first())
                let appear = base + "/hearings/\(hearing.id!.uuidString)/appearance"
                #expect(
                    try await liaison.post(appear, form: ["appearance": "deputy", "headName": "周副局长"]).status == .conflict, "not before the hearing")
                clock.advance(days: 7)  // Thu 12-03: a new day, a new session
                liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                let noReason = try await liaison.post(appear, form: ["appearance": "excused", "excuse": "", "note": ""])
                #expect(noReason.status == .unprocessableEntity)
                #expect(
                    try await liaison.post(appear, form: ["appearance": "excused", "excuse": "irreplaceable_duty", "note": "参加全市防汛会议,已附说明"]).status
                        == .seeOther)
                #expect(try await liaison.post(base + "/answer", form: ["date": "2026-12-01"]).status == .seeOther)
                #expect(try await liaison.post(base + "/judgment", form: ["outcome": "revoked", "date": "2026-12-03"]).status == .seeOther)
                let page = try await liaison.get(base).body.string
                #expect(page.contains("上诉期限 2026-12-18"), "15 days from service (第八十五条)")
                #expect(page.contains("负责人因正当理由未出庭"))
                // The first instance cannot be closed before the appeal window ends.
                #expect(try await liaison.post(base + "/close", form: ["date": "2026-12-03"]).status == .conflict)
                var other = try await Browser.signedIn(app, as: "tdzbzx-liaison")
                #expect(try await other.get(base).status == .forbidden)
            }
        }

        @Test func historicalCasesImportAllOrNothing() async throws {
            try await withTestDistrict { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                let header = "案号,收到日期,申请人类型,申请人,被申请人,行为类别,被申请行政行为,审理程序,受理日期,不予受理日期,审结日期,决定类型\n"
                let good = "FY-2025-0100,2025-03-01,自然人,张某,csglj,行政处罚,罚款决定书,普通程序,2025-03-04,,2025-04-20,维持\n"
                let bad = "FY-2025-0101,2025-03-02,自然人,李某,不存在的局,行政处罚,罚款决定书,普通程序,2025-03-04,,2025-04-20,维持\n"
                var response = try await office.upload(
                    "/reconsideration/import", fields: [:], file: ("file", "cases.csv", Data((header + good + bad).utf8)))
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("第 3 行"))
                #expect(try await count(ReconsiderationCase.self, app) == 0)
                response = try await office.upload("/reconsideration/import", fields: [:], file: ("file", "cases.csv", Data((header + good).utf8)))
                #expect(response.status == .ok && response.body.string.contains("已导入 1 件案件"))
                let c = try #require(try await ReconsiderationCase.query(on: app.db).first())
                #expect(c.decision == .upheld && c.closedOn == LocalDate("2025-04-20") && c.answerDueOn == nil)
            }
        }
    }
}
