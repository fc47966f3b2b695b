import FazhiCore
import Foundation
import Vapor

/// 跨站请求伪造防护. Every state-changing request from a browser carries the CSRF token:
/// forms in the `_csrf` field, scripts in the `X-CSRF-Token` header. Signed-in users have a
/// per-session token; the sign-in form uses a double-submit cookie. API-token requests carry no
/// cookie and need none.
struct CSRFMiddleware: AsyncMiddleware {
    static let anonymousCookie = "fazhi_csrf"
    static let field = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let safe: [HTTPMethod] = [.GET, .HEAD, .OPTIONS]
        if !safe.contains(request.method), request.currentUser?.via != .apiToken {
            // A browser names the page a request comes from: it must be this site (OWASP: verify
            // the origin with standard headers, as well as the token). Scripts that send neither
            // header still need the token.
            if let source = request.headers.first(name: .origin) ?? request.headers.first(name: .referer),
                !Self.isSameSite(source, request: request)
            {
                request.logger.warning("跨站请求被拒绝 \(request.method) \(request.url.path) 来源 \(source.prefix(100))")
                throw AppError.forbiddenWithMessage("请求来源不是本系统页面,已拒绝。请从系统页面重新操作")
            }
            let expected = request.currentUser?.csrfToken ?? request.cookies[Self.anonymousCookie]?.string
            var sent = request.headers.first(name: "X-CSRF-Token")
            if sent == nil, request.route?.userInfo[StreamedUpload.userInfoKey] as? Bool == true, let expected, !expected.isEmpty {
                // A streamed upload is read once, by the route: it checks the form's token from the
                // same pass (`StreamedUpload.receive`) before anything is stored.
                request.storage[StreamedTokenKey.self] = expected
                return try await next.respond(to: request)
            }
            if sent == nil, let type = request.headers.contentType, [.urlEncodedForm, .formData].contains(type) {
                // A form larger than one network read arrives as a stream; collect it first (the
                // route reads the same collected body). Evidence uploads never come here (streamed,
                // above); the multipart forms that do are imports (spreadsheets, calendar files).
                let limit = type == .formData ? (request.fazhi.maxUploadMB + 1) * 1024 * 1024 : 1024 * 1024
                let body = try await request.body.collect(max: limit).get()
                // Only the token is read here; the route decodes the form once, itself.
                if let body {
                    if type == .urlEncodedForm {
                        sent = FormField.urlEncoded(Self.field, in: body.readableBytesView)
                    } else if let boundary = type.parameters["boundary"] {
                        sent = FormField.multipart(Self.field, boundary: boundary, in: body.readableBytesView)
                    }
                }
            }
            guard let expected, let sent, !expected.isEmpty, Tokens.constantTimeEquals(expected, sent) else {
                request.logger.warning("CSRF 校验失败 \(request.method) \(request.url.path)")
                throw AppError.badRequest("页面已过期或请求来源无效(CSRF 校验失败),请刷新页面后重试")
            }
        }
        return try await next.respond(to: request)
    }

    /// True when `source` (an Origin or Referer value) is this site: the host the request was sent
    /// to, or the configured public address.
    static func isSameSite(_ source: String, request: Request) -> Bool {
        guard let url = URL(string: source), let scheme = url.scheme, let host = url.host else { return false }
        let origin = "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
        if let publicURL = URL(string: request.fazhi.publicURL), let publicHost = publicURL.host,
            origin.lowercased() == ("\(publicURL.scheme ?? "http")://\(publicHost)" + (publicURL.port.map { ":\($0)" } ?? "")).lowercased()
        {
            return true
        }
        guard let requestHost = request.headers.first(name: .host) else { return false }
        return (host + (url.port.map { ":\($0)" } ?? "")).lowercased() == requestHost.lowercased()
    }

    /// The token a page must embed in its forms; for a signed-out visitor it also sets the cookie.
    static func token(for request: Request) -> String {
        if let token = request.currentUser?.csrfToken { return token }
        if let token = request.cookies[anonymousCookie]?.string, !token.isEmpty { return token }
        let token = Tokens.random(bytes: 24)
        request.storage[PendingCookieKey.self] = token
        return token
    }

    struct PendingCookieKey: StorageKey { typealias Value = String }

    /// The token a streamed upload's form must carry (checked by `StreamedUpload.receive`).
    struct StreamedTokenKey: StorageKey { typealias Value = String }
}

/// Security headers on every response, and the pending double-submit cookie.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let secureCookies: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let h = response.headers
        if !h.contains(name: "Content-Security-Policy") {
            response.headers.replaceOrAdd(
                name: "Content-Security-Policy",
                value:
                    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                    + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        }
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        if request.url.path.hasPrefix("/api/") || request.currentUser != nil {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        if let token = request.storage[CSRFMiddleware.PendingCookieKey.self] {
            response.cookies[CSRFMiddleware.anonymousCookie] = HTTPCookies.Value(
                string: token, maxAge: 3600 * 12, path: "/", isSecure: secureCookies, isHTTPOnly: true, sameSite: .strict)
        }
        return response
    }
}
