import FazhiCore
import Fluent
import Vapor

/// 指标目录: every register module's metrics with their values for a year — per unit, and for the
/// district (the sum of the units' numerators and denominators, or the register's own district value).
/// Each register counts its values in the database in a few grouped queries; nothing here reads rows.
enum MetricCatalogue {
    struct Entry: Sendable {
        let register: String
        let definition: MetricDefinition
        let units: [UUID: MetricValue]
        /// Nil when the caller sees one unit only.
        let district: MetricValue?
    }

    /// Every module's metric definitions by code (what a bound leaf may name).
    static let definitions: [String: MetricDefinition] = Dictionary(
        RegisterModules.all.flatMap(\.metrics).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    static let infos: [String: MetricInfo] = definitions.mapValues(MetricInfo.init)

    /// Every metric, in the plan's arrangement order, then module order: the values of the scope's
    /// units, and for a scope of many units (a district's) their district value.
    static func entries(year: Int, today: LocalDate, scope: RowScope, on db: any Database) async throws -> [Entry] {
        var out: [Entry] = []
        for module in RegisterModules.all where !module.metrics.isEmpty {
            let values = try await module.metricValues(year: year, today: today, scope: scope, on: db)
            for d in module.metrics {
                var units: [UUID: MetricValue] = [:]
                for (id, byCode) in values.units { if let v = byCode[d.code] { units[id] = v } }
                let district = scope.spansUnits ? values.districtValue(d) : nil
                out.append(Entry(register: d.register ?? module.title, definition: d, units: d.districtOnly ? [:] : units, district: district))
            }
        }
        let order = Dictionary(uniqueKeysWithValues: MetricDefinition.arrangements.enumerated().map { ($1, $0) })
        return out.enumerated().sorted { a, b in
            let (x, y) = (order[a.element.definition.arrangement] ?? 99, order[b.element.definition.arrangement] ?? 99)
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
    }
}

/// `/metrics?year=&unit=`: the catalogue with today's values — the district and a chosen unit (a unit
/// sees its own) — each linking to its register's page; and `GET /api/v1/metrics?year=`.
struct MetricsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "metrics", policy: .viewMetrics, use: page)
    }

    /// The year, the units the caller may see, the unit chosen (a unit's own), and the entries.
    static func load(_ req: Request) async throws -> (year: Int, units: [OrgNode], all: Bool, chosen: OrgNode?, entries: [MetricCatalogue.Entry]) {
        let s = try await RateSelection.of(req, .viewMetrics)
        let (year, units) = (s.year, s.units)
        var chosen: OrgNode? = s.all ? nil : units.first
        if s.all, let code: String = req.query["unit"], !code.isEmpty {
            guard let unit = units.first(where: { $0.code == code }) else { throw AppError.badRequest("单位无效", field: "unit") }
            chosen = unit
        }
        let entries = try await MetricCatalogue.entries(year: year, today: req.clock.today, scope: s.scope, on: req.db)
        return (year, units, s.all, chosen, entries)
    }

    @Sendable func page(req: Request) async throws -> View {
        let (year, units, all, chosen, entries) = try await Self.load(req)
        let chosenID = chosen?.id
        return try await req.view.render(
            "metrics/catalogue",
            MetricsContext(
                layout: LayoutContext(req, title: "登记簿指标目录", active: "indicators"), year: year,
                years: (2024...req.clock.today.year).reversed().map { OptionContext(value: String($0), label: "\($0) 年度", selected: $0 == year) },
                units: all
                    ? [OptionContext(value: "", label: "只看全区", selected: chosen == nil)]
                        + units.map { OptionContext(value: $0.code, label: $0.name, selected: $0.id == chosenID) } : [],
                district: all, unitName: chosen?.name ?? "",
                rows: entries.map { e in
                    let d = e.definition
                    let unitValue = chosenID.flatMap { e.units[$0] } ?? MetricValue(kind: d.kind, numerator: 0, denominator: 0)
                    return .init(
                        arrangement: d.arrangement, register: e.register, code: d.code, name: d.name,
                        counting: d.kind == .count ? d.numerator : "\(d.numerator) ÷ \(d.denominator)", definition: d.definition,
                        district: e.district?.text(unit: d.unit) ?? "",
                        unit: d.districtOnly ? "(全区指标)" : (chosen == nil ? "" : unitValue.text(unit: d.unit)),
                        href: d.href(year: year, unit: nil))
                }))
    }
}

struct APIMetricsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "metrics", policy: .viewMetrics, use: metrics)
    }

    @Sendable func metrics(req: Request) async throws -> MetricsDTO {
        let (year, units, all, _, entries) = try await MetricsController.load(req)
        return MetricsDTO(
            year: year, asOf: req.clock.today.description,
            metrics: entries.map { e in
                let d = e.definition
                return .init(
                    code: d.code, name: d.name, register: e.register, arrangement: d.arrangement, kind: d.kind.rawValue, numerator: d.numerator,
                    denominator: d.denominator, unit: d.unit, definition: d.definition, districtOnly: d.districtOnly,
                    district: all ? e.district.map(MetricsDTO.Value.init) : nil,
                    units: d.districtOnly
                        ? []
                        : units.compactMap { u in
                            u.id.map { .init(unit: u.code, name: u.name, e.units[$0] ?? .init(kind: d.kind, numerator: 0, denominator: 0)) }
                        })
            })
    }
}

/// `GET /api/v1/metrics`: every register's metrics for a year with numerators and denominators.
struct MetricsDTO: Content {
    struct Value: Content {
        let numerator: Int
        let denominator: Int
        /// The rate (0…1), the count, or the average; nil when nothing counted.
        let value: Double?

        init(_ v: MetricValue) {
            numerator = v.numerator
            denominator = v.denominator
            value = v.value
        }
    }

    struct UnitValue: Content {
        let unit: String
        let name: String
        let numerator: Int
        let denominator: Int
        let value: Double?

        init(unit: String, name: String, _ v: MetricValue) {
            self.unit = unit
            self.name = name
            numerator = v.numerator
            denominator = v.denominator
            value = v.value
        }
    }

    struct Metric: Content {
        let code: String
        let name: String
        let register: String
        let arrangement: String
        let kind: String
        let numerator: String
        let denominator: String
        let unit: String
        let definition: String
        let districtOnly: Bool
        let district: Value?
        let units: [UnitValue]
    }

    let year: Int
    let asOf: String
    let metrics: [Metric]
}

struct MetricsContext: Encodable {
    struct Row: Encodable {
        let arrangement: String
        let register: String
        let code: String
        let name: String
        /// 分子 ÷ 分母 in words.
        let counting: String
        let definition: String
        let district: String
        let unit: String
        let href: String
    }

    let layout: LayoutContext
    let year: Int
    let years: [OptionContext]
    let units: [OptionContext]
    /// Whether the district column is shown (the caller sees every unit).
    let district: Bool
    let unitName: String
    let rows: [Row]
}
