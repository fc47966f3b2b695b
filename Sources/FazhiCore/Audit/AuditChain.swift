/// One event of the audit trail (审计日志) as it is hashed: who did what to which entity, when,
/// with the entity's state before and after (JSON text).
public struct AuditRecord: Equatable, Sendable {
    public let seq: Int
    /// Instant as ISO-8601 text with milliseconds, exactly as stored.
    public let at: String
    public let actor: String
    public let action: String
    public let entityType: String
    public let entityID: String
    public let before: String?
    public let after: String?
    public let prevHash: String
    public let hash: String

    public init(
        seq: Int, at: String, actor: String, action: String, entityType: String, entityID: String,
        before: String?, after: String?, prevHash: String, hash: String
    ) {
        self.seq = seq; self.at = at; self.actor = actor; self.action = action
        self.entityType = entityType; self.entityID = entityID; self.before = before; self.after = after
        self.prevHash = prevHash; self.hash = hash
    }
}

/// The hash chain over the audit trail: each event's hash covers its own fields and the previous
/// event's hash, so changing, removing or reordering any event breaks every hash after it.
public enum AuditChain {
    /// The `prevHash` of the first event.
    public static let genesis = String(repeating: "0", count: 64)

    /// The exact text that is hashed. Each field is length-prefixed so no two different events
    /// can produce the same text by moving a separator.
    public static func canonicalText(
        seq: Int, at: String, actor: String, action: String, entityType: String,
        entityID: String, before: String?, after: String?, prevHash: String
    ) -> String {
        let fields = [String(seq), at, actor, action, entityType, entityID, before ?? "∅", after ?? "∅", prevHash]
        return fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
    }

    public static func canonicalText(of r: AuditRecord) -> String {
        canonicalText(
            seq: r.seq, at: r.at, actor: r.actor, action: r.action, entityType: r.entityType,
            entityID: r.entityID, before: r.before, after: r.after, prevHash: r.prevHash)
    }
}

/// Walks the chain in `seq` order, one event at a time, so a long trail is checked in batches.
public struct AuditChainVerifier {
    public enum Failure: Equatable, Sendable {
        case gap(expected: Int, found: Int)
        case wrongPrevious(seq: Int)
        case wrongHash(seq: Int)

        public var seq: Int {
            switch self {
            case .gap(_, let found): found
            case .wrongPrevious(let seq), .wrongHash(let seq): seq
            }
        }

        public var message: String {
            switch self {
            case .gap(let expected, let found): "第 \(expected) 号事件缺失(下一条为第 \(found) 号)"
            case .wrongPrevious(let seq): "第 \(seq) 号事件的前序哈希与上一事件不符"
            case .wrongHash(let seq): "第 \(seq) 号事件的内容与其哈希不符(已被改动)"
            }
        }
    }

    private let hash: (String) -> String
    private var expectedSeq = 1
    private var previousHash = AuditChain.genesis
    public private(set) var checked = 0

    public init(hash: @escaping (String) -> String) { self.hash = hash }

    /// Checks the next event; returns the first failure, after which the chain is broken.
    public mutating func feed(_ record: AuditRecord) -> Failure? {
        if record.seq != expectedSeq { return .gap(expected: expectedSeq, found: record.seq) }
        if record.prevHash != previousHash { return .wrongPrevious(seq: record.seq) }
        if hash(AuditChain.canonicalText(of: record)) != record.hash { return .wrongHash(seq: record.seq) }
        expectedSeq += 1
        previousHash = record.hash
        checked += 1
        return nil
    }
}
