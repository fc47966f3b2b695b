import FazhiCore
import Fluent
import Vapor

/// `GET /api/v1/cycles/{year}/results`: per unit its category, total, grade and rank, as the caller may see them.
struct APICycleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "cycles", ":year", "results", policy: .viewAssessment, use: api)
    }

    struct ResultDTO: Content {
        let unit: String
        let unitCode: String
        let category: String
        let total: String?
        let grade: String
        let rank: Int
    }

    @Sendable func api(req: Request) async throws -> [ResultDTO] {
        let cycle = try await AssessmentController.cycle(req)
        let stage = AssessmentService.stage(cycle)
        let assessors = try await AssessmentService.assessors(cycle, on: req.db)
        let codes = Dictionary(
            uniqueKeysWithValues: try await AssessmentService.units(of: cycle, on: req.db).map { (try $0.requireID(), $0.code) })
        return try await AssessmentService.snapshot(cycle, today: req.clock.today, on: req.db).categories.flatMap { c in
            c.rows.compactMap { row -> ResultDTO? in
                guard req.may(.viewAssessment, .result(unit: row.unitID, stage: stage, detail: false, assessors: assessors[row.unitID] ?? [])) else {
                    return nil
                }
                let detail = req.may(.viewAssessment, .result(unit: row.unitID, stage: stage, detail: true, assessors: assessors[row.unitID] ?? []))
                return ResultDTO(
                    unit: row.unit, unitCode: codes[row.unitID] ?? "", category: c.code,
                    total: detail || cycle.publishTotals ? row.total : nil, grade: row.grade, rank: row.rank)
            }
        }
    }
}
