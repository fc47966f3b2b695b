import FazhiCore
import Fluent
import FluentSQL
import Vapor

extension ProblemsModule {
    /// 问题池: problems of the year rectified and closed, and measures overdue today.
    var metrics: [MetricDefinition] {
        [
            .init(
                code: "problems.closed", name: "问题整改销号率", numerator: "已整改销号的问题数", denominator: "本年发现的问题数", unit: "个", arrangement: "督办",
                definition: "本年发现(考评、督察、督办、纠错、审计)的问题中已由法治办核查销号的个数 ÷ 本年发现的问题数", page: "/problems"),
            .init(
                code: "problems.overdueMeasures", name: "逾期未完成整改措施", kind: .count, numerator: "今天已超过时限仍未完成的整改措施数", denominator: "",
                unit: "项", arrangement: "督办", definition: "整改中的问题里,截至今天已超过完成时限仍未完成的整改措施数", page: "/problems?overdue=1", higherIsBetter: false),
        ]
    }

    func metricValues(year: Int, today: LocalDate, scope: RowScope, on db: any Database) async throws -> MetricValues {
        let f = "\(year)-01-01", l = "\(year)-12-31", t = today.description
        let sql = try db.sql()
        let only = scope.andUnits("p.unit_id")
        var result = MetricValues()
        for row in try await sql.raw(
            """
            SELECT p.unit_id, COUNT(*) AS raised, CAST(SUM(CASE WHEN p.status = 'closed' THEN 1 ELSE 0 END) AS BIGINT) AS closed
            FROM problems p WHERE p.raised_on >= \(bind: f) AND p.raised_on <= \(bind: l)\(only) GROUP BY p.unit_id
            """
        ).all() {
            let id = try row.decode(column: "unit_id", as: UUID.self)
            result.units[id, default: [:]]["problems.closed"] = MetricValue(
                kind: .rate, numerator: Int(try row.decode(column: "closed", as: Int64?.self) ?? 0),
                denominator: Int(try row.decode(column: "raised", as: Int64.self)))
        }
        for row in try await sql.raw(
            """
            SELECT p.unit_id, COUNT(*) AS n FROM problem_measures m JOIN problems p ON p.id = m.problem_id
            WHERE p.status <> 'closed' AND m.done_on IS NULL AND m.due < \(bind: t)\(only) GROUP BY p.unit_id
            """
        ).all() {
            let id = try row.decode(column: "unit_id", as: UUID.self)
            result.units[id, default: [:]]["problems.overdueMeasures"] = MetricValue(
                kind: .count, numerator: Int(try row.decode(column: "n", as: Int64.self)), denominator: 0)
        }
        return result
    }

    /// 逾期未完成整改措施: each overdue measure of the unit's open problems (the problem's page opens it).
    func metricRecords(_ code: String, year: Int, today: LocalDate, unit: UUID, on db: any Database) async throws -> [MetricRecord]? {
        guard code == "problems.overdueMeasures" else { return nil }
        return try await db.sql().raw(
            """
            SELECT m.id AS id, p.id AS problem_id, p.number || ' ' || p.title || ':' || m.text || '(应于 ' || m.due || ' 完成)' AS label
            FROM problem_measures m JOIN problems p ON p.id = m.problem_id
            WHERE p.unit_id = \(bind: unit) AND p.status <> 'closed' AND m.done_on IS NULL AND m.due < \(bind: today.description)
            ORDER BY m.due, p.number
            """
        ).all().map { row in
            let id = try row.decode(column: "id", as: UUID.self).uuidString
            return MetricRecord(
                id: id, label: try row.decode(column: "label", as: String?.self) ?? id,
                href: "/problems/\(try row.decode(column: "problem_id", as: UUID.self).uuidString)", counted: true)
        }
    }
}
