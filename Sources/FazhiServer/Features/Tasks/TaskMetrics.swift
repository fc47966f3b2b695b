import FazhiCore
import Fluent
import FluentSQL
import Vapor

extension TasksModule {
    /// 督办: the plan's tasks finished on time, and those overdue today (by lead unit).
    var metrics: [MetricDefinition] {
        [
            .init(
                code: "tasks.onTime", name: "任务按期完成率", numerator: "在完成时限内完成的任务数", denominator: "完成时限在本年、已完成或已到期的任务数(撤销的不计)",
                arrangement: "督办", definition: "牵头任务中按期完成的任务数 ÷ 本年到期或已完成的任务数;延期经批准的以调整后的时限为准", page: "/tasks?year={year}"),
            .init(
                code: "tasks.overdue", name: "逾期未完成任务", kind: .count, numerator: "今天已超过完成时限仍未完成的牵头任务数", denominator: "",
                unit: "项", arrangement: "督办", definition: "截至今天已超过完成时限、未完成、未撤销且未暂停的牵头任务数", page: "/tasks?status=overdue", higherIsBetter: false),
        ]
    }

    func metricValues(year: Int, today: LocalDate, scope: RowScope, on db: any Database) async throws -> MetricValues {
        let f = "\(year)-01-01", l = "\(year)-12-31", t = today.description
        let only = scope.andUnits("lead_unit_id")
        let inYear: SQLQueryString = "due_date >= \(bind: f) AND due_date <= \(bind: l) AND (completed_on IS NOT NULL OR due_date < \(bind: t))"
        let rows = try await db.sql().raw(
            """
            SELECT lead_unit_id AS unit_id,
              CAST(SUM(CASE WHEN \(inYear) THEN 1 ELSE 0 END) AS BIGINT) AS due,
              CAST(SUM(CASE WHEN \(inYear) AND completed_on <= due_date THEN 1 ELSE 0 END) AS BIGINT) AS on_time,
              CAST(SUM(CASE WHEN completed_on IS NULL AND paused_reason IS NULL AND due_date < \(bind: t) THEN 1 ELSE 0 END) AS BIGINT) AS overdue
            FROM tasks WHERE cancelled = \(bind: false)\(only) GROUP BY lead_unit_id
            """
        ).all()
        var result = MetricValues()
        for row in rows {
            func n(_ c: String) throws -> Int { Int(try row.decode(column: c, as: Int64?.self) ?? 0) }
            result.units[try row.decode(column: "unit_id", as: UUID.self)] = [
                "tasks.onTime": MetricValue(kind: .rate, numerator: try n("on_time"), denominator: try n("due")),
                "tasks.overdue": MetricValue(kind: .count, numerator: try n("overdue"), denominator: 0),
            ]
        }
        return result
    }

    /// 逾期未完成任务: the lead unit's tasks past their due date today, not done, not cancelled or paused.
    func metricRecords(_ code: String, year: Int, today: LocalDate, unit: UUID, on db: any Database) async throws -> [MetricRecord]? {
        guard code == "tasks.overdue" else { return nil }
        return try await MetricRecordQuery.run(
            """
            SELECT id, title || '(应于 ' || due_date || ' 完成)' AS label, CAST(1 AS BIGINT) AS counted FROM tasks
            WHERE lead_unit_id = \(bind: unit) AND cancelled = \(bind: false) AND completed_on IS NULL AND paused_reason IS NULL
              AND due_date < \(bind: today.description)
            ORDER BY due_date, title
            """, page: "/tasks/", on: db)
    }
}
