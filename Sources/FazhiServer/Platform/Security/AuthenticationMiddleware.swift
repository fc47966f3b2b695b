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
            if let found = try await Self.session(forToken: token, on: request) {
                request.currentUser = found.user
                // Pages show the unread count in their frame; it came with the session row.
                request.unreadCount = found.unread
            }
        }
        return try await next.respond(to: request)
    }

    /// The session row with its user, the user's unit name, district, the organisation tree's revision
    /// (for the cached district → units map) and the unread count, as one query.
    private struct SessionRow: Decodable {
        let sessionId: UUID
        let csrfToken: String
        let sessionCreatedAt: Date
        let lastSeenAt: Date
        let userId: UUID
        let username: String
        let displayName: String
        let role: String
        let unitId: UUID?
        let isActive: Bool
        let unitName: String?
        let districtId: UUID?
        let orgRevision: Int64?
        let unread: Int
    }

    /// One query per signed-in page request (issue 21): the session, its user, the unit's name and
    /// the unread count together; a write only when the session has ended or is touched (at most
    /// once a minute).
    private static func session(forToken token: String, on req: Request) async throws -> (user: CurrentUser, unread: Int)? {
        let sql = try req.db.sql()
        let found = try await sql.raw(
            """
            SELECT s.id AS session_id, s.csrf_token, s.created_at AS session_created_at, s.last_seen_at,
                   u.id AS user_id, u.username, u.display_name, u.role, u.unit_id, u.is_active, o.name AS unit_name,
                   COALESCE(o.parent_id, u.district_id) AS district_id,
                   (SELECT seq_value FROM number_sequences WHERE seq_key = \(bind: Districts.revisionKey)) AS org_revision,
                   (SELECT COUNT(*) FROM \(ident: InboxItem.schema) n WHERE n.user_id = u.id AND n.read_at IS NULL) AS unread
            FROM \(ident: UserSession.schema) s
            JOIN \(ident: User.schema) u ON u.id = s.user_id
            LEFT JOIN \(ident: OrgNode.schema) o ON o.id = u.unit_id
            WHERE s.token_hash = \(bind: Tokens.sha256Hex(token))
            """
        ).first(decoding: SessionRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        guard let row = found else { return nil }
        let now = req.clock.now()
        let idle = TimeInterval(req.fazhi.sessionIdleMinutes * 60)
        let maxAge = TimeInterval(req.fazhi.sessionMaxHours * 3600)
        guard let role = Role(rawValue: row.role), row.isActive,
            now.timeIntervalSince(row.lastSeenAt) <= idle, now.timeIntervalSince(row.sessionCreatedAt) <= maxAge
        else {
            try await UserSession.query(on: req.db).filter(\.$id == row.sessionId).delete()
            return nil
        }
        // Touched at most once a minute to keep writes low, but always well within the idle
        // timeout, so an active user is never signed out however short it is set.
        if now.timeIntervalSince(row.lastSeenAt) > min(60, idle / 4) {
            try await UserSession.query(on: req.db).filter(\.$id == row.sessionId).set(\.$lastSeenAt, to: now).update()
        }
        let jurisdiction = try await Districts.jurisdiction(role: role, district: row.districtId, revision: row.orgRevision, on: req.db)
        let user = CurrentUser(
            id: row.userId, username: row.username, displayName: row.displayName, role: role, unitID: row.unitId,
            unitName: row.unitId == nil ? nil : row.unitName, jurisdiction: jurisdiction, via: .session, csrfToken: row.csrfToken,
            sessionID: row.sessionId)
        return (user, row.unread)
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
        var unit: OrgNode?
        if let unitID = user.$unit.id { unit = try await OrgNode.find(unitID, on: db) }
        let district = user.$unit.id == nil ? user.$district.id : unit?.$parent.id
        return CurrentUser(
            id: try user.requireID(), username: user.username, displayName: user.displayName, role: user.role,
            unitID: user.$unit.id, unitName: unit?.name,
            jurisdiction: try await Districts.jurisdiction(role: user.role, district: district, revision: nil, on: db),
            via: via, csrfToken: csrf, sessionID: sessionID)
    }
}
