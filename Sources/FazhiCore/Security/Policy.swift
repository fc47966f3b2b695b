import Foundation

/// What a request wants to do. Every route names exactly one action.
public enum Action: String, CaseIterable, Codable, Sendable {
    /// Public pages: sign-in form, health, the API description.
    case viewPublic
    /// One's own account: home, change password, sign out.
    case useAccount
    case viewPlan
    case editPlan
    case viewUnits
    case viewUnit
    case viewTasks
    case viewTask
    case createTask
    case editTask
    /// Report progress %, completion (lead unit) on a task.
    case reportProgress
    /// Add a progress note (lead or co-unit).
    case addNote
    case manageUsers
    case manageTokens
    case viewAudit
    /// The working-day calendar and the deadline calculator.
    case viewCalendar
    /// Edit holidays and make-up days; import a year's notice.
    case manageCalendar
    /// 指标体系: read the indicator trees (every signed-in user: units must know how they are scored).
    case viewIndicators
    /// Edit, import and copy indicator trees.
    case manageIndicators
    /// 考评结果: results and score cards (rows are filtered further by `mayViewResult`).
    case viewAssessment
    /// Freeze and publish a cycle.
    case manageAssessment
}

/// What the action is done to. `.any` is the route-level question: may this actor do this kind
/// of thing at all? Handlers then ask again with the concrete resource.
public enum Resource: Equatable, Sendable {
    case any
    case unit(UUID)
    case task(leadUnit: UUID, coUnits: [UUID])
    /// One unit's assessment result: its rank and grade, or with `detail` its score card.
    case result(unit: UUID, published: Bool, detail: Bool)
}

public enum Decision: Equatable, Sendable {
    case allow
    /// Not signed in: sign in first.
    case needsSignIn
    /// Signed in, but not allowed.
    case deny
}

/// 权限策略 the one policy function. Every route and every resource check goes through
/// `decide`; nothing else in Fazhi decides who may do what.
public enum Policy {
    public static func decide(_ actor: Actor?, _ action: Action, _ resource: Resource = .any) -> Decision {
        if action == .viewPublic { return .allow }
        guard let actor else { return .needsSignIn }
        return allowed(actor, action, resource) ? .allow : .deny
    }

    private static func allowed(_ a: Actor, _ action: Action, _ resource: Resource) -> Bool {
        switch action {
        case .viewPublic, .useAccount, .viewPlan, .viewUnits, .viewTasks, .viewCalendar, .viewIndicators:
            return true
        case .viewAssessment:
            // The office, leaders and assessors see every result; a unit sees its own; after
            // publication everyone sees ranks and grades, but only the unit itself its score card.
            guard case .result(let unit, let published, let detail) = resource else { return true }
            return a.role.seesAllUnits || a.unitID == unit || (published && !detail)
        case .editPlan, .createTask, .editTask, .manageIndicators, .manageAssessment:
            return a.role == .admin || a.role == .office
        case .manageUsers, .manageTokens, .manageCalendar:
            return a.role == .admin
        case .viewAudit:
            return a.role == .admin || a.role == .office || a.role == .leader
        case .viewUnit:
            if a.role.seesAllUnits { return true }
            guard case .unit(let id) = resource else { return resource == .any && a.unitID != nil }
            return id == a.unitID
        case .viewTask:
            if a.role.seesAllUnits { return true }
            return involvesOwnUnit(a, resource, leadOnly: false)
        case .reportProgress:
            if a.role == .admin || a.role == .office { return true }
            guard a.role.needsUnit else { return false }
            return involvesOwnUnit(a, resource, leadOnly: true)
        case .addNote:
            if a.role == .admin || a.role == .office { return true }
            guard a.role.needsUnit else { return false }
            return involvesOwnUnit(a, resource, leadOnly: false)
        }
    }

    /// Whether the task is led (or, unless `leadOnly`, co-handled) by the actor's unit.
    /// At route level (`.any`) a unit role may try; the handler asks again with the task.
    private static func involvesOwnUnit(_ a: Actor, _ resource: Resource, leadOnly: Bool) -> Bool {
        guard let unit = a.unitID else { return false }
        switch resource {
        case .any: return true
        case .unit(let id): return id == unit
        case .task(let lead, let co): return lead == unit || (!leadOnly && co.contains(unit))
        case .result: return false
        }
    }

    /// The query form of the `viewTask` rule, for lists: which tasks the actor may see.
    public static func taskScope(_ actor: Actor) -> TaskScope {
        if actor.role.seesAllUnits { return .all }
        return actor.unitID.map { .unit($0) } ?? .nothing
    }
}

/// Which tasks a list may show to an actor.
public enum TaskScope: Equatable, Sendable {
    case all
    /// Tasks the unit leads or co-handles.
    case unit(UUID)
    case nothing
}
