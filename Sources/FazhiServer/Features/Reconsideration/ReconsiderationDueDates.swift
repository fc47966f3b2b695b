import FazhiCore
import Fluent
import Vapor

/// 行政复议 stored dates (`organ_due_on`, `answer_due_on`, `decision_due_on`, `opinion_reply_due_on`)
/// and lawsuits' answer dates: recomputed from each open case's facts when the calendar changes.
enum ReconsiderationDueDates: StoredDeadlineKeeper {
    static func recompute(
        from firstDay: LocalDate, old: DeadlineEngine?, new: DeadlineEngine, context: StoredDeadlines.Context, on tx: any Database
    ) async throws -> [StoredDeadlines.Change] {
        var changes: [StoredDeadlines.Change] = []
        let cases = try await ReconsiderationCase.query(on: tx)
            .group(.or) { g in
                g.filter(\.$closedOn == nil).group(.and) { $0.filter(\.$opinionOn != nil).filter(\.$opinionRepliedOn == nil) }
            }
            .all()
        try await cases.loadChildren(\.$suspensions, on: tx)
        for c in cases {
            let before = (c.organDueOn, c.answerDueOn, c.decisionDueOn, c.opinionReplyDueOn)
            guard (try? ReconsiderationService.refreshDue(c, today: context.today, engine: new, rules: context.catalogue)) != nil else { continue }
            guard before != (c.organDueOn, c.answerDueOn, c.decisionDueOn, c.opinionReplyDueOn) else { continue }
            c.version += 1
            try await c.update(on: tx)
            let href = "/reconsideration/\(try c.requireID().uuidString)"
            if before.1 != c.answerDueOn {
                changes.append(
                    .init(
                        unitID: c.$unit.id, entityType: .reconsiderationCase, entityID: c.number, what: "复议案件 \(c.number) 的答复期限",
                        before: before.1?.description, after: c.answerDueOn?.description, href: href, open: c.closedOn == nil))
            }
            if before.2 != c.decisionDueOn {
                changes.append(
                    .init(
                        unitID: nil, entityType: .reconsiderationCase, entityID: c.number, what: "复议案件 \(c.number) 的审理期限",
                        before: before.2?.description, after: c.decisionDueOn?.description, href: href, open: c.closedOn == nil))
            }
        }
        let suits = try await LawsuitCase.query(on: tx).filter(\.$closedOn == nil).filter(\.$answeredOn == nil).all()
        for s in suits {
            let before = s.answerDueOn
            LawsuitService.refreshDue(s, today: context.today, engine: new, rules: context.catalogue)
            guard s.answerDueOn != before else { continue }
            s.version += 1
            try await s.update(on: tx)
            changes.append(
                .init(
                    unitID: s.$unit.id, entityType: .lawsuitCase, entityID: s.number, what: "应诉案件 \(s.number) 的答辩期限",
                    before: before?.description, after: s.answerDueOn?.description, href: "/litigation/\(try s.requireID().uuidString)",
                    open: true))
        }
        return changes
    }
}
