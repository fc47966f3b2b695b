import Foundation
import Testing
@testable import FazhiCore

/// 行政监督 clocks around the 2025 and 2026 holidays, counted by hand on the published notices
/// (2026: 春节 02-15–02-23 off, Saturdays 02-14 and 02-28 worked; 国庆 10-01–10-07 off, Sunday 09-20 and
/// Saturday 10-10 worked), and the indicators on hand-counted figures.
@Suite struct OversightRulesTests {
    let engine = DeadlineFixtures.engine
    let rules = DeadlineFixtures.catalogue
    let settings = OversightSettings.standard
    func d(_ s: String) -> LocalDate { LocalDate(s)! }

    func reply(_ channel: OversightChannel, _ start: String, complex: Bool = false, extension days: Int = 0, audit: String? = nil) throws
        -> DeadlineEngine.Result
    {
        try OversightClock.replyDue(
            channel: channel, start: d(start), complex: complex, extensionDays: days, auditDue: audit.map(d), settings: settings, engine: engine,
            rules: rules)
    }

    /// 代表法第五十一条: three calendar months from 交办; November has no 31st problem, February is short.
    @Test func deputySuggestionsRunThreeCalendarMonthsOrSix() throws {
        // 2025-11-30 + 3 个月 = 2026-02-28, a Saturday that is a make-up working day: it stays.
        let short = try reply(.deputy, "2025-11-30")
        #expect(short.due == d("2026-02-28") && short.provisional == nil)
        // 2026-11-30 + 3 个月 = 2027-02-28, a Sunday; 2027's notice is not loaded, so weekends only: Monday 03-01, 暂定.
        let ahead = try reply(.deputy, "2026-11-30")
        #expect(ahead.due == d("2027-03-01") && ahead.provisional != nil)
        // A leap year: 11-30 + 3 个月 = 02-29.
        #expect(DeadlineEngine.addingMonths(3, to: d("2027-11-30")) == d("2028-02-29"))
        #expect(DeadlineEngine.addingMonths(3, to: d("2026-11-30")) == d("2027-02-28"))
        // Complex: six months from 03-20 is 09-20, a Sunday worked before 国庆.
        #expect(try reply(.deputy, "2026-03-20", complex: true).due == d("2026-09-20"))
        // 政协提案 by the settings (three months): 03-23 → 06-23.
        #expect(try reply(.proposal, "2026-03-23").due == d("2026-06-23"))
    }

    /// 信访工作条例: 15 日 to register, 60 日 from 受理 plus at most 30, 复查 30 日.
    @Test func petitionClocksRollPastTheNationalDayHoliday() throws {
        // 09-20 + 15 日 = 10-05, inside 国庆 (10-01–10-07): the next working day, 10-08.
        #expect(try OversightClock.petitionRegisterDue(received: d("2026-09-20"), engine: engine, rules: rules).due == d("2026-10-08"))
        // Accepted 08-03: + 60 日 = 10-02 (holiday) → 10-08.
        #expect(try reply(.petition, "2026-08-03").due == d("2026-10-08"))
        // Extended by 30: counted from 10-08 (the period's legal end), 11-07 is a Saturday → Monday 11-09.
        let extended = try reply(.petition, "2026-08-03", extension: 30)
        #expect(extended.due == d("2026-11-09") && extended.firstDue == d("2026-10-08"))
        #expect(OversightClock.petitionExtensionLimit(rules: rules) == 30)
        // 复查 asked 12-10: + 30 日 = 2027-01-09, a Saturday beyond the loaded calendar → Monday 01-11, 暂定.
        let review = try OversightClock.petitionReviewDue(requested: d("2026-12-10"), engine: engine, rules: rules)
        #expect(review.due == d("2027-01-11") && review.provisional != nil)
        #expect(try OversightClock.petitionReviewRequestBy(answered: d("2026-11-02"), engine: engine, rules: rules).due == d("2026-12-02"))
    }

    @Test func hotlineAuditAndSecondReplyClocks() throws {
        // Five working days from Wed 09-30: 10-08, 10-09, Sat 10-10 (worked), 10-12, 10-13.
        #expect(try reply(.hotline, "2026-09-30").due == d("2026-10-13"))
        // The audit report sets the period; without it nothing is computed.
        #expect(try reply(.audit, "2026-09-01", audit: "2026-12-31").due == d("2026-12-31"))
        #expect(throws: DeadlineError.self) { try reply(.audit, "2026-09-01") }
        // 不满意 on 09-02: 30 日 → 10-02 (holiday) → 10-08.
        #expect(try OversightClock.secondReplyDue(rated: d("2026-09-02"), settings: settings, engine: engine).due == d("2026-10-08"))
    }

    @Test func dissatisfactionReopensOnceThenTheSecondRatingStands() {
        #expect(SatisfactionLoop.outcome(.dissatisfied, round: 1) == .reopen)
        #expect(SatisfactionLoop.outcome(.dissatisfied, round: 2) == .close)
        #expect(SatisfactionLoop.outcome(.basically, round: 1) == .close)
        #expect(Satisfaction.basically.counts && !Satisfaction.dissatisfied.counts)
        #expect(!OversightChannel.audit.asksSatisfaction && OversightChannel.proposal.publishesReplies && !OversightChannel.petition.publishesReplies)
    }

