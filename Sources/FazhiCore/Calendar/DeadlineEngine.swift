/// 期限引擎: every statutory clock in Fazhi is computed here, from rules held as data.
///
/// Counting rules (domain-law §10):
/// - The start day is not counted; counting begins the next day (民事诉讼法第八十五条; 民法典第二百零一条).
/// - 工作日 periods count working days only; the result is always a working day.
/// - 日 and 月 periods count calendar days; a last day that is a rest day (weekend or statutory holiday)
///   moves to the next working day (民事诉讼法第八十五条; 民法典第二百零三条; 行政复议法第八十八条).
/// - A 月 period ends on the same day-number of the final month, or on that month's last day when it
///   has no such day (民法典第二百零二条).
/// - Paused days (e.g. consulting third parties, 政府信息公开条例第三十二条至第三十四条) do not count.
/// - An extension adds units of the same kind, counted after the first due date — the due date as
///   rolled forward: when the original period's last day is a holiday, the period legally ends on
///   the next working day (民法典第二百零三条; 行政复议法第八十八条), so the extension (e.g. 行政复议法
///   第六十二条's 30 days) runs from the day after that date, not from the holiday.
/// - A result that depends on a year whose holiday notice is not loaded is computed with
///   Monday–Friday as working days and carries a `ProvisionalMark` (暂定).
///
/// The computation uses the calendar's index of working days, so it never walks day by day;
/// only `explain` walks, to say what happened to every day.
public struct DeadlineEngine: Sendable {
    public let calendar: WorkCalendar

    public init(calendar: WorkCalendar) { self.calendar = calendar }

    public struct Result: Equatable, Sendable {
        /// 届满日 the due date, after any extension.
        public let due: LocalDate
        /// The due date before the extension.
        public let firstDue: LocalDate
        /// The date counting started from (the start, or the restart).
        public let countedFrom: LocalDate
        /// 暂定: set when the result depends on a year whose holiday notice is not loaded.
        public let provisional: ProvisionalMark?

        public init(due: LocalDate, firstDue: LocalDate, countedFrom: LocalDate, provisional: ProvisionalMark? = nil) {
            self.due = due; self.firstDue = firstDue; self.countedFrom = countedFrom; self.provisional = provisional
        }
    }

    public func due(_ request: DeadlineRequest) throws -> Result {
        try request.validate()
        let from = request.restartedOn ?? request.start
        try calendar.check(request.start)
        try calendar.check(from)
        let pauses = relevantPauses(request.pauses, after: from)
        if request.direction == .before {
            let due = try backward(from: from, request.length, unit: request.unit)
            // Counting backwards looks at every day from the result up to the day before the event.
            let mark = calendar.provisionalMark(dependingOnDaysThrough: from.adding(days: -1))
            return Result(due: due, firstDue: due, countedFrom: from, provisional: mark)
        }
        let first = try forward(from: from, request.length, unit: request.unit, pauses: pauses)
        var due = first
        if request.extensionLength > 0 {
            due = try forward(from: first, request.extensionLength, unit: request.unit, pauses: relevantPauses(pauses, after: first))
        }
        // Counting forwards looks at the days up to the due date (the roll-forward included).
        return Result(due: due, firstDue: first, countedFrom: from, provisional: calendar.provisionalMark(dependingOnDaysThrough: due))
    }

    /// Pauses that end after `date`, in order. Days before the counting start never mattered.
    func relevantPauses(_ pauses: [DateRange], after date: LocalDate) -> [DateRange] {
        pauses.filter { $0.to > date }.sorted { $0.from < $1.from }
    }

    func forward(from start: LocalDate, _ n: Int, unit: PeriodUnit, pauses: [DateRange]) throws -> LocalDate {
        switch unit {
        case .workday:
            return try forwardWorkdays(from: start, n, pauses: pauses)
        case .day:
            return try rollForward(forwardDays(from: start, n, pauses: pauses))
        case .month:
            let raw = Self.addingMonths(n, to: start)
            return try rollForward(forwardDays(from: start, start.days(until: raw), pauses: pauses))
        }
    }

