import Foundation
import Testing
@testable import FazhiCore

@Suite struct DeadlineEngineTests {
    typealias F = DeadlineFixtures
    let engine = F.engine

    func workdays(_ start: String, _ n: Int, pauses: [DateRange] = [], extend: Int = 0) throws -> LocalDate {
        try engine.due(DeadlineRequest(start: F.d(start), length: n, unit: .workday, pauses: pauses, extensionLength: extend)).due
    }

    @Test func eachYearHas248WorkingDays() throws {
        #expect(try F.calendar.workdayCount(year: 2025) == 248)
        #expect(try F.calendar.workdayCount(year: 2026) == 248)
    }

    @Test func theWorkedExampleOfDomainLaw() throws {
        #expect(try workdays("2026-02-10", 20) == F.d("2026-03-16"))
        #expect(try workdays("2026-02-10", 20, extend: 20) == F.d("2026-04-14"))
        let rule = try #require(F.catalogue.rule("goi.reply"))
        let result = try engine.due(DeadlineRequest(rule: rule, start: F.d("2026-02-10"), extensionLength: 20))
        #expect(result.firstDue == F.d("2026-03-16"))
        #expect(result.due == F.d("2026-04-14"))
    }

    /// "At least one working day late" as a single date comparison (what the problem list asks SQL):
    /// over two years of todays and every due date up to 40 days before, `due < lastWorkday(today)`
    /// agrees with counting the working days from the day after `due` to `today`.
    @Test func lastWorkdayTurnsWorkingDaysLateIntoOneComparison() throws {
        #expect(try F.calendar.lastWorkday(onOrBefore: F.d("2025-03-09")) == F.d("2025-03-07"))  // Sunday → Friday
        #expect(try F.calendar.lastWorkday(onOrBefore: F.d("2025-03-07")) == F.d("2025-03-07"))
        var today = F.d("2025-01-10")
        while today <= F.d("2026-12-31") {
            let last = try #require(try F.calendar.lastWorkday(onOrBefore: today))
            for back in 0...40 {
                let due = today.adding(days: -back)
                guard due >= F.calendar.firstDate else { continue }
                let late = try F.calendar.workdays(from: due.adding(days: 1), to: today) > 0
                #expect(late == (due < last), "due \(due), today \(today)")
            }
            today = today.adding(days: 1)
        }
    }

    /// One working day from each side of every 2025 and 2026 holiday block and make-up day.
    @Test(arguments: [
        ("2025-01-01", "2025-01-02"), ("2025-01-24", "2025-01-26"), ("2025-01-26", "2025-01-27"), ("2025-01-27", "2025-02-05"),
        ("2025-02-07", "2025-02-08"), ("2025-02-08", "2025-02-10"), ("2025-04-03", "2025-04-07"), ("2025-04-25", "2025-04-27"),
        ("2025-04-30", "2025-05-06"), ("2025-05-30", "2025-06-03"), ("2025-09-26", "2025-09-28"), ("2025-09-30", "2025-10-09"),
        ("2025-10-10", "2025-10-11"), ("2025-10-11", "2025-10-13"),
        ("2026-01-01", "2026-01-04"), ("2026-01-04", "2026-01-05"), ("2026-02-13", "2026-02-14"), ("2026-02-14", "2026-02-24"),
        ("2026-02-27", "2026-02-28"), ("2026-02-28", "2026-03-02"), ("2026-04-03", "2026-04-07"), ("2026-04-30", "2026-05-06"),
        ("2026-05-08", "2026-05-09"), ("2026-05-09", "2026-05-11"), ("2026-06-18", "2026-06-22"), ("2026-09-18", "2026-09-20"),
        ("2026-09-20", "2026-09-21"), ("2026-09-24", "2026-09-28"), ("2026-09-30", "2026-10-08"), ("2026-10-09", "2026-10-10"),
        ("2026-10-10", "2026-10-12"),
    ])
    func oneWorkingDayAcrossEveryHolidayEdge(start: String, expected: String) throws {
        #expect(try workdays(start, 1) == F.d(expected))
    }

