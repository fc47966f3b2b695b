import Vapor

extension Response {
    static let xlsxType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    static let docxType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.wordprocessingml.document")

    /// A file to save, with its Chinese file name (RFC 6266 `filename*`) and an ASCII fallback.
    static func download(_ data: Data, name: String, type: HTTPMediaType, fallback: String = "export") -> Response {
        var headers = HTTPHeaders()
        headers.contentType = type
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? fallback
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

}

extension Response {
    /// A page of an API list as JSON, the total in `X-Total-Count` and the neighbouring pages in
    /// `Link` (RFC 8288), with the request's filters kept.
    static func paged<T: Encodable>(_ items: [T], req: Request, page: Int, per: Int, total: Int) throws -> Response {
        let response = Response(status: .ok)
        try response.content.encode(items, as: .json)
        response.headers.replaceOrAdd(name: "X-Total-Count", value: String(total))
        let links = PageLinks(req, page: page, pageSize: per, total: total)
        let link = [links.previousHref.map { "<\($0)>; rel=\"prev\"" }, links.nextHref.map { "<\($0)>; rel=\"next\"" }].compactMap { $0 }
        if !link.isEmpty { response.headers.replaceOrAdd(name: .link, value: link.joined(separator: ", ")) }
        return response
    }
}
