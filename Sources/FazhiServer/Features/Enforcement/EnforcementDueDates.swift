import FazhiCore
import Fluent
import Vapor

/// 行政执法 stored dates (`decision_due_on`, `publish_due_on`): recomputed from each open case's
/// facts when the calendar changes — only the cases whose date is still open and falls on or after
/// the first changed day (or could not be computed before).
enum EnforcementDueDates: StoredDeadlineKeeper {
    static func recompute(
        from firstDay: LocalDate, old: DeadlineEngine?, new: DeadlineEngine, context: StoredDeadlines.Context, on tx: any Database
    ) async throws -> [StoredDeadlines.Change] {
        var changes: [StoredDeadlines.Change] = []
        let cases = try await EnforcementCase.query(on: tx)
            .group(.or) { g in
                g.group(.and) {
                    $0.filter(\.$decisionOn == nil).filter(\.$closedOn == nil).group(.or) {
                        $0.filter(\.$decisionDueOn == nil).filter(\.$decisionDueOn >= firstDay)
                    }
                }
                g.group(.and) {
                    $0.filter(\.$decisionOn != nil).filter(\.$publishedOn == nil).group(.or) {
                        $0.filter(\.$publishDueOn == nil).filter(\.$publishDueOn >= firstDay)
                    }
                }
                g.group(.and) { $0.filter(\.$revokedOn != nil).filter(\.$withdrawnOn == nil).filter(\.$publishedOn != nil) }
            }
            .all()
        for c in cases {
            let before = (c.decisionDueOn, c.publishDueOn)
            guard (try? EnforcementService.refreshDue(c, today: context.today, engine: new, rules: context.catalogue)) != nil else { continue }
            guard before != (c.decisionDueOn, c.publishDueOn) else { continue }
            c.version += 1
            try await c.update(on: tx)
            let href = "/enforcement/\(try c.requireID().uuidString)"
            if before.0 != c.decisionDueOn {
                changes.append(
                    .init(
                        unitID: c.$unit.id, entityType: .enforcementCase, entityID: c.number, what: "执法案件 \(c.number) 的办案期限",
                        before: before.0?.description, after: c.decisionDueOn?.description, href: href, open: true))
            }
            if before.1 != c.publishDueOn {
                changes.append(
                    .init(
                        unitID: c.$unit.id, entityType: .enforcementCase, entityID: c.number, what: "执法案件 \(c.number) 的公示期限",
                        before: before.1?.description, after: c.publishDueOn?.description, href: href, open: true))
            }
        }
        return changes
    }
}