    @Test func calendarDayPeriodsRollOffRestDaysButNotOffMakeUpSaturdays() throws {
        let decision = try #require(F.catalogue.rule("reconsideration.decision"))
        // 60 days after 2026-08-02 is 10-01, 国庆节: the period ends on the next working day.
        #expect(try engine.due(DeadlineRequest(rule: decision, start: F.d("2026-08-02"))).due == F.d("2026-10-08"))
        // 30 days after 2026-01-29 is 02-28, a make-up Saturday: a working day, so it stays.
        #expect(try engine.due(DeadlineRequest(start: F.d("2026-01-29"), length: 30, unit: .day)).due == F.d("2026-02-28"))
        // A plain Saturday moves to Monday.
        #expect(try engine.due(DeadlineRequest(start: F.d("2026-03-04"), length: 3, unit: .day)).due == F.d("2026-03-09"))
        let penalty = try #require(F.catalogue.rule("penalty.decision"))
        #expect(try engine.due(DeadlineRequest(rule: penalty, start: F.d("2025-11-05"))).due == F.d("2026-02-03"))
    }

    @Test func monthPeriodsEndOnTheSameDayOrTheMonthsLastDay() throws {
        func months(_ start: String, _ n: Int) throws -> LocalDate {
            try engine.due(DeadlineRequest(start: F.d(start), length: n, unit: .month)).due
        }
        #expect(try months("2026-01-31", 1) == F.d("2026-02-28"), "no 31 February; 28 February 2026 is a make-up Saturday")
        #expect(try months("2025-01-31", 1) == F.d("2025-02-28"))
        #expect(try months("2026-03-31", 3) == F.d("2026-06-30"))
        #expect(try months("2026-08-31", 1) == F.d("2026-09-30"))
        #expect(try months("2026-07-01", 3) == F.d("2026-10-08"), "10-01 is 国庆节, so the next working day")
        #expect(try months("2025-05-17", 3) == F.d("2025-08-18"), "08-17 is a Sunday")
        #expect(DeadlineEngine.addingMonths(12, to: F.d("2024-02-29")) == F.d("2025-02-28"))
        // 代表法第五十一条: 3 months from 交办, complex ones 6 months from 交办 — not 3 + 3 from a
        // rolled-forward date. Assigned Friday 2026-05-15: 3 months end Saturday 08-15 → Monday 08-17;
        // 6 months end Sunday 11-15 → Monday 11-16 (3 + 3 from 08-17 would give Tuesday 11-17).
        let suggestion = try #require(F.catalogue.rule("deputy.suggestion"))
        let complexRule = try #require(F.catalogue.rule("deputy.suggestionComplex"))
        #expect(suggestion.extensionLimit == nil, "the longer period is its own rule, not an extension")
        #expect(try engine.due(DeadlineRequest(rule: suggestion, start: F.d("2026-05-15"))).due == F.d("2026-08-17"))
        #expect(try engine.due(DeadlineRequest(rule: complexRule, start: F.d("2026-05-15"))).due == F.d("2026-11-16"))
        #expect(try engine.due(DeadlineRequest(rule: complexRule, start: F.d("2026-03-10"))).due == F.d("2026-09-10"))
    }

    @Test func pausedDaysDoNotCountAndARestartCountsAgain() throws {
        let consult = DateRange(from: F.d("2026-03-05"), to: F.d("2026-03-18"), reason: "征求第三方意见")
        // 2026-03-02 + 20 wd would be 03-30; ten paused working days push it to 04-14 (清明 04-04–06 skipped).
        #expect(try workdays("2026-03-02", 20) == F.d("2026-03-30"))
        #expect(try workdays("2026-03-02", 20, pauses: [consult]) == F.d("2026-04-14"))
        #expect(try workdays("2026-03-02", 20, pauses: [consult]) == (try F.naive(start: F.d("2026-03-02"), 20, unit: .workday, pauses: [consult])))
        let rule = try #require(F.catalogue.rule("goi.reply"))
        let restarted = try engine.due(DeadlineRequest(rule: rule, start: F.d("2026-03-02"), restartedOn: F.d("2026-03-12")))
        #expect(restarted.due == F.d("2026-04-10"), "20 working days from the clarified request, 清明 skipped")
        #expect(restarted.countedFrom == F.d("2026-03-12"))
    }

