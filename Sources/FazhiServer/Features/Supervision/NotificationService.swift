import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 站内提醒: turns the day's signals into inbox notifications, one per person, item and rung.
/// Several processes may run this at once: the unique (user, key) index and insert-or-ignore make
/// each notification exist once whoever gets there first.
enum NotificationService {
    /// Who hears of a rung. A supervision notice is addressed to the whole unit, and its overdue
    /// reply goes to the office that issued it instead of prompting another notice.
    static func recipients(_ kind: DatedItem.Kind, _ rung: EscalationRung) -> [Recipient] {
        guard kind == .notice else { return [rung.recipient] }
        switch rung {
        case .dueSoon, .overdue: return [.liaison, .head]
        case .head: return [.office]
        case .notice: return []
        }
    }

    static func text(_ signal: Signal, _ rung: EscalationRung) -> (title: String, body: String) {
        if signal.item.kind == .notice && rung == .head {
            return (
                "督办单逾期未答复:\(signal.item.title)",
                "督办单要求 \(signal.item.due) 前答复,已逾期 \(signal.stage.workdaysOverdue) 个工作日仍未答复。"
            )
        }
        return signal.message(rung)
    }

    struct Row {
        let userID: UUID
        let key: String
        let kind: String
        let rung: String
        let title: String
        let body: String
        let href: String
    }

    /// The notifications the signals call for (before de-duplication by the database).
    static func rows(for signals: [Signal], users: [User]) -> [Row] {
        var byUnitRole: [String: [UUID]] = [:]
        var office: [UUID] = []
        for user in users where user.isActive {
            guard let id = user.id, let recipient = Policy.recipient(of: user.role) else { continue }
            switch recipient {
            case .office: office.append(id)
            case .liaison, .head: if let unit = user.$unit.id { byUnitRole["\(unit)|\(recipient.rawValue)", default: []].append(id) }
            }
        }
        var rows: [Row] = []
        for signal in signals {
            for rung in signal.stage.rungs {
                let text = text(signal, rung)
                for recipient in recipients(signal.item.kind, rung) {
                    let ids: [UUID] =
                        switch recipient {
                        case .office: office
                        case .liaison: byUnitRole["\(signal.item.unitID)|\(Recipient.liaison.rawValue)"] ?? []
                        case .head: byUnitRole["\(signal.item.unitID)|\(Recipient.head.rawValue)"] ?? []
                        }
                    for id in ids {
                        rows.append(
                            Row(
                                userID: id, key: "\(signal.item.key):\(rung.rawValue)", kind: signal.item.kind.rawValue, rung: rung.rawValue,
                                title: text.title, body: text.body, href: signal.item.href))
                    }
                }
            }
        }
        return rows
    }

    /// Inserts what is not there yet; returns how many rows were offered.
    @discardableResult
    static func generate(on db: any Database, signals: [Signal], today: LocalDate, now: Date) async throws -> Int {
        let users = try await User.query(on: db).filter(\.$role ~~ [.office, .liaison, .head]).filter(\.$isActive == true).all()
        let rows = rows(for: signals, users: users)
        try await insert(rows, on: db, today: today, now: now)
        return rows.count
    }

    static func insert(_ rows: [Row], on db: any Database, today: LocalDate, now: Date) async throws {
        let sql = try db.sql()
        for chunk in stride(from: 0, to: rows.count, by: 400).map({ Array(rows[$0..<min($0 + 400, rows.count)]) }) {
            let builder = sql.insert(into: InboxItem.schema)
                .columns("id", "user_id", "key", "kind", "rung", "title", "body", "href", "created_on", "created_at")
            for r in chunk {
                builder.values(
                    SQLBind(UUID()), SQLBind(r.userID), SQLBind(r.key), SQLBind(r.kind), SQLBind(r.rung), SQLBind(r.title),
                    SQLBind(r.body), SQLBind(r.href), SQLBind(today.description), SQLBind(now))
            }
            try await builder.ignoringConflicts(with: ["user_id", "key"]).run()
        }
    }

    /// A notification sent to named people at once (a supervision notice issued to the unit).
    static func notify(
        userIDs: [UUID], key: String, kind: String, title: String, body: String, href: String,
        on db: any Database, today: LocalDate, now: Date
    ) async throws {
        try await insert(
            userIDs.map { Row(userID: $0, key: key, kind: kind, rung: "issued", title: title, body: body, href: href) },
            on: db, today: today, now: now)
    }

}

extension Request {
    private struct UnreadKey: StorageKey { typealias Value = Int }

    /// Unread notifications of the signed-in user (from the session query, `AuthenticationMiddleware`).
    var unreadCount: Int {
        get { storage[UnreadKey.self] ?? 0 }
        set { storage[UnreadKey.self] = newValue }
    }
}
