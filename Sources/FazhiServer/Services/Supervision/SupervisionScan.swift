import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 到期扫描: every dated item that is due soon or overdue on a day, with its rung on the ladder.
/// Each source is one indexed query over open items due by the horizon (partial indexes on the
/// due date of open rows, migrations 011 and 013), so the scan reads what matters and never the
/// completed millions; nothing is filtered row by row in Swift that SQL could filter.
enum SupervisionScan {
    struct Result {
        let signals: [Signal]
        /// Items looked at (due by the horizon and open).
        let candidates: Int
        let horizon: LocalDate
    }

    static func ladder(on db: any Database) async throws -> EscalationLadder {
        try await EscalationSettings.query(on: db).first()?.ladder ?? .standard
    }

    static func run(on db: any Database, today: LocalDate, calendar: WorkCalendar, ladder: EscalationLadder) async throws -> Result {
        // Past the loaded calendar (the next year's holiday notice not yet imported) the horizon is
        // widened in calendar days; items whose dates cannot be counted are then left out below.
        let horizon = (try? calendar.adding(workdays: ladder.dueSoonWorkdays, to: today))
            ?? today.adding(days: ladder.dueSoonWorkdays * 2 + 10)
        var items = try await tasks(on: db, horizon: horizon)
        items += try await reports(on: db, horizon: horizon)
        items += try await measures(on: db, horizon: horizon)
        items += try await windows(on: db, horizon: horizon, today: today)
        items += try await notices(on: db, horizon: horizon)
        items += try await goiRequests(on: db, horizon: horizon)
        var signals: [Signal] = []
        signals.reserveCapacity(items.count)
        for item in items {
            // A date outside the loaded calendar cannot be counted in working days; such an item is
            // left for the day the calendar is loaded rather than guessed.
            guard let stage = try? ladder.stage(due: item.due, today: today, paused: item.paused, calendar: calendar) else { continue }
            signals.append(Signal(item: item, stage: stage))
        }
        return Result(signals: signals, candidates: items.count, horizon: horizon)
    }

    private static func sql(_ db: any Database) -> any SQLDatabase { db as! any SQLDatabase }

