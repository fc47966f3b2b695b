import FazhiCore
import Fluent
import FluentSQL
import Foundation

/// 任务列表 in SQL: the plan's tasks a caller may see with the list's filters, counted by status
/// (the status derived in SQL exactly as `TaskStatus.derive`), ordered and paged by the database —
/// so a city's plan of tens of thousands of tasks is never read whole for one page.
struct TaskListQuery {
    let planID: UUID
    /// The policy's rows (`Policy.taskScope`).
    let scope: TaskScope
    /// 单位 filter: led or co-handled by this unit.
    var unitID: UUID? = nil
    var arrangementID: UUID? = nil
    var text: String = ""
    let today: LocalDate

    /// `TaskStatus.derive` as an SQL expression over a `tasks` row.
    static func statusSQL(today: LocalDate) -> SQLQueryString {
        let t = today.description
        return """
            (CASE WHEN tasks.cancelled THEN 'cancelled' WHEN tasks.completed_on IS NOT NULL THEN 'completed' \
            WHEN tasks.paused_reason IS NOT NULL THEN 'paused' WHEN tasks.due_date < \(bind: t) THEN 'overdue' \
            WHEN tasks.start_date <= \(bind: t) OR tasks.progress > 0 THEN 'in_progress' ELSE 'not_started' END)
            """
    }

    /// Led by the unit, or co-handled by it.
    static func involves(_ unit: UUID) -> SQLQueryString {
        "(tasks.lead_unit_id = \(bind: unit) OR tasks.id IN (SELECT task_id FROM task_co_units WHERE unit_id = \(bind: unit)))"
    }

    /// Every condition but the status.
    var condition: SQLQueryString? {
        var parts: [SQLQueryString] = ["tasks.plan_id = \(bind: planID)"]
        switch scope {
        case .all: break
        case .nothing: parts.append("1 = 0")
        case .unit(let own): parts.append(Self.involves(own))
        }
        if let unitID { parts.append(Self.involves(unitID)) }
        if let arrangementID { parts.append("tasks.arrangement_id = \(bind: arrangementID)") }
        if !text.isEmpty {
            let pattern = LikePattern.contains(String(text.prefix(100)))
            parts.append("(tasks.title LIKE \(bind: pattern) ESCAPE '\\' OR tasks.description LIKE \(bind: pattern) ESCAPE '\\')")
        }
        return parts.dropFirst().reduce(parts[0]) { "\($0) AND \($1)" }
    }

    /// The rows with an optional status, as a Fluent query to order and page.
    func rows(status: TaskStatus?, on db: any Database) -> QueryBuilder<PlanTask> {
        var query = PlanTask.query(on: db)
        if let condition { query = query.filter(.sql(embed: condition)) }
        if let status { query = query.filter(.sql(embed: "\(Self.statusSQL(today: today)) = \(bind: status.rawValue)")) }
        return query
    }

    /// A unit's most urgent tasks: overdue first, then open ones by due date, then finished ones.
    func mostUrgent(limit: Int, on db: any Database) async throws -> [PlanTask] {
        let urgency: SQLQueryString = """
            (CASE \(Self.statusSQL(today: today)) WHEN 'overdue' THEN 0 WHEN 'in_progress' THEN 1 WHEN 'not_started' THEN 1 ELSE 2 END)
            """
        let tasks = try await rows(status: nil, on: db).sort(.sql(embed: urgency)).sort(\.$dueDate).sort(\.$id).limit(limit).all()
        try await tasks.loadChildren(\.$coUnits, on: db)
        return tasks
    }

    /// The longest overdue tasks first (the earliest due dates).
    func longestOverdue(limit: Int, on db: any Database) async throws -> [PlanTask] {
        let tasks = try await rows(status: .overdue, on: db).sort(\.$dueDate).sort(\.$id).limit(limit).all()
        try await tasks.loadChildren(\.$coUnits, on: db)
        return tasks
    }

    /// Counts by status, overall and per lead unit, in one grouped query.
    func counts(on db: any Database) async throws -> (all: StatusCounts, perUnit: [UUID: StatusCounts]) {
        guard let sql = db as? any SQLDatabase, let condition else { return (StatusCounts(), [:]) }
        let rows = try await sql.raw(
            """
            SELECT tasks.lead_unit_id AS unit_id, \(Self.statusSQL(today: today)) AS status, COUNT(*) AS n
            FROM tasks WHERE \(condition) GROUP BY tasks.lead_unit_id, status
            """
        ).all()
        var all = StatusCounts(), perUnit: [UUID: StatusCounts] = [:]
        for row in rows {
            guard let status = TaskStatus(rawValue: try row.decode(column: "status", as: String.self)) else { continue }
            let unit = try row.decode(column: "unit_id", as: UUID.self)
            let n = Int(try row.decode(column: "n", as: Int64.self))
            all.add(status, count: n)
            perUnit[unit, default: StatusCounts()].add(status, count: n)
        }
        return (all, perUnit)
    }
}
