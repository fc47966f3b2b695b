import FazhiCore
import Fluent
import FluentSQL
import Foundation

/// 行政执法指标 counted in the database: one GROUP BY over the officers (with their year's training
/// hours), one over the cases decided (or due) in the year, one over the year's 案卷评查 — per unit,
/// optionally of one unit. The rates and their definitions are `EnforcementRates`'.
enum EnforcementIndicatorService {
    static func counts(year: Int, today: LocalDate, scope: RowScope, on db: any Database) async throws -> [UUID: EnforcementCounts] {
        guard let first = LocalDate(year: year, month: 1, day: 1), let last = LocalDate(year: year, month: 12, day: 31) else { return [:] }
        let settings = EnforcementConfig.active
        let ref = min(today, last).description, f = first.description, l = last.description, t = today.description
        let sql = try db.sql()
        func only(_ column: String) -> SQLQueryString { scope.andUnits(column) }
        var out: [UUID: EnforcementCounts] = [:]
        func n(_ row: any SQLRow, _ column: String) throws -> Int { Int(try row.decode(column: column, as: Int64?.self) ?? 0) }

        let officers: SQLQueryString = """
            SELECT o.unit_id AS unit_id, COUNT(*) AS officers,
              SUM(CASE WHEN o.valid_until >= \(bind: ref) AND (o.issued_on IS NULL OR o.issued_on <= \(bind: ref)) THEN 1 ELSE 0 END) AS certified,
              SUM(CASE WHEN COALESCE(t.h, 0) >= \(bind: settings.trainingHoursPerYear) THEN 1 ELSE 0 END) AS trained
            FROM enforcement_officers o
            LEFT JOIN (SELECT officer_id, SUM(hours) AS h FROM enforcement_trainings WHERE year = \(bind: year) GROUP BY officer_id) t
              ON t.officer_id = o.id
            WHERE (o.status = 'active' OR o.status_since > \(bind: ref))\(only("o.unit_id"))
            GROUP BY o.unit_id
            """
        for row in try await sql.raw(officers).all() {
            let id = try row.decode(column: "unit_id", as: UUID.self)
            out[id, default: .init()].officers = try n(row, "officers")
            out[id, default: .init()].certified = try n(row, "certified")
            out[id, default: .init()].trained = try n(row, "trained")
        }

        let inYear: SQLQueryString = "decision_on >= \(bind: f) AND decision_on <= \(bind: l)"
        let cases: SQLQueryString = """
            SELECT unit_id,
              SUM(CASE WHEN \(inYear) AND review_required THEN 1 ELSE 0 END) AS review_due,
              SUM(CASE WHEN \(inYear) AND review_required AND review_result = 'passed' AND reviewed_on <= decision_on THEN 1 ELSE 0 END) AS reviewed,
              SUM(CASE WHEN \(inYear) AND publish_by IS NOT NULL AND (published_on IS NOT NULL OR publish_by < \(bind: t)) THEN 1 ELSE 0 END) AS publish_due,
              SUM(CASE WHEN \(inYear) AND publish_by IS NOT NULL AND published_on <= publish_by THEN 1 ELSE 0 END) AS published_on_time,
              SUM(CASE WHEN type = 'penalty' AND decide_by IS NOT NULL AND ((\(inYear))
                    OR (decision_on IS NULL AND closed_on IS NULL AND decide_by >= \(bind: f) AND decide_by <= \(bind: l) AND decide_by < \(bind: t)))
                  THEN 1 ELSE 0 END) AS decide_due,
              SUM(CASE WHEN type = 'penalty' AND \(inYear) AND decide_by IS NOT NULL AND decision_on <= decide_by THEN 1 ELSE 0 END) AS decided_on_time
            FROM enforcement_cases
            WHERE ((\(inYear)) OR (decision_on IS NULL AND decide_by >= \(bind: f) AND decide_by <= \(bind: l)))\(only("unit_id"))
            GROUP BY unit_id
            """
        for row in try await sql.raw(cases).all() {
            let id = try row.decode(column: "unit_id", as: UUID.self)
            var c = out[id] ?? .init()
            c.reviewDue = try n(row, "review_due"); c.reviewed = try n(row, "reviewed")
            c.publishDue = try n(row, "publish_due"); c.publishedOnTime = try n(row, "published_on_time")
            c.decideDue = try n(row, "decide_due"); c.decidedOnTime = try n(row, "decided_on_time")
            out[id] = c
        }

        let files: SQLQueryString = """
            SELECT i.unit_id AS unit_id, COUNT(*) AS files, SUM(CASE WHEN i.passed THEN 1 ELSE 0 END) AS passed
            FROM enforcement_file_review_items i JOIN enforcement_file_reviews r ON r.id = i.review_id
            WHERE r.year = \(bind: year) AND i.score IS NOT NULL\(only("i.unit_id"))
            GROUP BY i.unit_id
            """
        for row in try await sql.raw(files).all() {
            let id = try row.decode(column: "unit_id", as: UUID.self)
            out[id, default: .init()].filesReviewed = try n(row, "files")
            out[id, default: .init()].filesPassed = try n(row, "passed")
        }
        return out
    }

    static func rates(_ c: EnforcementCounts) -> EnforcementRates {
        let s = EnforcementConfig.active
        return EnforcementRates(c, trainingHours: s.trainingHoursPerYear, passMark: s.fileReviewPassMark)
    }

    static func district(_ all: [UUID: EnforcementCounts]) -> EnforcementCounts {
        var total = EnforcementCounts()
        for c in all.values { total.add(c) }
        return total
    }
}
