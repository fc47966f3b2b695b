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
        let suggestion = try #require(F.catalogue.rule("deputy.suggestion"))
        let complex = try engine.due(DeadlineRequest(rule: suggestion, start: F.d("2026-03-10"), extensionLength: 3))
        #expect(complex.firstDue == F.d("2026-06-10"))
        #expect(complex.due == F.d("2026-09-10"))
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

    @Test func backwardPeriodsLeaveEnoughWorkingDaysBeforeTheMeeting() throws {
        let rule = try #require(F.catalogue.rule("decision.legalReview"))
        #expect(try engine.due(DeadlineRequest(rule: rule, start: F.d("2026-03-19"))).due == F.d("2026-03-10"))
        #expect(try engine.due(DeadlineRequest(rule: rule, start: F.d("2026-02-26"))).due == F.d("2026-02-10"),
                "春节 skipped, the make-up Saturday 02-14 counts")
    }

    @Test func datesOutsideTheCalendarAreErrorsNeverGuesses() throws {
        #expect(throws: DeadlineError.outsideCalendar(F.d("2024-12-31"), loaded: 2025...2026)) { try workdays("2024-12-31", 5) }
        #expect(throws: DeadlineError.beyondCalendar(loaded: 2025...2026)) { try workdays("2026-12-20", 20) }
        #expect(throws: DeadlineError.beyondCalendar(loaded: 2025...2026)) {
            try engine.due(DeadlineRequest(start: F.d("2026-12-01"), length: 60, unit: .day))
        }
        #expect(throws: DeadlineError.self) { try F.calendar.isWorkday(F.d("2027-01-04")) }
    }

    @Test func rulesRefuseUnlawfulExtensionsAndPauses() throws {
        let reply = try #require(F.catalogue.rule("goi.reply"))
        #expect(throws: DeadlineError.self) { try engine.due(DeadlineRequest(rule: reply, start: F.d("2026-03-02"), extensionLength: 21)) }
        let penalty = try #require(F.catalogue.rule("penalty.decision"))
        #expect(throws: DeadlineError.self) { try engine.due(DeadlineRequest(rule: penalty, start: F.d("2026-03-02"), extensionLength: 10)) }
        #expect(throws: DeadlineError.self) {
            try engine.due(DeadlineRequest(rule: penalty, start: F.d("2026-03-02"), pauses: [DateRange(from: F.d("2026-03-03"), to: F.d("2026-03-04"))]))
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
