import FazhiCore
import Fluent
import Vapor

/// `/api/v1/indicators/{year}/{category}`: one indicator tree.
struct APIIndicatorController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "indicators", ":year", ":category", policy: .viewIndicators, use: tree)
    }

    @Sendable func tree(req: Request) async throws -> IndicatorTree {
        guard let year = req.parameters.get("year", as: Int.self), let category = req.parameters.get("category"),
            let record = try await IndicatorService.find(year: year, category: category, district: try await req.districtID(), on: req.db)
        else {
            throw AppError.notFound("该年度该类别的指标体系")
        }
        return try await IndicatorService.tree(record, on: req.db)
    }
}
