import FazhiCore
import Fluent

/// 017: keys the audit chain. Events written before carry plain SHA-256 hashes, which anyone who
/// can write the database could recompute after a change. If that chain is intact, it is hashed
/// again, event by event in order, with the key kept outside the database (HMAC-SHA256); a chain
/// that is already broken is left exactly as found, so `fazhi audit verify` still shows where.
struct KeyAuditChain: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let key = try AuditKey.active
        try await database.writeTransaction { tx in
            var plain = AuditChainVerifier(hash: Tokens.sha256Hex)
            var after = 0
            while true {
                let events = try await Self.page(after: after, on: tx)
                for e in events where plain.feed(e.record) != nil {
                    tx.logger.error("审计日志在加密钥前已不完整(第 \(e.id ?? 0) 号),保持原样,请用 fazhi audit verify 查看")
                    return
                }
                guard let last = events.last?.id else { break }
                after = last
            }
            var previous = AuditChain.genesis
            after = 0
            while true {
                let events = try await Self.page(after: after, on: tx)
                for e in events {
                    e.prevHash = previous
                    e.hash = key.mac(AuditChain.canonicalText(of: e.record))
                    try await e.update(on: tx)
                    previous = e.hash
                }
                guard let last = events.last?.id else { break }
                after = last
            }
            if let head = try await AuditHead.find(1, on: tx) {
                head.hash = previous
                try await head.update(on: tx)
            }
        }
    }

    func revert(on database: any Database) async throws {}

    /// The next events after `after`, with the columns the chain had then (later migrations add
    /// columns this one must not ask for).
    private static func page(after: Int, on db: any Database) async throws -> [AuditEvent] {
        try await AuditEvent.query(on: db).field(\.$id).field(\.$at).field(\.$actorID).field(\.$actor).field(\.$action)
            .field(\.$entityType).field(\.$entityID).field(\.$before).field(\.$after).field(\.$prevHash).field(\.$hash)
            .filter(\.$id > after).sort(\.$id).limit(2000).all()
    }
}
