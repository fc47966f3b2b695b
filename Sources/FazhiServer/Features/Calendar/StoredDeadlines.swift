import FazhiCore
import Fluent
import Vapor

/// A feature that keeps dates computed by the deadline engine in its rows (a request's answer
/// date, a notice's reply date, an objection window). When a year's holiday notice is imported or
/// changed, every such date that may depend on that year is computed again; each one that changes
/// is recorded in the audit trail and its unit is told in its inbox.
///
/// Features plug in here (`StoredDeadlines.all`); the calendar names none of them.
protocol StoredDeadlineKeeper {
    /// Recomputes the dates that may depend on days from `firstDay` on. `old` is the engine before
    /// the change (to recover a period's length where the row does not keep it). A row whose date
    /// cannot be computed keeps it: a calendar change is never refused because of one row.
    static func recompute(
        from firstDay: LocalDate, old: DeadlineEngine?, new: DeadlineEngine, context: StoredDeadlines.Context,
        on tx: any Database
    ) async throws -> [StoredDeadlines.Change]
}

enum StoredDeadlines {
    /// Every feature that stores engine-computed dates: the platform's, then each register's.
    static var all: [any StoredDeadlineKeeper.Type] {
        [NoticeReplyDates.self, ObjectionWindows.self] + RegisterModules.all.flatMap(\.storedDeadlines)
    }

    struct Context {
        let catalogue: DeadlineCatalogue
        let today: LocalDate
        let actor: AuditActor
        let now: Date
    }

    /// One date that moved.
    struct Change {
        /// The unit to tell (nil: nobody in particular, e.g. a district-wide window).
        let unitID: UUID?
        let entityType: AuditEntity
        let entityID: String
        /// What the date is, e.g. 申请 YSQ-2026-00012 的答复期限.
        let what: String
        let before: String?
        let after: String?
        let href: String
        /// Whether the unit still has to act (closed matters are recorded, not announced).
        let open: Bool
    }

    /// Recomputes everything that may depend on `firstDay` or later, inside the caller's write
    /// transaction (so the calendar change and the moved dates commit together), audits and announces.
    @discardableResult
    static func recompute(from firstDay: LocalDate, old: DeadlineEngine?, context: Context, on tx: any Database) async throws -> [Change] {
        let new = try await CalendarService.engine(on: tx)
        var changes: [Change] = []
        for keeper in all {
            changes += try await keeper.recompute(from: firstDay, old: old, new: new, context: context, on: tx)
        }
        for change in changes {
            try await AuditService.record(
                on: tx, actor: context.actor, action: .recomputeDue, entityType: change.entityType, entityID: change.entityID,
                before: ["due": change.before ?? ""], after: ["due": change.after ?? "", "reason": "工作日历变更"], at: context.now)
        }
        let announced = changes.filter { $0.open && $0.unitID != nil }
        guard !announced.isEmpty else { return changes }
        let unitIDs = Set(announced.compactMap(\.unitID))
        let people = try await User.query(on: tx).filter(\.$unit.$id ~~ unitIDs).filter(\.$role ~~ Policy.unitRecipientRoles)
            .filter(\.$isActive == true).all()
        for change in announced {
            let ids = people.filter { $0.$unit.id == change.unitID }.compactMap(\.id)
            let mark = change.after.map { ProvisionalDisplay.text($0, calendar: new.calendar) }
            try await NotificationService.notify(
                userIDs: ids, key: "recompute:\(change.entityType.code):\(change.entityID):\(change.after ?? "none")", kind: "calendar",
                title: "期限重新计算:\(change.what)",
                body: "工作日历已更新(节假日安排导入或修改),\(change.what)由 \(change.before ?? "未定") 改为 \(mark ?? "未定")。",
                href: change.href, on: tx, today: context.today, now: context.now)
        }
        return changes
    }
}

/// 督办单 reply dates (`supervision_notices.reply_due`): the same number of working days from the
/// day of issue. The row keeps only the date, so the length is read back with the old calendar.
enum NoticeReplyDates: StoredDeadlineKeeper {
    static func recompute(
        from firstDay: LocalDate, old: DeadlineEngine?, new: DeadlineEngine, context: StoredDeadlines.Context,
        on tx: any Database
    ) async throws -> [StoredDeadlines.Change] {
        guard let old else { return [] }
        let rows = try await SupervisionNotice.query(on: tx).filter(\.$status == .issued).filter(\.$replyDue >= firstDay).all()
        var changes: [StoredDeadlines.Change] = []
        for n in rows {
            let issued = n.issuedOn, due = n.replyDue
            // A row whose period cannot be counted (outside every computable year) keeps its date.
            guard let length = try? old.calendar.workdays(from: issued.adding(days: 1), to: due), length > 0,
                let moved = (try? new.due(DeadlineRequest(start: issued, length: length, unit: .workday)))?.due
            else { continue }
            guard moved != n.replyDue else { continue }
            let before = n.replyDue
            n.replyDue = moved
            try await n.update(on: tx)
            changes.append(
                .init(
                    unitID: n.$unit.id, entityType: .supervisionNotice, entityID: n.number, what: "督办单 \(n.number) 的答复期限",
                    before: before.description, after: moved.description, href: "/supervision/\(try n.requireID().uuidString)", open: true))
        }
        return changes
    }
}

/// 申诉期 of a released assessment (`assessment_cycles.objections_until`): the cycle's number of
/// working days from the day of release.
enum ObjectionWindows: StoredDeadlineKeeper {
    static func recompute(
        from firstDay: LocalDate, old: DeadlineEngine?, new: DeadlineEngine, context: StoredDeadlines.Context,
        on tx: any Database
    ) async throws -> [StoredDeadlines.Change] {
        let cycles = try await AssessmentCycle.query(on: tx).filter(\.$objectionsUntil >= firstDay).all()
        var changes: [StoredDeadlines.Change] = []
        for cycle in cycles {
            guard let from = cycle.objectionsFrom,
                let until = (try? new.due(DeadlineRequest(start: from, length: cycle.objectionWorkdays, unit: .workday)))?.due
            else { continue }
            guard until != cycle.objectionsUntil else { continue }
            let before = cycle.objectionsUntil
            cycle.objectionsUntil = until
            try await cycle.update(on: tx)
            changes.append(
                .init(
                    unitID: nil, entityType: .assessmentCycle, entityID: "\(cycle.year)", what: "\(cycle.year) 年考评申诉期截止日",
                    before: before?.description, after: until.description, href: "/assessment/\(cycle.year)/results", open: true))
        }
        return changes
    }
}
