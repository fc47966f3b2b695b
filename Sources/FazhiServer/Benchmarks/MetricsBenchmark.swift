import FazhiCore
import FazhiOffice
import Fluent
import FluentSQL
import Vapor

/// Every metric of every register for a city's 720 units, and the district's annual report as a .docx
/// (issue 17, item 7: under 2 s and under 1 s on SQLite in release). The demo district (17 units, every
/// register with its history) is grown `factor` times with `fazhi demo grow`'s own code, then spread
/// over 720 units: each register row goes to the unit its row number picks, so every unit holds about
/// a forty-second of the city's records, of every kind and clock state.
public enum MetricsBenchmark {
    /// The register tables whose rows belong to a unit (their `unit_id` or `lead_unit_id`); the yearly
    /// plans of study and 普法 (one per unit and year) stay with the demo's units.
    static let registerTables = [
        "tasks", "task_co_units", "problems", "goi_requests", "reconsideration_cases", "lawsuit_cases", "enforcement_cases",
        "enforcement_officers", "decisions", "normative_documents", "oversight_items", "oversight_co_units", "study_sessions",
        "exam_results", "adviser_consultations", "contract_reviews",
    ]

    public static func run(units count: Int = 720, factor: Int = 42, repeats: Int = 5) async throws {
        try await BenchmarkApp.run("fazhi-metrics-bench", demo: true) { app in
            let started = Date()
            try await CalendarService.seedIfEmpty(app)
            _ = try await DemoSeed.seedIfEmpty(app)
            for module in RegisterModules.all { try await module.growDemo(app, factor: factor) }
            let grown = Date().timeIntervalSince(started)
            let sql = try app.db.sql()
            // 720 units: the demo's and new ones under the district, half departments, half subdistricts.
            let district = try await Districts.node(nil, on: app.db)
            let existing = try await OrgNode.query(on: app.db).filter(\.$kind == .unit).sort(\.$sort).all()
            var all = existing
            for i in existing.count..<count {
                let unit = OrgNode(
                    parentID: district.id, code: "b\(i)", name: "单位\(i)", kind: .unit, categoryCode: i % 2 == 0 ? "department" : "subdistrict",
                    sort: 100 + i)
                try await unit.create(on: app.db)
                all.append(unit)
            }
            let rows = try await spread(app, over: all)
            try await sql.raw("ANALYZE").run()
            print(
                String(
                    format: "metrics: the demo grown %d× (%.0f s) and spread over %d units: %d register rows", factor, grown, all.count, rows))
            let today = app.clock.today
            let year = today.year
            var entries: [MetricCatalogue.Entry] = []
            let catalogue = try await BenchmarkApp.time(
                "metrics", "every metric of \(year), all \(all.count) units and the district", repeats: repeats
            ) {
                entries = try await MetricCatalogue.entries(year: year, today: today, scope: .all, on: app.db)
            }
            let counted = entries.reduce(0) { $0 + $1.units.count }
            print("metrics: \(entries.count) metrics, \(counted) unit values")
            _ = try await BenchmarkApp.time("metrics", "one unit's metrics", repeats: repeats) {
                _ = try await MetricCatalogue.entries(year: year, today: today, scope: all.last?.id.map { .unit($0) } ?? .nothing, on: app.db)
            }
            // The district's report on last year: started, written, then its figures, document and .docx.
            let last = year - 1
            if try await AnnualReport.query(on: app.db).filter(\.$year == last).count() == 0 {
                try await AnnualReportService.start(
                    year: last, district: district, actor: .system("bench"), today: today, on: app.db, now: app.clock.now())
            }
            guard let report = try await AnnualReportService.find(year: last, node: district, on: app.db) else { return }
            var size = 0
            let docx = try await BenchmarkApp.time(
                "metrics", "the district's \(last) annual report as .docx (figures of two years, document, Word)", repeats: repeats
            ) {
                let (areas, asOf) = try await AnnualReportService.liveFigures(
                    year: last, district: try district.requireID(), unit: nil, today: today, on: app.db)
                let document = try await AnnualReportService.document(report, node: district, areas: areas, asOf: asOf, on: app.db)
                size = try AnnualReportDocx.data(document).count
            }
            print(String(format: "metrics: report .docx %d bytes", size))
            print(
                String(
                    format: "metrics: targets — catalogue %.3f s (under 2 s: %@), report %.3f s (under 1 s: %@)", catalogue,
                    catalogue < 2 ? "met" : "NOT met", docx, docx < 1 ? "met" : "NOT met"))
        }
    }

    /// Gives each register row to the unit its row number picks among `units`; returns the rows counted.
    static func spread(_ app: Application, over all: [OrgNode]) async throws -> Int {
        let sql = try app.db.sql()
        try await sql.raw("CREATE TEMP TABLE bench_units (idx INTEGER PRIMARY KEY, id)").run()
        for (i, unit) in all.enumerated() {
            try await sql.raw("INSERT INTO bench_units (idx, id) VALUES (\(bind: i), \(bind: try unit.requireID()))").run()
        }
        var rows = 0
        for table in registerTables {
            let columns = try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all().map {
                try $0.decode(column: "name", as: String.self)
            }
            guard let column = ["unit_id", "lead_unit_id"].first(where: columns.contains) else { continue }
            // OR IGNORE: a co-unit row whose new unit the task (or item) already has keeps its old one.
            try await sql.raw(
                """
                UPDATE OR IGNORE \(ident: table) SET \(ident: column) = (SELECT id FROM bench_units WHERE idx = \(ident: table).rowid % \(literal: all.count))
                """
            ).run()
            rows += Int(try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int64.self) ?? 0)
        }
        return rows
    }
}
