/// The holiday calendar as shipped and imported (`Resources/Calendar/*.json`): one block per year,
/// in the shape of the State Council's yearly notice (放假 ranges and 调休上班 days).
public struct CalendarFile: Codable, Equatable, Sendable {
    public struct Holiday: Codable, Equatable, Sendable {
        public var name: String
        public var from: LocalDate
        public var to: LocalDate
    }

    public struct MakeUpDay: Codable, Equatable, Sendable {
        public var name: String
        public var date: LocalDate
    }

    public struct Year: Codable, Equatable, Sendable {
        public var year: Int
        /// The notice the dates come from, e.g. 国办发明电〔2024〕12号.
        public var notice: String
        public var holidays: [Holiday]
        public var makeUpDays: [MakeUpDay]
    }

    public var years: [Year]

    /// Every dated entry, after checking each range lies in its year and is in order.
    public func entries() throws -> [WorkCalendar.Entry] {
        var entries: [WorkCalendar.Entry] = []
        for (y, year) in years.enumerated() {
            guard (2000...2100).contains(year.year) else {
                throw DeadlineError.invalidRequest(field: "years[\(y)].year", message: "年度必须在 2000 到 2100 之间")
            }
            for (h, holiday) in year.holidays.enumerated() {
                let field = "years[\(y)].holidays[\(h)]"
                guard holiday.from <= holiday.to, holiday.from.year == year.year, holiday.to.year == year.year else {
                    throw DeadlineError.invalidRequest(
                        field: field, message: "假期 \(holiday.name) \(holiday.from) 至 \(holiday.to) 须在 \(year.year) 年内且起止有序")
                }
                guard !holiday.name.trimmed.isEmpty, holiday.from.days(until: holiday.to) < 15 else {
                    throw DeadlineError.invalidRequest(field: field, message: "假期须有名称且不超过 15 天")
                }
                var day = holiday.from
                while day <= holiday.to {
                    entries.append(.init(date: day, kind: .holiday, name: holiday.name))
                    day = day.adding(days: 1)
                }
            }
            for (m, makeUp) in year.makeUpDays.enumerated() where makeUp.date.year != year.year || makeUp.date.weekday < 6 {
                throw DeadlineError.invalidRequest(
                    field: "years[\(y)].makeUpDays[\(m)]",
                    message: "调休上班日 \(makeUp.date) 须是 \(year.year) 年的周六或周日")
            }
            entries += year.makeUpDays.map { .init(date: $0.date, kind: .makeUp, name: $0.name) }
        }
        return entries
    }

    /// A calendar covering exactly the years of this file (which must be consecutive).
    public func calendar() throws -> WorkCalendar {
        let numbers = years.map(\.year).sorted()
        guard let first = numbers.first, let last = numbers.last, numbers == Array(first...last) else {
            throw DeadlineError.invalidCalendar("日历年度必须连续且不能为空")
        }
        return try WorkCalendar(years: first...last, entries: entries())
    }
}
