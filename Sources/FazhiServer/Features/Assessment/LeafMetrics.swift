import FazhiCore
import Fluent
import Vapor

/// 系统计分 one bound leaf's evaluation for one unit: the metric's value, the rule, the computed
/// points and (when the register lists them) the records counted. Pinned on the leaf score when the
/// preliminary results are released, and kept in the frozen snapshot.
struct LeafMetric: Codable, Equatable, Sendable {
    var metric: String
    var name: String
    var rule: String
    var numerator: Int
    var denominator: Int
    /// The value as a cell shows it: `12/15(80.0%)`.
    var value: String
    /// The computed points; nil when the rule no longer reads (the leaf then waits for a person).
    var computed: String?
    var explanation: String
    /// The day the value was counted.
    var asOf: String
    /// The register page that opens the counted records.
    var href: String
    /// Every record in the denominator (a count: every record counted), and those in the numerator;
    /// nil when the register cannot list the metric record by record.
    var records: [MetricRecord]?

    var points: Points? { computed.flatMap { Points($0) } }
}

enum LeafMetrics {
    /// The evaluations of every bound leaf of `tree` for `units` in the tree's year, as of `today`;
    /// with `records`, the counted records too (one query per leaf and unit: the release and freeze
    /// and a leaf's own page ask for them, the results pages do not). In the city's cycle the
    /// "units" are districts: a district's value is its register's district value or the sum over
    /// its units (`MetricValues.districtValue`), and its records are not listed one by one.
    static func evaluate(tree: IndicatorTree, units: [UUID], today: LocalDate, records: Bool, on db: any Database) async throws
        -> [UUID: [String: LeafMetric]]
    {
        let bound = tree.boundLeaves
        guard !bound.isEmpty, !units.isEmpty else { return [:] }
        let codes = Set(bound.compactMap { $0.metric?.metric })
        let districts = tree.category == CityAssessment.category
        var values: [UUID: [String: MetricValue]] = [:]
        var owners: [String: any RegisterModule] = [:]
        for module in RegisterModules.all where module.metrics.contains(where: { codes.contains($0.code) }) {
            let wanted = module.metrics.filter { codes.contains($0.code) }
            for d in wanted { owners[d.code] = module }
            if districts {
                for district in units {
                    let found = try await module.metricValues(year: tree.year, today: today, scope: Districts.scope(of: district, on: db), on: db)
                    for d in wanted { values[district, default: [:]][d.code] = found.districtValue(d) }
                }
                continue
            }
            for (id, byCode) in try await module.metricValues(year: tree.year, today: today, scope: try await scope(of: units, on: db), on: db).units
            {
                values[id, default: [:]].merge(byCode.filter { codes.contains($0.key) }) { a, _ in a }
            }
        }
        var out: [UUID: [String: LeafMetric]] = [:]
        for unit in units {
            for leaf in bound {
                guard let binding = leaf.metric else { continue }
                out[unit, default: [:]][leaf.code] = try await evaluate(
                    leaf, binding: binding, value: values[unit]?[binding.metric], owner: districts ? nil : owners[binding.metric], year: tree.year,
                    unit: unit, today: today, records: records, on: db)
            }
        }
        return out
    }

    /// The rows a register reads for these units: one unit's, or their district's narrowed to them.
    private static func scope(of units: [UUID], on db: any Database) async throws -> RowScope {
        if units.count == 1 { return .unit(units[0]) }
        guard let district = try await Districts.of(unit: units[0], on: db) else { return .nothing }
        return .district(district, units: units)
    }

    private static func evaluate(
        _ leaf: IndicatorNode, binding: MetricBinding, value: MetricValue?, owner: (any RegisterModule)?, year: Int, unit: UUID, today: LocalDate,
        records: Bool, on db: any Database
    ) async throws -> LeafMetric {
        guard let d = MetricCatalogue.definitions[binding.metric] else {
            return LeafMetric(
                metric: binding.metric, name: binding.metric, rule: binding.rule, numerator: 0, denominator: 0, value: "—", computed: nil,
                explanation: "关联的指标“\(binding.metric)”已不在指标目录中,请考评员赋分", asOf: today.description, href: "/metrics?year=\(year)",
                records: nil)
        }
        let info = MetricInfo(d)
        let v = value ?? MetricValue(kind: d.kind, numerator: 0, denominator: 0)
        var metric = LeafMetric(
            metric: d.code, name: d.name, rule: binding.rule, numerator: v.numerator, denominator: v.denominator, value: v.text(unit: d.unit),
            computed: nil, explanation: "", asOf: today.description, href: d.href(year: year, unit: nil), records: nil)
        switch MetricRule.parse(binding.rule, info: info, max: leaf.points) {
        case .success(let rule):
            let score = MetricScoring.score(rule, value: v, info: info, max: leaf.points)
            metric.rule = rule.text(info: info)
            metric.computed = score.points.description
            metric.explanation = score.explanation
        case .failure(let e):
            metric.explanation = "计分规则无效(\(e.message)),请考评员赋分"
        }
        if records, let owner { metric.records = try await owner.metricRecords(d.code, year: year, today: today, unit: unit, on: db) }
        return metric
    }

    static func json(_ metric: LeafMetric) throws -> String { try AuditService.json(metric) }

    static func decode(_ text: String?) -> LeafMetric? {
        text.flatMap { try? JSONDecoder().decode(LeafMetric.self, from: Data($0.utf8)) }
    }
}
