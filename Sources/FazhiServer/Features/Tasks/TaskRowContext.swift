import FazhiCore
import Foundation
import Vapor

/// One task as a row of any task table.
struct TaskRowContext: Encodable {
    let href: String
    let title: String
    let arrangement: String
    let leadUnit: String
    let coUnits: String
    let start: String
    let due: String
    let status: String
    let statusLabel: String
    let progress: Int
    /// 牵头 or 配合 when shown to a unit; empty otherwise.
    let involvement: String
    /// Working days past due, for overdue tasks.
    let daysOverdue: Int

    init(_ task: PlanTask, refs: TaskService.PlanRefs, counter: WorkdayCounter, forUnit unitID: UUID? = nil) throws {
        let status = TaskService.status(task, today: counter.today)
        href = SiteURL.task(try task.requireID())
        title = task.title
        arrangement = refs.arrangementsByID[task.$arrangement.id].map { "(\($0.code))" } ?? ""
        leadUnit = refs.unitName(task.$leadUnit.id)
        coUnits = refs.coUnits(of: task).map(\.name).joined(separator: "、")
        start = task.startDate.description
        due = task.dueDate.description
        self.status = status.rawValue
        statusLabel = status.label
        progress = task.progress
        if let unitID { involvement = task.$leadUnit.id == unitID ? "牵头" : "配合" } else { involvement = "" }
        daysOverdue = status == .overdue ? counter.overdue(task.dueDate) : 0
    }
}

/// Counts working days overdue on the calendar (holidays and weekends do not count), as the
/// board, the API and the scheduler do.
struct WorkdayCounter {
    let calendar: WorkCalendar
    let today: LocalDate

    static func load(_ req: Request) async throws -> WorkdayCounter {
        WorkdayCounter(calendar: try await CalendarService.load(on: req.db), today: req.clock.today)
    }

    /// Working days after `due` up to today; 0 when not past due or outside the loaded calendar.
    func overdue(_ date: LocalDate) -> Int {
        guard today > date else { return 0 }
        return (try? calendar.workdays(from: max(date.adding(days: 1), calendar.firstDate), to: today)) ?? 0
    }
}

/// Task counts by status, for summaries.
struct StatusCounts: Encodable {
    var total = 0
    var notStarted = 0
    var inProgress = 0
    var completed = 0
    var overdue = 0
    var cancelled = 0
    var paused = 0

    mutating func add(_ status: TaskStatus, count n: Int = 1) {
        total += n
        switch status {
        case .notStarted: notStarted += n
        case .inProgress: inProgress += n
        case .completed: completed += n
        case .overdue: overdue += n
        case .cancelled: cancelled += n
        case .paused: paused += n
        }
    }

    func count(_ status: TaskStatus) -> Int {
        switch status {
        case .notStarted: notStarted
        case .inProgress: inProgress
        case .completed: completed
        case .overdue: overdue
        case .cancelled: cancelled
        case .paused: paused
        }
    }
}
