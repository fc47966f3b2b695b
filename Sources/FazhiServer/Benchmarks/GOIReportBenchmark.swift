import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// The district annual report over a large register, for `fazhi-goi-bench` (issue 6: the report
/// for 300,000 requests builds in under 2 s on SQLite in release). Builds a throw-away SQLite
/// database, fills it in SQL, then times `GOIReportService.build` for the district and a unit, and
/// the indicators.
public enum GOIReportBenchmark {
    public static func run(count: Int = 300_000, repeats: Int = 5) async throws {
        try await BenchmarkApp.run("fazhi-goi-bench") { app in
            let units = try await BenchmarkApp.units(app)
            let districtNode = try await Districts.node(nil, on: app.db)
            let sql = try app.db.sql()
            let started = Date()
            // 300,000 requests received over 2024-01-01…2026-11-30, spread over 17 units and the six
            // applicant types; about 4% still open; conclusions spread over the template's rows.
            let unitCase =
                try "CASE (i % 17) "
                + units.enumerated().map { "WHEN \($0.offset) THEN '\(try $0.element.requireID().uuidString)'" }.joined(separator: " ") + " END"
            let types = GOIApplicantType.allCases.map(\.rawValue)
            let typeCase =
                "CASE WHEN i % 10 < 7 THEN '\(types[0])' ELSE CASE (i % 5) "
                + (1...5).map { "WHEN \($0 - 1) THEN '\(types[$0])'" }.joined(separator: " ") + " END END"
            let replies = GOIReplyType.allCases.map(\.rawValue)
            let replyCase =
                "CASE (i % \(replies.count)) " + replies.enumerated().map { "WHEN \($0.offset) THEN '\($0.element)'" }.joined(separator: " ") + " END"
            let grounds = GOIWithholdingGround.allCases.map(\.rawValue)
            let groundCase =
                "CASE (i % \(grounds.count)) " + grounds.enumerated().map { "WHEN \($0.offset) THEN '\($0.element)'" }.joined(separator: " ") + " END"
            try await sql.raw(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(unsafeRaw: "\(count)"))
                INSERT INTO goi_requests (id, number, verify_hash, unit_id, channel, source, submitted_at, received_on,
                    applicant_type, applicant_name, applicant_id_number, applicant_contact, applicant_phone, applicant_email, applicant_address,
                    content, purpose, delivery, extension_days, due_on, closed_on, reply_type, ground, grounds, fee_method, fee_quantity,
                    fee_amount, created_by, version)
                SELECT printf('%08X-0000-4000-8000-%012X', i, i), 'B-' || i, '', \(unsafeRaw: unitCase), 'online', 'import', 0, d,
                       \(unsafeRaw: typeCase), '', '', '', '', '', '', 'bench request ' || i, '', 'email', 0, date(d, '+28 days'),
                       CASE WHEN i % 25 = 0 THEN NULL ELSE date(d, '+' || (i % 40) || ' days') END,
                       CASE WHEN i % 25 = 0 THEN NULL ELSE \(unsafeRaw: replyCase) END,
                       CASE WHEN i % 25 <> 0 AND \(unsafeRaw: replyCase) = 'withheld' THEN \(unsafeRaw: groundCase) ELSE NULL END,
                       '', 'none', 0, CASE WHEN i % 50 = 1 THEN 100 ELSE 0 END, 'bench', 1
                FROM (SELECT i, date('2024-01-01', '+' || (i * 7919 % 1065) || ' days') AS d FROM n)
                """
            ).run()
            try await sql.raw("ANALYZE").run()
            let total = try await GOIRequest.query(on: app.db).count()
            print(String(format: "goi: %d requests built in %.1f s", total, Date().timeIntervalSince(started)))
            // Each run after a change to the register (a new revision), so the figures are computed,
            // not read from the cache; the cached read is timed on its own below.
            func time(_ label: String, changed: Bool = true, _ body: () async throws -> Void) async throws -> Double {
                var times: [Double] = []
                for _ in 0..<repeats {
                    if changed { try await GOIReportService.table3Figures.bump(on: app.db) }
                    let t0 = Date()
                    try await body()
                    times.append(Date().timeIntervalSince(t0))
                }
                times.sort()
                print(String(format: "goi: %@ — best %.3f s, median %.3f s", label, times[0], times[times.count / 2]))
                return times[times.count / 2]
            }
            var report: GOIReportService.Report?
            let district = try await time("district annual report 2025 (table 3 + entries)") {
                report = try await GOIReportService.build(year: 2025, unit: nil, district: districtNode, on: app.db)
            }
            let t = report!.table3
            print(
                "goi: 2025 table 3 — new \(t.value(.newThisYear, 6)), carried in \(t.value(.carriedIn, 6)), concluded \(t.value(.resultTotal, 6)), carried out \(t.value(.carriedOut, 6)), balanced \(t.isBalanced)"
            )
            _ = try await time("one unit's annual report 2025") {
                _ = try await GOIReportService.build(year: 2025, unit: units[3], district: districtNode, on: app.db)
            }
            _ = try await time("indicators of 2025, all units") {
                _ = try await GOIReportService.indicators(year: 2025, today: LocalDate("2026-11-26")!, scope: .all, on: app.db)
            }
            _ = try await time("district annual report 2025, register unchanged since the last view (cached figures)", changed: false) {
                _ = try await GOIReportService.build(year: 2025, unit: nil, district: districtNode, on: app.db)
            }
            _ = try await time("district report as .docx and .xlsx") {
                _ = try GOIReportService.docx(report!); _ = try GOIReportService.xlsx(report!)
            }
            print("goi: district report target < 2 s: \(district < 2 ? "met" : "SLOWER THAN TARGET")")
        }
    }
}
