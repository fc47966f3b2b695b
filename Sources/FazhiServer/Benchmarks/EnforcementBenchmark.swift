import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// The enforcement indicators over a large register, for `fazhi-case-bench` (issue 14: indicators
/// for all units over 200,000 cases and 5,000 officers in under 1 s on SQLite in release). Builds a
/// throw-away SQLite database, fills it in SQL (officers with a year of trainings, cases of every
/// type over three years, a scored review round), then times `EnforcementIndicatorService.counts`
/// for all units, one unit, and table 2 of the 依申请公开 report.
public enum EnforcementBenchmark {
    public static func run(cases count: Int = 200_000, officers: Int = 5_000, repeats: Int = 5) async throws {
        try await BenchmarkApp.run("fazhi-case-bench") { app in
            let units = try await BenchmarkApp.units(app)
            let sql = try app.db.sql()
            let started = Date()
            let unitCase = BenchmarkApp.pick(try units.map { try $0.requireID().uuidString })
            // Officers: certificates ending over 2025…2030, one in 40 suspended, one in 10 legally qualified.
            try await sql.raw(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(unsafeRaw: "\(officers)"))
                INSERT INTO enforcement_officers (id, unit_id, name, certificate_number, issuer, certificate_type, issued_on, valid_until,
                    warn_first_on, warn_second_on, status, status_since, legal_qualified, version, created_at)
                SELECT printf('%08X-0000-4000-B000-%012X', i, i), \(unsafeRaw: unitCase), 'O' || i, 'ZF-B-' || i, '省人民政府', '行政执法证',
                       '2021-01-04', v, date(v, '-90 days'), date(v, '-30 days'),
                       CASE WHEN i % 40 = 0 THEN 'suspended' ELSE 'active' END, CASE WHEN i % 40 = 0 THEN '2026-03-01' ELSE NULL END,
                       i % 10 = 0, 1, '2026-01-01 00:00:00'
                FROM (SELECT i, date('2025-06-01', '+' || (i * 7919 % 2000) || ' days') AS v FROM n)
                """
            ).run()
            // Trainings: three in each of 2025 and 2026 per officer, 4–16 hours each.
            try await sql.raw(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(unsafeRaw: "\(officers * 6)"))
                INSERT INTO enforcement_trainings (id, officer_id, held_on, year, title, hours, created_by)
                SELECT printf('%08X-0000-4000-C000-%012X', i, i), printf('%08X-0000-4000-B000-%012X', k, k), y || '-05-15', y, '培训',
                       4 + (i % 4) * 4 + (i % 3) * 8, 'bench'
                FROM (SELECT i, ((i - 1) % \(unsafeRaw: "\(officers)")) + 1 AS k, 2025 + (i / \(unsafeRaw: "\(officers)")) % 2 AS y FROM n)
                """
            ).run()
            let types = BenchmarkApp.pick(EnforcementCaseType.allCases.map(\.rawValue), "i / 17")
            // Cases opened over 2024-01-01…2026-11-25: about 5% undecided, decisions 10–100 days after
            // opening, published 1–12 working days later, one in 4 needing the legal review.
            try await sql.raw(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(unsafeRaw: "\(count)"))
                INSERT INTO enforcement_cases (id, number, unit_id, type, title, party_type, party_name, source, opened_on, review_required,
                    hearing_offered, reviewed_on, review_result, extension_days, decision_on, outcome, published_on, closed_on,
                    decide_by, publish_by, decision_due_on, publish_due_on, created_by, version, created_at)
                SELECT printf('%08X-0000-4000-D000-%012X', i, i), 'ZF-B-' || i, \(unsafeRaw: unitCase), \(unsafeRaw: types), '案由',
                       'organization', '某公司', 'import', d, i % 4 = 0, 0,
                       CASE WHEN i % 4 = 0 AND i % 20 <> 0 THEN date(d, '+' || (5 + i % 60) || ' days') ELSE NULL END,
                       CASE WHEN i % 4 = 0 AND i % 20 <> 0 THEN 'passed' ELSE NULL END, 0,
                       CASE WHEN i % 20 = 0 THEN NULL ELSE date(d, '+' || (10 + i % 90) || ' days') END,
                       CASE WHEN i % 20 = 0 THEN NULL WHEN i % 50 = 1 THEN 'terminated' ELSE 'taken' END,
                       CASE WHEN i % 20 = 0 THEN NULL ELSE date(d, '+' || (12 + i % 90 + i % 13) || ' days') END,
                       CASE WHEN i % 20 = 0 THEN NULL ELSE date(d, '+' || (40 + i % 90) || ' days') END,
                       date(d, '+90 days'), CASE WHEN i % 20 = 0 THEN NULL ELSE date(d, '+' || (20 + i % 90) || ' days') END,
                       CASE WHEN i % 20 = 0 THEN date(d, '+90 days') ELSE NULL END, NULL, 'bench', 1, '2026-01-01 00:00:00'
                FROM (SELECT i, date('2024-01-01', '+' || (i * 7919 % 1060) || ' days') AS d FROM n)
                """
            ).run()
            // A 2025 review round: 20 files per unit, scored.
            try await sql.raw(
                """
                INSERT INTO enforcement_file_reviews (id, district_id, year, title, seed, per_unit, pass_mark, created_by, created_at)
                SELECT '00000001-0000-4000-E000-000000000001', id, 2025, 'bench', '1', 20, 80, 'bench', '2026-01-01 00:00:00'
                FROM org_nodes WHERE kind = 'district' LIMIT 1
                """
            ).run()
            try await sql.raw(
                """
                INSERT INTO enforcement_file_review_items (id, review_id, case_id, unit_id, score, passed, deductions)
                SELECT printf('%08X-0000-4000-F000-%012X', rowid, rowid), '00000001-0000-4000-E000-000000000001', id, unit_id,
                       70 + rowid % 31, 70 + rowid % 31 >= 80, '[]'
                FROM enforcement_cases WHERE closed_on >= '2025-01-01' AND closed_on <= '2025-12-31' AND rowid % 397 = 0
                """
            ).run()
            try await sql.raw("ANALYZE").run()
            let totals = (
                try await EnforcementCase.query(on: app.db).count(), try await EnforcementOfficer.query(on: app.db).count(),
                try await EnforcementTraining.query(on: app.db).count(), try await CaseFileReviewItem.query(on: app.db).count()
            )
            print(
                String(
                    format: "enforcement: %d cases, %d officers, %d trainings, %d reviewed files built in %.1f s", totals.0, totals.1, totals.2,
                    totals.3, Date().timeIntervalSince(started)))
            guard let today = LocalDate("2026-11-26") else { return }
            func time(_ label: String, _ body: () async throws -> Void) async throws -> Double {
                try await BenchmarkApp.time("enforcement", label, repeats: repeats, body)
            }
            var counts: [UUID: EnforcementCounts] = [:]
            let all = try await time("indicators of 2025, all 17 units and the district") {
                counts = try await EnforcementIndicatorService.counts(year: 2025, today: today, scope: .all, on: app.db)
                _ = counts.values.map(EnforcementIndicatorService.rates)
                _ = EnforcementIndicatorService.district(counts)
            }
            let d = EnforcementIndicatorService.rates(EnforcementIndicatorService.district(counts))
            print(
                "enforcement: 2025 district — "
                    + zip(EnforcementRates.definitions, d.all).map { "\($0.name) \($1.numerator)/\($1.denominator) \($1.text)" }.joined(
                        separator: ", "))
            _ = try await time("indicators of 2026 (to today), all units") {
                _ = try await EnforcementIndicatorService.counts(year: 2026, today: today, scope: .all, on: app.db)
            }
            _ = try await time("indicators of 2025, one unit") {
                _ = try await EnforcementIndicatorService.counts(year: 2025, today: today, scope: .unit(try units[3].requireID()), on: app.db)
            }
            _ = try await time("table 2 of the 2025 依申请公开 report from the decisions") {
                _ = try await EnforcementModule().reportCells(.goiTable2Decisions, year: 2025, scope: .all, on: app.db)
            }
            print("enforcement: all units' indicators target < 1 s: \(all < 1 ? "met" : "SLOWER THAN TARGET")")
        }
    }
}
