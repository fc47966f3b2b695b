import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// The reconsideration and litigation rates over a large register, for `fazhi-case-bench` (issue 13:
/// every unit's rates over 100,000 cases in under 1 s on SQLite in release). Builds a throw-away
/// SQLite database, fills it in SQL, then times `CaseRatesService.counts` for all units, one
/// unit, and table 4 of the 依申请公开 report counted from the cases.
public enum CaseRatesBenchmark {
    public static func run(cases count: Int = 100_000, lawsuits: Int = 30_000, repeats: Int = 5) async throws {
        try await BenchmarkApp.run("fazhi-case-bench") { app in
            let units = try await BenchmarkApp.units(app)
            let sql = try app.db.sql()
            let started = Date()
            let unitCase = BenchmarkApp.pick(try units.map { try $0.requireID().uuidString })
            let decisions = BenchmarkApp.pick(ReconsiderationDecision.allCases.map(\.rawValue), "i / 17")
            let categories = BenchmarkApp.pick(ContestedActCategory.allCases.map(\.rawValue), "i / 3")
            // Cases received over 2024-01-01…2026-11-25, spread over 17 units; about 5% still open.
            try await sql.raw(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(unsafeRaw: "\(count)"))
                INSERT INTO reconsideration_cases (id, number, unit_id, applicant_type, applicant_name, applicant_id_number, applicant_contact,
                    category, act, claim, law_version, procedure, source, received_on, accepted_on, closed_on, decision, self_corrected,
                    extension_days, opinion_on, opinion_reply_due_on, opinion_replied_on, created_by, version)
                SELECT printf('%08X-0000-4000-8000-%012X', i, i), 'FY-B-' || i, \(unsafeRaw: unitCase), 'natural_person', '', '', '',
                       \(unsafeRaw: categories), 'act', '', '2023', 'normal', 'import', d, date(d, '+3 days'),
                       CASE WHEN i % 20 = 0 THEN NULL ELSE date(d, '+' || (20 + i % 50) || ' days') END,
                       CASE WHEN i % 20 = 0 THEN NULL ELSE \(unsafeRaw: decisions) END, i % 7 = 0, 0,
                       CASE WHEN i % 30 = 1 THEN date(d, '+70 days') ELSE NULL END,
                       CASE WHEN i % 30 = 1 THEN date(d, '+130 days') ELSE NULL END,
                       CASE WHEN i % 60 = 1 THEN date(d, '+110 days') ELSE NULL END, 'bench', 1
                FROM (SELECT i, date('2024-01-01', '+' || (i * 7919 % 1060) || ' days') AS d FROM n)
                """
            ).run()
            let outcomes = BenchmarkApp.pick(JudgmentOutcome.allCases.map(\.rawValue), "i / 17")
            try await sql.raw(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(unsafeRaw: "\(lawsuits)"))
                INSERT INTO lawsuit_cases (id, number, unit_id, co_defendant, plaintiff_type, plaintiff_name, category, act, court,
                    complaint_received_on, answered_on, first_outcome, first_served_on, closed_on, source, created_by, version)
                SELECT printf('%08X-0000-4000-9000-%012X', i, i), 'LS-B-' || i, \(unsafeRaw: unitCase), i % 5 = 0, 'natural_person', '',
                       \(unsafeRaw: categories), 'act', '区人民法院', d, date(d, '+10 days'),
                       CASE WHEN i % 10 = 0 THEN NULL ELSE \(unsafeRaw: outcomes) END,
                       CASE WHEN i % 10 = 0 THEN NULL ELSE date(d, '+' || (60 + i % 90) || ' days') END, NULL, 'import', 'bench', 1
                FROM (SELECT i, date('2024-01-01', '+' || (i * 7919 % 1060) || ' days') AS d FROM n)
                """
            ).run()
            let appearances = BenchmarkApp.pick(CourtAppearance.allCases.map(\.rawValue), "i / 2")
            // One or two hearings per lawsuit (i and i + lawsuits share a lawsuit).
            try await sql.raw(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(unsafeRaw: "\(lawsuits * 3 / 2)"))
                INSERT INTO lawsuit_hearings (id, lawsuit_id, instance, hearing_on, notice_received_on, head_name, appearance)
                SELECT printf('%08X-0000-4000-A000-%012X', i, i), printf('%08X-0000-4000-9000-%012X', k, k), 1, h, date(h, '-7 days'), '',
                       \(unsafeRaw: appearances)
                FROM (SELECT i, ((i - 1) % \(unsafeRaw: "\(lawsuits)")) + 1 AS k,
                             date('2024-01-01', '+' || ((((i - 1) % \(unsafeRaw: "\(lawsuits)")) + 1) * 7919 % 1060 + 40 + i / \(unsafeRaw: "\(lawsuits)") * 20) || ' days') AS h
                      FROM n)
                """
            ).run()
            try await sql.raw("ANALYZE").run()
            let totals = (
                try await ReconsiderationCase.query(on: app.db).count(), try await LawsuitCase.query(on: app.db).count(),
                try await CourtHearingRecord.query(on: app.db).count()
            )
            print(
                String(
                    format: "cases: %d reconsideration cases, %d lawsuits, %d hearings built in %.1f s", totals.0, totals.1, totals.2,
                    Date().timeIntervalSince(started)))
            guard let today = LocalDate("2026-11-26") else { return }
            func time(_ label: String, _ body: () async throws -> Void) async throws -> Double {
                try await BenchmarkApp.time("cases", label, repeats: repeats, body)
            }
            var counts: [UUID: CaseRatesService.Counts] = [:]
            let all = try await time("rates of 2025, all 17 units and the district") {
                counts = try await CaseRatesService.counts(year: 2025, today: today, scope: .all, on: app.db)
                _ = counts.values.map { CaseRatesService.Rates(counts: $0) }
                _ = CaseRatesService.district(counts)
            }
            let d = CaseRatesService.district(counts)
            print(
                "cases: 2025 district — correction \(d.correction.numerator)/\(d.correction.denominator) \(d.correction.text), "
                    + "loss \(d.loss.numerator)/\(d.loss.denominator) \(d.loss.text), appearance \(d.appearance.numerator)/\(d.appearance.denominator) "
                    + "\(d.appearance.text), reply \(d.reply.numerator)/\(d.reply.denominator)")
            _ = try await time("rates of 2025, one unit") {
                _ = try await CaseRatesService.counts(year: 2025, today: today, scope: .unit(try units[3].requireID()), on: app.db)
            }
            _ = try await time("table 4 of the 2025 依申请公开 report from the cases") {
                _ = try await ReconsiderationModule().reportCells(.goiTable4, year: 2025, scope: .all, on: app.db)
            }
            print("cases: all units' rates target < 1 s: \(all < 1 ? "met" : "SLOWER THAN TARGET")")
        }
    }
}
