import FazhiCore
import Fluent
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

    func metricValues(year: Int, today: LocalDate, unit: UUID?, on db: any Database) async throws -> MetricValues {
        MetricValues(try await CaseRatesService.counts(year: year, today: today, unit: unit, on: db)) { c in
            let r = CaseRatesService.Rates(counts: c)
            return [
                "case.correction": .rate(r.correction), "case.comprehensive": .rate(r.comprehensive), "case.loss": .rate(r.loss),
                "case.appearance": .rate(r.appearance), "case.reply": .rate(r.reply),
            ]
        }
    }
}
