import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 问题池 (督察、审计、巡察、考评发现的问题及其整改): the pool as one module — its routes, menu
/// entry, rectification measures on the escalation ladder, and demo problems. Its schema is still
/// in the platform's changelog (migration 010, which 011 indexes), as it shipped before the frame.
struct ProblemsModule: RegisterModule {
    let key = "problems"
    let title = "问题池"

    func routes(web: any RoutesBuilder, api: any RoutesBuilder, app: Application) throws {
        try web.register(collection: ProblemController(maxUploadMB: app.fazhi.maxUploadMB))
    }

    func menuEntry(_ req: Request) -> MenuEntry? {
        req.may(.viewProblems) ? MenuEntry(key: key, label: title, href: "/problems", after: "assessment") : nil
    }

    var itemKinds: [DatedItem.Kind] { [.problemMeasure] }

    /// Open rectification measures of problems not yet reported (`problem_measures_open_due_idx`).
    func datedItems(on db: any Database, horizon: LocalDate) async throws -> [DatedItem] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let rows = try await sql.raw(
            """
            SELECT m.id, m.text, m.due, p.id AS problem_id, p.number, p.unit_id FROM problem_measures m
            JOIN problems p ON p.id = m.problem_id
            WHERE m.done_on IS NULL AND m.due <= \(bind: horizon.description) AND p.status = 'open'
            """
        ).all()
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return DatedItem(
                kind: .problemMeasure, key: "measure:\(id.uuidString)", unitID: try row.decode(column: "unit_id", as: UUID.self),
                title: "\(try row.decode(column: "number", as: String.self)) \(try row.decode(column: "text", as: String.self))",
                due: LocalDate(try row.decode(column: "due", as: String.self)) ?? .init(dayNumber: 0),
                href: "/problems/\(try row.decode(column: "problem_id", as: UUID.self).uuidString)")
        }
    }

    func showsItems(to req: Request) -> Bool { req.may(.viewProblems) }

    /// The demo district's problems are part of its base data (not register history).
    func seedDemo(_ app: Application, history: Bool) async throws { try await ProblemDemo.seed(app) }
}
