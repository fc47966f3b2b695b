import FazhiCore
import Vapor

/// The one error type of Fazhi. Every message is Chinese and meant for the user;
/// `ErrorMiddleware` turns it into an HTML page or `{"code", "message", "field"}`.
enum AppError: Error, Equatable {
    case validation([FieldError])
    case notFound(String)
    case unauthenticated
    case forbidden
    /// Refused, with the reason (e.g. a request from another site).
    case forbiddenWithMessage(String)
    case conflict(String)
    case badRequest(String, field: String? = nil)
    case tooLarge(String)
    /// Too many requests from one address (public pages' rate limit).
    case rateLimited(String)

    var status: HTTPResponseStatus {
        switch self {
        case .validation: .unprocessableEntity
        case .notFound: .notFound
        case .unauthenticated: .unauthorized
        case .forbidden, .forbiddenWithMessage: .forbidden
        case .conflict: .conflict
        case .badRequest: .badRequest
        case .tooLarge: .payloadTooLarge
        case .rateLimited: .tooManyRequests
        }
    }

    var code: String {
        switch self {
        case .validation: "validation_failed"
        case .notFound: "not_found"
        case .unauthenticated: "unauthenticated"
        case .forbidden, .forbiddenWithMessage: "forbidden"
        case .conflict: "conflict"
        case .badRequest: "bad_request"
        case .tooLarge: "too_large"
        case .rateLimited: "rate_limited"
        }
    }

    var message: String {
        switch self {
        case .validation(let errors): errors.map(\.message).joined(separator: ";")
        case .notFound(let what): "\(what)不存在或已被删除"
        case .unauthenticated: "请先登录"
        case .forbidden: "您没有权限执行此操作"
        case .conflict(let message), .badRequest(let message, _), .tooLarge(let message), .rateLimited(let message),
            .forbiddenWithMessage(let message):
            message
        }
    }

    var field: String? {
        switch self {
        case .validation(let errors): errors.first?.field
        case .badRequest(_, let field): field
        default: nil
        }
    }

    init(_ failure: ValidationFailure) { self = .validation(failure.errors) }
}
