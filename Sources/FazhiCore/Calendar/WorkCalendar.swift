/// 工作日历: statutory holidays and make-up working days (调休上班) for a set of whole years.
///
/// Built from data (the State Council's yearly notice), never from code. A working day is a
/// make-up day, or a Monday–Friday that is not a holiday (domain-law §10).
///
/// The notice for a year is published late in the year before, so the loaded years end where the
/// last notice ends. Work never stops there: every later year (up to `LocalDate.plausibleYears`)
/// counts Monday–Friday as working days, and any date that depends on such a year is 暂定
/// (provisional) until its notice is imported — `isProvisional(_:)` and `ProvisionalMark` say so,
/// and the server recomputes those dates on import. A date before the first loaded year is an
/// error: those notices exist and must be imported, not guessed.
public struct WorkCalendar: Sendable {
    public enum DayKind: String, Codable, Sendable {
        /// 法定节假日 (statutory holiday, including the weekend days the notice bundles in).
        case holiday
        /// 调休上班 (a weekend day worked to make up for a holiday).
        case makeUp = "makeup"
    }

    /// One dated entry of the yearly notice.
    public struct Entry: Codable, Equatable, Sendable {
        public var date: LocalDate
        public var kind: DayKind
        /// The holiday's name, e.g. 春节 (for a make-up day: the holiday it makes up for).
        public var name: String

        public init(date: LocalDate, kind: DayKind, name: String) {
            self.date = date
            self.kind = kind
            self.name = name
        }
    }

    public enum Reason: Equatable, Sendable {
        case workday
        case weekend
        case holiday(String)
        case makeUp(String)
    }

    /// The years whose notice is loaded (合法确认的年度).
    public let confirmedYears: ClosedRange<Int>
    /// The years dates can be computed in: the loaded ones, then weekends-only years up to
    /// `LocalDate.plausibleYears.upperBound`.
    public let years: ClosedRange<Int>
    /// First day number covered (1 January of the first year).
    let firstDay: Int
    /// Last day number computable (31 December of the last provisional year).
    let lastDay: Int
    /// Last day number of the loaded notices: the tables below end here; later days are Monday–Friday
    /// and counted arithmetically, so a calendar reaching 2100 costs no more to build than the loaded years.
    let tableLastDay: Int
    /// Working days of the loaded years, as day numbers, ascending.
    let workdays: [Int]
    /// For every loaded day: how many working days fall on or before it.
    let workdaysThrough: [Int32]
    private let entries: [Int: Entry]

    /// Builds a calendar whose notices cover `years`; every entry must fall inside them. Later
    /// years, up to `provisionalThrough`, count weekends only and are provisional.
    public init(years: ClosedRange<Int>, entries: [Entry], provisionalThrough: Int = LocalDate.plausibleYears.upperBound) throws {
        var byDay: [Int: Entry] = [:]
        for entry in entries {
            guard years.contains(entry.date.year) else {
                throw DeadlineError.invalidCalendar("\(entry.date) 不在日历年度 \(years.lowerBound)–\(years.upperBound) 内")
            }
            if let other = byDay[entry.date.dayNumber], other != entry {
                throw DeadlineError.invalidCalendar("\(entry.date) 重复登记(\(other.name) / \(entry.name))")
            }
            if entry.kind == .makeUp, entry.date.weekday < 6 {
                throw DeadlineError.invalidCalendar("\(entry.date) 是工作日,不能登记为调休上班日")
            }
            byDay[entry.date.dayNumber] = entry
        }
        confirmedYears = years
        self.years = years.lowerBound...max(years.upperBound, min(provisionalThrough, 9999))
        self.entries = byDay
        firstDay = LocalDate(year: self.years.lowerBound, month: 1, day: 1)!.dayNumber
        lastDay = LocalDate(year: self.years.upperBound, month: 12, day: 31)!.dayNumber
        tableLastDay = LocalDate(year: years.upperBound, month: 12, day: 31)!.dayNumber
        var workdays: [Int] = []
        var through: [Int32] = []
        through.reserveCapacity(tableLastDay - firstDay + 1)
        for day in firstDay...tableLastDay {
            if Self.isWorkday(day, entry: byDay[day]) { workdays.append(day) }
            through.append(Int32(workdays.count))
        }
        self.workdays = workdays
        self.workdaysThrough = through
    }

    private static func isWorkday(_ day: Int, entry: Entry?) -> Bool {
        switch entry?.kind {
        case .makeUp: return true
        case .holiday: return false
        case nil: return LocalDate.weekday(ofDayNumber: day) < 6
        }
    }

    /// The last date covered by a published notice.
    public var confirmedEnd: LocalDate { LocalDate(year: confirmedYears.upperBound, month: 12, day: 31)! }

    /// True when `date` lies in a year whose notice is not loaded yet: whether it is a working day
    /// is assumed from the weekday alone.
    public func isProvisional(_ date: LocalDate) -> Bool { date > confirmedEnd }

