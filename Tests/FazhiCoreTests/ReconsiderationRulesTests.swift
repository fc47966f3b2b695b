import Foundation
import Testing
@testable import FazhiCore

/// 行政复议 (《行政复议法》2023): every statutory step's clock around the 2025–2026 holidays, with
/// the expected dates counted by hand on the published holiday notices (domain-law §5, §10).
@Suite struct ReconsiderationRulesTests {
    let engine = DeadlineFixtures.engine
    let rules = DeadlineFixtures.catalogue
    func d(_ s: String) -> LocalDate { LocalDate(s)! }

    func clock(_ facts: ReconsiderationFacts, today: String) throws -> ReconsiderationClock {
        try ReconsiderationClock.compute(facts, today: d(today), engine: engine, rules: rules)
    }

    /// Received Tuesday 2026-02-10, before the Spring Festival (02-15–02-23 off; 02-14 and 02-28,
    /// Saturdays, worked). Acceptance review, 5 working days: 02-11, 02-12, 02-13, 02-14, 02-24.
    /// Undecided, it is deemed accepted on 02-24 (第三十条第三款). Copy, 7 working days: 02-25, 02-26,
    /// 02-27, 02-28, 03-02, 03-03, 03-04. The respondent received it Monday 03-02; answer, 10 working
    /// days: 03-03 … 03-16. Decision, 60 days from 02-24: 04-25, a Saturday, so Monday 04-27
    /// (第八十八条); extended by 30 days from the day after: 05-27.
    @Test func aNormalCaseAcrossTheSpringFestival() throws {
        var facts = ReconsiderationFacts(receivedOn: d("2026-02-10"))
        var c = try clock(facts, today: "2026-02-12")
        #expect(c.phase == .acceptanceReview(until: d("2026-02-24")))
        #expect(c.acceptedOn == nil && c.steps.map(\.rule) == ["reconsideration.accept"])

        c = try clock(facts, today: "2026-02-25")
        #expect(c.acceptedOn == d("2026-02-24") && c.deemedAccepted, "no decision within the review: deemed accepted")
        #expect(c.step("reconsideration.copy")?.due == d("2026-03-04"))
        #expect(c.step("reconsideration.answer")?.due == nil, "counts from the respondent's receipt, not yet recorded")
        #expect(c.step("reconsideration.decision")?.due == d("2026-04-27"))
        #expect(c.step("reconsideration.answer")?.party == .respondent)

        facts.acceptedOn = d("2026-02-24")
        facts.copySentOn = d("2026-02-27")
        facts.respondentReceivedOn = d("2026-03-02")
        c = try clock(facts, today: "2026-03-18")
        let answer = try #require(c.step("reconsideration.answer"))
        #expect(answer.due == d("2026-03-16"))
        #expect(answer.status == .overdue(workdaysLate: 2, daysLate: 2), "the respondent unit's own overdue step")
        #expect(c.step("reconsideration.copy")?.status == .met(workdaysEarly: 4), "02-28 (worked), 03-02, 03-03, 03-04")
        #expect(!c.deemedAccepted)

        facts.answeredOn = d("2026-03-12")
        facts.extensionDays = 30
        c = try clock(facts, today: "2026-04-28")
        #expect(c.step("reconsideration.decision")?.due == d("2026-05-27"))
        // 04-29, 04-30, 05-06 … 05-08, 05-09 (a worked Saturday), 05-11 … 05-27: 19 working days left.
        #expect(c.phase == .hearing(.onTime(workdaysLeft: 19)))
        facts.extensionDays = 31
        #expect(throws: DeadlineError.self) { try clock(facts, today: "2026-04-28") }
    }

