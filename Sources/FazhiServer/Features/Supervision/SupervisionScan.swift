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
        let items = try await DatedSources.items(DatedSources.all, on: db, horizon: horizon, today: today)
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

    /// The platform's dated items: assessment windows and supervision notices.
    static let platformSources: [DatedSource] = [selfAssessmentWindows, objectionWindows, openNotices]

    /// Units (with a category) of the cycle's district that have not submitted their self-assessment
    /// by the window's end, while the cycle is open and before preliminary results. (The city's cycle
    /// assesses districts, not units: it makes no unit item.)
    static let selfAssessmentWindows = DatedSource(
        kind: .assessmentWindow,
        select: { horizon, _ in
            """
            SELECT u.id AS id, c.id AS ref, u.id AS unit_id, '' AS label, CAST(c.year AS TEXT) AS detail, c.self_until AS due
            FROM assessment_cycles c
            JOIN org_nodes u ON u.parent_id = c.district_id AND u.kind = 'unit' AND u.category_code IS NOT NULL
            LEFT JOIN assessment_submissions sub ON sub.cycle_id = c.id AND sub.unit_id = u.id
            WHERE c.status = 'open' AND c.objections_until IS NULL AND c.self_until <= \(bind: horizon.description)
              AND (sub.id IS NULL OR sub.status = 'draft')
            """
        },
        item: { windowItem($0, prefix: "self", title: "年度考评自评提交") })

    /// While preliminary results are out: units that have neither confirmed nor objected, until the
    /// objection window's last day.
    static let objectionWindows = DatedSource(
        kind: .assessmentWindow,
        select: { horizon, today in
            """
            SELECT u.id AS id, c.id AS ref, u.id AS unit_id, '' AS label, CAST(c.year AS TEXT) AS detail, c.objections_until AS due
            FROM assessment_cycles c
            JOIN org_nodes u ON u.parent_id = c.district_id AND u.kind = 'unit' AND u.category_code IS NOT NULL
            LEFT JOIN assessment_submissions sub ON sub.cycle_id = c.id AND sub.unit_id = u.id
            WHERE c.status = 'open' AND c.objections_until <= \(bind: horizon.description)
              AND c.objections_until >= \(bind: today.description) AND sub.confirmed_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM assessment_objections o WHERE o.cycle_id = c.id AND o.unit_id = u.id)
            """
        },
        item: { windowItem($0, prefix: "objection", title: "年度考评初步结果确认或申诉") })

    /// A unit's assessment-window item: `ref` the cycle, `detail` its year, the link its work page.
    private static func windowItem(_ row: DatedRow, prefix: String, title: String) -> DatedItem? {
        row.dueDate.map { due in
            DatedItem(
                kind: .assessmentWindow, key: "\(prefix):\(row.ref.uuidString):\(row.id.uuidString)", unitID: row.unitId,
                title: "\(row.detail) \(title)", due: due, href: "/assessment/\(row.detail)/work/\(row.unitId.uuidString)")
        }
    }

    /// Supervision notices waiting for a reply (`supervision_notices_open_due_idx`).
    static let openNotices = DatedSource(
        kind: .notice,
        select: { horizon, _ in
            """
            SELECT id, id AS ref, unit_id, number AS label, subject_title AS detail, reply_due AS due FROM supervision_notices
            WHERE status = 'issued' AND reply_due <= \(bind: horizon.description)
            """
        },
        item: { row in
            row.dueDate.map { due in
                DatedItem(
                    kind: .notice, key: "notice:\(row.id.uuidString)", unitID: row.unitId, title: "\(row.label) \(row.detail)", due: due,
                    href: "/supervision/\(row.id.uuidString)")
            }
        })
}
