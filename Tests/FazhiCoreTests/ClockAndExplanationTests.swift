import Testing
@testable import FazhiCore

@Suite struct ClockAndExplanationTests {
    typealias F = DeadlineFixtures

    func status(due: String, today: String, met: String? = nil, paused: String? = nil) throws -> ClockStatus {
        try ClockStatus.of(due: F.d(due), today: F.d(today), metOn: met.map(F.d), pausedBecause: paused, calendar: F.calendar)
    }

    @Test func clockStatesFollowTheCalendar() throws {
        #expect(try status(due: "2026-03-16", today: "2026-03-02") == .onTime(workdaysLeft: 10))
        #expect(try status(due: "2026-03-16", today: "2026-03-11") == .dueSoon(workdaysLeft: 3))
        #expect(try status(due: "2026-03-16", today: "2026-03-16") == .dueSoon(workdaysLeft: 0))
        #expect(try status(due: "2026-03-16", today: "2026-03-18") == .overdue(workdaysLate: 2, daysLate: 2))
        #expect(try status(due: "2026-03-16", today: "2026-03-10", met: "2026-03-10") == .met(workdaysEarly: 4))
        #expect(try status(due: "2026-03-16", today: "2026-03-20", met: "2026-03-17") == .metLate(workdaysLate: 1))
        // 春节: due 02-13, today 02-23 — nine calendar days late, no working day in between.
        #expect(
            try status(due: "2026-02-13", today: "2026-02-23") == .overdue(workdaysLate: 1, daysLate: 10),
            "only the make-up Saturday 02-14 is a working day")
        #expect(try status(due: "2026-02-13", today: "2026-02-22") == .overdue(workdaysLate: 1, daysLate: 9))
    }

    @Test func lawfullyStoppedClocksAreNeverOverdue() throws {
        #expect(try status(due: "2026-03-16", today: "2026-04-30", paused: "等待申请人补正") == .paused(reason: "等待申请人补正"))
        // An approved extension moves the due date itself: the old date no longer makes the item overdue.
        let extended = try F.engine.due(DeadlineRequest(start: F.d("2026-02-10"), length: 20, unit: .workday, extensionLength: 20))
        #expect(try ClockStatus.of(due: extended.due, today: F.d("2026-03-20"), calendar: F.calendar).code == "on_time")
    }

    @Test func theExplanationShowsEverySkippedDayAndWhy() throws {
        let rule = try #require(F.catalogue.rule("goi.reply"))
        let explanation = try F.engine.explain(DeadlineRequest(rule: rule, start: F.d("2026-02-10"), extensionLength: 20))
        let text = explanation.lines.map(\.text)
        #expect(explanation.result.due == F.d("2026-04-14"))
        #expect(text.contains { $0.contains("起算日 2026-02-10(周二) 当日不计入") })
        #expect(text.contains("2026-02-14(周六) 调休上班(春节),计第 4 个工作日"))
        #expect(text.contains("2026-02-15(周日) 至 2026-02-23(周一) 春节假期,不计"))
        #expect(text.contains { $0.contains("计入,第 20 个工作日") && $0.contains("2026-03-16") })
        #expect(text.contains { $0.contains("政府信息公开工作机构负责人批准延长 20 个工作日") })
        #expect(text.contains("2026-04-04(周六) 至 2026-04-06(周一) 清明节假期,不计"))
        #expect(text.last == "届满日:2026-04-14(周二)")
    }

    @Test func theExplanationNamesPausesAndTheRollForward() throws {
        let pause = DateRange(from: F.d("2026-08-10"), to: F.d("2026-08-14"), reason: "行政复议中止")
        let rule = try #require(F.catalogue.rule("reconsideration.decision"))
        let explanation = try F.engine.explain(DeadlineRequest(rule: rule, start: F.d("2026-07-28"), pauses: [pause]))
        let text = explanation.lines.map(\.text)
        #expect(text.contains { $0.contains("行政复议中止,暂停计算 5 日") })
        #expect(text.contains { $0.contains("国庆节假期,顺延至其后第一个工作日 2026-10-08(周四)") })
        #expect(explanation.result.due == F.d("2026-10-08"))
    }

    @Test func calendarFilesAreCheckedBeforeUse() throws {
        var file = CalendarFile(years: [
            .init(year: 2027, notice: "x", holidays: [.init(name: "春节", from: F.d("2027-02-10"), to: F.d("2027-02-05"))], makeUpDays: [])
        ])
        #expect(throws: DeadlineError.self) { try file.calendar() }
        file.years[0].holidays = []
        file.years[0].makeUpDays = [.init(name: "春节", date: F.d("2027-02-03"))]  // a Wednesday
        #expect(throws: DeadlineError.self) { try file.calendar() }
        file.years[0].makeUpDays = []
        #expect(try file.calendar().workdayCount(year: 2027) == 261, "a year without holidays has only weekends off")
    }
}
