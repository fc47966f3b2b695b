import FazhiCore
import Vapor

/// Asks the policy at route level before any handler runs. A route registered without a policy
/// action is refused (fail closed), and the permission-matrix test flags it.
struct PolicyMiddleware: AsyncMiddleware {
    static let userInfoKey = "fazhi.policy"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let action = request.route?.userInfo[Self.userInfoKey] as? Action else {
            request.logger.critical("路由未声明权限:\(request.method) \(request.url.path)")
            throw AppError.forbidden
        }
        try request.authorize(action)
        return try await next.respond(to: request)
    }
}

extension RoutesBuilder {
    /// Registers a route together with the policy action that guards it.
    @discardableResult
    func on<R: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: PathComponent..., policy: Action,
        body: HTTPBodyStreamStrategy = .collect,
        use handler: @Sendable @escaping (Request) async throws -> R
    ) -> Route {
        on(method, path, policy: policy, body: body, use: handler)
    }

    /// The same, for a path built from parts (a feature's common prefix and a step).
    @discardableResult
    func on<R: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: [PathComponent], policy: Action, body: HTTPBodyStreamStrategy = .collect,
        use handler: @Sendable @escaping (Request) async throws -> R
    ) -> Route {
        let route = on(method, path, body: body, use: handler)
        route.userInfo[PolicyMiddleware.userInfoKey] = policy
        return route
    }
}

extension RoutesBuilder {
    /// Registers an upload route whose body is streamed (`StreamedUpload.receive` reads it), with
    /// the policy action that guards it.
    @discardableResult
    func upload<R: AsyncResponseEncodable>(
        _ path: PathComponent..., policy: Action, use handler: @Sendable @escaping (Request) async throws -> R
    ) -> Route {
        let route = on(.POST, path, body: .stream, use: handler)
        route.userInfo[PolicyMiddleware.userInfoKey] = policy
        route.userInfo[StreamedUpload.userInfoKey] = true
        return route
    }
}

extension Route {
    /// The policy action this route was registered with.
    var policy: Action? { userInfo[PolicyMiddleware.userInfoKey] as? Action }
}
