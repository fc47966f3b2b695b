import FazhiCore
import Fluent
import FluentSQL
import Foundation

/// 问题池 list in SQL: the problems a caller may see with the list's filters, counted, ordered and
/// paged by the database, so the pool is never read whole for one page.
struct ProblemListQuery {
    /// The policy's rows (`user.scope(.viewProblems)`).
    let scope: RowScope
    var status: ProblemStatus? = nil
    var source: ProblemSource? = nil
    /// 单位 filter by the unit's code.
    var unitCode: String? = nil
    var overdueOnly = false
    /// The last working day on or before today: a measure still open and due before it is at least
    /// one working day late (`ProblemRules.workdaysOverdue` > 0), worked out once per request.
    let lateBefore: LocalDate?

    init(scope: RowScope, today: LocalDate, calendar: WorkCalendar) {
        self.scope = scope
        lateBefore = try? calendar.lastWorkday(onOrBefore: today)
    }

    /// Not closed, with a measure still open and due before the last working day.
    var overdueSQL: SQLQueryString {
        guard let lateBefore else { return "1 = 0" }
        return """
            (problems.status <> 'closed' AND EXISTS (SELECT 1 FROM problem_measures m WHERE m.problem_id = problems.id \
            AND m.done_on IS NULL AND m.due < \(bind: lateBefore.description)))
            """
    }

    /// Every filter as one condition over a `problems` row.
    var condition: SQLQueryString {
        var parts: [SQLQueryString] = []
        if let units = scope.unitCondition("problems.unit_id") { parts.append(units) }
        if let status { parts.append("problems.status = \(bind: status.rawValue)") }
        if let source { parts.append("problems.source = \(bind: source.rawValue)") }
        if let code = unitCode, !code.isEmpty {
            parts.append("problems.unit_id IN (SELECT id FROM org_nodes WHERE code = \(bind: code))")
        }
        if overdueOnly { parts.append(overdueSQL) }
        return parts.isEmpty ? "1 = 1" : parts.dropFirst().reduce(parts[0]) { "\($0) AND \($1)" }
    }

    func rows(on db: any Database) -> QueryBuilder<Problem> {
        Problem.query(on: db).filter(.sql(embed: condition))
    }

    struct Counts {
        var total = 0, overdue = 0, reported = 0, closed = 0
    }

    /// The tiles over the filtered rows, in one query.
    func counts(on db: any Database) async throws -> Counts {
        let row = try await db.sql().raw(
            """
            SELECT COUNT(*) AS total, COALESCE(SUM(CASE WHEN \(overdueSQL) THEN 1 ELSE 0 END), 0) AS overdue,
                   COALESCE(SUM(CASE WHEN problems.status = 'reported' THEN 1 ELSE 0 END), 0) AS reported,
                   COALESCE(SUM(CASE WHEN problems.status = 'closed' THEN 1 ELSE 0 END), 0) AS closed
            FROM problems WHERE \(condition)
            """
        ).first()
        guard let row else { return Counts() }
        func n(_ column: String) throws -> Int { Int(try row.decode(column: column, as: Int64.self)) }
        return Counts(total: try n("total"), overdue: try n("overdue"), reported: try n("reported"), closed: try n("closed"))
    }
}
