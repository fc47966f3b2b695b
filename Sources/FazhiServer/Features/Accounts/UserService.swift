import FazhiCore
import Fluent
import Vapor

/// 用户管理: creating and changing accounts. Passwords never enter the audit trail.
enum UserService {
    struct Input: Sendable {
        var username: String
        var displayName: String
        var role: String
        var unitID: String
        /// The district the account belongs to (the administrator's own on the web, `--district` on the
        /// command line); nil for the city's role.
        var district: UUID?
        var password: String?
        var isActive: Bool
        /// Where the daily digest and supervision notices are mailed; empty for none.
        var email: String = ""
    }

    /// What the audit trail keeps of a user.
    struct Snapshot: Encodable {
        let username: String
        let displayName: String
        let role: String
        let unit: String
        let isActive: Bool
        let email: String
    }

    static func snapshot(_ user: User) -> Snapshot {
        Snapshot(
            username: user.username, displayName: user.displayName, role: user.role.rawValue,
            unit: user.$unit.id?.uuidString ?? "", isActive: user.isActive, email: user.email ?? "")
    }

    static func validate(_ input: Input, isNew: Bool, on db: any Database) async throws -> (Role, UUID?) {
        var v = Validator()
        let username = input.username.trimmed.lowercased()
        if isNew {
            if !(3...32).contains(username.count)
                || !username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
            {
                v.add("username", "用户名须为 3–32 位小写字母、数字或 - _ .")
            } else if try await User.query(on: db).filter(\.$username == username).first() != nil {
                v.add("username", "用户名“\(username)”已被使用")
            }
        }
        v.text(input.displayName, field: "displayName", label: "姓名", max: 50)
        let role = Role(rawValue: input.role)
        if role == nil { v.add("role", "请选择有效的角色") }
        var unitID: UUID?
        if !input.unitID.isEmpty {
            if let id = UUID(uuidString: input.unitID), let unit = try await OrgNode.find(id, on: db), unit.kind == .unit,
                input.district == nil || unit.$parent.id == input.district
            {
                unitID = id
            } else {
                v.add("unitID", "所选单位不存在")
            }
        }
        if let role, role.needsUnit, unitID == nil, input.unitID.isEmpty { v.add("unitID", "\(role.label)必须属于一个单位") }
        if let role, role.worksForCity, input.district != nil || unitID != nil { v.add("role", "市法治办账户不属于任何区或单位") }
        if let role, !role.worksForCity, input.district == nil { v.add("role", "\(role.label)必须属于一个区") }
        if !input.email.trimmed.isEmpty && !MailMessage.isAddress(input.email.trimmed) {
            v.add("email", "邮箱地址格式不正确(如 name@example.gov.cn)")
        }
        if let password = input.password {
            if let problem = PasswordRule.problem(with: password, username: username) { v.add("password", problem) }
        } else if isNew {
            v.add("password", "请设置初始密码")
        }
        try v.check()
        guard let role else { throw ValidationFailure(v.errors) }
        return (role, unitID)
    }

    @discardableResult
    static func create(_ input: Input, actor: AuditActor, cost: Int, on db: any Database, now: Date) async throws -> User {
        let (role, unitID) = try await validate(input, isNew: true, on: db)
        guard let password = input.password else { throw ValidationFailure([FieldError("password", "请设置初始密码")]) }
        let hash = try await Passwords.hash(password, cost: cost)
        let user = User(
            username: input.username.trimmed.lowercased(), displayName: input.displayName.trimmed,
            role: role, unitID: unitID, districtID: input.district, passwordHash: hash)
        user.isActive = input.isActive
        user.email = input.email.trimmed.isEmpty ? nil : input.email.trimmed
        try await db.writeTransaction { tx in
            try await user.create(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .create, entityType: .user,
                entityID: user.requireID().uuidString, after: snapshot(user), at: now)
        }
        return user
    }

    /// Changes name, role, unit and status; a new password when one is given. Ending an
    /// account's access (deactivation, new password) also ends its sessions.
    static func update(
        _ user: User, with input: Input, actor: AuditActor, cost: Int, on db: any Database,
        now: Date
    ) async throws {
        let (role, unitID) = try await validate(input, isNew: false, on: db)
        if actor.id == user.id, !Policy.mayChangeOwnAccount(toRole: role, active: input.isActive) {
            throw ValidationFailure([FieldError("role", "不能停用自己的账户或取消自己的系统管理员角色")])
        }
        let before = snapshot(user)
        var newHash: String?
        if let password = input.password { newHash = try await Passwords.hash(password, cost: cost) }
        let changedHash = newHash
        try await db.writeTransaction { tx in
            user.displayName = input.displayName.trimmed
            user.role = role
            user.$unit.id = unitID
            user.$district.id = unitID == nil ? input.district : nil
            user.isActive = input.isActive
            user.email = input.email.trimmed.isEmpty ? nil : input.email.trimmed
            if let changedHash { user.passwordHash = changedHash }
            try await user.update(on: tx)
            if changedHash != nil || !input.isActive {
                try await UserSession.query(on: tx).filter(\.$user.$id == user.requireID()).delete()
            }
            try await AuditService.record(
                on: tx, actor: actor, action: changedHash == nil ? .update : .updatePassword,
                entityType: .user, entityID: user.requireID().uuidString, before: before,
                after: snapshot(user), at: now)
        }
    }

    static func unlock(_ user: User, actor: AuditActor, on db: any Database, now: Date) async throws {
        try await db.writeTransaction { tx in
            user.lockedUntil = nil
            user.failedAttempts = 0
            try await user.update(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .unlock, entityType: .user,
                entityID: user.requireID().uuidString, at: now)
        }
    }

    /// Issues an API token for a user; the token is shown once and only its hash is kept.
    static func issueToken(
        for user: User, name: String, actor: AuditActor, on db: any Database,
        now: Date
    ) async throws -> String {
        var v = Validator()
        v.text(name, field: "name", label: "令牌名称", max: 100)
        try v.check()
        let token = "fz_" + Tokens.random()
        let record = APIToken()
        record.$user.id = try user.requireID()
        record.name = name.trimmed
        record.tokenHash = Tokens.sha256Hex(token)
        record.prefix = String(token.prefix(9))
        record.createdAt = now
        try await db.writeTransaction { tx in
            try await record.create(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .create, entityType: .apiToken,
                entityID: record.requireID().uuidString,
                after: ["user": user.username, "name": record.name, "prefix": record.prefix], at: now)
        }
        return token
    }

    static func revokeToken(_ token: APIToken, actor: AuditActor, on db: any Database, now: Date) async throws {
        try await db.writeTransaction { tx in
            token.revokedAt = now
            try await token.update(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .revoke, entityType: .apiToken,
                entityID: token.requireID().uuidString, at: now)
        }
    }
}
