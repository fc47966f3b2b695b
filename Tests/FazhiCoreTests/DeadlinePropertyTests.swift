import Testing
@testable import FazhiCore

/// Properties over thousands of seeded random cases in 2025–2026.
@Suite struct DeadlinePropertyTests {
    typealias F = DeadlineFixtures
    let engine = F.engine

    func randomStart(_ g: inout SeededGenerator, latest: String = "2026-07-31") -> LocalDate {
        let first = F.d("2025-01-01").dayNumber, last = F.d(latest).dayNumber
        return LocalDate(dayNumber: Int.random(in: first...last, using: &g))
    }

    func randomPauses(after start: LocalDate, _ g: inout SeededGenerator) -> [DateRange] {
        (0..<Int.random(in: 0...2, using: &g)).map { _ in
            let from = start.adding(days: Int.random(in: -5...40, using: &g))
            return DateRange(from: from, to: from.adding(days: Int.random(in: 0...20, using: &g)), reason: "暂停")
        }
    }

    @Test func theIndexedEngineAgreesWithTheDayByDayWalk() throws {
        var g = SeededGenerator(seed: 2026)
        for _ in 0..<3000 {
            let start = randomStart(&g)
            let unit = PeriodUnit.allCases.randomElement(using: &g)!
            let n = unit == .month ? Int.random(in: 1...3, using: &g) : Int.random(in: 1...60, using: &g)
            let pauses = randomPauses(after: start, &g)
            let fast = try engine.due(DeadlineRequest(start: start, length: n, unit: unit, pauses: pauses)).due
            let slow = try F.naive(start: start, n, unit: unit, pauses: pauses)
            #expect(fast == slow, "\(start) + \(n) \(unit) pauses \(pauses)")
        }
    }

    @Test func nThenMWorkingDaysIsNPlusM() throws {
        var g = SeededGenerator(seed: 85)
        for _ in 0..<2000 {
            let start = randomStart(&g)
            let n = Int.random(in: 1...40, using: &g), m = Int.random(in: 1...40, using: &g)
            let stepwise = try engine.due(DeadlineRequest(start: start, length: n, unit: .workday, extensionLength: m)).due
            let direct = try engine.due(DeadlineRequest(start: start, length: n + m, unit: .workday)).due
            #expect(stepwise == direct, "\(start) \(n)+\(m)")
        }
    }

    @Test func aWorkingDayDueDateIsAlwaysAWorkingDay() throws {
        var g = SeededGenerator(seed: 33)
        for _ in 0..<2000 {
            let start = randomStart(&g)
            for unit in PeriodUnit.allCases {
                let n = unit == .month ? Int.random(in: 1...2, using: &g) : Int.random(in: 1...45, using: &g)
                let due = try engine.due(DeadlineRequest(start: start, length: n, unit: unit, pauses: randomPauses(after: start, &g))).due
                #expect(try F.calendar.isWorkday(due), "\(start) + \(n) \(unit) → \(due)")
                #expect(due > start)
            }
        }
    }

    @Test func addingAPauseNeverMakesADateEarlier() throws {
        var g = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            let start = randomStart(&g)
            let unit = PeriodUnit.allCases.randomElement(using: &g)!
            let n = unit == .month ? 1 : Int.random(in: 1...40, using: &g)
            var pauses = randomPauses(after: start, &g)
            let before = try engine.due(DeadlineRequest(start: start, length: n, unit: unit, pauses: pauses)).due
            pauses += randomPauses(after: start, &g)
            let after = try engine.due(DeadlineRequest(start: start, length: n, unit: unit, pauses: pauses)).due
            #expect(after >= before, "\(start) + \(n) \(unit)")
        }
    }
}
