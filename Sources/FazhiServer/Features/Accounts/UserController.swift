import FazhiCore
import Fluent
import Vapor

/// 用户管理 for the system administrator: accounts, unlocking, API tokens.
struct UserController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("admin", "users")
        users.on(.GET, policy: .manageUsers, use: index)
        users.on(.GET, "new", policy: .manageUsers, use: newForm)
        users.on(.POST, policy: .manageUsers, use: create)
        users.on(.GET, ":userID", policy: .manageUsers, use: edit)
        users.on(.POST, ":userID", policy: .manageUsers, use: update)
        users.on(.POST, ":userID", "unlock", policy: .manageUsers, use: unlock)
        users.on(.POST, ":userID", "tokens", policy: .manageTokens, use: issueToken)
        routes.on(.POST, "admin", "tokens", ":tokenID", "revoke", policy: .manageTokens, use: revokeToken)
    }

    struct UserRow: Encodable {
        let href: String
        let username: String
        let name: String
        let role: String
        let unit: String
        let state: String
        let lastLogin: String
    }

    struct UsersContext: Encodable {
        let layout: LayoutContext
        let rows: [UserRow]
        let query: String
    }

    @Sendable func index(req: Request) async throws -> View {
        let now = req.clock.now()
        let text = ((try? req.query.get(String.self, at: "q")) ?? "").trimmed
        let scope = try req.requireUser().scope(.manageUsers)
        let units = try await unitNames(scope, req.db)
        var query = Self.accounts(scope, on: req.db)
        if !text.isEmpty {
            query = query.group(.or) {
                $0.filter(column: "username", containsLiterally: text.lowercased()).filter(column: "display_name", containsLiterally: text)
            }
        }
        let rows = try await query.sort(\.$username).all().map { u in
            UserRow(
                href: SiteURL.user(try u.requireID()), username: u.username, name: u.displayName, role: u.role.label,
                unit: u.$unit.id.flatMap { units[$0] } ?? "—",
                state: !u.isActive ? "已停用" : (u.lockedUntil.map { $0 > now } ?? false) ? "已锁定" : "正常",
                lastLogin: TimeText.local(u.lastLoginAt))
        }
        return try await req.view.render(
            "accounts/users",
            UsersContext(
                layout: LayoutContext(req, title: "用户管理", active: "users"),
                rows: rows, query: text))
    }

    struct TokenRow: Encodable {
        let name: String
        let prefix: String
        let created: String
        let lastUsed: String
        let revoked: Bool
        let revokeHref: String
    }

    struct UserFormContext: Encodable {
        let layout: LayoutContext
        let isNew: Bool
        let action: String
        let username: String
        let displayName: String
        let email: String
        let isActive: Bool
        let isLocked: Bool
        let roles: [OptionContext]
        let units: [OptionContext]
        let errors: [FormError]
        let tokens: [TokenRow]
        var newToken: String?
        let unlockHref: String
        let tokensHref: String
    }

    struct UserForm: Content {
        var username: String?
        var displayName: String?
        var email: String?
        var role: String?
        var unitID: String?
        var password: String?
        var isActive: String?
        var tokenName: String?
    }

    @Sendable func newForm(req: Request) async throws -> View {
        try await req.view.render("accounts/user-form", try await formContext(req, user: nil, form: UserForm(isActive: "on"), errors: []))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(UserForm.self)
        do {
            let user = try await UserService.create(
                input(req, form), actor: .user(try req.requireUser()), cost: req.fazhi.bcryptCost,
                on: req.db, now: req.clock.now())
            return req.redirect(to: "\(SiteURL.user(try user.requireID()))?notice=created")
        } catch let failure as ValidationFailure {
            return try await failed(req, try await formContext(req, user: nil, form: form, errors: failure.errors))
        }
    }

    @Sendable func edit(req: Request) async throws -> View {
        let user = try await load(req)
        let form = UserForm(
            username: user.username, displayName: user.displayName, email: user.email, role: user.role.rawValue,
            unitID: user.$unit.id?.uuidString ?? "", isActive: user.isActive ? "on" : nil)
        return try await req.view.render("accounts/user-form", try await formContext(req, user: user, form: form, errors: []))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let user = try await load(req)
        let form = try req.content.decode(UserForm.self)
        do {
            var values = input(req, form)
            values.username = user.username
            try await UserService.update(
                user, with: values, actor: .user(try req.requireUser()), cost: req.fazhi.bcryptCost,
                on: req.db, now: req.clock.now())
            return req.redirect(to: "\(SiteURL.user(try user.requireID()))?notice=saved")
        } catch let failure as ValidationFailure {
            return try await failed(req, try await formContext(req, user: user, form: form, errors: failure.errors))
        }
    }

    @Sendable func unlock(req: Request) async throws -> Response {
        let user = try await load(req)
        try await UserService.unlock(user, actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        return req.redirect(to: "\(SiteURL.user(try user.requireID()))?notice=unlocked")
    }

    @Sendable func issueToken(req: Request) async throws -> Response {
        let user = try await load(req)
        let form = try req.content.decode(UserForm.self)
        let current = UserForm(
            username: user.username, displayName: user.displayName, email: user.email, role: user.role.rawValue,
            unitID: user.$unit.id?.uuidString ?? "", isActive: user.isActive ? "on" : nil)
        do {
            let token = try await UserService.issueToken(
                for: user, name: form.tokenName ?? "", actor: .user(try req.requireUser()),
                on: req.db, now: req.clock.now())
            var context = try await formContext(req, user: user, form: current, errors: [])
            context.newToken = token
            return try await req.view.render("accounts/user-form", context).encodeResponse(for: req)
        } catch let failure as ValidationFailure {
            return try await failed(req, try await formContext(req, user: user, form: current, errors: failure.errors))
        }
    }

    @Sendable func revokeToken(req: Request) async throws -> Response {
        guard let id = req.parameters.get("tokenID", as: UUID.self), let token = try await APIToken.find(id, on: req.db),
            try await Self.accounts(try req.requireUser().scope(.manageUsers), on: req.db).filter(\.$id == token.$user.id).first() != nil
        else {
            throw AppError.notFound("令牌")
        }
        try await UserService.revokeToken(token, actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        return req.redirect(to: "\(SiteURL.user(token.$user.id))?notice=revoked")
    }

    private func input(_ req: Request, _ form: UserForm) -> UserService.Input {
        UserService.Input(
            username: form.username ?? "", displayName: form.displayName ?? "", role: form.role ?? "",
            unitID: form.unitID ?? "", district: req.currentUser?.districtID, password: (form.password ?? "").isEmpty ? nil : form.password,
            isActive: form.isActive == "on" || form.isActive == "true", email: form.email ?? "")
    }

    /// The accounts an administrator keeps: those of their district and its units.
    static func accounts(_ scope: RowScope, on db: any Database) -> QueryBuilder<User> {
        let query = User.query(on: db)
        switch scope {
        case .all: return query
        case .district(let district, let units):
            return query.group(.or) { $0.filter(\.$district.$id == district).filter(\.$unit.$id ~~ units) }
        case .unit(let unit): return query.filter(\.$unit.$id == unit)
        case .nothing: return query.filter(\.$id == RowScope.noUnit)
        }
    }

    private func load(_ req: Request) async throws -> User {
        guard let id = req.parameters.get("userID", as: UUID.self),
            let user = try await Self.accounts(try req.requireUser().scope(.manageUsers), on: req.db).filter(\.$id == id).first()
        else {
            throw AppError.notFound("用户")
        }
        return user
    }

    private func unitNames(_ scope: RowScope, _ db: any Database) async throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try await OrgNode.units(in: scope, on: db).map { (try $0.requireID(), $0.name) })
    }

    private func failed(_ req: Request, _ context: UserFormContext) async throws -> Response {
        let response = try await req.view.render("accounts/user-form", context).encodeResponse(for: req)
        response.status = .unprocessableEntity
        return response
    }

    private func formContext(_ req: Request, user: User?, form: UserForm, errors: [FieldError]) async throws -> UserFormContext {
        let units = try await OrgNode.units(in: try req.requireUser().scope(.manageUsers), on: req.db)
        var tokens: [APIToken] = []
        if let user {
            tokens = try await APIToken.query(on: req.db).filter(\.$user.$id == user.requireID()).sort(\.$createdAt, .descending).all()
        }
        return UserFormContext(
            layout: LayoutContext(req, title: user.map { "编辑用户 \($0.username)" } ?? "新建用户", active: "users"),
            isNew: user == nil, action: try user.map { SiteURL.user(try $0.requireID()) } ?? SiteURL.users,
            username: form.username ?? "", displayName: form.displayName ?? "", email: form.email ?? "", isActive: form.isActive == "on",
            isLocked: user?.lockedUntil.map { $0 > req.clock.now() } ?? false,
            roles: Role.allCases.filter { !$0.worksForCity }.map {
                OptionContext(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form.role)
            },
            units: try units.map {
                OptionContext(value: try $0.requireID().uuidString, label: $0.name, selected: try $0.requireID().uuidString == form.unitID)
            },
            errors: .init(errors),
            tokens: try tokens.map {
                TokenRow(
                    name: $0.name, prefix: $0.prefix, created: TimeText.local($0.createdAt), lastUsed: TimeText.local($0.lastUsedAt),
                    revoked: $0.revokedAt != nil, revokeHref: "/admin/tokens/\(try $0.requireID().uuidString)/revoke")
            },
            newToken: nil, unlockHref: try user.map { "\(SiteURL.user(try $0.requireID()))/unlock" } ?? "",
            tokensHref: try user.map { "\(SiteURL.user(try $0.requireID()))/tokens" } ?? "")
    }
}
