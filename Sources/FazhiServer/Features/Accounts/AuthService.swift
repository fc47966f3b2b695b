import FazhiCore
import Fluent
import NIOConcurrencyHelpers
import Vapor

/// Sign-in, sign-out and password changes. Failed sign-ins slow further attempts down by
/// address and by account name (`LoginThrottle`); nobody can lock another user out.
enum AuthService {
    enum Outcome {
        case signedIn(user: User, token: String)
        case invalid
        /// Too many failures from this address or for this name: wait this many seconds. Said
        /// alike for existing and unknown names.
        case throttled(seconds: Int)
    }

    /// Cookie marking a browser that signed in to an account before: guesses at that account from
    /// elsewhere do not slow it down.
    static let knownDeviceCookie = "fazhi_device"

    static func signIn(username rawName: String, password: String, on req: Request) async throws -> Outcome {
        let username = String(rawName.trimmed.lowercased().prefix(64))
        let now = req.clock.now()
        let address = req.clientAddress
        var known = false
        if let mark = req.cookies[knownDeviceCookie]?.string {
            known = Tokens.constantTimeEquals(mark, try deviceMark(username))
        }
        let throttle = req.application.loginThrottle.withLockedValue { $0 }
        let wait = try await throttle.wait(address: address, account: username, knownDevice: known, on: req.db, now: now)
        if wait > 0 {
            let seconds = Int(wait.rounded(.up))
            req.logger.notice("登录尝试过于频繁,已限速 \(seconds) 秒")
            return .throttled(seconds: seconds)
        }
        let user = username.isEmpty ? nil : try await User.query(on: req.db).filter(\.$username == username).first()
        guard let user, user.isActive, !password.isEmpty, password.count <= PasswordRule.maximumLength else {
            // Same work as a real check, so response time does not reveal which usernames exist.
            _ = try await Passwords.verify(password, hash: req.application.dummyPasswordHash)
            try await throttle.recordFailure(address: address, account: username, on: req.db, now: now)
            req.logger.notice("登录失败:未知或停用的用户名")
            return .invalid
        }
        guard try await Passwords.verify(password, hash: user.passwordHash) else {
            try await throttle.recordFailure(address: address, account: username, on: req.db, now: now)
            let userID = try user.requireID()
            try await req.db.writeTransaction { tx in
                try await AuditService.record(
                    on: tx, actor: .system(username), action: .loginFailed, entityType: .user,
                    entityID: userID.uuidString, at: now)
            }
            return .invalid
        }
        try await throttle.recordSuccess(address: address, account: username, on: req.db)
        let token = Tokens.random()
        let userID = try user.requireID()
        try await req.db.writeTransaction { tx in
            user.failedAttempts = 0
            user.lockedUntil = nil
            user.lastLoginAt = now
            try await user.update(on: tx)
            let session = UserSession()
            session.tokenHash = Tokens.sha256Hex(token)
            session.$user.id = userID
            session.csrfToken = Tokens.random(bytes: 24)
            session.createdAt = now
            session.lastSeenAt = now
            try await session.create(on: tx)
            // The district whose log shows the sign-in (a unit's people: their unit's).
            let district: UUID? =
                if let own = user.$district.id { own } else if let unit = user.$unit.id { try await Districts.of(unit: unit, on: tx) } else { nil }
            try await AuditService.record(
                on: tx, actor: AuditActor(id: userID, name: user.username, jurisdiction: district.map { .district($0, units: []) } ?? .nowhere),
                action: .login,
                entityType: .user, entityID: userID.uuidString, at: now)
        }
        return .signedIn(user: user, token: token)
    }

    /// The known-device mark of an account: keyed with the server's secret, so it cannot be forged.
    static func deviceMark(_ username: String) throws -> String {
        String(try AuditKey.active.mac("known-device|" + username).prefix(32))
    }

    static func signOut(_ req: Request) async throws {
        guard let user = req.currentUser, let sessionID = user.sessionID else { return }
        try await req.db.writeTransaction { tx in
            try await UserSession.query(on: tx).filter(\.$id == sessionID).delete()
            try await AuditService.record(
                on: tx, actor: .user(user), action: .logout, entityType: .user,
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
        try await req.db.writeTransaction { tx in
            user.passwordHash = hash
            try await user.update(on: tx)
            try await UserSession.query(on: tx).filter(\.$user.$id == me.id).filter(\.$id != (me.sessionID ?? UUID())).delete()
            try await AuditService.record(
                on: tx, actor: .user(me), action: .passwordChanged, entityType: .user,
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