    /// The provisional mark for a result that depends on the days up to `date`, or nil when the
    /// notices for all of them are loaded.
    public func provisionalMark(dependingOnDaysThrough date: LocalDate) -> ProvisionalMark? {
        guard isProvisional(date) else { return nil }
        return ProvisionalMark(years: (confirmedYears.upperBound + 1)...date.year)
    }

    public var entryList: [Entry] { entries.values.sorted { $0.date < $1.date } }

    public func contains(_ date: LocalDate) -> Bool { years.contains(date.year) }

    func check(_ date: LocalDate) throws {
        guard contains(date) else {
            throw date.year < years.lowerBound
                ? DeadlineError.outsideCalendar(date, loaded: confirmedYears)
                : DeadlineError.beyondCalendar(loaded: years)
        }
    }

    public func isWorkday(_ date: LocalDate) throws -> Bool {
        try check(date)
        return Self.isWorkday(date.dayNumber, entry: entries[date.dayNumber])
    }

    /// Why a day is or is not a working day.
    public func reason(_ date: LocalDate) throws -> Reason {
        try check(date)
        switch entries[date.dayNumber] {
        case let entry? where entry.kind == .holiday: return .holiday(entry.name)
        case let entry? where entry.kind == .makeUp: return .makeUp(entry.name)
        default: return date.weekday < 6 ? .workday : .weekend
        }
    }

    /// Mondays–Fridays among the day numbers `from...to` (0 when `to < from`).
    static func weekdays(from: Int, to: Int) -> Int {
        guard from <= to else { return 0 }
        let span = to - from + 1
        var count = span / 7 * 5  // every 7 consecutive days hold 5 weekdays
        var day = from + span / 7 * 7
        while day <= to {
            if LocalDate.weekday(ofDayNumber: day) < 6 { count += 1 }
            day += 1
        }
        return count
    }

    /// Working days on or before day number `day`, which must be covered.
    private func count(throughDay day: Int) -> Int {
        if day < firstDay { return 0 }
        if day <= tableLastDay { return Int(workdaysThrough[day - firstDay]) }
        return workdays.count + Self.weekdays(from: tableLastDay + 1, to: day)
    }

    /// Working days on or before `date` since the calendar's first day.
    func count(through date: LocalDate) throws -> Int {
        try check(date)
        return count(throughDay: date.dayNumber)
    }

    /// The `index`-th working day of the calendar (0-based), or an error past the last computable year.
    func workday(at index: Int) throws -> LocalDate {
        guard index >= 0 else { throw DeadlineError.beyondCalendar(loaded: years) }
        if index < workdays.count { return LocalDate(dayNumber: workdays[index]) }
        // After the loaded years: whole weeks of 5 weekdays, then at most a week's walk.
        let k = index - workdays.count
        var day = tableLastDay + 1 + k / 5 * 7
        var remaining = k % 5
        while true {
            if LocalDate.weekday(ofDayNumber: day) < 6 {
                if remaining == 0 { break }
                remaining -= 1
            }
            day += 1
        }
        guard day <= lastDay else { throw DeadlineError.beyondCalendar(loaded: years) }
        return LocalDate(dayNumber: day)
    }

    /// Working days strictly before `date` since the calendar's first day.
    func count(before date: LocalDate) throws -> Int {
        try check(date)
        return count(throughDay: date.dayNumber - 1)
    }

    /// Working days in `from...to` (inclusive); 0 when `to < from`.
    public func workdays(from: LocalDate, to: LocalDate) throws -> Int {
        guard from <= to else { return 0 }
        return try count(through: to) - count(before: from)
    }

    /// 1 January of the first loaded year.
    public var firstDate: LocalDate { LocalDate(dayNumber: firstDay) }

    /// The `n`-th working day after `date` (`date` itself when `n` is 0): the horizon of "due
    /// within n working days".
    public func adding(workdays n: Int, to date: LocalDate) throws -> LocalDate {
        n <= 0 ? date : try workday(at: count(through: date) + n - 1)
    }

    /// The first working day on or after `date`.
    public func nextWorkday(onOrAfter date: LocalDate) throws -> LocalDate {
        try workday(at: count(before: date))
    }

    /// The last working day on or before `date`; nil when the calendar holds none that early.
    /// Something due on `due` is at least one working day late on `today` exactly when
    /// `due < lastWorkday(onOrBefore: today)`, which lets a list ask it of the database as a plain
    /// date comparison worked out once.
    public func lastWorkday(onOrBefore date: LocalDate) throws -> LocalDate? {
        let n = try count(through: date)
        return n == 0 ? nil : try workday(at: n - 1)
    }

    /// Total working days of one year.
    public func workdayCount(year: Int) throws -> Int {
        try workdays(from: LocalDate(year: year, month: 1, day: 1)!, to: LocalDate(year: year, month: 12, day: 31)!)
    }
}