    /// A suspension (第三十九条) from 03-10, resumed 03-20: 03-11 … 03-20 are not counted, so the
    /// 60 days end ten days later, on 05-05 — inside the Labour Day holiday (05-01–05-05) — and the
    /// decision is due Wednesday 05-06.
    @Test func aSuspensionStopsTheDecisionClock() throws {
        var facts = ReconsiderationFacts(
            receivedOn: d("2026-02-10"), acceptedOn: d("2026-02-24"),
            suspensions: [ReconsiderationSuspension(suspendedOn: d("2026-03-10"), resumedOn: nil, ground: "申请人丧失参加行政复议的行为能力")])
        var c = try clock(facts, today: "2026-03-15")
        #expect(c.phase == .suspended(since: d("2026-03-10"), ground: "申请人丧失参加行政复议的行为能力"))
        #expect(c.step("reconsideration.decision")?.status == .paused(reason: "中止审理:申请人丧失参加行政复议的行为能力"))
        facts.suspensions[0].resumedOn = d("2026-03-20")
        c = try clock(facts, today: "2026-03-23")
        #expect(c.step("reconsideration.decision")?.due == d("2026-05-06"))
        #expect(c.phase.label.hasPrefix("审理中"))
        facts.closedOn = d("2026-05-06")
        #expect(try clock(facts, today: "2026-05-07").phase == .closed(.met(workdaysEarly: 0)))
    }

    /// 简易程序 around National Day 2025 (10-01–10-08 off; 09-28 and 10-11 worked). Accepted Monday
    /// 09-29. Copy, 3 working days: 09-30, 10-09, 10-10. The respondent received it 10-09; answer, 5
    /// working days: 10-10, 10-11, 10-13, 10-14, 10-15. Decision, 30 days: 10-29. Converted to the
    /// normal procedure (第五十五条): 60 days from acceptance, 11-28; copy 7 working days, 10-15.
    @Test func theSimplifiedProcedureAndItsConversion() throws {
        var facts = ReconsiderationFacts(
            receivedOn: d("2025-09-26"), acceptedOn: d("2025-09-29"), procedure: .simplified, respondentReceivedOn: d("2025-10-09"))
        // Review: 09-28 (a worked Sunday), 09-29, 09-30, 10-09, 10-10.
        #expect(try clock(facts, today: "2025-10-09").step("reconsideration.accept")?.due == d("2025-10-10"))
        var c = try clock(facts, today: "2025-10-09")
        #expect(c.step("reconsideration.simplifiedCopy")?.due == d("2025-10-10"))
        #expect(c.step("reconsideration.simplifiedAnswer")?.due == d("2025-10-15"))
        #expect(c.step("reconsideration.simplified")?.due == d("2025-10-29"))
        #expect(c.step("reconsideration.decision") == nil)
        facts.extensionDays = 10
        #expect(throws: DeadlineError.self) { try clock(facts, today: "2025-10-09") }
        facts.extensionDays = 0
        facts.convertedOn = d("2025-10-20")
        c = try clock(facts, today: "2025-10-21")
        #expect(c.step("reconsideration.decision")?.due == d("2025-11-28"))
        #expect(c.step("reconsideration.copy")?.due == d("2025-10-15"))
        #expect(c.step("reconsideration.simplified") == nil)
    }

    /// 补正 (第三十一条): received Monday 2026-01-05, the notice sent 01-08 (due 01-12), received by
    /// the applicant Friday 01-09; its 10 working days: 01-12 … 01-23. Silent past them: deemed
    /// withdrawn. Answered 01-20: the review runs again, 5 working days to 01-27.
    @Test func clarificationStopsTheCaseAndSilenceEndsIt() throws {
        var facts = ReconsiderationFacts(receivedOn: d("2026-01-05"), clarifySentOn: d("2026-01-08"))
        #expect(try clock(facts, today: "2026-01-12").phase == .awaitingClarification(dueOn: nil))
        facts.clarifyReceivedOn = d("2026-01-09")
        var c = try clock(facts, today: "2026-01-20")
        #expect(c.phase == .awaitingClarification(dueOn: d("2026-01-23")))
        #expect(c.step("reconsideration.clarify")?.due == d("2026-01-12"))
        #expect(c.step("reconsideration.clarify")?.status == .met(workdaysEarly: 2))
        #expect(try clock(facts, today: "2026-01-26").phase == .clarificationLapsed(dueOn: d("2026-01-23")))
        facts.clarifiedOn = d("2026-01-20")
        c = try clock(facts, today: "2026-01-21")
        #expect(c.phase == .acceptanceReview(until: d("2026-01-27")))
        facts.rejectedOn = d("2026-01-23")
        #expect(try clock(facts, today: "2026-01-26").phase == .rejected(on: d("2026-01-23")))
    }

