import Fluent
import Foundation
import Vapor

/// 切换区 whoever belongs to no district — the city's legal office and the public — chooses which
/// district's pages to read: `?district=<code>` on any page, kept in a cookie. A district's own people
/// always work in their district and cannot choose another. `Request.district()` reads the choice;
/// the layout offers the districts to choose from.
struct DistrictChoiceMiddleware: AsyncMiddleware {
    static let cookie = "fazhi_district"

    struct Choice {
        let chosen: OrgNode?
        /// Every district, in their order (the switcher's options), when there is more than one.
        let districts: [OrgNode]
    }

    struct Key: StorageKey { typealias Value = Choice }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.currentUser?.districtID == nil, !request.url.path.hasPrefix("/api/") else {
            return try await next.respond(to: request)
        }
        let districts = try await OrgNode.query(on: request.db).filter(\.$kind == .district).sort(\.$sort).sort(\.$code).all()
        let asked: String? = request.query["district"]
        var chosen: OrgNode?
        if let asked, !asked.isEmpty {
            guard let node = districts.first(where: { $0.code == asked }) else { throw AppError.notFound("区“\(asked.prefix(32))”") }
            chosen = node
        } else if let kept = request.cookies[Self.cookie]?.string {
            chosen = districts.first { $0.code == kept }
        }
        request.storage[Key.self] = Choice(chosen: chosen, districts: districts.count > 1 ? districts : [])
        let response = try await next.respond(to: request)
        if let asked, let chosen, asked == chosen.code {
            response.cookies[Self.cookie] = HTTPCookies.Value(
                string: chosen.code, maxAge: 3600 * 24 * 30, path: "/", isSecure: request.fazhi.secureCookies, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

extension Request {
    /// The district chosen by whoever belongs to none (`DistrictChoiceMiddleware`).
    var districtChoice: DistrictChoiceMiddleware.Choice? { storage[DistrictChoiceMiddleware.Key.self] }
}
