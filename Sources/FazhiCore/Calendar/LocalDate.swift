import Foundation

/// A calendar date with no time and no zone: the way every legal date in Fazhi is held.
///
/// Legal dates are local dates in Asia/Shanghai. They are stored and compared as dates
/// (`YYYY-MM-DD`), never as instants, so nothing shifts them through UTC.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The first and last dates a `LocalDate` holds (years 1…9999).
    public static let earliest = LocalDate(checkedYear: 1, month: 1, day: 1)
    public static let latest = LocalDate(checkedYear: 9999, month: 12, day: 31)

    /// Years a plan, cycle, report or calendar may be about: anything else from outside is refused
    /// before any arithmetic on it.
    public static let plausibleYears = 2000...2100

    private init(checkedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The zone every legal date in Fazhi lives in.
    public static let legalTimeZone = TimeZone(identifier: "Asia/Shanghai")!

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...LocalDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`; anything else (or an impossible date such as 2026-02-30) is nil.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Today's date in Asia/Shanghai at the instant `now`.
    public static func today(at now: Date = Date()) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = legalTimeZone
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        return LocalDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? LocalDate(dayNumber: 0)
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for day arithmetic without Foundation calendars.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// `days` days later (earlier when negative); stops at the first or last date a `LocalDate` holds.
    public func adding(days: Int) -> LocalDate {
        let (n, overflow) = dayNumber.addingReportingOverflow(days)
        if overflow || n > LocalDate.latest.dayNumber { return days < 0 ? .earliest : .latest }
        if n < LocalDate.earliest.dayNumber { return .earliest }
        return LocalDate(dayNumber: n)
    }

    public func days(until other: LocalDate) -> Int { other.dayNumber - dayNumber }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int { Self.weekday(ofDayNumber: dayNumber) }

    /// ISO weekday of a day number, without building the date.
    public static func weekday(ofDayNumber n: Int) -> Int {
        let w = (n + 3) % 7  // 1970-01-01 was a Thursday
        return (w < 0 ? w + 7 : w) + 1
    }

    /// The same month and day in another year; 29 February becomes 28 February in a common year.
    public func movedTo(year newYear: Int) -> LocalDate {
        let year = min(max(newYear, 1), 9999)
        return LocalDate(year: year, month: month, day: min(day, LocalDate.daysIn(month: month, year: year))) ?? self
    }
}

extension LocalDate {
    /// Why `text` is not a date, in words for the user: a day the calendar does not have
    /// (2026-02-30: "2026 年 2 月只有 28 天") is told apart from text in the wrong shape.
    public static func complaint(about text: String, label: String) -> String {
        let shown = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if shown.isEmpty { return "请填写\(label)" }
        let parts = shown.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...9999).contains(y)
        {
            if !(1...12).contains(m) { return "\(label)“\(shown)”不存在:月份应为 01 到 12" }
            let days = daysIn(month: m, year: y)
            if d < 1 || d > days { return "\(label)“\(shown)”不存在:\(y) 年 \(m) 月只有 \(days) 天" }
        }
        return "\(label)“\(String(shown.prefix(40)))”不是有效日期,格式应为 YYYY-MM-DD(如 2026-03-16)"
    }
}

extension LocalDate: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "日期格式应为 YYYY-MM-DD:\(text)"))
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension LocalDate {
    /// `2026年3月5日`, as a letter dates itself; a blank to fill in by hand when there is no date.
    public static func letterText(_ date: LocalDate?) -> String {
        guard let d = date else { return "____年__月__日" }
        return "\(d.year)年\(d.month)月\(d.day)日"
    }
}
