import Foundation

/// 角色 the roles of DESIGN.md §2. A user has exactly one; a unit role needs a unit.
public enum Role: String, CaseIterable, Codable, Sendable {
    /// 系统管理员 users, units, settings and the audit trail; also runs the programme in the demo.
    case admin
    /// 法治办 programme office: plans, tasks, all units' data.
    case office
    /// 考评员 assessor (incl. third-party).
    case assessor
    /// 单位联络员 unit liaison: their own unit's tasks and submissions.
    case liaison
    /// 单位负责人 unit head: approves their unit's submissions.
    case head
    /// 区领导 leader: reads everything, changes nothing.
    case leader

    public var label: String {
        switch self {
        case .admin: "系统管理员"
        case .office: "法治办"
        case .assessor: "考评员"
        case .liaison: "单位联络员"
        case .head: "单位负责人"
        case .leader: "区领导"
        }
    }

    /// Liaisons and heads act for one unit and must belong to one.
    public var needsUnit: Bool { self == .liaison || self == .head }

    /// Receives the audit chain's head in the daily digest, to keep it outside the database.
    public var keepsAuditHead: Bool { self == .admin || self == .office }

    /// Roles that see every unit's assessment (assessors see only the units assigned to them).
    public var seesEveryAssessment: Bool { self == .admin || self == .office || self == .leader }

    /// Roles that see every unit's data.
    public var seesAllUnits: Bool { self == .admin || self == .office || self == .leader || self == .assessor }
}

/// Who is asking: the signed-in user as the policy sees them.
public struct Actor: Equatable, Sendable {
    public let userID: UUID
    public let role: Role
    public let unitID: UUID?

    public init(userID: UUID, role: Role, unitID: UUID?) {
        self.userID = userID
        self.role = role
        self.unitID = unitID
    }
}
