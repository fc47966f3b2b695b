import FazhiCore
import Fluent
import FluentSQL
import Foundation

/// What the register asks of a unit (or the district) today, counted in one query.
enum EnforcementStats {
    struct Workload {
        var open = 0, decisionOverdue = 0, reviewPending = 0, publishOverdue = 0, withdrawOverdue = 0, certificatesLapsed = 0
        var certificatesExpiring = 0
    }

    static func workload(scope: RowScope, today: LocalDate, on db: any Database) async throws -> Workload {
        let t = today.description
        let soon = today.adding(days: EnforcementConfig.active.certificateWarningDays.first ?? 90).description
        let only = scope.unitCondition("unit_id") ?? "1 = 1"
        let query: SQLQueryString = """
            SELECT
              (SELECT COUNT(*) FROM enforcement_cases WHERE \(only) AND closed_on IS NULL) AS open,
              (SELECT COUNT(*) FROM enforcement_cases WHERE \(only) AND decision_on IS NULL AND closed_on IS NULL AND decision_due_on < \(bind: t)) AS decision_overdue,
              (SELECT COUNT(*) FROM enforcement_cases WHERE \(only) AND review_required AND decision_on IS NULL AND closed_on IS NULL
                 AND (review_result IS NULL OR review_result = 'failed')) AS review_pending,
              (SELECT COUNT(*) FROM enforcement_cases WHERE \(only) AND publish_due_on < \(bind: t) AND published_on IS NULL) AS publish_overdue,
              (SELECT COUNT(*) FROM enforcement_cases WHERE \(only) AND publish_due_on < \(bind: t) AND revoked_on IS NOT NULL) AS withdraw_overdue,
              (SELECT COUNT(*) FROM enforcement_officers WHERE \(only) AND status = 'active' AND valid_until < \(bind: t)) AS lapsed,
              (SELECT COUNT(*) FROM enforcement_officers WHERE \(only) AND status = 'active' AND valid_until >= \(bind: t) AND valid_until <= \(bind: soon)) AS expiring
            """
        guard let row = try await db.sql().raw(query).first() else { return Workload() }
        func n(_ column: String) throws -> Int { Int(try row.decode(column: column, as: Int64.self)) }
        return Workload(
            open: try n("open"), decisionOverdue: try n("decision_overdue"), reviewPending: try n("review_pending"),
            publishOverdue: try n("publish_overdue"), withdrawOverdue: try n("withdraw_overdue"), certificatesLapsed: try n("lapsed"),
            certificatesExpiring: try n("expiring"))
    }
}
