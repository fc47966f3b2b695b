import Vapor

/// `GET /api/v1/overdue`: every overdue item the caller may see (see `OverdueService`).
struct APIOverdueController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "overdue", policy: .viewTasks, use: overdue)
    }

    @Sendable func overdue(req: Request) async throws -> [OverdueService.Item] {
        try await OverdueService.items(req)
    }
}
