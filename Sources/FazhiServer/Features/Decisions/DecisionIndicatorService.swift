import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// The seven indicators of 重大行政决策 and 规范性文件, counted in the database: one GROUP BY over
/// the decisions, one over the normative documents, one row each for the catalogue and the clean-ups.
/// The normative counts live here beside the decisions' because one page and one API show them
/// together (`DecisionRates`); the two registers' tables are each read by their own query.
enum DecisionIndicatorService {
    static func counts(year: Int, today: LocalDate, scope: RowScope, on db: any Database) async throws -> (
        units: [UUID: DecisionCounts], district: DecisionCounts
    ) {
        guard let first = LocalDate(year: year, month: 1, day: 1), let last = LocalDate(year: year, month: 12, day: 31) else { return ([:], .init()) }
        let f = first.description, l = last.description, t = today.description
        let sql = try db.sql()
        func n(_ row: any SQLRow, _ column: String) throws -> Int { Int(try row.decode(column: column, as: Int64?.self) ?? 0) }
        func only(_ column: String) -> SQLQueryString { scope.andUnits(column) }
        var out: [UUID: DecisionCounts] = [:]

        let adopted: SQLQueryString = "d.adopted_on >= \(bind: f) AND d.adopted_on <= \(bind: l)"
        let commented: SQLQueryString = "d.comment_until >= \(bind: f) AND d.comment_until <= \(bind: l) AND d.comment_until < \(bind: t)"
        let decisions: SQLQueryString = """
            SELECT d.lead_unit_id AS unit_id,
              SUM(CASE WHEN \(adopted) THEN 1 ELSE 0 END) AS adopted,
              SUM(CASE WHEN \(adopted)
                    AND (d.participation_exempt IS NOT NULL OR d.comment_until IS NOT NULL OR d.hearing_on IS NOT NULL OR d.other_participation_on IS NOT NULL)
                    AND (d.expert_exempt IS NOT NULL OR EXISTS (SELECT 1 FROM decision_expert_opinions e WHERE e.decision_id = d.id))
                    AND (d.risk_exempt IS NOT NULL OR (d.risk_report_on IS NOT NULL AND d.risk_controllable = \(bind: true)))
                    AND d.legal_result IN ('passed', 'amended') AND d.meeting_on IS NOT NULL AND d.head_conclusion IS NOT NULL
                  THEN 1 ELSE 0 END) AS complete,
              SUM(CASE WHEN \(adopted) AND d.legal_result IN ('passed', 'amended') AND d.legal_reviewed_on <= d.meeting_on THEN 1 ELSE 0 END) AS reviewed,
              SUM(CASE WHEN \(commented) THEN 1 ELSE 0 END) AS comments,
              SUM(CASE WHEN \(commented) AND d.comment_days >= 30 THEN 1 ELSE 0 END) AS comments_full
            FROM decisions d
            WHERE ((\(adopted)) OR (\(commented)))\(only("d.lead_unit_id"))
            GROUP BY d.lead_unit_id
            """
        for row in try await sql.raw(decisions).all() {
            let id = try row.decode(column: "unit_id", as: UUID.self)
            out[id, default: .init()].adopted = try n(row, "adopted")
            out[id, default: .init()].adoptedComplete = try n(row, "complete")
            out[id, default: .init()].adoptedReviewed = try n(row, "reviewed")
            out[id, default: .init()].commentPeriods = try n(row, "comments")
            out[id, default: .init()].commentFull = try n(row, "comments_full")
        }

        let issued: SQLQueryString = "issued_on >= \(bind: f) AND issued_on <= \(bind: l)"
        let filing: SQLQueryString = "filing_by >= \(bind: f) AND filing_by <= \(bind: l) AND (filed_on IS NOT NULL OR filing_by < \(bind: t))"
        let normative: SQLQueryString = """
            SELECT unit_id,
              SUM(CASE WHEN \(issued) THEN 1 ELSE 0 END) AS issued,
              SUM(CASE WHEN \(issued) AND review_result = 'passed' AND reviewed_on <= collective_on THEN 1 ELSE 0 END) AS reviewed,
              SUM(CASE WHEN \(filing) THEN 1 ELSE 0 END) AS filing_due,
              SUM(CASE WHEN \(filing) AND filed_on <= filing_by THEN 1 ELSE 0 END) AS filed_on_time
            FROM normative_documents
            WHERE ((\(issued)) OR (\(filing)))\(only("unit_id"))
            GROUP BY unit_id
            """
        for row in try await sql.raw(normative).all() {
            let id = try row.decode(column: "unit_id", as: UUID.self)
            out[id, default: .init()].normativeIssued = try n(row, "issued")
            out[id, default: .init()].normativeReviewed = try n(row, "reviewed")
            out[id, default: .init()].filingDue = try n(row, "filing_due")
            out[id, default: .init()].filedOnTime = try n(row, "filed_on_time")
        }

        var district = DecisionCounts()
        for c in out.values { district.add(c) }
        // The district's catalogue (the city's view: every district's).
        var catalogues = DecisionCatalogue.query(on: db).filter(\.$year == year)
        if let own = try await Districts.of(scope: scope, on: db) { catalogues = catalogues.filter(\.$district.$id == own) }
        for c in try await catalogues.all() where c.publishedOn != nil || c.publishBy < today {
            district.catalogueDue += 1
            district.catalogueOnTime += c.publishedOn.map { $0 <= c.publishBy && c.partyApprovedOn != nil } == true ? 1 : 0
        }
        // The district's clean-up rounds (the city's view: every district's).
        var cleanups: SQLQueryString = """
            SELECT COUNT(*) AS due, SUM(CASE WHEN published_on <= due_on THEN 1 ELSE 0 END) AS on_time FROM normative_cleanups
            WHERE due_on >= \(bind: f) AND due_on <= \(bind: l) AND (published_on IS NOT NULL OR due_on < \(bind: t))
            """
        if let own = try await Districts.of(scope: scope, on: db) { cleanups = cleanups + " AND district_id = \(bind: own)" }
        if let row = try await sql.raw(cleanups).first() {
            district.cleanupsDue = try n(row, "due")
            district.cleanupsOnTime = try n(row, "on_time")
        }
        return (out, district)
    }
}

