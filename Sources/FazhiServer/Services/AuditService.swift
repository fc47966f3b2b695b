import FazhiCore
import Fluent
import SQLKit
import Vapor

/// Who an audit event is attributed to: a user, or a named system actor (seed, CLI).
struct AuditActor: Sendable {
    let id: UUID?
    let name: String

    static func user(_ user: CurrentUser) -> AuditActor { AuditActor(id: user.id, name: user.username) }
    static func system(_ name: String) -> AuditActor { AuditActor(id: nil, name: name) }
}

/// Appends events to the hash-chained audit trail and verifies it.
enum AuditService {
    /// Appends one event. Call it inside the same transaction as the change it records, so the
    /// change and its event are written together or not at all.
    static func record(on db: any Database, actor: AuditActor, action: String, entityType: String,
                       entityID: String, before: (any Encodable)? = nil, after: (any Encodable)? = nil,
                       at date: Date) async throws {
        // Touching the head row first takes its write lock (a row lock in PostgreSQL, the
        // database write lock in SQLite): concurrent appends queue here and chain in order.
        try await (db as! any SQLDatabase).update("audit_head").set("seq", to: SQLColumn("seq"))
            .where("id", .equal, 1).run()
        guard let head = try await AuditHead.find(1, on: db) else {
            throw AppError.conflict("审计日志未初始化,请先执行 fazhi migrate")
        }
        let event = AuditEvent()
        event.id = head.seq + 1
        event.at = TimeText.iso(date)
        event.actorID = actor.id
        event.actor = actor.name
        event.action = action
        event.entityType = entityType
        event.entityID = entityID
        event.before = try before.map(json)
        event.after = try after.map(json)
        event.prevHash = head.hash
        event.hash = Tokens.sha256Hex(AuditChain.canonicalText(
            seq: event.id!, at: event.at, actor: event.actor, action: action, entityType: entityType,
            entityID: entityID, before: event.before, after: event.after, prevHash: head.hash))
        try await event.create(on: db)
        head.seq = event.id!
        head.hash = event.hash
        try await head.update(on: db)
    }

    /// Stable JSON (sorted keys) of a state snapshot.
    static func json(_ value: any Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    struct Verification {
        let checked: Int
        let failure: AuditChainVerifier.Failure?
    }

    /// Walks the whole chain in batches and stops at the first broken event.
    static func verify(on db: any Database, batch: Int = 2000) async throws -> Verification {
        var verifier = AuditChainVerifier(hash: Tokens.sha256Hex)
        var after = 0
        while true {
            let events = try await AuditEvent.query(on: db).filter(\.$id > after).sort(\.$id).limit(batch).all()
            for e in events {
                if let failure = verifier.feed(e.record) { return Verification(checked: verifier.checked, failure: failure) }
            }
            guard let last = events.last?.id else { break }
            after = last
        }
        if let head = try await AuditHead.find(1, on: db), head.seq != verifier.checked {
            return Verification(checked: verifier.checked, failure: .gap(expected: verifier.checked + 1, found: head.seq))
        }
        return Verification(checked: verifier.checked, failure: nil)
    }
}

extension AuditEvent {
    var record: AuditRecord {
        AuditRecord(seq: id!, at: at, actor: actor, action: action, entityType: entityType, entityID: entityID,
                    before: before, after: after, prevHash: prevHash, hash: hash)
    }
}
