import Vapor

/// `GET /api/v1/overdue`: the overdue items the caller may see (see `OverdueService`), most overdue
/// first, a page at a time (`page`, `per` ≤ 1000, default 500; the total in `X-Total-Count`, the
/// neighbouring pages in `Link`), counted and paged in SQL.
struct APIOverdueController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "overdue", policy: .viewTasks, use: overdue)
    }

    @Sendable func overdue(req: Request) async throws -> Response {
        let board = try await OverdueService.board(req)
        let page = try req.pageNumber()
        let per = try req.queryInt("per", in: 1...1_000, label: "每页条数") ?? 500
        let groups = try await board.groups()
        let total = groups.reduce(0) { $0 + $1.count }
        let items = try await board.page(offset: (page - 1) * per, limit: per, groups: groups)
        return try Response.paged(items, req: req, page: page, per: per, total: total)
    }
}