    /// A decision period running past the loaded calendar (2026) is computed on weekends only and
    /// marked 暂定 until the next notice is imported.
    @Test func aPeriodPastTheLoadedCalendarIsProvisional() throws {
        let c = try clock(ReconsiderationFacts(receivedOn: d("2026-12-14"), acceptedOn: d("2026-12-15")), today: "2026-12-16")
        let decision = try #require(c.step("reconsideration.decision"))
        #expect(decision.provisional != nil)
        // 60 days from 2026-12-15: 2027-02-13, a Saturday; Monday 2027-02-15 on weekends only.
        #expect(decision.due == d("2027-02-15"))
        #expect(c.step("reconsideration.copy")?.provisional == nil, "the copy's 7 working days end in 2026")
    }
}

/// 行政应诉 (《行政诉讼法》; 最高人民法院负责人出庭应诉规定) and the rates of domain-law §5, on
/// hand-counted fixtures.
@Suite struct LitigationRulesTests {
    let engine = DeadlineFixtures.engine
    let rules = DeadlineFixtures.catalogue
    func d(_ s: String) -> LocalDate { LocalDate(s)! }

    /// The copy of the complaint received Tuesday 2026-09-22: 15 days end Wednesday 10-07, inside
    /// National Day (10-01–10-07), so the answer is due Thursday 10-08 (第六十七条; 民事诉讼法第八十五条).
    /// A judgment served Monday 2026-04-20: 15 days end 05-05, a holiday, so the appeal window closes
    /// 05-06; a ruling's 10 days end Thursday 04-30 (第八十五条).
    @Test func theAnswerAndTheAppealWindowAroundHolidays() throws {
        var c = try LitigationClock.compute(
            complaintReceivedOn: d("2026-09-22"), answeredOn: nil, firstInstanceServedOn: nil, today: d("2026-09-30"), engine: engine,
            rules: rules)
        #expect(c.answerBy == d("2026-10-08"))
        #expect(c.answerStatus == .dueSoon(workdaysLeft: 1), "on 09-30 only 10-08 is left to work")
        c = try LitigationClock.compute(
            complaintReceivedOn: d("2026-09-22"), answeredOn: d("2026-10-09"), firstInstanceServedOn: d("2026-04-20"), today: d("2026-10-09"),
            engine: engine, rules: rules)
        #expect(c.answerStatus == .metLate(workdaysLate: 1))
        #expect(c.appealBy == d("2026-05-06"))
        let ruling = try LitigationClock.compute(
            complaintReceivedOn: nil, answeredOn: nil, firstInstanceServedOn: d("2026-04-20"), isRuling: true, today: d("2026-04-21"),
            engine: engine, rules: rules)
        #expect(ruling.appealBy == d("2026-04-30") && ruling.answerBy == nil)
    }

    /// 规定第五条: the notice at least three days before the hearing; 第八条: an excuse is named.
    @Test func hearingNoticesAndExcusesAreChecked() {
        #expect(CourtHearing(hearingOn: d("2026-12-03"), noticeReceivedOn: d("2026-11-30")).noticeWasTimely == true)
        #expect(CourtHearing(hearingOn: d("2026-12-03"), noticeReceivedOn: d("2026-12-01")).noticeWasTimely == false)
        #expect(CourtHearing(hearingOn: d("2026-12-03"), noticeReceivedOn: nil).noticeWasTimely == nil)
        #expect(CourtHearing(hearingOn: d("2026-12-03"), noticeReceivedOn: nil, appearance: .excused).problem != nil)
        #expect(CourtHearing(hearingOn: d("2026-12-03"), noticeReceivedOn: nil, appearance: .excused, excuse: .irreplaceableDuty).problem == nil)
        #expect(CourtHearing(hearingOn: d("2026-12-03"), noticeReceivedOn: nil, appearance: .principal, excuse: .accident).problem != nil)
    }

