import Foundation
import Testing
@testable import FazhiCore

@Suite struct ProblemRulesTests {
    @Test func aProblemNeedsAUnitASourceAndDatedMeasures() throws {
        let good = ProblemInput(
            unitCode: "csglj", source: "assessment", title: "案卷不规范", description: "抽查发现", raisedOn: "2026-03-02",
            measures: [MeasureInput(text: "补正案卷", due: "2026-04-30"), MeasureInput(text: "", due: "")])
        let checked = try good.check(knownUnits: ["csglj"])
        #expect(checked.source == .assessment && checked.measures.count == 1, "blank rows are ignored")
        var bad = good
        bad.unitCode = "x"; bad.source = "rumour"; bad.raisedOn = "2026-13-01"
        bad.measures = [MeasureInput(text: "补正", due: "明天"), MeasureInput(text: "", due: "2026-05-01")]
        do {
            _ = try bad.check(knownUnits: ["csglj"])
            Issue.record("accepted")
        } catch let failure as ValidationFailure {
            #expect(failure.errors.map(\.field) == ["unit", "source", "raisedOn", "measures[0].due", "measures[1].text"])
            // An impossible date says so, apart from text that is no date at all.
            #expect(failure.errors.map(\.message).contains("发现日期“2026-13-01”不存在:月份应为 01 到 12"))
            #expect(failure.errors.contains { $0.field == "measures[0].due" && $0.message.contains("不是有效日期") })
        }
        var none = good
        none.measures = []
        #expect(throws: ValidationFailure.self) { try none.check(knownUnits: ["csglj"]) }
    }

    @Test func overdueCountsWorkingDaysAfterTheDueDate() throws {
        let calendar = try WorkCalendar(
            years: 2026...2026,
            entries: [
                .init(date: LocalDate("2026-10-01")!, kind: .holiday, name: "国庆节"),
                .init(date: LocalDate("2026-10-02")!, kind: .holiday, name: "国庆节"),
            ])
        let due = LocalDate("2026-09-30")!
        #expect(try ProblemRules.workdaysOverdue(due: due, doneOn: nil, today: due, calendar: calendar) == 0, "due today is not overdue")
        #expect(
            try ProblemRules.workdaysOverdue(due: due, doneOn: nil, today: LocalDate("2026-10-05")!, calendar: calendar) == 1,
            "holiday 10-01, 10-02 and the weekend do not count; Monday 10-05 does")
        #expect(try ProblemRules.workdaysOverdue(due: due, doneOn: LocalDate("2026-10-02"), today: LocalDate("2026-10-09")!, calendar: calendar) == 0)
        #expect(ProblemRules.number(year: 2026, sequence: 7) == "WT-2026-007")
    }
}
