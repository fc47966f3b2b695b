import FazhiCore
import Vapor

/// Maps every error to one answer: JSON `{"code", "message", "field"}` under `/api/`, an HTML
/// page elsewhere. Unexpected errors are logged in full and shown to the user as a generic message.
struct FazhiErrorMiddleware: AsyncMiddleware {
    struct ErrorBody: Content {
        let code: String
        let message: String
        let field: String?
        let errors: [FieldErrorDTO]?
    }

    struct FieldErrorDTO: Content {
        let field: String
        let message: String
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            var appError = Self.appError(from: error)
            if case .tooLarge = appError, request.url.path.contains("/evidence") {
                appError = .tooLarge("上传的文件超过 \(request.fazhi.maxUploadMB) MB 的上限,未保存")
            }
            if (appError?.status.code ?? 500) >= 500 {
                request.logger.error("请求处理失败 \(request.method) \(request.url.path): \(String(reflecting: error))")
            }
            let e = appError ?? .badRequest("服务器内部错误,请稍后重试或联系系统管理员")
            let status: HTTPResponseStatus = appError == nil ? .internalServerError : e.status
            if request.url.path.hasPrefix("/api/") {
                var fieldErrors: [FieldErrorDTO]?
                if case .validation(let list) = e { fieldErrors = list.map { FieldErrorDTO(field: $0.field, message: $0.message) } }
                let body = ErrorBody(
                    code: appError == nil ? "internal_error" : e.code, message: e.message,
                    field: e.field, errors: fieldErrors)
                let response = Response(status: status)
                try response.content.encode(body)
                return response
            }
            if e == .unauthenticated, request.method == .GET {
                return request.redirect(to: SiteURL.login(next: request.url.string))
            }
            let context = ErrorPageContext(
                layout: LayoutContext(request, title: "出错了"), status: Int(status.code),
                message: e.message, back: Self.way(back: request))
            let response = try await request.view.render("error", context).encodeResponse(for: request)
            response.status = status
            return response
        }
    }

    /// The page a refused step came from (this site's own, from the Referer), so the error page
    /// leads back to where the step can be taken again instead of ending the way.
    static func way(back request: Request) -> String? {
        guard let referer = request.headers.first(name: .referer), CSRFMiddleware.isSameSite(referer, request: request),
            let url = URLComponents(string: referer)
        else { return nil }
        guard url.path.hasPrefix("/"), url.path != request.url.path || request.method != .GET else { return nil }
        return url.path + (url.percentEncodedQuery.map { "?" + $0 } ?? "")
    }

    /// Translates framework and decoding errors into `AppError`; nil for unexpected ones.
    static func appError(from error: any Error) -> AppError? {
        switch error {
        case let e as AppError: return e
        case let e as ValidationFailure: return AppError(e)
        case let e as DecodingError: return .badRequest("请求内容格式有误:\(describe(e))", field: path(of: e))
        case let e as any AbortError:
            switch e.status {
            case .notFound: return .notFound("页面或接口")
            case .payloadTooLarge: return .tooLarge("提交的内容过大")
            case .unsupportedMediaType: return .badRequest("不支持的内容类型,请使用表单或 JSON 提交")
            case .methodNotAllowed: return .badRequest("不支持该请求方法")
            case .unauthorized: return .unauthenticated
            case .forbidden: return .forbidden
            case .tooManyRequests: return .rateLimited("请求过于频繁,请稍后再试")
            default:
                // The framework's own reason is English ("Unprocessable Entity", a Swift type name):
                // never shown, only logged.
                return e.status.code < 500 ? .badRequest("请求无效(\(e.status.code)),请检查提交的内容后重试") : nil
            }
        default: return nil
        }
    }

    private static func path(of error: DecodingError) -> String? {
        let context: DecodingError.Context? =
            switch error {
            case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): c
            case .keyNotFound(let key, let c): .init(codingPath: c.codingPath + [key], debugDescription: c.debugDescription)
            @unknown default: nil
            }
        guard let context, !context.codingPath.isEmpty else { return nil }
        return context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }
            .joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
            .replacingOccurrences(of: ".[", with: "[")
    }

    /// A type as a user reads it, never a Swift type name such as `Dictionary<String, Any>`.
    static func typeName(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Int") || name.hasPrefix("UInt") || name.hasPrefix("Optional<Int") { return "整数" }
        if name.hasPrefix("Double") || name.hasPrefix("Float") || name.hasPrefix("Decimal") { return "数字" }
        if name.hasPrefix("Bool") { return "是/否(true 或 false)" }
        if name.hasPrefix("String") || name.hasPrefix("Optional<String") { return "文本" }
        if name.hasPrefix("Array") || name.hasPrefix("[") { return "列表" }
        if name.hasPrefix("Dictionary") || name.contains("Any") { return "对象" }
        return "规定的格式"
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "缺少字段 \(key.stringValue)"
        case .typeMismatch(let type, _): "字段类型应为\(typeName(type))"
        case .valueNotFound: "字段不能为 null"
        case .dataCorrupted(let c):
            // Our own decoders explain in Chinese; Foundation's English descriptions are not shown.
            c.debugDescription.contains("JSON")
                ? "不是有效的 JSON"
                : c.debugDescription.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } ? c.debugDescription : "字段格式有误"
        @unknown default: "无法解析"
        }
    }
}