    /// Open tasks due by the horizon, not paused (the partial index `tasks_open_due_idx`).
    static func tasks(on db: any Database, horizon: LocalDate) async throws -> [DatedItem] {
        let rows = try await sql(db).raw("""
            SELECT id, title, due_date, lead_unit_id FROM tasks
            WHERE completed_on IS NULL AND cancelled = false AND due_date <= \(bind: horizon.description) AND paused_reason IS NULL
            """).all()
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return DatedItem(kind: .task, key: "task:\(id.uuidString)", unitID: try row.decode(column: "lead_unit_id", as: UUID.self),
                             title: try row.decode(column: "title", as: String.self),
                             due: LocalDate(try row.decode(column: "due_date", as: String.self)) ?? .init(dayNumber: 0), href: SiteURL.task(id))
        }
    }

    /// Progress reports owed for periods due by the horizon and not yet submitted (of one lead unit
    /// when `unit` is given).
    static func reports(on db: any Database, horizon: LocalDate, unit: UUID? = nil) async throws -> [DatedItem] {
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
            let rows = try await sql(db).raw(query).all()
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                items.append(DatedItem(kind: .progressReport, key: "report:\(period.id!.uuidString):\(id.uuidString)",
                                       unitID: try row.decode(column: "lead_unit_id", as: UUID.self),
                                       title: "\(period.name)进展报告:\(try row.decode(column: "title", as: String.self))",
                                       due: LocalDate(period.due)!, href: "/reports/\(period.id!.uuidString)"))
            }
        }
        return items
    }

    /// 依申请公开 requests not yet answered whose answer date is by the horizon (`goi_requests_open_due_idx`).
    /// The title names the request by number only: the applicant's data never leaves the register.
    /// A request waiting for clarification or confirmation has no running period (`due_on` is empty);
    /// one under consultation carries the latest date its consultation allows, so it is never early.
    static func goiRequests(on db: any Database, horizon: LocalDate) async throws -> [DatedItem] {
        let rows = try await sql(db).raw("""
            SELECT id, number, unit_id, due_on FROM goi_requests
            WHERE closed_on IS NULL AND due_on <= \(bind: horizon.description)
            """).all()
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            let number = try row.decode(column: "number", as: String.self)
            return DatedItem(kind: .goiRequest, key: "goi:\(id.uuidString)", unitID: try row.decode(column: "unit_id", as: UUID.self),
                             title: "依申请公开 \(number) 答复", due: LocalDate(try row.decode(column: "due_on", as: String.self)) ?? .init(dayNumber: 0),
                             href: "/goi/\(id.uuidString)")
        }
    }

    /// Open rectification measures of problems not yet reported (`problem_measures_open_due_idx`).
    static func measures(on db: any Database, horizon: LocalDate) async throws -> [DatedItem] {
        let rows = try await sql(db).raw("""
            SELECT m.id, m.text, m.due, p.id AS problem_id, p.number, p.unit_id FROM problem_measures m
            JOIN problems p ON p.id = m.problem_id
            WHERE m.done_on IS NULL AND m.due <= \(bind: horizon.description) AND p.status = 'open'
            """).all()
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return DatedItem(kind: .problemMeasure, key: "measure:\(id.uuidString)", unitID: try row.decode(column: "unit_id", as: UUID.self),
                             title: "\(try row.decode(column: "number", as: String.self)) \(try row.decode(column: "text", as: String.self))",
                             due: LocalDate(try row.decode(column: "due", as: String.self)) ?? .init(dayNumber: 0),
                             href: "/problems/\(try row.decode(column: "problem_id", as: UUID.self).uuidString)")
        }
    }

    /// Assessment windows: units that have not submitted their self-assessment by the window's end,
    /// and, while results are preliminary, units that have neither confirmed nor objected.
    static func windows(on db: any Database, horizon: LocalDate, today: LocalDate) async throws -> [DatedItem] {
        let cycles = try await AssessmentCycle.query(on: db).filter(\.$status == .open).all()
        guard !cycles.isEmpty else { return [] }
        let units = try await OrgNode.query(on: db).filter(\.$kind == .unit).all().filter { $0.categoryCode != nil }
        var items: [DatedItem] = []
        for cycle in cycles {
            let submissions = try await AssessmentSubmission.query(on: db).filter(\.$cycle.$id == cycle.id!).all()
            let byUnit = Dictionary(submissions.map { ($0.$unit.id, $0) }, uniquingKeysWith: { a, _ in a })
            if let until = LocalDate(cycle.selfUntil), until <= horizon, cycle.objectionsUntil == nil {
                for unit in units where (byUnit[unit.id!]?.status ?? .draft) == .draft {
                    items.append(DatedItem(kind: .assessmentWindow, key: "self:\(cycle.id!.uuidString):\(unit.id!.uuidString)", unitID: unit.id!,
                                           title: "\(cycle.year) 年度考评自评提交", due: until,
                                           href: "/assessment/\(cycle.year)/work/\(unit.id!.uuidString)"))
                }
            }
            if let until = cycle.objectionsUntil.flatMap(LocalDate.init), until <= horizon, until >= today {
                let objected = Set(try await AssessmentObjection.query(on: db).filter(\.$cycle.$id == cycle.id!).all().map(\.$unit.id))
                for unit in units where byUnit[unit.id!]?.confirmedAt == nil && !objected.contains(unit.id!) {
                    items.append(DatedItem(kind: .assessmentWindow, key: "objection:\(cycle.id!.uuidString):\(unit.id!.uuidString)", unitID: unit.id!,
                                           title: "\(cycle.year) 年度考评初步结果确认或申诉", due: until,
                                           href: "/assessment/\(cycle.year)/work/\(unit.id!.uuidString)"))
                }
            }
        }
        return items
    }

    /// Supervision notices waiting for a reply (`supervision_notices_open_due_idx`).
    static func notices(on db: any Database, horizon: LocalDate) async throws -> [DatedItem] {
        let rows = try await sql(db).raw("""
            SELECT id, number, subject_title, unit_id, reply_due FROM supervision_notices
            WHERE status = 'issued' AND reply_due <= \(bind: horizon.description)
            """).all()
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return DatedItem(kind: .notice, key: "notice:\(id.uuidString)", unitID: try row.decode(column: "unit_id", as: UUID.self),
                             title: "\(try row.decode(column: "number", as: String.self)) \(try row.decode(column: "subject_title", as: String.self))",
                             due: LocalDate(try row.decode(column: "reply_due", as: String.self)) ?? .init(dayNumber: 0),
                             href: "/supervision/\(id.uuidString)")
        }
    }
}
