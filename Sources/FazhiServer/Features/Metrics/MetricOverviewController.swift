import FazhiCore
import Fluent
import Vapor

/// 领导视图 (`/metrics/overview?year=`): every metric of the year for the district (a unit: its own)
/// against last year and its target, a trend line over the years the system holds, and the units
/// ranked; printable on A4. The office sets the year's targets on the same page.
struct MetricOverviewController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "metrics", "overview", policy: .viewMetrics, use: page)
        routes.on(.POST, "metrics", "targets", policy: .manageIndicators, use: saveTargets)
    }

    /// The first year the system holds records for.
    static let firstYear = 2024

    @Sendable func page(req: Request) async throws -> View { try await render(req, errors: []) }

    private func render(_ req: Request, errors: [FieldError]) async throws -> View {
        let today = req.clock.today
        let selection = try await RateSelection.of(req, .viewMetrics)
        let (year, units, own) = (selection.year, selection.units, selection.only)
        // This year and each earlier one the system holds, oldest first (the trend line's points).
        var byYear: [Int: [String: MetricCatalogue.Entry]] = [:]
        var current: [MetricCatalogue.Entry] = []
        let years = Array(max(Self.firstYear, year - 4)...max(Self.firstYear, year))
        for y in years {
            let entries = try await MetricCatalogue.entries(year: y, today: today, scope: selection.scope, on: req.db)
            if y == year { current = entries }
            byYear[y] = Dictionary(entries.map { ($0.definition.code, $0) }, uniquingKeysWith: { a, _ in a })
        }
        if current.isEmpty { current = try await MetricCatalogue.entries(year: year, today: today, scope: selection.scope, on: req.db) }
        let targets = Dictionary(
            try await MetricTargetRow.query(on: req.db).filter(\.$district.$id == req.districtID()).filter(\.$year == year).all().map {
                ($0.code, $0.value)
            }, uniquingKeysWith: { a, _ in a })
        let names = Dictionary(units.compactMap { u in u.id.map { ($0, u.name) } }, uniquingKeysWith: { a, _ in a })
        func value(_ e: MetricCatalogue.Entry?) -> MetricValue? {
            guard let e else { return nil }
            return own.map { e.units[$0] ?? MetricValue(kind: e.definition.kind, numerator: 0, denominator: 0) } ?? e.district
        }
        let cards: [MetricOverviewContext.Card] = current.map { e in
            let d = e.definition
            let now = value(e), last = value(byYear[year - 1]?[d.code])
            let target = targets[d.code]
            let met = target.flatMap { t in now.flatMap { MetricTarget.met($0, target: t, higherIsBetter: d.higherIsBetter) } }
            let ranking =
                selection.all && !d.districtOnly
                ? e.units.filter { $0.value.ratio != nil }.sorted {
                    $0.value.better(than: $1.value, higherIsBetter: d.higherIsBetter)
                        || (!$1.value.better(than: $0.value, higherIsBetter: d.higherIsBetter) && (names[$0.key] ?? "") < (names[$1.key] ?? ""))
                }.enumerated().map { i, pair in
                    MetricOverviewContext.Ranked(rank: i + 1, unit: names[pair.key] ?? "", value: pair.value.text(unit: d.unit))
                } : []
            return .init(
                code: d.code, name: d.name, register: e.register, arrangement: d.arrangement, value: now?.text(unit: d.unit) ?? "—",
                lastYear: last?.text(unit: d.unit) ?? "—", target: target.map { MetricTarget.text($0, kind: d.kind, unit: d.unit) } ?? "",
                targetInput: target.map { MetricTarget.text($0, kind: d.kind, unit: "").replacingOccurrences(of: "%", with: "").trimmed } ?? "",
                met: met, lowerIsBetter: !d.higherIsBetter,
                trend: Self.sparkline(years.map { y in value(byYear[y]?[d.code])?.value }, kind: d.kind),
                trendYears: "\(years.first ?? year)–\(years.last ?? year)", href: d.href(year: year, unit: nil), ranking: ranking,
                targetHint: d.kind == .rate ? "%" : d.unit)
        }
        return try await req.view.render(
            "metrics/overview",
            MetricOverviewContext(
                layout: LayoutContext(req, title: "法治政府建设年度概览", active: "indicators"), year: year,
                years: (Self.firstYear...today.year).reversed().map { OptionContext(value: String($0), label: "\($0) 年度", selected: $0 == year) },
                scopeName: own == nil ? "全区" : (units.first?.name ?? ""), district: selection.all, cards: cards,
                metCount: cards.filter { $0.met == true }.count, targetCount: cards.filter { !$0.target.isEmpty }.count,
                canSetTargets: req.may(.manageIndicators), errors: .init(errors)))
    }

    /// An SVG polyline over the years' values (120 × 32): rates on 0–100%, others scaled to their
    /// largest; a year with nothing counted leaves a gap in the points.
    static func sparkline(_ values: [Double?], kind: MetricKind) -> MetricOverviewContext.Trend {
        let width = 120.0, height = 32.0
        let top = kind == .rate ? 1.0 : max(values.compactMap { $0 }.max() ?? 0, 1)
        let step = values.count > 1 ? width / Double(values.count - 1) : 0
        var points: [MetricOverviewContext.Dot] = []
        for (i, v) in values.enumerated() {
            guard let v else { continue }
            points.append(.init(x: String(format: "%.1f", Double(i) * step), y: String(format: "%.1f", height - 2 - (v / top) * (height - 4))))
        }
        return .init(points: points.map { "\($0.x),\($0.y)" }.joined(separator: " "), dots: points.count == 1 ? points : [], empty: points.isEmpty)
    }

    struct TargetsForm: Content {
        var year: String?
        var codes: [String]?
        var values: [String]?
    }

    /// 设定目标值: every target of the year at once (a blank clears one); refused whole when one is wrong.
    @Sendable func saveTargets(req: Request) async throws -> Response {
        let form = try req.content.decode(TargetsForm.self)
        return try await req.attempt(success: "/metrics/overview?year=\(form.year ?? "")&notice=saved", render: { try await render(req, errors: $0) })
        {
            guard let year = Int(form.year ?? ""), LocalDate.plausibleYears.contains(year) else {
                throw ValidationFailure([FieldError("year", "年度无效")])
            }
            let codes = form.codes ?? [], values = form.values ?? []
            guard codes.count == values.count, codes.count <= 500 else { throw ValidationFailure([FieldError("values", "目标值表单不完整,请刷新页面后重试")]) }
            let definitions = Dictionary(RegisterModules.all.flatMap(\.metrics).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
            var v = Validator()
            var chosen: [String: Int] = [:]
            for (code, text) in zip(codes, values) {
                guard let d = definitions[code] else {
                    v.add("values", "指标“\(code)”不存在")
                    continue
                }
                if text.trimmed.isEmpty { continue }
                guard let target = MetricTarget.parse(text, kind: d.kind) else {
                    v.add(
                        "values",
                        "“\(d.name)”的目标值“\(text)”无效:"
                            + (d.kind == .rate ? "应为 0 到 100 的百分数,最多一位小数" : d.kind == .count ? "应为整数" : "应为数字,最多一位小数"))
                    continue
                }
                chosen[code] = target
            }
            try v.check()
            let user = try req.requireUser()
            let now = req.clock.now()
            let targets = chosen
            let district = try await req.districtID()
            try await req.db.writeTransaction { tx in
                let before = try await MetricTargetRow.query(on: tx).filter(\.$district.$id == district).filter(\.$year == year).all()
                try await MetricTargetRow.query(on: tx).filter(\.$district.$id == district).filter(\.$year == year).delete()
                for (code, value) in targets.sorted(by: { $0.key < $1.key }) {
                    let row = MetricTargetRow()
                    row.$district.id = district
                    row.year = year
                    row.code = code
                    row.value = value
                    row.updatedBy = user.username
                    row.updatedAt = now
                    try await row.create(on: tx)
                }
                try await AuditService.record(
                    on: tx, actor: .user(user), action: .configure, entityType: .metricTargets, entityID: "\(year)",
                    before: Dictionary(before.map { ($0.code, String($0.value)) }, uniquingKeysWith: { a, _ in a }),
                    after: targets.mapValues(String.init), at: now)
            }
        }
    }
}

struct MetricOverviewContext: Encodable {
    struct Dot: Encodable {
        let x: String
        let y: String
    }

    struct Trend: Encodable {
        let points: String
        /// A single year: drawn as a dot.
        let dots: [Dot]
        let empty: Bool
    }

    struct Ranked: Encodable {
        let rank: Int
        let unit: String
        let value: String
    }

    struct Card: Encodable {
        let code: String
        let name: String
        let register: String
        let arrangement: String
        let value: String
        let lastYear: String
        let target: String
        /// The target as typed in the form (`95.5`).
        let targetInput: String
        /// Nil without a target or without a value.
        let met: Bool?
        let lowerIsBetter: Bool
        let trend: Trend
        let trendYears: String
        let href: String
        let ranking: [Ranked]
        /// What the target is in: `%`, `学时`, `件`.
        let targetHint: String
    }

    let layout: LayoutContext
    let year: Int
    let years: [OptionContext]
    let scopeName: String
    let district: Bool
    let cards: [Card]
    let metCount: Int
    let targetCount: Int
    let canSetTargets: Bool
    let errors: [FormError]
}
