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
        let horizon =
            (try? calendar.adding(workdays: ladder.dueSoonWorkdays, to: today))
            ?? today.adding(days: ladder.dueSoonWorkdays * 2 + 10)
        var items = try await windows(on: db, horizon: horizon, today: today)
        items += try await notices(on: db, horizon: horizon)
        for module in RegisterModules.all { items += try await module.datedItems(on: db, horizon: horizon) }
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
                    items.append(
                        DatedItem(
                            kind: .assessmentWindow, key: "self:\(cycle.id!.uuidString):\(unit.id!.uuidString)", unitID: unit.id!,
                            title: "\(cycle.year) 年度考评自评提交", due: until,
                            href: "/assessment/\(cycle.year)/work/\(unit.id!.uuidString)"))
                }
            }
            if let until = cycle.objectionsUntil.flatMap(LocalDate.init), until <= horizon, until >= today {
                let objected = Set(try await AssessmentObjection.query(on: db).filter(\.$cycle.$id == cycle.id!).all().map(\.$unit.id))
                for unit in units where byUnit[unit.id!]?.confirmedAt == nil && !objected.contains(unit.id!) {
                    items.append(
                        DatedItem(
                            kind: .assessmentWindow, key: "objection:\(cycle.id!.uuidString):\(unit.id!.uuidString)", unitID: unit.id!,
                            title: "\(cycle.year) 年度考评初步结果确认或申诉", due: until,
                            href: "/assessment/\(cycle.year)/work/\(unit.id!.uuidString)"))
                }
            }
        }
        return items
    }

    /// Supervision notices waiting for a reply (`supervision_notices_open_due_idx`).
    static func notices(on db: any Database, horizon: LocalDate) async throws -> [DatedItem] {
        let rows = try await sql(db).raw(
            """
            SELECT id, number, subject_title, unit_id, reply_due FROM supervision_notices
            WHERE status = 'issued' AND reply_due <= \(bind: horizon.description)
            """
        ).all()
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return DatedItem(
                kind: .notice, key: "notice:\(id.uuidString)", unitID: try row.decode(column: "unit_id", as: UUID.self),
                title: "\(try row.decode(column: "number", as: String.self)) \(try row.decode(column: "subject_title", as: String.self))",
                due: LocalDate(try row.decode(column: "reply_due", as: String.self)) ?? .init(dayNumber: 0),
                href: "/supervision/\(id.uuidString)")
        }
    }
}
