import FazhiCore
import Fluent
import SQLKit
import Vapor

extension DecisionsModule {
    /// 重大行政决策 (方案第三项) and 规范性文件 (第四项): the seven rates of the decisions indicators page;
    /// the catalogue and the clean-up rounds are the district's.
    var metrics: [MetricDefinition] {
        let words: [String: (String, String, String, Bool)] = [
            "catalogue": ("按时公布的目录", "本年应公布的目录", "三", true),
            "procedures": ("五项程序均已履行的决策数", "本年作出的决策数", "三", false),
            "legality": ("会议前经合法性审查且合法的决策数", "本年作出的决策数", "三", false),
            "comment": ("征求意见不少于 30 日的次数", "本年截止的公开征求意见次数", "三", false),
            "normativeReview": ("集体审议前经合法性审核通过的件数", "本年印发的规范性文件件数", "四", false),
            "filing": ("按期报备的件数", "报备期限在本年届满或本年报备的件数", "四", false),
            "cleanup": ("按计划日期公布结果的清理轮数", "计划在本年完成的清理轮数", "四", true),
        ]
        return DecisionRates.definitions.map { d in
            let w = words[d.key] ?? ("", "", "三", false)
            return MetricDefinition(
                code: "decision.\(d.key)", name: d.name, numerator: w.0, denominator: w.1, unit: d.key == "cleanup" ? "轮" : "件", arrangement: w.2,
                definition: d.text, districtOnly: w.3, page: "/decisions/indicators?year={year}", register: w.2 == "四" ? "规范性文件" : nil)
        }
    }

    func metricValues(year: Int, today: LocalDate, scope: RowScope, on db: any Database) async throws -> MetricValues {
        let (units, district) = try await DecisionIndicatorService.counts(year: year, today: today, scope: scope, on: db)
        func values(_ c: DecisionCounts) -> [String: MetricValue] {
            Dictionary(
                uniqueKeysWithValues: zip(DecisionRates.definitions, DecisionRates(c).all).map { ("decision.\($0.key)", MetricValue.rate($1)) })
        }
        var result = MetricValues(units, values)
        // The catalogue and the clean-ups are counted for the district only.
        let whole = values(district)
        for key in ["decision.catalogue", "decision.cleanup"] {
            for id in result.units.keys { result.units[id]?[key] = nil }
            if scope.spansUnits { result.district[key] = whole[key] }
        }
        return result
    }

    /// 决策合法性审查率: the unit's decisions made in the year; 规范性文件合法性审核率 and 备案及时率: its
    /// normative documents behind either rate.
    func metricRecords(_ code: String, year: Int, today: LocalDate, unit: UUID, on db: any Database) async throws -> [MetricRecord]? {
        let (f, l) = ("\(year)-01-01", "\(year)-12-31")
        let query: SQLQueryString
        switch code {
        case "decision.legality":
            query = """
                SELECT id, number || ' ' || title || '(作出 ' || adopted_on || ')' AS label,
                  CAST(CASE WHEN legal_result IN ('passed', 'amended') AND legal_reviewed_on <= meeting_on THEN 1 ELSE 0 END AS BIGINT) AS counted
                FROM decisions WHERE lead_unit_id = \(bind: unit) AND adopted_on >= \(bind: f) AND adopted_on <= \(bind: l)
                ORDER BY adopted_on, number
                """
            return try await MetricRecordQuery.run(query, page: "/decisions/", on: db)
        case "decision.normativeReview":
            query = """
                SELECT id, title || '(印发 ' || issued_on || ')' AS label,
                  CAST(CASE WHEN review_result = 'passed' AND reviewed_on <= collective_on THEN 1 ELSE 0 END AS BIGINT) AS counted
                FROM normative_documents WHERE unit_id = \(bind: unit) AND issued_on >= \(bind: f) AND issued_on <= \(bind: l)
                ORDER BY issued_on, title
                """
        case "decision.filing":
            query = """
                SELECT id, title || '(报备期限 ' || filing_by || ')' AS label,
                  CAST(CASE WHEN filed_on <= filing_by THEN 1 ELSE 0 END AS BIGINT) AS counted
                FROM normative_documents WHERE unit_id = \(bind: unit) AND filing_by >= \(bind: f) AND filing_by <= \(bind: l)
                  AND (filed_on IS NOT NULL OR filing_by < \(bind: today.description))
                ORDER BY filing_by, title
                """
        default: return nil
        }
        return try await MetricRecordQuery.run(query, page: "/normative/", on: db)
    }
}
