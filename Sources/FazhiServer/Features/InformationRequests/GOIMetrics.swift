import FazhiCore
import Fluent
import SQLKit
import Vapor

extension InformationRequestsModule {
    /// 依申请公开 (方案第五项): answered on time, extended, overdue today.
    var metrics: [MetricDefinition] {
        [
            .init(
                code: "goi.onTime", name: "依申请公开按时答复率", numerator: "在答复期限内答复的件数", denominator: "本年答复的件数(撤回、逾期未缴费等无答复期限的不计)",
                arrangement: "五", definition: "按期答复的件数 ÷ 本年作出答复的件数(政府信息公开条例第三十三条)", page: "/goi?year={year}"),
            .init(
                code: "goi.extension", name: "依申请公开延期答复率", numerator: "延长答复期限的件数", denominator: "本年收到的申请件数", arrangement: "五",
                definition: "本年收到的申请中延长答复期限的件数 ÷ 本年收到的申请件数", page: "/goi?year={year}", higherIsBetter: false),
            .init(
                code: "goi.overdue", name: "依申请公开逾期未答复", kind: .count, numerator: "今天已超过答复期限仍未答复的件数", denominator: "", arrangement: "五",
                definition: "截至今天已超过法定答复期限仍未答复的申请件数", page: "/goi?year={year}", higherIsBetter: false),
        ]
    }

    func metricValues(year: Int, today: LocalDate, scope: RowScope, on db: any Database) async throws -> MetricValues {
        MetricValues(try await GOIReportService.indicators(year: year, today: today, scope: scope, on: db)) { i in
            [
                "goi.onTime": MetricValue(kind: .rate, numerator: i.onTime, denominator: i.answered),
                "goi.extension": MetricValue(kind: .rate, numerator: i.extended, denominator: i.received),
                "goi.overdue": MetricValue(kind: .count, numerator: i.overdue, denominator: 0),
            ]
        }
    }

    /// 依申请公开按时答复率: the unit's requests answered in the year, on time or not.
    func metricRecords(_ code: String, year: Int, today: LocalDate, unit: UUID, on db: any Database) async throws -> [MetricRecord]? {
        guard code == "goi.onTime" else { return nil }
        let answers = GOIReplyType.allCases.filter(\.isAnswer).map { "'\($0.rawValue)'" }.joined(separator: ",")
        return try await MetricRecordQuery.run(
            """
            SELECT id, number || ' ' || substr(content, 1, 40) || '(期限 ' || due_on || ',答复 ' || closed_on || ')' AS label,
              CAST(CASE WHEN closed_on <= due_on THEN 1 ELSE 0 END AS BIGINT) AS counted
            FROM goi_requests
            WHERE unit_id = \(bind: unit) AND closed_on >= \(bind: "\(year)-01-01") AND closed_on <= \(bind: "\(year)-12-31")
              AND due_on IS NOT NULL AND reply_type IN (\(unsafeRaw: answers))
            ORDER BY closed_on, number
            """, page: "/goi/", on: db)
    }
}
