import FazhiCore
import Fluent
import Vapor

/// The signed-in user of a request, as handlers and views need it.
struct CurrentUser: Sendable {
    enum Via: Sendable { case session, apiToken }

    let id: UUID
    let username: String
    let displayName: String
    let role: Role
    let unitID: UUID?
    let unitName: String?
    /// 辖区 the district (and its units) the user works in, or the city.
    let jurisdiction: Jurisdiction
    let via: Via
    /// The session's CSRF token (sessions only).
    let csrfToken: String?
    let sessionID: UUID?

    var actor: Actor { Actor(userID: id, role: role, unitID: unitID, jurisdiction: jurisdiction) }

    /// The district the user works in; nil for the city's role.
    var districtID: UUID? { jurisdiction.districtID }
}

extension Request {
    private struct CurrentUserKey: StorageKey { typealias Value = CurrentUser }

    /// The signed-in user, or nil for a public request.
    var currentUser: CurrentUser? {
        get { storage[CurrentUserKey.self] }
        set { storage[CurrentUserKey.self] = newValue }
    }

    /// The signed-in user; throws `unauthenticated` for public requests.
    func requireUser() throws -> CurrentUser {
        guard let user = currentUser else { throw AppError.unauthenticated }
        return user
    }

    /// Asks the policy about a concrete resource; throws unless allowed.
    func authorize(_ action: Action, _ resource: Resource = .any) throws {
        switch Policy.decide(currentUser?.actor, action, resource) {
        case .allow: return
        case .needsSignIn: throw AppError.unauthenticated
        case .deny: throw AppError.forbidden
        }
    }

    /// Whether the policy allows it (for showing or hiding buttons).
    func may(_ action: Action, _ resource: Resource = .any) -> Bool {
        Policy.decide(currentUser?.actor, action, resource) == .allow
    }
}

extension Request {
    /// The unit a new register record belongs to: a unit's own people act for their unit; the office
    /// (a district-wide scope for `action`) names one by its code on the form. Nil when none is chosen.
    func targetUnit(_ action: Action, code: String?) async throws -> OrgNode? {
        let scope = try requireUser().scope(action)
        if let own = scope.ownUnit { return try await OrgNode.find(own, on: db) }
        guard scope.spansUnits, let code, !code.isEmpty else { return nil }
        return try await OrgNode.unit(code: code, in: scope, on: db)
    }
}
