import FazhiCore
import Fluent
import Vapor

/// 依申请公开 answer dates (`goi_requests.due_on`): recomputed from the request's facts.
enum GOIDueDates: StoredDeadlineKeeper {
    static func recompute(
        from firstDay: LocalDate, old: DeadlineEngine?, new: DeadlineEngine, context: StoredDeadlines.Context,
        on tx: any Database
    ) async throws -> [StoredDeadlines.Change] {
        let rule = try GOIService.rule(context.catalogue)
        // A due date before `firstDay` never looked at the changed days; an empty one may be a
        // date that could not be computed before.
        let rows = try await GOIRequest.query(on: tx).filter(\.$receivedOn != nil)
            .group(.or) { $0.filter(\.$dueOn == nil).filter(\.$dueOn >= firstDay) }
            .all()
        try await rows.loadChildren(\.$consultations, on: tx)
        var changes: [StoredDeadlines.Change] = []
        for r in rows {
            let before = r.dueOn
            // A request whose facts cannot be counted keeps its date (the calendar change goes on).
            guard (try? GOIService.refreshDue(r, today: context.today, engine: new, rule: rule)) != nil, r.dueOn != before else { continue }
            r.version += 1
            try await r.update(on: tx)
            changes.append(
                .init(
                    unitID: r.$unit.id, entityType: .goiRequest, entityID: r.number, what: "申请 \(r.number) 的答复期限",
                    before: before?.description, after: r.dueOn?.description, href: "/goi/\(try r.requireID().uuidString)", open: r.closedOn == nil))
        }
        return changes
    }
}
