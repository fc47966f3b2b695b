import FazhiCore
import Fluent
import Vapor

/// Finds the signed-in user from the session cookie or an `Authorization: Bearer` API token.
/// Sessions live in the database, end after the idle timeout or the maximum age, and are
/// touched at most once a minute to keep writes low.
struct AuthenticationMiddleware: AsyncMiddleware {
    static let sessionCookie = "fazhi_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization {
            guard request.url.path.hasPrefix("/api/") else { throw AppError.unauthenticated }
            request.currentUser = try await Self.user(forAPIToken: bearer.token, on: request)
        } else if let token = request.cookies[Self.sessionCookie]?.string, !token.isEmpty {
            request.currentUser = try await Self.user(forSessionToken: token, on: request)
            // Pages show the unread count in their frame: counted once here for page requests
            // (an indexed count), not for the JSON API.
            if let user = request.currentUser, request.method == .GET, !request.url.path.hasPrefix("/api/") {
                request.unreadCount = try await NotificationService.unreadCount(user.id, on: request.db)
            }
        }
        return try await next.respond(to: request)
    }

    private static func user(forSessionToken token: String, on req: Request) async throws -> CurrentUser? {
        let now = req.clock.now()
        // One query: the session with its user and the user's unit.
        guard
            let session = try await UserSession.query(on: req.db)
                .join(User.self, on: \UserSession.$user.$id == \User.$id)
                .join(OrgNode.self, on: \User.$unit.$id == \OrgNode.$id, method: .left)
                .filter(\.$tokenHash == Tokens.sha256Hex(token)).first(),
            let user = try? session.joined(User.self)
        else { return nil }
        session.$user.value = user
        let unitName = try? session.joined(OrgNode.self).name
        let idle = TimeInterval(req.fazhi.sessionIdleMinutes * 60)
        let maxAge = TimeInterval(req.fazhi.sessionMaxHours * 3600)
        if now.timeIntervalSince(session.lastSeenAt) > idle || now.timeIntervalSince(session.createdAt) > maxAge
            || !session.user.isActive
        {
            try await session.delete(on: req.db)
            return nil
        }
        // Touched at most once a minute to keep writes low, but always well within the idle
        // timeout, so an active user is never signed out however short it is set.
        if now.timeIntervalSince(session.lastSeenAt) > min(60, idle / 4) {
            session.lastSeenAt = now
            try await session.update(on: req.db)
        }
        return try current(user, unitName: unitName, via: .session, csrf: session.csrfToken, sessionID: session.id)
    }

    private static func user(forAPIToken token: String, on req: Request) async throws -> CurrentUser {
        guard
            let record = try await APIToken.query(on: req.db)
                .filter(\.$tokenHash == Tokens.sha256Hex(token)).filter(\.$revokedAt == nil).with(\.$user).first(),
            record.user.isActive
        else { throw AppError.unauthenticated }
        let now = req.clock.now()
        if record.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            record.lastUsedAt = now
            try await record.update(on: req.db)
        }
        return try await current(record.user, via: .apiToken, csrf: nil, sessionID: nil, on: req.db)
    }

    static func current(
        _ user: User, via: CurrentUser.Via, csrf: String?, sessionID: UUID?,
        on db: any Database
    ) async throws -> CurrentUser {
        var unitName: String?
        if let unitID = user.$unit.id { unitName = try await OrgNode.find(unitID, on: db)?.name }
        return try current(user, unitName: unitName, via: via, csrf: csrf, sessionID: sessionID)
    }

    /// The signed-in user as requests see it, from the user row and its unit's name.
    static func current(_ user: User, unitName: String?, via: CurrentUser.Via, csrf: String?, sessionID: UUID?) throws -> CurrentUser {
        CurrentUser(
            id: try user.requireID(), username: user.username, displayName: user.displayName, role: user.role,
            unitID: user.$unit.id, unitName: user.$unit.id == nil ? nil : unitName, via: via, csrfToken: csrf, sessionID: sessionID)
    }
}
