import FazhiCore
import Fluent
import SQLKit
import Vapor

extension ReconsiderationModule {
    /// 行政复议·应诉 (方案第八项): the five rates, under the definitions in force (`case-rates.json`).
    var metrics: [MetricDefinition] {
        let r = CaseRatesService.Rates.empty
        return [
            .init(
                code: "case.correction", name: "复议纠错率", numerator: "被撤销、变更、确认违法或责令履行的案件数", denominator: "本年审结的复议案件数", arrangement: "八",
                definition: r.correction.definition, page: "/reconsideration/rates?year={year}", higherIsBetter: false),
            .init(
                code: "case.comprehensive", name: "复议综合纠错率", numerator: "纠错和被申请人自行纠正后结案的案件数", denominator: "本年审结的复议案件数", arrangement: "八",
                definition: r.comprehensive.definition, page: "/reconsideration/rates?year={year}", higherIsBetter: false),
            .init(
                code: "case.loss", name: "行政诉讼败诉率", numerator: "一审判决行政机关败诉的案件数", denominator: "本年一审裁判送达的案件数", arrangement: "八",
                definition: r.loss.definition, page: "/reconsideration/rates?year={year}", higherIsBetter: false),
            .init(
                code: "case.appearance", name: "负责人出庭应诉率", numerator: "负责人出庭的案件审级数", denominator: "本年开庭的案件审级数", arrangement: "八",
                definition: r.appearance.definition, page: "/reconsideration/rates?year={year}"),
            .init(
                code: "case.reply", name: "意见书和司法建议回复率", numerator: "已回复的件数", denominator: "本年收到且已回复或回复期限已届满的件数", arrangement: "八",
                definition: r.reply.definition, page: "/reconsideration/rates?year={year}"),
        ]
    }

    func metricValues(year: Int, today: LocalDate, scope: RowScope, on db: any Database) async throws -> MetricValues {
        MetricValues(try await CaseRatesService.counts(year: year, today: today, scope: scope, on: db)) { c in
            let r = CaseRatesService.Rates(counts: c)
            return [
                "case.correction": .rate(r.correction), "case.comprehensive": .rate(r.comprehensive), "case.loss": .rate(r.loss),
                "case.appearance": .rate(r.appearance), "case.reply": .rate(r.reply),
            ]
        }
    }

    /// 负责人出庭应诉率: each case and instance with a hearing in the year, counted when a head appeared at any
    /// of its hearings (规定第七条), as the rate counts them.
    func metricRecords(_ code: String, year: Int, today: LocalDate, unit: UUID, on db: any Database) async throws -> [MetricRecord]? {
        guard code == "case.appearance" else { return nil }
        let heads = CourtAppearance.allCases.filter(\.isHead).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let names = [1: "一审", 2: "二审", 3: "再审"]
        return try await db.sql().raw(
            """
            SELECT l.id AS id, l.number AS number, h.instance AS instance, MIN(h.hearing_on) AS first_on,
              CAST(MAX(CASE WHEN h.appearance IN (\(unsafeRaw: heads)) THEN 1 ELSE 0 END) AS BIGINT) AS counted
            FROM lawsuit_hearings h JOIN lawsuit_cases l ON l.id = h.lawsuit_id
            WHERE h.appearance IS NOT NULL AND h.hearing_on >= \(bind: "\(year)-01-01") AND h.hearing_on <= \(bind: "\(year)-12-31")
              AND l.unit_id = \(bind: unit)
            GROUP BY l.id, l.number, h.instance
            ORDER BY first_on, l.number, h.instance
            """
        ).all().map { row in
            let id = try row.decode(column: "id", as: UUID.self).uuidString
            let instance = try row.decode(column: "instance", as: Int.self)
            return MetricRecord(
                id: "\(id)/\(instance)",
                label:
                    "\(try row.decode(column: "number", as: String.self)) \(names[instance] ?? "第 \(instance) 审")(开庭 \(try row.decode(column: "first_on", as: String.self)))",
                href: "/litigation/\(id)", counted: try row.decode(column: "counted", as: Int64.self) != 0)
        }
    }
}