    /// The `n`-th working day after `start`, skipping working days inside pauses.
    func forwardWorkdays(from start: LocalDate, _ n: Int, pauses: [DateRange]) throws -> LocalDate {
        var position = try calendar.count(through: start)  // index of the first working day after start
        var remaining = n
        for pause in pauses {
            let pauseFrom = max(pause.from, start.adding(days: 1))
            guard calendar.contains(pauseFrom) else { break }
            let pauseIndex = try calendar.count(before: pauseFrom)
            if position + remaining - 1 < pauseIndex { break }
            remaining -= max(0, pauseIndex - position)
            position = max(position, try inCalendar { try calendar.count(through: pause.to) })
        }
        return try calendar.workday(at: position + remaining - 1)
    }

    /// The `n`-th calendar day after `start`, skipping paused days (no roll-forward yet).
    func forwardDays(from start: LocalDate, _ n: Int, pauses: [DateRange]) -> LocalDate {
        var current = start.dayNumber
        var remaining = n
        for pause in pauses {
            let pauseFrom = max(pause.from.dayNumber, start.dayNumber + 1)
            if current + remaining < pauseFrom { break }
            remaining -= max(0, pauseFrom - current - 1)
            current = max(current, pause.to.dayNumber)
        }
        return LocalDate(dayNumber: current + remaining)
    }

    /// A last day on a rest day becomes the next working day (民事诉讼法第八十五条).
    func rollForward(_ date: LocalDate) throws -> LocalDate {
        try inCalendar { try calendar.nextWorkday(onOrAfter: date) }
    }

    /// The latest date that still leaves `n` units before `event` (e.g. 送审 ≥7 个工作日 before a meeting).
    ///
    /// The whole period lies between the two days: the day of the act (submission, notice) is not
    /// counted (民法典第二百零一条), and the period ends before the event's day. So for 7 working
    /// days before a Thursday meeting the reviewer's days are the 7 working days before it and the
    /// latest submission is the working day before those — the 8th working day before the meeting
    /// (重大行政决策程序暂行条例第二十七条; 行政处罚法第六十四条 "七日前").
    func backward(from event: LocalDate, _ n: Int, unit: PeriodUnit) throws -> LocalDate {
        switch unit {
        case .workday:
            let index = try calendar.count(before: event) - n - 1
            guard index >= 0 else { throw DeadlineError.beyondCalendar(loaded: calendar.years) }
            return try calendar.workday(at: index)
        case .day, .month:
            let last = event.adding(days: -1)  // the period's last day
            var date = unit == .day ? last.adding(days: -n) : Self.addingMonths(-n, to: last)
            // Moving backwards, a rest day moves earlier, so the period is still respected.
            while try !inCalendar({ try calendar.isWorkday(date) }) { date = date.adding(days: -1) }
            return date
        }
    }

    /// Turns "outside the calendar" for a computed date into "the result is beyond the calendar".
    func inCalendar<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch DeadlineError.outsideCalendar { throw DeadlineError.beyondCalendar(loaded: calendar.years) }
    }

    /// `months` months after `date`: the same day-number, or the last day of a shorter month
    /// (民法典第二百零二条). Results beyond the years a `LocalDate` holds stop at its first or last day.
    public static func addingMonths(_ months: Int, to date: LocalDate) -> LocalDate {
        let (moved, overflow) = (date.year * 12 + (date.month - 1)).addingReportingOverflow(months)
        guard !overflow, moved >= 12 else { return months < 0 ? LocalDate.earliest : LocalDate.latest }
        let year = moved / 12, month = moved % 12 + 1
        return LocalDate(year: year, month: month, day: min(date.day, LocalDate.daysIn(month: month, year: year)))
            ?? (months < 0 ? LocalDate.earliest : LocalDate.latest)
    }
}
