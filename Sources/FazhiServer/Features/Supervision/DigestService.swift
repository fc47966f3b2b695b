import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 每日汇总: once a day (from the configured hour) one e-mail per person with what is new in their
/// inbox, and one robot message per unit channel with the unit's open items. Enqueued with a
/// unique key per person (or channel) and day, so however many processes try, each goes once.
enum DigestService {
    /// Enqueues today's digests that are not enqueued yet; returns how many this call added.
    @discardableResult
    static func enqueueDaily(on db: any Database, config: FazhiConfig, signals: [Signal], today: LocalDate, now: Date) async throws -> Int {
        var added = 0
        // Today's digests already made (by any process): one query, so later rounds of the day do
        // not try every person and channel again.
        let done = Set(try await Delivery.query(on: db).filter(\.$key =~ "digest:").filter(\.$key ~= ":\(today)").all().map(\.key))
        if config.smtp != nil {
            let users = try await User.query(on: db).filter(\.$email != nil).filter(\.$isActive == true).all()
                .filter { try MailMessage.isAddress($0.email ?? "") && !done.contains(emailKey(try $0.requireID(), today)) }
            let pendingByUser =
                users.isEmpty
                ? [:]
                : Dictionary(
                    grouping: try await InboxItem.query(on: db).filter(\.$user.$id ~~ users.map { try $0.requireID() })
                        .filter(\.$digestedOn == nil).sort(\.$createdAt).all(), by: \.$user.id)
            let head = users.contains { $0.role.keepsAuditHead } ? try await AuditService.head(on: db) : nil
            for user in users {
                guard let pending = pendingByUser[try user.requireID()], !pending.isEmpty, let email = user.email else { continue }
                let entries = pending.map { Digest.Entry(title: $0.title, body: $0.body, href: $0.href) }
                var text = Digest.mailText(name: user.displayName, date: today, entries: entries, baseURL: config.publicURL)
                if user.role.keepsAuditHead, let head {
                    // An anchor outside the database: `fazhi audit verify --head` proves later that no
                    // event up to it was removed or rewritten.
                    text += "\n\n审计日志链头(请留存备查,可用 fazhi audit verify --head \(head) 核对):\(head)"
                }
                let body = text
                let enqueued = try await db.writeTransaction { tx in
                    let ok = try await enqueue(
                        key: emailKey(user.requireID(), today), channel: .email, target: email,
                        label: user.displayName, subject: Digest.subject(date: today, count: entries.count),
                        body: body, on: tx, now: now)
                    if ok {
                        try await InboxItem.query(on: tx).filter(\.$id ~~ pending.map { try $0.requireID() }).set(
                            \.$digestedOn, to: today
                        ).update()
                    }
                    return ok
                }
                if enqueued { added += 1 }
            }
        }
        let channels = try await UnitChannel.query(on: db).filter(\.$enabled == true).with(\.$unit).all()
            .filter { !done.contains(robotKey(try $0.requireID(), today)) }
        let byUnit = Dictionary(grouping: signals, by: \.item.unitID)
        for channel in channels {
            guard let list = byUnit[channel.$unit.id], !list.isEmpty else { continue }
            let ordered = list.sorted { ($0.stage.workdaysOverdue, $1.item.due) > ($1.stage.workdaysOverdue, $0.item.due) }
            let entries = ordered.map { s in
                Digest.Entry(
                    title: "\(s.item.kind.label)|\(s.item.title)",
                    body: s.stage.isOverdue ? "已逾期 \(s.stage.workdaysOverdue) 个工作日(\(s.item.due) 到期)" : "\(s.item.due) 到期",
                    href: s.item.href)
            }
            let title = "【法治督办】\(channel.unit.name)每日提醒(\(today))"
            let body = RobotMessage.body(
                channel.kind, title: title, lines: Digest.robotLines(date: today, entries: entries, baseURL: config.publicURL))
            if try await enqueue(
                key: robotKey(channel.requireID(), today), channel: channel.kind, target: channel.requireID().uuidString,
                label: channel.unit.name, subject: title, body: String(decoding: body, as: UTF8.self), on: db, now: now)
            {
                added += 1
            }
        }
        return added
    }

    static func emailKey(_ user: UUID, _ day: LocalDate) -> String { "digest:email:\(user.uuidString):\(day)" }
    static func robotKey(_ channel: UUID, _ day: LocalDate) -> String { "digest:robot:\(channel.uuidString):\(day)" }

    /// Inserts one outbox row unless its key is taken; true when this call inserted it.
    @discardableResult
    static func enqueue(
        key: String, channel: ChannelKind, target: String, label: String, subject: String, body: String,
        on db: any Database, now: Date
    ) async throws -> Bool {
        let id = UUID()
        let ms = Int64(now.timeIntervalSince1970 * 1000)
        try await db.sql().insert(into: Delivery.schema)
            .columns("id", "key", "channel", "target", "label", "subject", "body", "status", "attempts", "next_attempt_ms", "created_at_ms")
            .values(
                SQLBind(id), SQLBind(key), SQLBind(channel.rawValue), SQLBind(target), SQLBind(label), SQLBind(subject), SQLBind(body),
                SQLBind(Delivery.Status.pending.rawValue), SQLBind(0), SQLBind(ms), SQLBind(ms)
            )
            .ignoringConflicts(with: ["key"]).run()
        return try await Delivery.query(on: db).filter(\.$key == key).first()?.id == id
    }
}