    @Test func ratesCountTheirOutcomesAndSayHow() {
        let decisions: [ReconsiderationDecision] = [.varied, .revoked, .upheld, .upheld, .claimRejected, .mediated, .confirmedIllegal]
        let correction = RateDefinition.correction.rate(decisions)
        #expect(correction.numerator == 3 && correction.denominator == 7 && correction.text == "42.9%")
        #expect(correction.definition.contains("审结案件数"))
        // 综合纠错率 as some places count it: a mediation or settlement after the organ corrected itself.
        var comprehensive = RateDefinition<ReconsiderationDecision>.correction
        comprehensive.numerator.formUnion([.mediated, .settledWithdrawn])
        #expect(comprehensive.rate(decisions).numerator == 4)
        #expect(RateDefinition.correction.rate([]).value == nil && RateDefinition.correction.rate([]).text == "—", "no case, no rate")

        let judgments: [JudgmentOutcome] = [.claimDismissed, .revoked, .suitDismissed, .withdrawn, .compensation]
        let loss = RateDefinition.loss.rate(judgments)
        #expect(loss.numerator == 2 && loss.denominator == 3, "rulings and withdrawals are not judgments")

        let appearance = CourtAppearance.appearanceRate([.principal, .staffOnly, .excused, .inCharge])
        #expect(appearance.numerator == 2 && appearance.denominator == 4 && appearance.text == "50.0%")
    }
}

/// 历史复议案件导入: all rows or none, every bad row named with its spreadsheet row number.
@Suite struct ReconsiderationImportTests {
    let header = ["收到日期", "申请人类型", "申请人", "被申请人", "行为类别", "被申请行政行为", "审理程序", "受理日期", "审结日期", "决定类型", "案号"]
    let units: Set<String> = ["城市管理局", "csglj", "A办事处"]
    let today = LocalDate("2026-11-26")!

    @Test func aGoodFileReadsEveryRow() throws {
        let rows = try ReconsiderationImport.parse(
            [
                header,
                ["2025-03-02", "自然人", "张某", "城市管理局", "行政处罚", "某城管罚决字〔2025〕12号", "", "2025-03-05", "2025-04-28", "撤销(责令重作)", "复2025-001"],
                ["", "", "", "", "", "", "", "", "", "", ""],
                ["2025/09/26", "企业", "某公司", "csglj", "信息公开", "政府信息公开答复书", "简易程序", "2025-09-29", "", "", ""],
            ], knownUnits: units, today: today)
        #expect(rows.count == 2)
        #expect(rows[0].decision == .revoked && rows[0].procedure == .normal && rows[0].number == "复2025-001" && rows[0].line == 2)
        #expect(rows[1].line == 4, "the blank row keeps the numbering true")
        #expect(rows[1].applicantType == .legalPerson && rows[1].category == .disclosure && rows[1].procedure == .simplified)
        #expect(rows[1].closedOn == nil && rows[1].decision == nil, "still being heard")
    }

    @Test func everyBadRowIsNamedAndNothingIsKept() {
        do {
            _ = try ReconsiderationImport.parse(
                [
                    header,
                    ["2025-13-01", "外国人", "", "不存在的局", "行政命令", "", "快速程序", "", "", "", ""],
                    ["2025-03-02", "自然人", "李某", "A办事处", "行政强制", "查封决定", "", "2025-03-01", "2025-02-01", "", "复2025-001"],
                    ["2025-03-02", "法人", "某公司", "A办事处", "行政许可", "不予许可决定", "", "2025-03-03", "", "维持", "复2025-001"],
                ], knownUnits: units, today: today)
            Issue.record("expected the file to be refused")
        } catch let failure as ValidationFailure {
            let text = failure.errors.map(\.message).joined(separator: "\n")
            for expected in [
                "第 2 行:收到日期“2025-13-01”不是", "申请人类型“外国人”无法识别", "申请人为空", "被申请人“不存在的局”不是本区的部门或办事处",
                "行为类别“行政命令”无法识别", "审理程序“快速程序”应为普通程序或简易程序",
                "第 3 行:受理日期 2025-03-01 早于收到日期", "已审结的案件须填写决定类型",
                "第 4 行:", "案号“复2025-001”与第 3 行重复", "有决定类型但没有审结日期",
            ] {
                #expect(text.contains(expected), "\(expected)")
            }
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: ValidationFailure.self) { try ReconsiderationImport.parse([["申请人"]], knownUnits: units, today: today) }
    }
}

/// Table 4 of the 政府信息公开 annual report from the case registers.
@Suite struct GOITable4CountTests {
    let yearEnd = LocalDate("2025-12-31")!

