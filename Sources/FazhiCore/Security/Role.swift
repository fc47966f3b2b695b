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
    /// 市法治办 the city's legal office: reads every district (as a leader reads one), changes
    /// nothing in them; belongs to no district.
    case city

    public var label: String {
        switch self {
        case .admin: "系统管理员"
        case .office: "法治办"
        case .assessor: "考评员"
        case .liaison: "单位联络员"
        case .head: "单位负责人"
        case .leader: "区领导"
        case .city: "市法治办"
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

    /// The city's role works above the districts; every other role belongs to one district.
    public var worksForCity: Bool { self == .city }
}

/// 辖区 how far an actor reaches in the organisation tree (city → district → unit).
public enum Jurisdiction: Equatable, Sendable {
    /// The city's legal office: every district.
    case city
    /// One district and the units under it (a district has tens of units, not thousands).
    case district(UUID, units: Set<UUID>)
    /// A user whose district could not be found: reaches nothing.
    case nowhere

    /// Whether a unit lies in this jurisdiction.
    public func reaches(unit: UUID) -> Bool {
        switch self {
        case .city: true
        case .district(_, let units): units.contains(unit)
        case .nowhere: false
        }
    }

    /// Whether a district lies in this jurisdiction.
    public func reaches(district: UUID) -> Bool {
        switch self {
        case .city: true
        case .district(let own, _): own == district
        case .nowhere: false
        }
    }

    /// Every unit the jurisdiction holds, as a list's scope: every district's (the city), one
    /// district's, or none.
    public var wholeScope: RowScope {
        switch self {
        case .city: .all
        case .district(let id, let units): .district(id, units: units.sorted { $0.uuidString < $1.uuidString })
        case .nowhere: .nothing
        }
    }

    /// The district, nil for the city (and for `.nowhere`).
    public var districtID: UUID? {
        if case .district(let id, _) = self { return id }
        return nil
    }
}

/// Who is asking: the signed-in user as the policy sees them.
public struct Actor: Equatable, Sendable {
    public let userID: UUID
    public let role: Role
    public let unitID: UUID?
    /// The district the user works in (a unit's people: their unit's district), or the city.
    public let jurisdiction: Jurisdiction

    public init(userID: UUID, role: Role, unitID: UUID?, jurisdiction: Jurisdiction) {
        self.userID = userID
        self.role = role
        self.unitID = unitID
        self.jurisdiction = jurisdiction
    }
}
