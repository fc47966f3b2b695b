import Foundation
@testable import FazhiCore

enum DeadlineFixtures {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let calendar: WorkCalendar = {
        let data = try! Data(contentsOf: repoRoot.appendingPathComponent("Resources/Calendar/cn-2025-2026.json"))
        return try! JSONDecoder().decode(CalendarFile.self, from: data).calendar()
    }()

    static let catalogue: DeadlineCatalogue = {
        let data = try! Data(contentsOf: repoRoot.appendingPathComponent("Resources/Deadlines/rules.json"))
        return try! JSONDecoder().decode(DeadlineCatalogue.self, from: data)
    }()

    static let engine = DeadlineEngine(calendar: calendar)

    static func d(_ text: String) -> LocalDate { LocalDate(text)! }

    /// The obvious day-by-day walk, as a reference for the indexed engine.
    static func naive(start: LocalDate, _ n: Int, unit: PeriodUnit, pauses: [DateRange] = []) throws -> LocalDate {
        func paused(_ day: LocalDate) -> Bool { pauses.contains { $0.contains(day) } }
        var day = start
        switch unit {
        case .workday:
            var counted = 0
            while counted < n {
                day = day.adding(days: 1)
                if !paused(day), try calendar.isWorkday(day) { counted += 1 }
            }
        case .day, .month:
            var remaining = unit == .day ? n : start.days(until: DeadlineEngine.addingMonths(n, to: start))
            while remaining > 0 {
                day = day.adding(days: 1)
                if !paused(day) { remaining -= 1 }
            }
            while try !calendar.isWorkday(day) { day = day.adding(days: 1) }
        }
        return day
    }
}
