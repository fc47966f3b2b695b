import FazhiCore
import Fluent
import SQLKit
import Vapor

extension EnforcementModule {
    /// 行政执法 (方案第六项): the six rates of the enforcement indicators page.
    var metrics: [MetricDefinition] {
        let words: [String: (String, String, String)] = [
            "certification": ("持有效执法证的在岗人员数", "在岗执法人员数", "人"),
            "training": ("培训学时达标的在岗人员数", "在岗执法人员数", "人"),
            "reviewCoverage": ("决定前经法制审核通过的案件数", "本年作出决定的须法制审核案件数", "件"),
            "publication": ("按期公示的执法决定数", "本年应公示的执法决定数", "件"),
            "decision": ("在办案期限内作出决定的处罚案件数", "本年应作出决定的处罚案件数", "件"),
            "fileReview": ("评查合格的案卷数", "本年评查的案卷数", "件"),
        ]
        let rates = EnforcementIndicatorService.rates(EnforcementCounts()).all
        return zip(EnforcementRates.definitions, rates).map { d, rate in
            let w = words[d.key] ?? ("", "", "件")
            return MetricDefinition(
                code: "enforcement.\(d.key)", name: "行政执法\(d.name)", numerator: w.0, denominator: w.1, unit: w.2, arrangement: "六",
                definition: rate.definition, page: "/enforcement/rates?year={year}")
        }
    }

    func metricValues(year: Int, today: LocalDate, scope: RowScope, on db: any Database) async throws -> MetricValues {
        MetricValues(try await EnforcementIndicatorService.counts(year: year, today: today, scope: scope, on: db)) { c in
            Dictionary(
                uniqueKeysWithValues: zip(EnforcementRates.definitions, EnforcementIndicatorService.rates(c).all).map {
                    ("enforcement.\($0.key)", MetricValue.rate($1))
                })
        }
    }

    /// 行政执法公示率: the unit's decisions of the year whose publication is due, published on time or not.
    func metricRecords(_ code: String, year: Int, today: LocalDate, unit: UUID, on db: any Database) async throws -> [MetricRecord]? {
        guard code == "enforcement.publication" else { return nil }
        return try await MetricRecordQuery.run(
            """
            SELECT id, number || ' ' || title || '(应于 ' || publish_by || ' 前公示)' AS label,
              CAST(CASE WHEN published_on <= publish_by THEN 1 ELSE 0 END AS BIGINT) AS counted
            FROM enforcement_cases
            WHERE unit_id = \(bind: unit) AND decision_on >= \(bind: "\(year)-01-01") AND decision_on <= \(bind: "\(year)-12-31")
              AND publish_by IS NOT NULL AND (published_on IS NOT NULL OR publish_by < \(bind: today.description))
            ORDER BY decision_on, number
            """, page: "/enforcement/", on: db)
    }
}
