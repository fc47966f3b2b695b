import FazhiCore
import Fluent
import SQLKit
import Vapor

extension OversightModule {
    /// 行政监督 (方案第九项), 学法用法和法律顾问 (第十项), 谁执法谁普法 (第十一项): the eleven indicators.
    var metrics: [MetricDefinition] {
        let words: [String: (String, String, String, String)] = [
            "suggestionOnTime": ("首次答复在期限内的建议、提案件数", "已答复或期限已届满的建议、提案件数", "件", "九"),
            "suggestionSatisfaction": ("最终评价满意或基本满意的件数", "已有最终评价的件数", "件", "九"),
            "auditRectification": ("已整改销号的审计发现问题数", "审计发现问题数", "个", "九"),
            "petitionOnTime": ("在办理期限内出具意见的信访事项件数", "已出具意见或期限已届满的件数", "件", "九"),
            "preMeetingStudy": ("常务会议(办公会议)会前学法次数", "", "次", "十"),
            "studyHours": ("参学人员学时合计", "应学人数(未报计划的按实际参学人数)", "学时", "十"),
            "examParticipation": ("实际参考人数", "应考人数", "人", "十"),
            "examPass": ("考试合格人数", "实际参考人数", "人", "十"),
            "adviserParticipation": ("有法律顾问意见的决策和规范性文件件数", "本年作出的决策和印发的规范性文件件数", "件", "十"),
            "contractReview": ("签订前经合法性审查的合同件数", "本年签订的合同件数", "件", "十"),
            "pufaCompletion": ("已开展活动的清单事项数", "普法责任清单事项数", "项", "十一"),
        ]
        let kinds = Dictionary(uniqueKeysWithValues: OversightRates.indicators(.init()).map { ($0.key, $0.kind) })
        return OversightRates.definitions.map { d in
            let w = words[d.key] ?? ("", "", "件", "九")
            return MetricDefinition(
                code: "oversight.\(d.key)", name: d.name, kind: kinds[d.key] ?? .rate, numerator: w.0, denominator: w.1, unit: w.2, arrangement: w.3,
                definition: d.text, page: "/oversight/indicators?year={year}")
        }
    }

    func metricValues(year: Int, today: LocalDate, scope: RowScope, on db: any Database) async throws -> MetricValues {
        let (units, _) = try await OversightIndicatorService.counts(year: year, today: today, scope: scope, on: db)
        return MetricValues(units) { c in
            Dictionary(uniqueKeysWithValues: OversightRates.indicators(c).map { ("oversight.\($0.key)", $0.metric) })
        }
    }

    /// 建议提案按期办复率: the unit's suggestions and proposals of the year answered or past their due date.
    func metricRecords(_ code: String, year: Int, today: LocalDate, unit: UUID, on db: any Database) async throws -> [MetricRecord]? {
        guard code == "oversight.suggestionOnTime" else { return nil }
        return try await MetricRecordQuery.run(
            """
            SELECT id, ref_no || ' ' || title || '(期限 ' || reply_due_on || ')' AS label,
              CAST(CASE WHEN first_replied_on <= reply_due_on THEN 1 ELSE 0 END AS BIGINT) AS counted
            FROM oversight_items
            WHERE unit_id = \(bind: unit) AND year = \(bind: year) AND channel IN ('deputy', 'proposal')
              AND (first_replied_on IS NOT NULL OR reply_due_on < \(bind: today.description))
            ORDER BY reply_due_on, ref_no
            """, page: "/oversight/items/", on: db)
    }
}
