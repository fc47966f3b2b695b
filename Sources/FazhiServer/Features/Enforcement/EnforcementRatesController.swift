import FazhiCore
import Fluent
import Vapor

/// 行政执法指标: 持证率、培训学时达标率、法制审核覆盖率、公示及时率、90日办结率、案卷评查合格率 per
/// unit and for the district, with their definitions; every count links to the records it counted.
/// The page (`/enforcement/rates?year=`) and `GET /api/v1/enforcement/indicators?year=`. A unit sees its own.
struct EnforcementRatesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "enforcement", "rates", policy: .viewEnforcementRates, use: page)
    }

    /// The year asked for (this year by default), the units the caller may see, and their counts.
    static func counts(_ req: Request) async throws -> (year: Int, units: [OrgNode], all: Bool, counts: [UUID: EnforcementCounts]) {
        let s = try await RateSelection.of(req, .viewEnforcementRates)
        return (
            s.year, s.units, s.all, try await EnforcementIndicatorService.counts(year: s.year, today: req.clock.today, scope: s.scope, on: req.db)
        )
    }

    @Sendable func page(req: Request) async throws -> View {
        let (year, units, all, counts) = try await Self.counts(req)
        let canCases = req.may(.viewEnforcement)
        func row(_ name: String, code: String?, _ c: EnforcementCounts) -> EnforcementRatesContext.Row {
            let r = EnforcementIndicatorService.rates(c)
            let unit = code.map { "&unit=\($0)" } ?? ""
            let hrefs =
                canCases
                ? [
                    "/enforcement/officers?state=lapsed\(unit)", "/enforcement/officers?state=untrained\(unit)",
                    "/enforcement?year=\(year)&rate=review\(unit)", "/enforcement?year=\(year)&rate=publish\(unit)",
                    "/enforcement?year=\(year)&rate=decide\(unit)", "/enforcement/reviews?year=\(year)",
                ] : Array(repeating: "", count: 6)
            return .init(
                unit: name,
                cells: zip(zip(r.all, hrefs), EnforcementRates.definitions).map { pair, d in
                    .init(text: pair.0.text, numerator: pair.0.numerator, denominator: pair.0.denominator, href: pair.1, label: d.name)
                })
        }
        let rows = try units.map { u in row(u.name, code: u.code, counts[try u.requireID()] ?? .init()) }
        let sample = EnforcementIndicatorService.rates(.init())
        return try await req.view.render(
            "enforcement/rates",
            EnforcementRatesContext(
                layout: LayoutContext(req, title: "行政执法指标", active: "enforcement"),
                tabs: .init(active: "rates", canHandle: req.may(.handleEnforcement)),
                canCases: canCases, year: year,
                years: (2024...req.clock.today.year).reversed().map { OptionContext(value: String($0), label: "\($0) 年度", selected: $0 == year) },
                definitions: zip(EnforcementRates.definitions, sample.all).map { .init(name: $0.name, text: $1.definition) }, rows: rows,
                district: all ? row("全区", code: nil, EnforcementIndicatorService.district(counts)) : nil))
    }
}

/// `GET /api/v1/enforcement/indicators?year=`.
struct APIEnforcementRatesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "enforcement", "indicators", policy: .viewEnforcementRates, use: indicators)
    }

    @Sendable func indicators(req: Request) async throws -> EnforcementRatesDTO {
        let (year, units, all, counts) = try await EnforcementRatesController.counts(req)
        let sample = EnforcementIndicatorService.rates(.init())
        return EnforcementRatesDTO(
            year: year, asOf: req.clock.today.description,
            definitions: Dictionary(uniqueKeysWithValues: zip(EnforcementRates.definitions.map(\.key), sample.all.map(\.definition))),
            units: try units.map { u in .init(unit: u.code, name: u.name, EnforcementIndicatorService.rates(counts[try u.requireID()] ?? .init())) },
            district: all ? .init(unit: "district", name: "全区", EnforcementIndicatorService.rates(EnforcementIndicatorService.district(counts))) : nil
        )
    }
}

struct EnforcementRatesDTO: Content {
    struct Row: Content {
        let unit: String
        let name: String
        let certification: CaseRatesDTO.Rate
        let training: CaseRatesDTO.Rate
        let reviewCoverage: CaseRatesDTO.Rate
        let publication: CaseRatesDTO.Rate
        let decision: CaseRatesDTO.Rate
        let fileReview: CaseRatesDTO.Rate

        init(unit: String, name: String, _ r: EnforcementRates) {
            self.unit = unit; self.name = name
            certification = .init(r.certification); training = .init(r.training); reviewCoverage = .init(r.reviewCoverage)
            publication = .init(r.publication); decision = .init(r.decision); fileReview = .init(r.fileReview)
        }
    }

    let year: Int
    let asOf: String
    let definitions: [String: String]
    let units: [Row]
    let district: Row?
}
