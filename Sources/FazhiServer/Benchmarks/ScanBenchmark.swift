import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// The scheduler's scan over a large database, for `fazhi-scan-bench` (issue 5: 1,000,000 dated
/// objects scanned for what is due soon or overdue in under 2 s). Builds a throw-away SQLite
/// database in a temporary directory, fills it in SQL, then times `SupervisionScan.run`.
public enum ScanBenchmark {
    public static func run(count: Int = 1_000_000, repeats: Int = 5) async throws {
        try await BenchmarkApp.run("fazhi-scan-bench") { app in
            try await CalendarService.seedIfEmpty(app)
            let today = LocalDate("2026-11-26")!
            app.clock = AppClock(now: { DemoSeed.noonInShanghai(today) })
            let document = try DemoSeed.loadPlanFile(resources: app.directory.resourcesDirectory).copied(to: 2026, keepingProgress: true)
            let city = OrgNode(parentID: nil, code: "city", name: "某市", kind: .city, categoryCode: nil, sort: 0)
            try await city.create(on: app.db)
            let plan = try await PlanService.importDocument(document, actor: .system("bench"), on: app.db, now: app.clock.now())
            let refs = try await TaskService.refs(for: plan, on: app.db)
            let sql = try app.db.sql()
            let started = Date()
            // 1,000,000 tasks with due dates over 2025–2026: about 97% completed, 1% cancelled,
            // 2% still open (the ones the scan must find), spread over the plan's units.
            let units = try refs.units.map { "'\(try $0.requireID().uuidString)'" }
            let unitCase =
                "CASE (i % \(units.count)) " + units.enumerated().map { "WHEN \($0.offset) THEN \($0.element)" }.joined(separator: " ") + " END"
            let first = LocalDate("2025-01-01")!
            try await sql.raw(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(unsafeRaw: "\(count)"))
                INSERT INTO tasks (id, plan_id, arrangement_id, lead_unit_id, title, description, start_date, due_date, deliverable, progress,
                                   completed_on, cancelled, version)
                SELECT printf('%08X-0000-4000-8000-%012X', i, i), \(bind: plan.requireID().uuidString), \(bind: refs.arrangements[0].requireID().uuidString),
                       \(unsafeRaw: unitCase), 'bench task ' || i, '', d, d, '', 0,
                       CASE WHEN i % 100 < 97 THEN d ELSE NULL END, CASE WHEN i % 100 = 97 THEN 1 ELSE 0 END, 1
                FROM (SELECT i, date(\(bind: first.description), '+' || (i * 7919 % 730) || ' days') AS d FROM n)
                """
            ).run()
            try await sql.raw("ANALYZE").run()
            let total = try await PlanTask.query(on: app.db).count()
            print(String(format: "scan: %d dated objects (tasks) built in %.1f s", total, Date().timeIntervalSince(started)))
            let calendar = try await CalendarService.load(on: app.db)
            var times: [Double] = []
            var result: SupervisionScan.Result?
            for _ in 0..<repeats {
                let t0 = Date()
                result = try await SupervisionScan.run(on: app.db, today: today, calendar: calendar, ladder: .standard)
                times.append(Date().timeIntervalSince(t0))
            }
            times.sort()
            let signals = result!.signals
            print(
                String(
                    format: "scan: %d open candidates due by %@, %d due soon, %d overdue — best %.3f s, median %.3f s (target < 2 s)",
                    result!.candidates, result!.horizon.description, signals.filter { !$0.stage.isOverdue }.count,
                    signals.filter(\.stage.isOverdue).count, times[0], times[times.count / 2]))
            let queryPlan = try await sql.raw(
                """
                EXPLAIN QUERY PLAN SELECT id FROM tasks
                WHERE completed_on IS NULL AND cancelled = false AND due_date <= '2026-12-01' AND paused_reason IS NULL
                """
            ).all()
            let detail = try queryPlan.map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "; ")
            print("scan: task query plan — \(detail)")
            if times[times.count / 2] >= 2 { print("scan: SLOWER THAN TARGET") }
        }
    }
}