    /// 重大行政决策程序暂行条例第二十七条: the reviewer gets at least 7 working days, which must end
    /// before the meeting; the day of submission is not counted. Meeting Thursday 2026-03-19: review
    /// days 03-18, 17, 16, 13, 12, 11, 10 (7) → submit by Monday 03-09, the 8th working day before.
    /// Meeting Thursday 2026-02-26: 02-25, 24 (2), 春节 02-15…23 skipped, make-up Saturday 02-14 (3),
    /// 02-13, 12, 11, 10 (7) → submit by Monday 02-09.
    @Test func backwardPeriodsLeaveEnoughWorkingDaysBeforeTheMeeting() throws {
        let rule = try #require(F.catalogue.rule("decision.legalReview"))
        #expect(try engine.due(DeadlineRequest(rule: rule, start: F.d("2026-03-19"))).due == F.d("2026-03-09"))
        #expect(
            try engine.due(DeadlineRequest(rule: rule, start: F.d("2026-02-26"))).due == F.d("2026-02-09"),
            "春节 skipped, the make-up Saturday 02-14 counts")
        let trace = try engine.explain(DeadlineRequest(rule: rule, start: F.d("2026-03-19")))
        #expect(trace.lines.contains { $0.text.contains("2026-03-10(周二) 至 2026-03-18(周三) 含 7 个工作日") })
    }

    @Test func datesBeforeTheCalendarAreErrorsNeverGuesses() throws {
        #expect(throws: DeadlineError.outsideCalendar(F.d("2024-12-31"), loaded: 2025...2026)) { try workdays("2024-12-31", 5) }
        #expect(throws: DeadlineError.outsideCalendar(F.d("2024-12-31"), loaded: 2025...2026)) { try F.calendar.isWorkday(F.d("2024-12-31")) }
        // Past the last computable year (2100) nothing is guessed either.
        #expect(throws: DeadlineError.beyondCalendar(loaded: 2025...2100)) { try workdays("2100-12-20", 20) }
    }

    /// The 2027 notice is not loaded: 2027 counts Monday–Friday and every result reaching into it is 暂定.
    ///
    /// Worked by hand: 20 working days from Sunday 2026-12-20 — 12-21…25 (5), 12-28…31 (9), then
    /// 2027 assumed: Fri 01-01 (10), 01-04…08 (15), 01-11…15 (20) → 2027-01-15 (暂定). 60 calendar
    /// days from 2026-12-01 end on Saturday 2027-01-30, rolled to Monday 2027-02-01 (暂定).
    @Test func nextYearWithoutItsNoticeCountsWeekendsOnlyAndIsProvisional() throws {
        let across = try engine.due(DeadlineRequest(start: F.d("2026-12-20"), length: 20, unit: .workday))
        #expect(across.due == F.d("2027-01-15"))
        #expect(across.provisional == ProvisionalMark(years: 2027...2027))
        #expect(across.provisional?.reason.contains("2027 年节假日安排尚未发布") == true)
        let days = try engine.due(DeadlineRequest(start: F.d("2026-12-01"), length: 60, unit: .day))
        #expect(days.due == F.d("2027-02-01"))
        #expect(days.provisional != nil)
        let inside = try engine.due(DeadlineRequest(start: F.d("2026-11-02"), length: 20, unit: .workday))
        #expect(inside.due == F.d("2026-11-30"))
        #expect(inside.provisional == nil, "a result inside the loaded years is never provisional")
        #expect(try F.calendar.isWorkday(F.d("2027-01-01")), "no notice: a Friday counts")
        #expect(!(try F.calendar.isWorkday(F.d("2027-01-02"))))
        #expect(F.calendar.isProvisional(F.d("2027-01-01")) && !F.calendar.isProvisional(F.d("2026-12-31")))
        let years = try engine.due(DeadlineRequest(start: F.d("2026-12-01"), length: 14, unit: .month))
        #expect(years.due == F.d("2028-02-01"), "2028-02-01 is a Tuesday")
        #expect(years.provisional == ProvisionalMark(years: 2027...2028))
        // Backwards: a meeting on Friday 2027-01-08 needs 7 working days before it — 01-07, 06, 05,
        // 04, 01 (assumed), 2026-12-31, 12-30 → submitted by 2026-12-29, provisional.
        let review = try #require(F.catalogue.rule("decision.legalReview"))
        let back = try engine.due(DeadlineRequest(rule: review, start: F.d("2027-01-08")))
        #expect(back.due == F.d("2026-12-29"))
        #expect(back.provisional != nil)
    }

    /// Years after the loaded notices are counted arithmetically (no tables): every count and every
    /// n-th working day agrees with walking the days one by one, across the end of the loaded years.
    @Test func provisionalYearsAgreeWithADayByDayWalk() throws {
        let calendar = F.calendar
        var day = F.d("2026-12-01")
        var counted = try calendar.count(through: day)
        while day < F.d("2029-03-01") {
            day = day.adding(days: 1)
            if try calendar.isWorkday(day) {
                #expect(try calendar.workday(at: counted) == day, "\(day)")
                counted += 1
            }
            #expect(try calendar.count(through: day) == counted, "\(day)")
            #expect(try calendar.count(before: day.adding(days: 1)) == counted)
        }
        #expect(try calendar.workdayCount(year: 2027) == 261, "2027 without a notice: 52 weeks and one Friday")
        #expect(throws: DeadlineError.beyondCalendar(loaded: 2025...2100)) { try calendar.workday(at: Int(Int32.max)) }
    }

    /// The case: received Monday 2026-11-30, 20 working days → 2026-12-28 (firm); a lawful
    /// extension of 20 more (第三十三条第二款) with 2027 assumed: 12-29…31 (3), Fri 01-01 (4),
    /// 01-04…08 (9), 01-11…15 (14), 01-18…22 (19), 01-25 (20) → 2027-01-25 (暂定). Once the 2027
    /// notice makes 01-01…03 元旦, the count is 3, 8, 13, 18, 01-25 (19), 01-26 (20) → 2027-01-26, firm.
    @Test func importingTheNoticeRecomputesTheProvisionalDate() throws {
        let rule = try #require(F.catalogue.rule("goi.reply"))
        let before = try engine.due(DeadlineRequest(rule: rule, start: F.d("2026-11-30"), extensionLength: 20))
        #expect(before.firstDue == F.d("2026-12-28"))
        #expect(before.due == F.d("2027-01-25"))
        #expect(before.provisional != nil)
        let explanation = try engine.explain(DeadlineRequest(rule: rule, start: F.d("2026-11-30"), extensionLength: 20))
        #expect(explanation.lines.last?.kind == .provisional)
        #expect(explanation.lines.contains { $0.text.contains("2027-01-02(周六) 至 2027-01-03(周日) 周末,不计(暂定)") })
        var file = try JSONDecoder().decode(
            CalendarFile.self, from: Data(contentsOf: F.repoRoot.appendingPathComponent("Resources/Calendar/cn-2025-2026.json")))
        file.years.append(
            .init(year: 2027, notice: "测试通知", holidays: [.init(name: "元旦", from: F.d("2027-01-01"), to: F.d("2027-01-03"))], makeUpDays: []))
        let after = try DeadlineEngine(calendar: file.calendar()).due(DeadlineRequest(rule: rule, start: F.d("2026-11-30"), extensionLength: 20))
        #expect(after.due == F.d("2027-01-26"))
        #expect(after.provisional == nil)
    }

    /// A reconsideration decision (行政复议法第六十二条): 60 days from acceptance on Monday 2026-08-03
    /// end on Friday 10-02, inside 国庆 (10-01…07), so the period ends on Thursday 10-08 (民法典第二百零三条).
    /// The approved 30 days run from the day after 10-08: 11-07 is a Saturday → Monday 11-09 (counted from
    /// the raw 10-02 it would have been 11-02).
    @Test func anExtensionRunsFromTheRolledForwardDueDate() throws {
        let rule = try #require(F.catalogue.rule("reconsideration.decision"))
        let result = try engine.due(DeadlineRequest(rule: rule, start: F.d("2026-08-03"), extensionLength: 30))
        #expect(result.firstDue == F.d("2026-10-08"))
        #expect(result.due == F.d("2026-11-09"))
        #expect(rule.note?.contains("顺延后之日") == true)
    }

    /// The rules the catalogue lacked (#20), each worked by hand.
    @Test func litigationHearingAndSimplifiedReconsiderationRules() throws {
        func due(_ id: String, _ start: String) throws -> LocalDate {
            try engine.due(DeadlineRequest(rule: try #require(F.catalogue.rule(id)), start: F.d(start))).due
        }
        // 行政诉讼法第四十六条: 6 months from knowing, 2026-03-10 → Thursday 09-10.
        #expect(try due("litigation.file", "2026-03-10") == F.d("2026-09-10"))
        // 第四十五条: 15 days after the decision was received, 2026-09-15 → 09-30 (Wednesday; 国庆 starts 10-01).
        #expect(try due("litigation.afterReconsideration", "2026-09-15") == F.d("2026-09-30"))
        // 第六十七条: 15 days for the defendant, 2026-09-20 → 10-05 falls in 国庆 (10-01…07) → Thursday 10-08.
        #expect(try due("litigation.answer", "2026-09-20") == F.d("2026-10-08"))
        // 行政处罚法第六十四条、第八十五条: 5 working days to ask for a hearing, told Friday 2026-04-03:
        // 清明 04-04…06 skipped → 04-07, 08, 09, 10, 13 → Monday 04-13.
        #expect(try due("penalty.hearingRequest", "2026-04-03") == F.d("2026-04-13"))
        // The notice at least 7 working days before a hearing on Monday 2026-03-23, the notice day not
        // counted: 03-20, 19, 18, 17, 16, 13, 12 (7) → notify by Wednesday 03-11.
        #expect(try due("penalty.hearingNotice", "2026-03-23") == F.d("2026-03-11"))
        // 行政复议法第五十四条: copy in 3 and answer in 5 working days; 第三十一条: the applicant's 10.
        // From Friday 2026-03-06: 03-09, 10, 11 (3); 12, 13 (5); 16…20 (10).
        #expect(try due("reconsideration.simplifiedCopy", "2026-03-06") == F.d("2026-03-11"))
        #expect(try due("reconsideration.simplifiedAnswer", "2026-03-06") == F.d("2026-03-13"))
        #expect(try due("reconsideration.applicantClarify", "2026-03-06") == F.d("2026-03-20"))
        // 行政许可法第四十五条: hearings, testing and expert review are not counted — the rule takes pauses.
        let licensing = try #require(F.catalogue.rule("licensing.decision"))
        #expect(licensing.pausable && licensing.basis.contains("第四十五条"))
        #expect(try F.catalogue.rule("decision.legalReview")?.basis == "《重大行政决策程序暂行条例》第二十七条")
    }

    @Test func rulesRefuseUnlawfulExtensionsAndPauses() throws {
        let reply = try #require(F.catalogue.rule("goi.reply"))
        #expect(throws: DeadlineError.self) { try engine.due(DeadlineRequest(rule: reply, start: F.d("2026-03-02"), extensionLength: 21)) }
        // A penalty's 90 days (第六十条) extend only where a rule allows it, by at most 30 days with the
        // head's approval (e.g. 《市场监督管理行政处罚程序规定》第六十四条).
        let penalty = try #require(F.catalogue.rule("penalty.decision"))
        #expect(throws: DeadlineError.self) { try engine.due(DeadlineRequest(rule: penalty, start: F.d("2026-03-02"), extensionLength: 31)) }
        #expect(penalty.extensionLimit?.max == 30 && (penalty.note ?? "").contains("规章"))
        #expect(throws: DeadlineError.self) {
            try engine.due(
                DeadlineRequest(rule: penalty, start: F.d("2026-03-02"), pauses: [DateRange(from: F.d("2026-03-03"), to: F.d("2026-03-04"))]))
        }
        #expect(throws: DeadlineError.self) { try workdays("2026-03-02", 0) }
    }

    @Test func everyCatalogueRuleHasItsLegalBasis() {
        #expect(F.catalogue.rules.count >= 15)
        for rule in F.catalogue.rules {
            #expect(rule.basis.contains("《") && rule.basis.contains("第"), "\(rule.id)")
        }
        #expect(Set(F.catalogue.rules.map(\.id)).count == F.catalogue.rules.count)
    }
}
