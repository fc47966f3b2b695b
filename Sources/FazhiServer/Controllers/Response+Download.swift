import Vapor

extension Response {
    static let xlsxType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    /// A file to save, with its Chinese file name (RFC 6266 `filename*`) and an ASCII fallback.
    static func download(_ data: Data, name: String, type: HTTPMediaType, fallback: String = "export") -> Response {
        var headers = HTTPHeaders()
        headers.contentType = type
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? fallback
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
