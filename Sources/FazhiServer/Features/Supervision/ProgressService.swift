import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 进展报告: the office sets a plan's reporting periods; each task's lead unit reports progress %,
/// a narrative and evidence per period. A report also moves the task's progress and lands in the
/// task's progress notes, so the task page tells one story.
enum ProgressService {
    static func periods(of plan: Plan, on db: any Database) async throws -> [ReportingPeriod] {
        try await ReportingPeriod.query(on: db).filter(\.$plan.$id == plan.requireID()).sort(\.$startsOn).all()
    }

    static func findPeriod(_ id: UUID?, on db: any Database) async throws -> ReportingPeriod {
        guard let id, let period = try await ReportingPeriod.find(id, on: db) else { throw AppError.notFound("报告期") }
        return period
    }

    static func addPeriods(_ inputs: [PeriodInput], to plan: Plan, actor: AuditActor, on db: any Database, now: Date) async throws {
        var taken = Set(try await periods(of: plan, on: db).map(\.name))
        var checked: [PeriodInput.Checked] = []
        var errors: [FieldError] = []
        for input in inputs {
            do {
                let c = try input.check(planYear: plan.year, takenNames: taken)
                taken.insert(c.name)
                checked.append(c)
            } catch let f as ValidationFailure {
                errors += f.errors.map { inputs.count > 1 ? FieldError($0.field, "\(input.name):\($0.message)") : $0 }
            }
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let list = checked
        try await db.writeTransaction { tx in
            for c in list {
                let p = ReportingPeriod()
                p.$plan.id = try plan.requireID()
                p.name = c.name
                p.startsOn = c.starts
                p.endsOn = c.ends
                p.due = c.due
                p.createdBy = actor.name
                try await p.create(on: tx)
                try await AuditService.record(
                    on: tx, actor: actor, action: .create, entityType: .reportingPeriod, entityID: p.requireID().uuidString,
                    after: ["plan": "\(plan.year)", "name": p.name, "span": "\(p.startsOn)…\(p.endsOn)", "due": p.due.description], at: now)
            }
        }
    }

    /// Removes a period nobody has reported on yet.
    static func deletePeriod(_ period: ReportingPeriod, actor: AuditActor, on db: any Database, now: Date) async throws {
        if try await ProgressReport.query(on: db).filter(\.$period.$id == period.requireID()).count() > 0 {
            throw AppError.conflict("已有单位报送了该报告期的进展,不能删除")
        }
        try await db.writeTransaction { tx in
            try await period.delete(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .delete, entityType: .reportingPeriod, entityID: period.requireID().uuidString,
                before: ["name": period.name, "due": period.due.description], at: now)
        }
    }

    struct Row {
        let task: PlanTask
        let report: ProgressReport?
        let state: ReportingRules.State
    }

    /// One period's tasks in SQL (`ReportingRules.isExpected` as a condition): counted by state,
    /// filtered and paged by the database, so a period page never reads the whole plan.
    struct PeriodQuery {
        let period: ReportingPeriod
        /// A unit's own led tasks (units report only the tasks they lead); nil for the whole plan.
        let leadUnit: UUID?
        let today: LocalDate

        /// Tasks that owe a report for the period (`ReportingRules.isExpected`).
        var expected: SQLQueryString {
            var condition: SQLQueryString = """
                tasks.plan_id = \(bind: period.$plan.id) AND NOT tasks.cancelled AND tasks.start_date <= \(bind: period.endsOn) \
                AND (tasks.completed_on IS NULL OR tasks.completed_on >= \(bind: period.startsOn))
                """
            if let leadUnit { condition = "\(condition) AND tasks.lead_unit_id = \(bind: leadUnit)" }
            return condition
        }

        private var report: SQLQueryString {
            "(SELECT r.submitted_on FROM progress_reports r WHERE r.period_id = \(bind: period.id) AND r.task_id = tasks.id)"
        }

        /// The expected tasks, only those not yet reported when `unreportedOnly`, in plan order.
        func tasks(unreportedOnly: Bool, on db: any Database) -> QueryBuilder<PlanTask> {
            var query = PlanTask.query(on: db).filter(.sql(embed: expected))
            if unreportedOnly { query = query.filter(.sql(embed: "\(report) IS NULL")) }
            return query.sort(.sql(embed: "(SELECT a.sort FROM arrangements a WHERE a.id = tasks.arrangement_id)"))
                .sort(\.$startDate).sort(\.$title).sort(\.$id)
        }

        struct Counts { var expected = 0, submitted = 0, missing = 0, late = 0 }

        /// `ReportingRules.state` counted in one query: late when submitted after the due date,
        /// missing when not submitted and the due date has passed.
        func counts(on db: any Database) async throws -> Counts {
            let row = try await db.sql().raw(
                """
                SELECT COUNT(*) AS expected, COUNT(s.submitted_on) AS submitted,
                       COALESCE(SUM(CASE WHEN s.submitted_on IS NULL AND \(bind: today.description) > \(bind: period.due) THEN 1 ELSE 0 END), 0) AS missing,
                       COALESCE(SUM(CASE WHEN s.submitted_on > \(bind: period.due) THEN 1 ELSE 0 END), 0) AS late
                FROM (SELECT \(report) AS submitted_on FROM tasks WHERE \(expected)) s
                """
            ).first()
            guard let row else { return Counts() }
            func n(_ column: String) throws -> Int { Int(try row.decode(column: column, as: Int64.self)) }
            return Counts(expected: try n("expected"), submitted: try n("submitted"), missing: try n("missing"), late: try n("late"))
        }

        /// The shown tasks with their reports (files loaded) and states.
        func rows(_ tasks: [PlanTask], on db: any Database) async throws -> [Row] {
            let ids = try tasks.map { try $0.requireID() }
            let reports =
                ids.isEmpty ? [] : try await ProgressReport.query(on: db).filter(\.$period.$id == period.requireID()).filter(\.$task.$id ~~ ids).all()
            try await reports.loadFiles(on: db)
            let byTask = Dictionary(reports.map { ($0.$task.id, $0) }, uniquingKeysWith: { a, _ in a })
            let due = period.due
            return try tasks.map { task in
                let report = byTask[try task.requireID()]
                return Row(
                    task: task, report: report,
                    state: ReportingRules.state(submittedOn: report.map(\.submittedOn), due: due, today: today))
            }
        }
    }

    /// How many tasks owe a report in each of the plan's periods and how many reported, in one grouped
    /// query (`ReportingRules.isExpected` as a join condition); `leadUnit` limits it to a unit's own tasks.
    static func summaries(of plan: Plan, leadUnit: UUID?, on db: any Database) async throws -> [UUID: (expected: Int, submitted: Int)] {
        let sql = try db.sql()
        let planID = try plan.requireID()
        var unitCondition: SQLQueryString = ""
        if let leadUnit { unitCondition = " AND t.lead_unit_id = \(bind: leadUnit)" }
        let rows = try await sql.raw(
            """
            SELECT p.id AS period_id, COUNT(t.id) AS expected, COUNT(r.id) AS submitted
            FROM reporting_periods p
            JOIN tasks t ON t.plan_id = p.plan_id AND NOT t.cancelled AND t.start_date <= p.ends_on
                AND (t.completed_on IS NULL OR t.completed_on >= p.starts_on)\(unitCondition)
            LEFT JOIN progress_reports r ON r.period_id = p.id AND r.task_id = t.id
            WHERE p.plan_id = \(bind: planID)
            GROUP BY p.id
            """
        ).all()
        var result: [UUID: (expected: Int, submitted: Int)] = [:]
        for row in rows {
            result[try row.decode(column: "period_id", as: UUID.self)] = (
                Int(try row.decode(column: "expected", as: Int64.self)), Int(try row.decode(column: "submitted", as: Int64.self))
            )
        }
        return result
    }

    /// Every task of `tasks` that owes a report for the period, with its report and state. The
    /// caller loads the tasks once (visible in its scope) for however many periods it shows.
    static func rows(_ period: ReportingPeriod, tasks: [PlanTask], today: LocalDate, on db: any Database) async throws -> [Row] {
        let reports = try await ProgressReport.query(on: db).filter(\.$period.$id == period.requireID()).all()
        try await reports.loadFiles(on: db)
        let byTask = Dictionary(reports.map { ($0.$task.id, $0) }, uniquingKeysWith: { a, _ in a })
        let starts = period.startsOn, ends = period.endsOn, due = period.due
        return try tasks.compactMap { task in
            guard
                ReportingRules.isExpected(
                    taskStart: task.startDate, completedOn: task.completedOn,
                    cancelled: task.cancelled, periodStarts: starts, periodEnds: ends)
            else { return nil }
            let report = byTask[try task.requireID()]
            return Row(
                task: task, report: report,
                state: ReportingRules.state(submittedOn: report.map(\.submittedOn), due: due, today: today))
        }
    }

    /// The lead unit (or the office) reports on a task for the period, optionally with a file.
    static func submit(
        _ period: ReportingPeriod, task: PlanTask, progress: String, text: String, file: AttachmentService.Incoming?,
        user: CurrentUser, store: FileStore, maxBytes: Int, once: String? = nil, today: LocalDate, on db: any Database, now: Date
    ) async throws {
        var errors: [FieldError] = []
        var checkedPercent = 0
        do { checkedPercent = try ReportingRules.check(progress: progress, text: text) } catch let f as ValidationFailure { errors = f.errors }
        if task.cancelled { errors.append(FieldError("form", "任务已取消,无需报送")) }
        var checked: AttachmentService.Accepted?
        if let file {
            switch AttachmentService.check(file, maxBytes: maxBytes) {
            case .success(let ok): checked = ok
            case .failure(let error): errors.append(error)
            }
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let percent = checkedPercent
        let stored = try checked.map { try AttachmentService.store($0, in: store) }
        let actor = AuditActor.user(user)
        let plan = try await task.owningPlan(on: db)
        let refs = try await TaskService.refs(for: plan, on: db)
        try await db.writeTransaction { tx in
            // The same form sent again (a double click, a retry) reports once.
            if let once, try await FormOnce.claim(once, kind: "progress_report", on: tx, now: now) != nil { return }
            let existing = try await ProgressReport.query(on: tx).filter(\.$period.$id == period.requireID()).filter(\.$task.$id == task.requireID())
                .first()
            let report = existing ?? ProgressReport()
            let before: [String: String]? = existing.map { ["progress": "\($0.progress)", "text": $0.text] }
            if existing == nil {
                report.$period.id = try period.requireID()
                report.$task.id = try task.requireID()
                report.$unit.id = task.$leadUnit.id
                report.submittedOn = today
                report.submittedAt = now
            }
            report.progress = percent
            report.text = text.trimmed
            report.submittedBy = "\(user.displayName)(\(user.unitName ?? "区法治办"))"
            try await report.save(on: tx)
            if let stored {
                try await AttachmentService.attach(stored, to: .progressReport, id: try report.requireID(), by: user.username, at: now, on: tx)
            }
            if let once {
                try await FormOnce.record(once, result: try report.requireID().uuidString, on: tx)
            }
            let note = ProgressNote()
            note.$task.id = try task.requireID()
            note.$author.id = user.id
            note.authorName = report.submittedBy
            note.progress = percent
            note.text = "【\(period.name)进展报告】\(text.trimmed)"
            note.createdAt = now
            try await note.create(on: tx)
            if task.completedOn == nil && task.progress != percent {
                task.progress = percent
                task.version += 1
                try await task.update(on: tx)
            }
            try await AuditService.record(
                on: tx, actor: actor, action: existing == nil ? .submit : .update, entityType: .progressReport,
                entityID: "\(period.name)/\(task.title)", before: before,
                after: [
                    "progress": "\(percent)", "text": text.trimmed, "file": stored?.filename ?? "", "sha256": stored?.sha256 ?? "",
                    "unit": refs.unitName(task.$leadUnit.id),
                ], at: now)
        }
    }
}
