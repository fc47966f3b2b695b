import FazhiCore
import Fluent
import FluentSQL
import Foundation

/// 任务列表 in SQL: the plan's tasks a caller may see with the list's filters, counted by status
/// (the status derived in SQL exactly as `TaskStatus.derive`), ordered and paged by the database —
/// so a city's plan of tens of thousands of tasks is never read whole for one page.
struct TaskListQuery {
    let planID: UUID
    /// The policy's rows (`Policy.scope`).
    let scope: RowScope
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
        case .all, .district: break  // a plan is one district's
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

    /// Overdue first, then open ones, then finished ones (with the due date after it: most urgent first).
    static func urgencySQL(today: LocalDate) -> SQLQueryString {
        "(CASE \(statusSQL(today: today)) WHEN 'overdue' THEN 0 WHEN 'in_progress' THEN 1 WHEN 'not_started' THEN 1 ELSE 2 END)"
    }

    /// A unit's most urgent tasks: overdue first, then open ones by due date, then finished ones.
    func mostUrgent(limit: Int, on db: any Database) async throws -> [PlanTask] {
        let tasks = try await rows(status: nil, on: db).sort(.sql(embed: Self.urgencySQL(today: today))).sort(\.$dueDate).sort(\.$id).limit(limit)
            .all()
        try await tasks.loadChildren(\.$coUnits, on: db)
        return tasks
    }

    /// The longest overdue tasks first (the earliest due dates).
    func longestOverdue(limit: Int, on db: any Database) async throws -> [PlanTask] {
        let tasks = try await rows(status: .overdue, on: db).sort(\.$dueDate).sort(\.$id).limit(limit).all()
        try await tasks.loadChildren(\.$coUnits, on: db)
        return tasks
    }

    /// The first `limit` rows of every arrangement in plan order (start date, title) and each
    /// arrangement's count — two queries however many arrangements and tasks the plan has.
    func firstOfEachArrangement(limit: Int, on db: any Database) async throws -> (tasks: [UUID: [PlanTask]], totals: [UUID: Int]) {
        guard let condition else { return ([:], [:]) }
        var totals: [UUID: Int] = [:]
        for row in try await db.sql().raw(
            "SELECT tasks.arrangement_id AS arrangement_id, COUNT(*) AS n FROM tasks WHERE \(condition) GROUP BY tasks.arrangement_id"
        ).all() {
            totals[try row.decode(column: "arrangement_id", as: UUID.self)] = Int(try row.decode(column: "n", as: Int64.self))
        }
        let ranked: SQLQueryString = """
            tasks.id IN (SELECT ranked.id FROM (SELECT tasks.id AS id, ROW_NUMBER() OVER (PARTITION BY tasks.arrangement_id \
            ORDER BY tasks.start_date, tasks.title, tasks.id) AS n FROM tasks WHERE \(condition)) ranked WHERE ranked.n <= \(bind: limit))
            """
        let tasks = try await PlanTask.query(on: db).filter(.sql(embed: ranked)).sort(\.$startDate).sort(\.$title).sort(\.$id).all()
        try await tasks.loadChildren(\.$coUnits, on: db)
        return (Dictionary(grouping: tasks, by: { $0.$arrangement.id }), totals)
    }

    /// Counts by status, overall and per lead unit, in one grouped query.
    func counts(on db: any Database) async throws -> (all: StatusCounts, perUnit: [UUID: StatusCounts]) {
        guard let condition else { return (StatusCounts(), [:]) }
        let sql = try db.sql()
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
