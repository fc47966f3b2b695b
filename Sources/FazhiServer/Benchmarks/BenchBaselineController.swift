import Fluent
import Vapor

/// `/bench/baseline` (only with FAZHI_BENCH_BASELINE=1): the yardstick of the page benchmark
/// (`scripts/page_bench.py`, issue 21) — what a minimal Vapor + Leaf page with one 20-row query
/// costs on the same server, build and database, so every real page is measured as a share of it.
struct BenchBaselineController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "bench", "baseline", policy: .viewPublic, use: page)
    }

    struct Context: Encodable {
        struct Row: Encodable {
            let code: String
            let name: String
        }
        let rows: [Row]
    }

    @Sendable func page(req: Request) async throws -> View {
        let rows = try await OrgNode.query(on: req.db).sort(\.$sort).limit(20).all().map { Context.Row(code: $0.code, name: $0.name) }
        return try await req.view.render("bench/baseline", Context(rows: rows))
    }
}
