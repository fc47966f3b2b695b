/// 任务状态 task status. Only 已取消 is stored as such; the others are derived from the dates,
/// the completion date and today's local date, so a status can never go stale.
public enum TaskStatus: String, CaseIterable, Codable, Sendable {
    case notStarted = "not_started"
    case inProgress = "in_progress"
    case completed = "completed"
    case overdue = "overdue"
    /// 已暂停: lawfully paused by the office (with a reason); never overdue while paused.
    case paused = "paused"
    case cancelled = "cancelled"

    /// 中文名 as shown to users.
    public var label: String {
        switch self {
        case .notStarted: "未开始"
        case .inProgress: "进行中"
        case .completed: "已完成"
        case .overdue: "已逾期"
        case .paused: "已暂停"
        case .cancelled: "已取消"
        }
    }

    /// Derives the status on `today`.
    /// - A cancelled task stays cancelled; a task with a completion date is completed.
    /// - A paused task is paused: lawful delay is never overdue. An extended task is passed its
    ///   extended due date.
    /// - Otherwise it is overdue once its due date has passed (the due date itself still counts).
    /// - Otherwise it is in progress from its start date (or as soon as progress is reported).
    public static func derive(
        start: LocalDate, due: LocalDate, completedOn: LocalDate?,
        cancelled: Bool, progress: Int, today: LocalDate, paused: Bool = false
    ) -> TaskStatus {
        if cancelled { return .cancelled }
        if completedOn != nil { return .completed }
        if paused { return .paused }
        if today > due { return .overdue }
        if today >= start || progress > 0 { return .inProgress }
        return .notStarted
    }
}
