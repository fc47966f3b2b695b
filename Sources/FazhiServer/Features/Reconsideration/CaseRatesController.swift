import FazhiCore
import Fluent
import Vapor

/// 复议纠错率、败诉率、负责人出庭应诉率、回复率: the page (`/reconsideration/rates?year=`) and
/// `GET /api/v1/reconsideration/indicators?year=` — per unit with numerators, denominators and the
/// definitions; every count on the page links to the cases it counted. A unit sees its own.
struct CaseRatesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "reconsideration", "rates", policy: .viewCaseRates, use: page)
    }

    /// The year asked for (last year by default), the units the caller may see, and their counts.
    static func counts(_ req: Request) async throws -> (year: Int, units: [OrgNode], all: Bool, counts: [UUID: CaseRatesService.Counts]) {
        let s = try await RateSelection.of(req, .viewCaseRates, defaultYear: req.clock.today.year - 1)
        return (s.year, s.units, s.all, try await CaseRatesService.counts(year: s.year, today: req.clock.today, scope: s.scope, on: req.db))
    }

    /// Each rate's name and definition, in the page's column order (the configurable ones from `CaseRateConfig`).
    static func definitions() -> [CaseRatesContext.Definition] {
        let d = CaseRateConfig.active, r = CaseRatesService.Rates.empty
        return [
            .init(name: d.correction.name, text: d.correction.text),
            .init(name: d.comprehensiveCorrection.name, text: d.comprehensiveCorrection.text),
            .init(name: d.loss.name, text: d.loss.text), .init(name: "负责人出庭应诉率", text: r.appearance.definition),
            .init(name: "意见书和司法建议回复率", text: r.reply.definition),
        ]
    }

    @Sendable func page(req: Request) async throws -> View {
        let (year, units, all, counts) = try await Self.counts(req)
        func row(_ name: String, code: String?, _ rates: CaseRatesService.Rates) -> CaseRatesContext.Row {
            let unit = code.map { "&unit=\($0)" } ?? ""
            let r = "/reconsideration?year=\(year)\(unit)&rate="
            let l = "/litigation?year=\(year)\(unit)&rate="
            func cell(_ rate: CaseRate, _ href: String) -> CaseRatesContext.Cell {
                .init(text: rate.text, numerator: rate.numerator, denominator: rate.denominator, href: href)
            }
            return .init(
                unit: name,
                cells: [
                    cell(rates.correction, r + "correction"), cell(rates.comprehensive, r + "comprehensive"), cell(rates.loss, l + "loss"),
                    cell(rates.appearance, "/litigation?year=\(year)\(unit)"), cell(rates.reply, "/reconsideration?state=opinion_open\(unit)"),
                ])
        }
        let rows = try units.map { u in row(u.name, code: u.code, CaseRatesService.Rates(counts: counts[try u.requireID()] ?? .init())) }
        return try await req.view.render(
            "reconsideration/rates",
            CaseRatesContext(
                layout: LayoutContext(req, title: "复议应诉指标", active: "reconsideration"), canCases: req.may(.viewCases), year: year,
                years: (2024...req.clock.today.year).reversed().map { OptionContext(value: String($0), label: "\($0) 年度", selected: $0 == year) },
                definitions: Self.definitions(), rows: rows, district: all ? row("全区", code: nil, CaseRatesService.district(counts)) : nil))
    }
}

/// `GET /api/v1/reconsideration/indicators?year=`.
struct APICaseRatesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "reconsideration", "indicators", policy: .viewCaseRates, use: indicators)
    }

    @Sendable func indicators(req: Request) async throws -> CaseRatesDTO {
        let (year, units, all, counts) = try await CaseRatesController.counts(req)
        return CaseRatesDTO(
            year: year, asOf: req.clock.today.description,
            definitions: Dictionary(uniqueKeysWithValues: zip(CaseRatesDTO.keys, CaseRatesController.definitions().map(\.text))),
            units: try units.map { u in
                CaseRatesDTO.Row(unit: u.code, name: u.name, CaseRatesService.Rates(counts: counts[try u.requireID()] ?? .init()))
            },
            district: all ? .init(unit: "district", name: "全区", CaseRatesService.district(counts)) : nil)
    }
}

struct CaseRatesDTO: Content {
    static let keys = ["correction", "comprehensiveCorrection", "loss", "headAppearance", "reply"]

    struct Rate: Content {
        let numerator: Int
        let denominator: Int
        /// 0…1; null when nothing was counted.
        let value: Double?

        init(_ r: CaseRate) { numerator = r.numerator; denominator = r.denominator; value = r.value }
    }

    struct Row: Content {
        let unit: String
        let name: String
        let correction: Rate
        let comprehensiveCorrection: Rate
        let loss: Rate
        let headAppearance: Rate
        let reply: Rate

        init(unit: String, name: String, _ r: CaseRatesService.Rates) {
            self.unit = unit; self.name = name
            correction = .init(r.correction); comprehensiveCorrection = .init(r.comprehensive); loss = .init(r.loss)
            headAppearance = .init(r.appearance); reply = .init(r.reply)
        }
    }

    let year: Int
    let asOf: String
    let definitions: [String: String]
    let units: [Row]
    let district: Row?
}
