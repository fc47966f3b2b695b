import FazhiCore
import Fluent
import Vapor

/// Sign-in, sign-out and password changes, with lockout after repeated failures.
enum AuthService {
    enum Outcome {
        case signedIn(user: User, token: String)
        case invalid
        /// Locked until the given instant (too many failures in a row).
        case locked(until: Date)
    }

    static func signIn(username rawName: String, password: String, on req: Request) async throws -> Outcome {
        let username = rawName.trimmed.lowercased()
        let now = req.clock.now()
        let config = req.fazhi
        guard !username.isEmpty, !password.isEmpty, password.count <= PasswordRule.maximumLength,
              let user = try await User.query(on: req.db).filter(\.$username == username).first(), user.isActive else {
            // Same work as a real check, so response time does not reveal which usernames exist.
            _ = try? await Passwords.verify(password, hash: req.application.dummyPasswordHash)
            req.logger.notice("登录失败:未知或停用的用户名")
            return .invalid
        }
        if let until = user.lockedUntil, until > now { return .locked(until: until) }
        guard try await Passwords.verify(password, hash: user.passwordHash) else {
            return try await req.db.transaction { tx in
                let before = user.failedAttempts
                user.failedAttempts = (user.lockedUntil == nil ? before : 0) + 1
                var outcome = Outcome.invalid
                var action = "login_failed"
                if user.failedAttempts >= config.lockoutThreshold {
                    let until = now.addingTimeInterval(TimeInterval(config.lockoutMinutes * 60))
                    user.lockedUntil = until
                    user.failedAttempts = 0
                    outcome = .locked(until: until)
                    action = "account_locked"
                } else {
                    user.lockedUntil = nil
                }
                try await user.update(on: tx)
                try await AuditService.record(on: tx, actor: .system(username), action: action, entityType: "user",
                                              entityID: user.id!.uuidString, after: ["failedAttempts": user.failedAttempts],
                                              at: now)
                return outcome
            }
        }
        let token = Tokens.random()
        try await req.db.transaction { tx in
            user.failedAttempts = 0
            user.lockedUntil = nil
            user.lastLoginAt = now
            try await user.update(on: tx)
            let session = UserSession()
            session.tokenHash = Tokens.sha256Hex(token)
            session.$user.id = user.id!
            session.csrfToken = Tokens.random(bytes: 24)
            session.createdAt = now
            session.lastSeenAt = now
            try await session.create(on: tx)
            try await AuditService.record(on: tx, actor: AuditActor(id: user.id, name: user.username), action: "login",
                                          entityType: "user", entityID: user.id!.uuidString, at: now)
        }
        return .signedIn(user: user, token: token)
    }

    static func signOut(_ req: Request) async throws {
        guard let user = req.currentUser, let sessionID = user.sessionID else { return }
        try await req.db.transaction { tx in
            try await UserSession.query(on: tx).filter(\.$id == sessionID).delete()
            try await AuditService.record(on: tx, actor: .user(user), action: "logout", entityType: "user",
                                          entityID: user.id.uuidString, at: req.clock.now())
        }
    }

    /// Changes the signed-in user's password; other sessions of the user end.
    static func changePassword(current: String, new: String, confirm: String, on req: Request) async throws {
        let me = try req.requireUser()
        guard let user = try await User.find(me.id, on: req.db) else { throw AppError.unauthenticated }
        var v = Validator()
        let currentMatches = current.isEmpty ? false : try await Passwords.verify(current, hash: user.passwordHash)
        if !currentMatches {
            v.add("current", "当前密码不正确")
        }
        if let problem = PasswordRule.problem(with: new, username: user.username) { v.add("new", problem) }
        if new != confirm { v.add("confirm", "两次输入的新密码不一致") }
        if new == current, !new.isEmpty { v.add("new", "新密码不能与当前密码相同") }
        try v.check()
        let hash = try await Passwords.hash(new, cost: req.fazhi.bcryptCost)
        try await req.db.transaction { tx in
            user.passwordHash = hash
            try await user.update(on: tx)
            try await UserSession.query(on: tx).filter(\.$user.$id == me.id).filter(\.$id != (me.sessionID ?? UUID())).delete()
            try await AuditService.record(on: tx, actor: .user(me), action: "password_changed", entityType: "user",
                                          entityID: me.id.uuidString, at: req.clock.now())
        }
    }
}

extension Application {
    private struct DummyHashKey: StorageKey { typealias Value = String }

    /// A bcrypt hash of a random secret, verified against when a username is unknown.
    var dummyPasswordHash: String {
        get { storage[DummyHashKey.self] ?? "$2b$04$abcdefghijklmnopqrstuuVlE3HqZ2Nq6Q7bJ6ZzLbWmN2c3PZ1G." }
        set { storage[DummyHashKey.self] = newValue }
    }
}
