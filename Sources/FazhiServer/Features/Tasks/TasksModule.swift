import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 任务 (the plan's tasks and their progress reports) as one module: routes, menu entry, the
/// unit's owed reports on its home page, and task and report dates on the escalation ladder.
/// Its schema is in the platform's changelog (migrations 004, 011, 012), as it shipped before the frame.
struct TasksModule: RegisterModule {
    let key = "tasks"
    let title = "任务"

    func routes(web: any RoutesBuilder, api: any RoutesBuilder, app: Application) throws {
        try web.register(collection: TaskController())
        try web.register(collection: ProgressController(maxUploadMB: app.fazhi.maxUploadMB))
        try api.register(collection: APITaskController())
    }

    func menuEntry(_ req: Request) -> MenuEntry? { MenuEntry(key: key, label: title, href: SiteURL.tasks, after: "plan") }

    /// A unit: its progress reports past their period's due date.
    func homePrompts(_ req: Request, user: CurrentUser, today: LocalDate, calendar: WorkCalendar) async throws -> [HomePrompt] {
        guard case .unit(let unitID) = user.scope(.viewTasks) else { return [] }
        let owed = try await Self.reports(on: req.db, horizon: today, unit: unitID)
        guard let first = owed.first else { return [] }
        return [.init(text: "本单位有 \(owed.count) 项进展报告逾期未报(报送期限 \(first.due))。", href: first.href, urgent: true)]
    }

    var itemKinds: [DatedItem.Kind] { [.task, .progressReport] }

    func datedItems(on db: any Database, horizon: LocalDate) async throws -> [DatedItem] {
        try await Self.tasks(on: db, horizon: horizon) + Self.reports(on: db, horizon: horizon)
    }

    /// Open tasks due by the horizon, not paused (the partial index `tasks_open_due_idx`).
    static func tasks(on db: any Database, horizon: LocalDate) async throws -> [DatedItem] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let rows = try await sql.raw(
            """
            SELECT id, title, due_date, lead_unit_id FROM tasks
            WHERE completed_on IS NULL AND cancelled = false AND due_date <= \(bind: horizon.description) AND paused_reason IS NULL
            """
        ).all()
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return DatedItem(
                kind: .task, key: "task:\(id.uuidString)", unitID: try row.decode(column: "lead_unit_id", as: UUID.self),
                title: try row.decode(column: "title", as: String.self),
                due: LocalDate(try row.decode(column: "due_date", as: String.self)) ?? .init(dayNumber: 0), href: SiteURL.task(id))
        }
    }

    /// Progress reports owed for periods due by the horizon and not yet submitted (of one lead unit
    /// when `unit` is given).
    static func reports(on db: any Database, horizon: LocalDate, unit: UUID? = nil) async throws -> [DatedItem] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let periods = try await ReportingPeriod.query(on: db).filter(\.$due <= horizon.description).all()
        var items: [DatedItem] = []
        for period in periods {
            var query: SQLQueryString = """
                SELECT t.id, t.title, t.lead_unit_id FROM tasks t
                WHERE t.plan_id = \(bind: period.$plan.id) AND t.cancelled = false AND t.start_date <= \(bind: period.endsOn)
                  AND (t.completed_on IS NULL OR t.completed_on >= \(bind: period.startsOn))
                  AND NOT EXISTS (SELECT 1 FROM progress_reports r WHERE r.period_id = \(bind: period.id!) AND r.task_id = t.id)
                """
            if let unit { query += " AND t.lead_unit_id = \(bind: unit)" }
            let rows = try await sql.raw(query).all()
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                items.append(
                    DatedItem(
                        kind: .progressReport, key: "report:\(period.id!.uuidString):\(id.uuidString)",
                        unitID: try row.decode(column: "lead_unit_id", as: UUID.self),
                        title: "\(period.name)进展报告:\(try row.decode(column: "title", as: String.self))",
                        due: LocalDate(period.due)!, href: "/reports/\(period.id!.uuidString)"))
            }
        }
        return items
    }
}
