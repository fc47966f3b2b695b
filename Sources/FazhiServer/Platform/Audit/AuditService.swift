import FazhiCore
import Fluent
import SQLKit
import Vapor

/// Who an audit event is attributed to: a user, or a named system actor (seed, CLI).
struct AuditActor: Sendable {
    let id: UUID?
    let name: String
    /// Where the actor may act: a user's district (or the city); a system actor reaches every unit.
    let jurisdiction: Jurisdiction

    static func user(_ user: CurrentUser) -> AuditActor { AuditActor(id: user.id, name: user.username, jurisdiction: user.jurisdiction) }
    static func system(_ name: String) -> AuditActor { AuditActor(id: nil, name: name, jurisdiction: .city) }

    /// The units this actor may name on a form or in an import (a service resolving a unit code
    /// looks only among these, so a district's office never files a record under another district).
    var units: RowScope { jurisdiction.wholeScope }
}

/// Appends events to the hash-chained audit trail and verifies it.
enum AuditService {
    /// Appends one event. Call it inside the same transaction as the change it records, so the
    /// change and its event are written together or not at all.
    static func record(
        on db: any Database, actor: AuditActor, action: AuditAction, entityType: AuditEntity,
        entityID: String, before: (any Encodable)? = nil, after: (any Encodable)? = nil,
        at date: Date
    ) async throws {
        // Touching the head row first takes its write lock (a row lock in PostgreSQL, the
        // database write lock in SQLite): concurrent appends queue here and chain in order.
        let sql = try db.sql()
        let key = try AuditKey.active
        try await sql.update("audit_head").set("seq", to: SQLColumn("seq")).where("id", .equal, 1).run()
        guard let head = try await AuditHead.find(1, on: db) else {
            throw AppError.conflict("审计日志未初始化,请先执行 fazhi migrate")
        }
        let event = AuditEvent()
        let seq = head.seq + 1
        event.id = seq
        event.at = TimeText.iso(date)
        event.actorID = actor.id
        event.actor = actor.name
        event.action = action.code
        event.entityType = entityType.code
        event.entityID = entityID
        event.before = try before.map(json)
        event.after = try after.map(json)
        event.districtID = actor.jurisdiction.districtID
        event.prevHash = head.hash
        // Keyed: without the key outside the database nobody can recompute the chain after a change.
        event.hash = key.mac(
            AuditChain.canonicalText(
                seq: seq, at: event.at, actor: event.actor, action: action.code, entityType: entityType.code,
                entityID: entityID, before: event.before, after: event.after, prevHash: head.hash))
        try await event.create(on: db)
        head.seq = seq
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
        /// The exported head given to check against was not found in the chain as exported.
        var headMismatch: String?

        var isIntact: Bool { failure == nil && headMismatch == nil }
    }

    /// The chain's head, to be kept outside the database (`fazhi audit head`, the office's daily
    /// digest): `verify(against:)` later proves that no event up to it was removed or changed.
    static func head(on db: any Database) async throws -> AuditHeadMark {
        guard let head = try await AuditHead.find(1, on: db) else { throw AppError.conflict("审计日志未初始化,请先执行 fazhi migrate") }
        return AuditHeadMark(seq: head.seq, hash: head.hash)
    }

    /// Walks the whole chain in batches and stops at the first broken event; with `exported`, the
    /// chain must also still hold that event with that hash (a chain cut back and re-headed, or
    /// rewritten, fails here even if it is consistent in itself).
    static func verify(on db: any Database, against exported: AuditHeadMark? = nil, batch: Int = 2000) async throws -> Verification {
        var result = try await walk(on: db, batch: batch)
        if let exported {
            let event = try await AuditEvent.find(exported.seq, on: db)
            if event == nil || exported.seq > result.checked {
                result.headMismatch = "导出的链头第 \(exported.seq) 号事件已不在日志中(日志被截断或回退)"
            } else if let event, !Tokens.constantTimeEquals(event.hash, exported.hash) {
                result.headMismatch = "第 \(exported.seq) 号事件的哈希与导出的链头不符(日志被改写)"
            }
        }
        return result
    }

    private static func walk(on db: any Database, batch: Int) async throws -> Verification {
        let key = try AuditKey.active
        var verifier = AuditChainVerifier(hash: key.mac)
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

/// An exported chain head: `seq:hash`, as `fazhi audit head` prints it.
struct AuditHeadMark: Equatable, Sendable, CustomStringConvertible {
    let seq: Int
    let hash: String

    var description: String { "\(seq):\(hash)" }

    init(seq: Int, hash: String) { self.seq = seq; self.hash = hash }

    /// Parses `seq:hash`; nil for anything else.
    init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":")
        guard parts.count == 2, parts[0].count <= 12, let seq = Int(parts[0]), seq >= 0, parts[1].count == 64,
            parts[1].allSatisfy({ $0.isHexDigit })
        else { return nil }
        self.seq = seq
        self.hash = parts[1].lowercased()
    }
}

extension AuditEvent {
    var record: AuditRecord {
        AuditRecord(
            seq: id ?? 0, at: at, actor: actor, action: action, entityType: entityType, entityID: entityID,
            before: before, after: after, prevHash: prevHash, hash: hash)
    }
}
