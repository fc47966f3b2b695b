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
    let auditEntities: [AuditEntity] = [.task, .reportingPeriod, .progressReport]
    let auditActions: [AuditAction] = [.progress, .cancel, .pause, .resume]
    var auditFields: [String: String] { Dictionary(TaskDetail.fieldLabels, uniquingKeysWith: { a, _ in a }) }

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

    var datedSources: [DatedSource] { [Self.openTasks, Self.owedReports] }

    /// Open tasks due by the horizon, not paused (the partial index `tasks_open_due_idx`).
    static let openTasks = DatedSource(
        kind: .task,
        select: { horizon, _ in
            """
            SELECT id, id AS ref, lead_unit_id AS unit_id, title AS label, '' AS detail, due_date AS due FROM tasks
            WHERE completed_on IS NULL AND cancelled = false AND due_date <= \(bind: horizon.description) AND paused_reason IS NULL
            """
        },
        item: { row in
            row.dueDate.map {
                DatedItem(kind: .task, key: "task:\(row.id.uuidString)", unitID: row.unitId, title: row.label, due: $0, href: SiteURL.task(row.id))
            }
        })

    /// Progress reports owed for periods due by the horizon and not yet submitted, over every such
    /// period at once (`ReportingRules.isExpected` as the join).
    static let owedReports = DatedSource(
        kind: .progressReport,
        select: { horizon, _ in
            """
            SELECT t.id AS id, p.id AS ref, t.lead_unit_id AS unit_id, t.title AS label, p.name AS detail, p.due AS due
            FROM reporting_periods p
            JOIN tasks t ON t.plan_id = p.plan_id AND t.cancelled = false AND t.start_date <= p.ends_on
              AND (t.completed_on IS NULL OR t.completed_on >= p.starts_on)
            WHERE p.due <= \(bind: horizon.description)
              AND NOT EXISTS (SELECT 1 FROM progress_reports r WHERE r.period_id = p.id AND r.task_id = t.id)
            """
        },
        item: { row in
            row.dueDate.map {
                DatedItem(
                    kind: .progressReport, key: "report:\(row.ref.uuidString):\(row.id.uuidString)", unitID: row.unitId,
                    title: "\(row.detail)进展报告:\(row.label)", due: $0, href: "/reports/\(row.ref.uuidString)")
            }
        })

    /// Progress reports owed by the horizon, of one lead unit when given.
    static func reports(on db: any Database, horizon: LocalDate, unit: UUID? = nil) async throws -> [DatedItem] {
        try await DatedSources.items([owedReports], on: db, horizon: horizon, today: horizon, unit: unit)
    }
}