/// The page (`/decisions/indicators?year=`) and `GET /api/v1/decisions/indicators?year=`: per unit
/// and for the district, each count linking to the records it counted. A unit sees its own row.
struct DecisionIndicatorsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "decisions", "indicators", policy: .viewDecisionRates, use: page)
    }

    static func load(_ req: Request) async throws -> (
        year: Int, units: [OrgNode], all: Bool, counts: [UUID: DecisionCounts], district: DecisionCounts
    ) {
        let s = try await RateSelection.of(req, .viewDecisionRates)
        let (counts, district) = try await DecisionIndicatorService.counts(year: s.year, today: req.clock.today, scope: s.scope, on: req.db)
        return (s.year, s.units, s.all, counts, district)
    }

    @Sendable func page(req: Request) async throws -> View {
        let (year, units, all, counts, district) = try await Self.load(req)
        let decisions = req.may(.viewDecisions), normative = req.may(.viewNormative)
        func row(_ name: String, code: String?, _ c: DecisionCounts, district: Bool) -> DecisionIndicatorsContext.Row {
            let r = DecisionRates(c).all
            let unit = code.map { "&unit=\($0)" } ?? ""
            let hrefs = [
                decisions ? "/decisions/catalogue?year=\(year)" : "", decisions ? "/decisions?year=\(year)&rate=adopted\(unit)" : "",
                decisions ? "/decisions?year=\(year)&rate=adopted\(unit)" : "", decisions ? "/decisions?year=\(year)&rate=comment\(unit)" : "",
                normative ? "/normative?year=\(year)&rate=review\(unit)" : "", normative ? "/normative?year=\(year)&rate=filing\(unit)" : "",
                normative ? "/normative/cleanups" : "",
            ]
            return .init(
                unit: name,
                cells: zip(r, hrefs).enumerated().map { i, pair in
                    // The catalogue and the clean-ups are the district's: a unit's row leaves them blank.
                    let districtOnly = i == 0 || i == 6
                    let label = DecisionRates.definitions[i].name
                    return districtOnly && !district
                        ? .init(text: "", numerator: 0, denominator: 0, href: "", label: label)
                        : .init(text: pair.0.text, numerator: pair.0.numerator, denominator: pair.0.denominator, href: pair.1, label: label)
                })
        }
        let sample = DecisionRates(.init())
        return try await req.view.render(
            "decisions/indicators",
            DecisionIndicatorsContext(
                layout: LayoutContext(req, title: "重大行政决策和规范性文件指标", active: "decisions"), tabs: DecisionController.tabs(req, "indicators"),
                canRecords: decisions || normative, year: year,
                years: (2024...req.clock.today.year).reversed().map { OptionContext(value: String($0), label: "\($0) 年度", selected: $0 == year) },
                definitions: zip(DecisionRates.definitions, sample.all).map { .init(name: $0.name, text: $1.definition) },
                rows: try units.map { u in row(u.name, code: u.code, counts[try u.requireID()] ?? .init(), district: false) },
                district: all ? row("全区", code: nil, district, district: true) : nil))
    }
}

struct APIDecisionIndicatorsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "decisions", "indicators", policy: .viewDecisionRates, use: indicators)
    }

    @Sendable func indicators(req: Request) async throws -> DecisionRatesDTO {
        let (year, units, all, counts, district) = try await DecisionIndicatorsController.load(req)
        return DecisionRatesDTO(
            year: year, asOf: req.clock.today.description,
            definitions: Dictionary(uniqueKeysWithValues: DecisionRates.definitions.map { ($0.key, $0.text) }),
            units: try units.map { u in .init(unit: u.code, name: u.name, DecisionRates(counts[try u.requireID()] ?? .init()), district: false) },
            district: all ? .init(unit: "district", name: "全区", DecisionRates(district), district: true) : nil)
    }
}

/// `GET /api/v1/decisions/indicators`: each rate with its numerator and denominator (no personal data).
struct DecisionRatesDTO: Content {
    struct Rate: Content {
        let numerator: Int
        let denominator: Int
        /// Nil when nothing counted (never 0% for an empty denominator).
        let rate: Double?
    }

    struct Row: Content {
        let unit: String
        let name: String
        let rates: [String: Rate]

        init(unit: String, name: String, _ r: DecisionRates, district: Bool) {
            self.unit = unit
            self.name = name
            var rates: [String: Rate] = [:]
            for (i, (def, rate)) in zip(DecisionRates.definitions, r.all).enumerated() where district || (i != 0 && i != 6) {
                rates[def.key] = Rate(
                    numerator: rate.numerator, denominator: rate.denominator,
                    rate: rate.denominator == 0 ? nil : Double(rate.numerator) / Double(rate.denominator))
            }
            self.rates = rates
        }
    }

    let year: Int
    let asOf: String
    let definitions: [String: String]
    let units: [Row]
    let district: Row?
}
