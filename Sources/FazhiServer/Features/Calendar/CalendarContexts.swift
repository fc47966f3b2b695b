import FazhiCore
import Foundation

struct DayCell: Encodable {
    let day: Int?
    /// work, rest, holiday, makeup, blank
    let kind: String
    let title: String
    let isToday: Bool
}

struct MonthContext: Encodable {
    let name: String
    let weeks: [[DayCell]]
}

struct CalendarEntryRow: Encodable {
    let id: String
    let date: String
    let weekday: String
    let kind: String
    let kindLabel: String
    let name: String
}

struct CalendarPageContext: Encodable {
    let layout: LayoutContext
    let year: Int
    let years: [Int]
    let notice: String
    /// Why the year is 暂定 (no notice loaded), or nil.
    let provisional: String?
    let workdays: Int
    let months: [MonthContext]
    let entries: [CalendarEntryRow]
    let canManage: Bool
}

struct TraceLineContext: Encodable {
    let kind: String
    let text: String
}

struct DeadlineResultContext: Encodable {
    let due: String
    let firstDue: String?
    let status: String
    let statusCode: String
    let lines: [TraceLineContext]
    /// Why the due date is 暂定, or nil when it is final.
    let provisional: String?
}

struct CalculatorContext: Encodable {
    let layout: LayoutContext
    let today: String
    let rules: [OptionContext]
    let units: [OptionContext]
    /// With a rule chosen: the unit the rule counts in (the unit field is then not used).
    let unitNote: String?
    let start: String
    let days: String
    let pauses: String
    let extend: String
    let restart: String
    let errors: [FormError]
    let result: DeadlineResultContext?
    let ruleNote: String?
}

struct CalendarAdminContext: Encodable {
    let layout: LayoutContext
    let year: Int
    let years: [OptionContext]
    let notices: [String]
    let entries: [CalendarEntryRow]
    let errors: [FormError]
    let date: String
    let name: String
    /// The first year without a loaded notice (its dates are 暂定 until imported).
    let nextYear: Int
    /// Whether that year is near enough to matter (this year or next).
    let nextYearPending: Bool
    /// What an import did, in words.
    var result: String?
}

enum CalendarGrid {
    /// Twelve month grids, Monday first, each day marked as a working day, weekend, holiday or make-up day.
    static func months(year: Int, calendar: WorkCalendar, today: LocalDate) throws -> [MonthContext] {
        try (1...12).map { month in
            let first = LocalDate(year: year, month: month, day: 1)!
            var cells = Array(repeating: DayCell(day: nil, kind: "blank", title: "", isToday: false), count: first.weekday - 1)
            for day in 1...LocalDate.daysIn(month: month, year: year) {
                let date = LocalDate(year: year, month: month, day: day)!
                let (kind, title): (String, String) =
                    switch try calendar.reason(date) {
                    case .workday: ("work", "工作日")
                    case .weekend: ("rest", "周末")
                    case .holiday(let name): ("holiday", "\(name)假期")
                    case .makeUp(let name): ("makeup", "调休上班(\(name))")
                    }
                cells.append(DayCell(day: day, kind: kind, title: "\(date) \(title)", isToday: date == today))
            }
            while cells.count % 7 != 0 { cells.append(DayCell(day: nil, kind: "blank", title: "", isToday: false)) }
            return MonthContext(name: "\(month)月", weeks: stride(from: 0, to: cells.count, by: 7).map { Array(cells[$0..<$0 + 7]) })
        }
    }

    static func rows(_ days: [CalendarDay]) throws -> [CalendarEntryRow] {
        try days.map { day in
            CalendarEntryRow(
                id: try day.requireID().uuidString, date: day.date.description, weekday: day.date.weekdayName, kind: day.kind,
                kindLabel: day.kind == "makeup" ? "调休上班" : "法定节假日", name: day.name)
        }
    }
}
