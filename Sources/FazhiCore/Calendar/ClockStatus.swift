/// 时钟状态 of a dated obligation on a given day. Lawfully paused or waiting clocks are never overdue.
public enum ClockStatus: Equatable, Sendable {
    case onTime(workdaysLeft: Int)
    /// Due within the threshold (default 3 working days); 0 means due today.
    case dueSoon(workdaysLeft: Int)
    case overdue(workdaysLate: Int, daysLate: Int)
    /// Stopped lawfully: paused for consultation, waiting for the applicant's clarification, suspended.
    case paused(reason: String)
    case met(workdaysEarly: Int)
    case metLate(workdaysLate: Int)

    public var code: String {
        switch self {
        case .onTime: "on_time"
        case .dueSoon: "due_soon"
        case .overdue: "overdue"
        case .paused: "paused"
        case .met: "met"
        case .metLate: "met_late"
        }
    }

    public var label: String {
        switch self {
        case .onTime(let left): "正常(剩余 \(left) 个工作日)"
        case .dueSoon(let left): left == 0 ? "今日到期" : "即将到期(剩余 \(left) 个工作日)"
        case .overdue(let workdays, let days): "已逾期 \(days) 天(\(workdays) 个工作日)"
        case .paused(let reason): "已暂停:\(reason)"
        case .met(let early): early == 0 ? "按期办结(当日)" : "按期办结(提前 \(early) 个工作日)"
        case .metLate(let late): "逾期办结(晚 \(late) 个工作日)"
        }
    }

    public static let defaultThreshold = 3

    /// - Parameters:
    ///   - metOn: the day the obligation was met (replied, decided), if it was.
    ///   - pausedBecause: set while the clock is lawfully stopped (the pause has not ended yet).
    public static func of(
        due: LocalDate, today: LocalDate, metOn: LocalDate? = nil, pausedBecause: String? = nil,
        threshold: Int = defaultThreshold, calendar: WorkCalendar
    ) throws -> ClockStatus {
        if let metOn {
            return metOn <= due
                ? .met(workdaysEarly: try calendar.workdays(from: metOn.adding(days: 1), to: due))
                : .metLate(workdaysLate: try calendar.workdays(from: due.adding(days: 1), to: metOn))
        }
        if let pausedBecause { return .paused(reason: pausedBecause) }
        if today > due {
            return .overdue(
                workdaysLate: try calendar.workdays(from: due.adding(days: 1), to: today),
                daysLate: due.days(until: today))
        }
        let left = try calendar.workdays(from: today.adding(days: 1), to: due)
        return left <= threshold ? .dueSoon(workdaysLeft: left) : .onTime(workdaysLeft: left)
    }
}
