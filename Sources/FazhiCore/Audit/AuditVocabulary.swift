/// A stored code and the Chinese name the audit log shows for it. The code is what the hash
/// chain stores and never changes. `Kind` only keeps objects and actions apart.
public struct AuditTerm<Kind>: Hashable, Sendable, CustomStringConvertible {
    public let code: String
    public let label: String

    public init(_ code: String, _ label: String) {
        self.code = code
        self.label = label
    }

    /// The stored code (so an interpolated value reads as it is stored).
    public var description: String { code }

    public static func == (a: Self, b: Self) -> Bool { a.code == b.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

public enum AuditEntityKind {}
public enum AuditActionKind {}

/// 审计对象: what an audit event is about. The platform's kinds are declared in the server; a
/// register declares its own beside its code (`extension AuditEntity { static let … }`) and lists
/// them in its module, so the audit log can name them without the platform naming the register.
public typealias AuditEntity = AuditTerm<AuditEntityKind>

/// 审计动作: what was done.
public typealias AuditAction = AuditTerm<AuditActionKind>

/// The names the audit log knows: the platform's and every register's. A code nobody declares
/// (an event written by an older version) is shown as its code.
public struct AuditVocabulary: Sendable {
    public let entities: [AuditEntity]
    private let entityLabels: [String: String]
    private let actionLabels: [String: String]
    private let fieldLabels: [String: String]
    private let valueLabels: [String: [String: String]]

    /// `fields`: the Chinese names of the snapshots' keys (`dueOn` → 答复期限). `values`: the
    /// Chinese names of stored codes, by field (`role` → `office` → 法治办) or, where one field
    /// means different things for different objects, by object and field (`problem.status`).
    public init(
        entities: [AuditEntity], actions: [AuditAction], fields: [String: String] = [:], values: [String: [String: String]] = [:]
    ) {
        fieldLabels = fields
        valueLabels = values
        var seen = Set<String>()
        self.entities = entities.filter { seen.insert($0.code).inserted }
        entityLabels = Dictionary(entities.map { ($0.code, $0.label) }, uniquingKeysWith: { first, _ in first })
        actionLabels = Dictionary(actions.map { ($0.code, $0.label) }, uniquingKeysWith: { first, _ in first })
    }

    public func entityLabel(_ code: String) -> String { entityLabels[code] ?? code }
    public func actionLabel(_ code: String) -> String { actionLabels[code] ?? code }
    public func fieldLabel(_ key: String) -> String { fieldLabels[key] ?? key }

    /// A stored value as a reader should see it (`open` → 整改中 for a problem's status).
    public func valueLabel(entity: String, field: String, value: String) -> String {
        valueLabels["\(entity).\(field)"]?[value] ?? valueLabels[field]?[value] ?? value
    }
}