    @Test func casesFallIntoTheTemplatesColumnsAndTheTotalsFollow() {
        typealias T = GOITable4Count
        #expect(T.column(ReconsiderationDecision.upheld, closedOn: LocalDate("2025-06-01"), yearEnd: yearEnd) == .upheld)
        #expect(T.column(ReconsiderationDecision.claimRejected, closedOn: LocalDate("2025-06-01"), yearEnd: yearEnd) == .upheld)
        #expect(T.column(ReconsiderationDecision.confirmedIllegal, closedOn: LocalDate("2025-06-01"), yearEnd: yearEnd) == .corrected)
        #expect(T.column(ReconsiderationDecision.mediated, closedOn: LocalDate("2025-06-01"), yearEnd: yearEnd) == .other)
        #expect(T.column(ReconsiderationDecision.revoked, closedOn: LocalDate("2026-01-05"), yearEnd: yearEnd) == .pending, "decided after 12-31")
        #expect(T.column(JudgmentOutcome.claimDismissed, decidedOn: LocalDate("2025-09-01"), yearEnd: yearEnd) == .upheld)
        #expect(T.column(JudgmentOutcome.revoked, decidedOn: LocalDate("2025-09-01"), yearEnd: yearEnd) == .corrected)
        #expect(T.column(JudgmentOutcome.withdrawn, decidedOn: LocalDate("2025-09-01"), yearEnd: yearEnd) == .other)
        #expect(T.column(nil as JudgmentOutcome?, decidedOn: nil, yearEnd: yearEnd) == .pending)
        let cells = T.cells([
            (.reconsideration, .upheld), (.reconsideration, .upheld), (.reconsideration, .corrected), (.reconsideration, .pending),
            (.directSuit, .other), (.suitAfterReconsideration, .corrected),
        ])
        #expect(cells.count == 12 && cells["t4.0.0"] == "2" && cells["t4.0.1"] == "1" && cells["t4.0.3"] == "1" && cells["t4.1.2"] == "1")
        #expect(GOIManualTables.table4Value(cells, group: 0, column: 4) == 4, "the group's 总计 sums its four columns")
        #expect(Set(cells.keys).isSubset(of: GOIManualTables.enteredKeys), "the same keys the manual form enters")
    }

    /// The shipped definitions file says what the code's standard definitions say; a file with an
    /// unknown outcome or an empty numerator is refused, every problem named.
    @Test func theRateDefinitionsFileIsReadAndChecked() throws {
        let data = try Data(contentsOf: DeadlineFixtures.repoRoot.appendingPathComponent("Resources/Registers/case-rates.json"))
        #expect(try CaseRateDefinitions.parse(data) == .standard)
        let local = Data(
            #"""
            {"correction": {"name": "纠错率", "numerator": ["revoked", "mediated"], "denominator": ["revoked", "upheld", "mediated"], "text": "x"},
             "comprehensiveCorrection": {"name": "综合", "numerator": ["revoked"], "denominator": null, "text": "y"},
             "loss": {"name": "败诉率", "numerator": ["revoked"], "denominator": null, "text": "z"}}
            """#.utf8)
        let parsed = try CaseRateDefinitions.parse(local)
        #expect(!parsed.countsSelfCorrected)
        // 调解 counted as a correction here; 驳回申请 outside the denominator.
        let rate = parsed.correction.rate(counts: [.revoked: 1, .mediated: 2, .upheld: 3, .applicationRejected: 4])
        #expect((rate.numerator, rate.denominator) == (3, 6))
        let bad = Data(
            #"""
            {"correction": {"name": "纠错率", "numerator": ["overturned"], "denominator": null, "text": "x"},
             "comprehensiveCorrection": {"name": "", "numerator": [], "denominator": null, "text": "y"},
             "loss": {"name": "败诉率", "numerator": ["revoked"], "denominator": ["lost"], "text": "z"}}
            """#.utf8)
        let failure = try #require(throws: ValidationFailure.self) { try CaseRateDefinitions.parse(bad) }
        let text = failure.errors.map(\.message).joined(separator: "\n")
        #expect(text.contains("overturned") && text.contains("lost") && text.contains("分子不能为空") && text.contains("名称"))
        #expect(throws: ValidationFailure.self) { try CaseRateDefinitions.parse(Data("{".utf8)) }
    }
}
