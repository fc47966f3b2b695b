import FazhiCore
import Fluent
import Vapor

/// 督办件 stored dates (`due_on`, and `reply_due_on` / `register_due_on` while they run): recomputed
/// when the calendar changes, for the items whose running clock falls on or after the first changed
/// day. Audit periods are set by the audit report and never move.
enum OversightDueDates: StoredDeadlineKeeper {
    static func recompute(
        from firstDay: LocalDate, old: DeadlineEngine?, new: DeadlineEngine, context: StoredDeadlines.Context, on tx: any Database
    ) async throws -> [StoredDeadlines.Change] {
        var changes: [StoredDeadlines.Change] = []
        let items = try await OversightItem.query(on: tx).filter(\.$dueOn >= firstDay).filter(\.$channel != .audit).all()
        let settings = OversightConfig.active
        for item in items {
            let before = item.dueOn
            let due: LocalDate?
            switch item.dueKind ?? "" {
            case "register":
                due = try? OversightClock.petitionRegisterDue(received: item.assignedOn, engine: new, rules: context.catalogue).due
                item.registerDueOn = due ?? item.registerDueOn
            case "reply":
                due =
                    try? OversightClock.replyDue(
                        channel: item.channel, start: item.acceptedOn ?? item.assignedOn, complex: item.complex, extensionDays: item.extensionDays,
                        auditDue: nil, settings: settings, engine: new, rules: context.catalogue
                    ).due
                item.replyDueOn = due ?? item.replyDueOn
            case "second_reply":
                let rated = try await OversightReply.query(on: tx).filter(\.$item.$id == item.requireID()).filter(\.$round == item.round - 1).first()?
                    .ratedOn
                due = try rated.map { try OversightClock.secondReplyDue(rated: $0, settings: settings, engine: new).due }
            case "review":
                due = try item.reviewRequestedOn.map {
                    try OversightClock.petitionReviewDue(requested: $0, engine: new, rules: context.catalogue).due
                }
            default: due = nil
            }
            guard let due, due != before else { continue }
            item.dueOn = due
            item.version += 1
            try await item.update(on: tx)
            changes.append(
                .init(
                    unitID: item.$unit.id, entityType: .oversightItem, entityID: "\(item.channel.label) \(item.refNo)",
                    what: "\(item.channel.label) \(item.refNo) 的办理期限", before: before?.description, after: due.description,
                    href: "/oversight/items/\(try item.requireID().uuidString)", open: true))
        }
        return changes
    }
}
