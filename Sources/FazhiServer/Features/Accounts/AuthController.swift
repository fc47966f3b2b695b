import FazhiCore
import Vapor

/// Sign-in, sign-out, password change and the health probe.
struct AuthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "login", policy: .viewPublic, use: loginPage)
        routes.on(.POST, "login", policy: .viewPublic, use: login)
        routes.on(.POST, "logout", policy: .useAccount, use: logout)
        routes.on(.GET, "account", "password", policy: .useAccount, use: passwordPage)
        routes.on(.POST, "account", "password", policy: .useAccount, use: changePassword)
        routes.on(.GET, "healthz", policy: .viewPublic) { _ in ["status": "ok"] }
    }

    struct LoginContext: Encodable {
        let layout: LayoutContext
        let username: String
        let next: String
        let error: String?
    }

    struct LoginForm: Content {
        var username: String?
        var password: String?
        var next: String?
    }

    @Sendable func loginPage(req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: SiteURL.home) }
        let next = (try? req.query.get(String.self, at: "next")) ?? ""
        return try await render(req, username: "", next: next, error: nil, status: .ok)
    }

    @Sendable func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let next = form.next.flatMap { SiteURL.isLocal($0) ? $0 : nil } ?? SiteURL.home
        switch try await AuthService.signIn(username: form.username ?? "", password: form.password ?? "", on: req) {
        case .signedIn(let user, let token):
            let response = req.redirect(to: next)
            response.cookies[AuthenticationMiddleware.sessionCookie] = HTTPCookies.Value(
                string: token, path: "/", isSecure: req.fazhi.secureCookies, isHTTPOnly: true, sameSite: .lax)
            response.cookies[AuthService.knownDeviceCookie] = HTTPCookies.Value(
                string: try AuthService.deviceMark(user.username), maxAge: 180 * 24 * 3600, path: "/login",
                isSecure: req.fazhi.secureCookies, isHTTPOnly: true, sameSite: .strict)
            return response
        case .invalid:
            return try await render(req, username: form.username ?? "", next: next, error: "用户名或密码错误。", status: .unauthorized)
        case .throttled(let seconds):
            let wait = seconds >= 60 ? "\((seconds + 59) / 60) 分钟" : "\(seconds) 秒"
            let message = "登录失败次数过多,请 \(wait)后再试。忘记密码请联系系统管理员。"
            return try await render(req, username: form.username ?? "", next: next, error: message, status: .tooManyRequests)
        }
    }

    private func render(
        _ req: Request, username: String, next: String, error: String?,
        status: HTTPResponseStatus
    ) async throws -> Response {
        let context = LoginContext(layout: LayoutContext(req, title: "登录"), username: username, next: next, error: error)
        let response = try await req.view.render("accounts/login", context).encodeResponse(for: req)
        response.status = status
        return response
    }

    @Sendable func logout(req: Request) async throws -> Response {
        try await AuthService.signOut(req)
        let response = req.redirect(to: "/login?notice=signedOut")
        response.cookies[AuthenticationMiddleware.sessionCookie] = HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), path: "/", isHTTPOnly: true)
        return response
    }

    struct PasswordContext: Encodable {
        let layout: LayoutContext
        let errors: [FormError]
    }

    struct PasswordForm: Content {
        var current: String?
        var new: String?
        var confirm: String?
    }

    @Sendable func passwordPage(req: Request) async throws -> View {
        try await req.view.render("accounts/password", PasswordContext(layout: LayoutContext(req, title: "修改密码"), errors: []))
    }

    @Sendable func changePassword(req: Request) async throws -> Response {
        let form = try req.content.decode(PasswordForm.self)
        do {
            try await AuthService.changePassword(current: form.current ?? "", new: form.new ?? "", confirm: form.confirm ?? "", on: req)
            return req.redirect(to: "\(SiteURL.home)?notice=password")
        } catch let failure as ValidationFailure {
            let context = PasswordContext(layout: LayoutContext(req, title: "修改密码"), errors: .init(failure.errors))
            let response = try await req.view.render("accounts/password", context).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }
}
