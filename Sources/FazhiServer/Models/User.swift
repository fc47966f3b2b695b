import Fluent
import FazhiCore
import Foundation

/// A person who signs in. Liaisons and heads belong to exactly one unit.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "role") var role: Role
    @OptionalParent(key: "unit_id") var unit: OrgNode?
    /// Bcrypt hash; the password itself is never stored.
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "failed_attempts") var failedAttempts: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @Field(key: "is_active") var isActive: Bool
    /// Where the daily digest goes, if anywhere.
    @OptionalField(key: "email") var email: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "last_login_at") var lastLoginAt: Date?

    init() {}

    init(username: String, displayName: String, role: Role, unitID: UUID?, passwordHash: String) {
        self.username = username
        self.displayName = displayName
        self.role = role
        self.$unit.id = unitID
        self.passwordHash = passwordHash
        self.failedAttempts = 0
        self.isActive = true
    }

    var actor: Actor { Actor(userID: id!, role: role, unitID: $unit.id) }
}

/// A signed-in browser session, kept in the database so several server processes share it.
/// Only the SHA-256 of the cookie token is stored.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "user_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date

    init() {}
}

/// An API token issued by an administrator; only its SHA-256 is stored.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    /// The first characters of the token, to tell tokens apart in lists.
    @Field(key: "prefix") var prefix: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}
}