    @Test func settingsRejectImpossiblePeriods() throws {
        #expect(try OversightSettings.parse(Data(#"{"hotlineWorkdays": 3}"#.utf8)).hotlineWorkdays == 3)
        #expect(try OversightSettings.parse(Data("{}".utf8)) == .standard)
        let bad = #"{"proposalMonths": 7, "proposalComplexMonths": 6, "examPassMark": 0}"#
        #expect(throws: ValidationFailure.self) { try OversightSettings.parse(Data(bad.utf8)) }
        #expect(throws: ValidationFailure.self) { try OversightSettings.parse(Data("not json".utf8)) }
    }

    /// Eleven indicators on counted figures: 12 of 15 on time = 80.0%, 2 of 3 satisfied = 66.7%,
    /// 43.5 hours over 10 people = 4.4 学时 (4.35 rounded half up), nothing counted shows "—".
    @Test func indicatorsShowNumeratorDenominatorAndDash() {
        var c = OversightCounts()
        c.suggestionsDue = 15
        c.suggestionsOnTime = 12
        c.suggestionsRated = 3
        c.suggestionsSatisfied = 2
        c.preMeetingSessions = 4
        c.studyTenths = 435
        c.studyPeople = 10
        let all = OversightRates.indicators(c)
        #expect(all.count == OversightRates.definitions.count)
        let byKey = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })
        #expect(byKey["suggestionOnTime"]?.text == "12/15(80.0%)")
        #expect(byKey["suggestionSatisfaction"]?.text == "2/3(66.7%)")
        #expect(byKey["preMeetingStudy"]?.text == "4 次" && byKey["preMeetingStudy"]?.value == 4)
        #expect(byKey["studyHours"]?.text == "4.4 学时" && byKey["studyHours"]?.value == 4.35)
        #expect(byKey["auditRectification"]?.text == "—" && byKey["auditRectification"]?.value == nil)
        var district = OversightCounts()
        district.add(c)
        district.add(c)
        #expect(OversightRates.indicators(district)[0].text == "24/30(80.0%)")
    }

    @Test func studyHoursAreTenthsWithOneDecimal() {
        #expect(StudyHours.tenths("1.5") == 15 && StudyHours.tenths(" 2 ") == 20 && StudyHours.tenths("0.5") == 5)
        for bad in ["", "0", "0.4", "1.25", "+2", "-1", "abc", "1.", ".5", "101", "１"] { #expect(StudyHours.tenths(bad) == nil, "\(bad)") }
        #expect(StudyHours.text(15) == "1.5" && StudyHours.text(40) == "4")
    }

    /// The import takes every row or none, naming each bad row by its spreadsheet number.
    @Test func itemImportChecksEveryRow() throws {
        let header = ["来源", "编号", "标题", "提出人", "主办单位", "协办单位", "交办日期", "复杂件", "整改期限", "内容"]
        let good = ["人大代表建议", "2026-001", "关于加装电梯的建议", "王某代表", "csglj", "tdzbzx", "2026-03-20", "否", "", ""]
        let rows = try OversightImport.parseItems([header, good], knownUnits: ["csglj", "tdzbzx"], today: d("2026-11-26"))
        #expect(rows.count == 1 && rows[0].channel == .deputy && rows[0].coUnitKeys == ["tdzbzx"] && rows[0].assignedOn == d("2026-03-20"))
        let bad = [
            header, good, good,  // duplicate number: row 3
            ["审计", "某审〔2026〕1号", "审计整改", "", "csglj", "", "2026-09-01", "", "", ""],  // no period: row 4
            ["来信", "X1", "诉求", "", "nobody", "csglj", "2026-13-01", "也许", "", ""],  // row 5
            ["12345", "GD1", "投诉", "", "csglj", "csglj", "2026-12-30", "", "", ""],  // co-unit is the lead, future date: row 6
        ]
        do {
            _ = try OversightImport.parseItems(bad, knownUnits: ["csglj", "tdzbzx"], today: d("2026-11-26"))
            Issue.record("a bad file was accepted")
        } catch let f as ValidationFailure {
            let text = f.errors.map(\.message).joined(separator: "\n")
            #expect(f.errors.count == 4)
            #expect(text.contains("第 3 行") && text.contains("与第 2 行重复"))
            #expect(text.contains("第 4 行:审计整改须填写整改期限"))
            #expect(text.contains("第 5 行") && text.contains("来源“来信”") && text.contains("nobody") && text.contains("复杂件“也许”"))
            #expect(text.contains("第 6 行") && text.contains("协办单位不能包括主办单位") && text.contains("晚于今天"))
        }
    }

    @Test func examImportReadsScoresAndAbsences() throws {
        let rows = try OversightImport.parseExam(
            [["单位", "姓名", "成绩"], ["csglj", "王伟", "86"], ["csglj", "李芳", "缺考"], ["csglj", "张敏", ""]], knownUnits: ["csglj"])
        #expect(rows.map(\.score) == [86, nil, nil])
        #expect(throws: ValidationFailure.self) {
            try OversightImport.parseExam([["单位", "姓名", "成绩"], ["csglj", "王伟", "101"], ["csglj", "王伟", "80"]], knownUnits: ["csglj"])
        }
        #expect(throws: ValidationFailure.self) { try OversightImport.parseExam([["姓名", "成绩"], ["王伟", "80"]], knownUnits: ["csglj"]) }
    }
}
