import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// The eleven oversight and capacity indicators, counted in the database: one GROUP BY per table,
/// keyed by unit. Decisions and normative documents are read by their key columns only, for
/// 法律顾问参与率.
enum OversightIndicatorService {
    static func counts(year: Int, today: LocalDate, scope: RowScope, on db: any Database) async throws -> (
        units: [UUID: OversightCounts], district: OversightCounts
    ) {
        guard let first = LocalDate(year: year, month: 1, day: 1), let last = LocalDate(year: year, month: 12, day: 31) else { return ([:], .init()) }
        let f = first.description, l = last.description, t = today.description
        let sql = try db.sql()
        func n(_ row: any SQLRow, _ column: String) throws -> Int { Int(try row.decode(column: column, as: Int64?.self) ?? 0) }
        func only(_ column: String) -> SQLQueryString { scope.andUnits(column) }
        var out: [UUID: OversightCounts] = [:]
        func each(_ query: SQLQueryString, _ apply: (inout OversightCounts, any SQLRow) throws -> Void) async throws {
            for row in try await sql.raw(query).all() {
                let id = try row.decode(column: "unit_id", as: UUID.self)
                try apply(&out[id, default: .init()], row)
            }
        }

        let suggestion: SQLQueryString = "channel IN ('deputy', 'proposal')"
        let answerable: SQLQueryString = "(first_replied_on IS NOT NULL OR reply_due_on < \(bind: t))"
        let petition: SQLQueryString = "channel = 'petition' AND accepted_on >= \(bind: f) AND accepted_on <= \(bind: l)"
        try await each(
            """
            SELECT unit_id,
              SUM(CASE WHEN year = \(bind: year) AND \(suggestion) AND \(answerable) THEN 1 ELSE 0 END) AS due,
              SUM(CASE WHEN year = \(bind: year) AND \(suggestion) AND first_replied_on <= reply_due_on THEN 1 ELSE 0 END) AS on_time,
              SUM(CASE WHEN year = \(bind: year) AND \(suggestion) AND satisfaction IS NOT NULL THEN 1 ELSE 0 END) AS rated,
              SUM(CASE WHEN year = \(bind: year) AND \(suggestion) AND satisfaction IN ('satisfied', 'basically') THEN 1 ELSE 0 END) AS satisfied,
              SUM(CASE WHEN \(petition) AND \(answerable) THEN 1 ELSE 0 END) AS petitions,
              SUM(CASE WHEN \(petition) AND first_replied_on <= reply_due_on THEN 1 ELSE 0 END) AS petitions_on_time
            FROM oversight_items WHERE (year = \(bind: year) OR (\(petition)))\(only("unit_id")) GROUP BY unit_id
            """
        ) { c, row in
            c.suggestionsDue = try n(row, "due"); c.suggestionsOnTime = try n(row, "on_time"); c.suggestionsRated = try n(row, "rated")
            c.suggestionsSatisfied = try n(row, "satisfied"); c.petitionsDue = try n(row, "petitions");
            c.petitionsOnTime = try n(row, "petitions_on_time")
        }
        try await each(
            """
            SELECT i.unit_id, COUNT(*) AS findings, SUM(CASE WHEN p.status = 'closed' THEN 1 ELSE 0 END) AS closed
            FROM oversight_findings fi JOIN oversight_items i ON i.id = fi.item_id JOIN problems p ON p.id = fi.problem_id
            WHERE i.year = \(bind: year)\(only("i.unit_id")) GROUP BY i.unit_id
            """
        ) { c, row in
            c.auditFindings = try n(row, "findings"); c.auditFindingsClosed = try n(row, "closed")
        }
        try await each(
            """
            SELECT unit_id, SUM(CASE WHEN kind = 'pre_meeting' THEN 1 ELSE 0 END) AS pre FROM study_sessions
            WHERE year = \(bind: year)\(only("unit_id")) GROUP BY unit_id
            """
        ) { c, row in c.preMeetingSessions = try n(row, "pre") }
        // 人均学时: the plan's 应学人数, or the people who attended when the unit has no plan.
        try await each(
            """
            SELECT a.unit_id, CAST(SUM(a.hours_tenths) AS BIGINT) AS tenths, COUNT(DISTINCT a.person) AS people, MAX(p.staff_count) AS staff
            FROM study_attendances a LEFT JOIN study_plans p ON p.unit_id = a.unit_id AND p.year = a.year
            WHERE a.year = \(bind: year)\(only("a.unit_id")) GROUP BY a.unit_id
            """
        ) { c, row in
            c.studyTenths = try n(row, "tenths")
            let staff = Int(try row.decode(column: "staff", as: Int64?.self) ?? 0)
            c.studyPeople = staff > 0 ? staff : try n(row, "people")
        }
        // A unit with a plan and no session yet still counts its people (0 hours).
        try await each(
            "SELECT unit_id, staff_count FROM study_plans p WHERE year = \(bind: year)\(only("unit_id")) AND NOT EXISTS (SELECT 1 FROM study_attendances a WHERE a.unit_id = p.unit_id AND a.year = p.year)"
        ) { c, row in c.studyPeople = Int(try row.decode(column: "staff_count", as: Int64.self)) }
        try await each(
            """
            SELECT unit_id, COUNT(*) AS listed, SUM(CASE WHEN score IS NOT NULL THEN 1 ELSE 0 END) AS sat,
                   SUM(CASE WHEN passed = \(bind: true) THEN 1 ELSE 0 END) AS passed
            FROM exam_results WHERE year = \(bind: year)\(only("unit_id")) GROUP BY unit_id
            """
        ) { c, row in
            c.examListed = try n(row, "listed"); c.examSat = try n(row, "sat"); c.examPassed = try n(row, "passed")
        }
        let opinion: SQLQueryString = "EXISTS (SELECT 1 FROM adviser_consultations c WHERE c.record_id = x.id)"
        try await each(
            """
            SELECT unit_id, COUNT(*) AS matters, SUM(with_opinion) AS with_opinion FROM (
              SELECT x.lead_unit_id AS unit_id, CASE WHEN \(opinion) THEN 1 ELSE 0 END AS with_opinion FROM decisions x
              WHERE x.adopted_on >= \(bind: f) AND x.adopted_on <= \(bind: l)\(only("x.lead_unit_id"))
              UNION ALL
              SELECT x.unit_id AS unit_id, CASE WHEN \(opinion) THEN 1 ELSE 0 END AS with_opinion FROM normative_documents x
              WHERE x.issued_on >= \(bind: f) AND x.issued_on <= \(bind: l)\(only("x.unit_id"))
            ) m GROUP BY unit_id
            """
        ) { c, row in
            c.adviserMatters = try n(row, "matters"); c.adviserMattersWithOpinion = try n(row, "with_opinion")
        }
        try await each(
            """
            SELECT unit_id, COUNT(*) AS signed, SUM(CASE WHEN reviewed_on IS NOT NULL AND reviewed_on <= signed_on THEN 1 ELSE 0 END) AS reviewed
            FROM contract_reviews WHERE signed_on >= \(bind: f) AND signed_on <= \(bind: l)\(only("unit_id")) GROUP BY unit_id
            """
        ) { c, row in
            c.contractsSigned = try n(row, "signed"); c.contractsReviewed = try n(row, "reviewed")
        }
        try await each(
            """
            SELECT l.unit_id, COUNT(*) AS items,
                   SUM(CASE WHEN EXISTS (SELECT 1 FROM pufa_activities a WHERE a.item_id = i.id) THEN 1 ELSE 0 END) AS done
            FROM pufa_items i JOIN pufa_lists l ON l.id = i.list_id
            WHERE l.year = \(bind: year)\(only("l.unit_id")) GROUP BY l.unit_id
            """
        ) { c, row in
            c.pufaItems = try n(row, "items"); c.pufaItemsDone = try n(row, "done")
        }

        var district = OversightCounts()
        for c in out.values { district.add(c) }
        return (out, district)
    }
}

/// The page (`/oversight/indicators?year=`) and `GET /api/v1/oversight/indicators?year=`: per unit and
/// for the district, each figure linking to the records it counted. A unit sees its own row.
struct OversightIndicatorsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "oversight", "indicators", policy: .viewOversightRates, use: page)
    }

    static func load(_ req: Request) async throws -> (
        year: Int, units: [OrgNode], all: Bool, counts: [UUID: OversightCounts], district: OversightCounts
    ) {
        let s = try await RateSelection.of(req, .viewOversightRates)
        let (counts, district) = try await OversightIndicatorService.counts(year: s.year, today: req.clock.today, scope: s.scope, on: req.db)
        return (s.year, s.units, s.all, counts, district)
    }

    /// Where each indicator's records are (the drill-down), for a unit code or the district.
    static func hrefs(year: Int, unit code: String?, records: Bool) -> [String] {
        guard records else { return Array(repeating: "", count: OversightRates.definitions.count) }
        let u = code.map { "&unit=\($0)" } ?? ""
        return [
            "/oversight?year=\(year)&rate=suggestion\(u)", "/oversight?year=\(year)&rate=rated\(u)", "/oversight?year=\(year)&rate=audit\(u)",
            "/oversight?year=\(year)&rate=petition\(u)", "/oversight/study?year=\(year)\(u)", "/oversight/study/people?year=\(year)\(u)",
            "/oversight/study?year=\(year)\(u)", "/oversight/study?year=\(year)\(u)", "/oversight/advisers?year=\(year)\(u)",
            "/oversight/advisers?show=contracts&year=\(year)\(u)", "/oversight/pufa?year=\(year)\(u)",
        ]
    }

    @Sendable func page(req: Request) async throws -> View {
        let (year, units, all, counts, district) = try await Self.load(req)
        let records = req.may(.viewOversight)
        func row(_ name: String, code: String?, _ c: OversightCounts) -> OversightIndicatorsContext.Row {
            .init(
                unit: name,
                cells: zip(zip(OversightRates.indicators(c), Self.hrefs(year: year, unit: code, records: records)), OversightRates.definitions).map {
                    .init(label: $1.name, text: $0.0.text, href: $0.0.value == nil ? "" : $0.1)
                })
        }
        return try await req.view.render(
            "oversight/indicators",
            OversightIndicatorsContext(
                layout: LayoutContext(req, title: "监督与法治能力指标", active: "oversight"), tabs: OversightController.tabs(req, "indicators"),
                records: records, year: year,
                years: (2024...req.clock.today.year).reversed().map { OptionContext(value: String($0), label: "\($0) 年度", selected: $0 == year) },
                definitions: OversightRates.definitions.map { .init(name: $0.name, text: $0.text) },
                rows: try units.map { u in row(u.name, code: u.code, counts[try u.requireID()] ?? .init()) },
                district: all ? row("全区", code: nil, district) : nil))
    }
}

struct APIOversightIndicatorsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "oversight", "indicators", policy: .viewOversightRates, use: indicators)
    }

    @Sendable func indicators(req: Request) async throws -> OversightIndicatorsDTO {
        let (year, units, all, counts, district) = try await OversightIndicatorsController.load(req)
        return OversightIndicatorsDTO(
            year: year, asOf: req.clock.today.description,
            definitions: Dictionary(uniqueKeysWithValues: OversightRates.definitions.map { ($0.key, $0.text) }),
            units: try units.map { u in .init(unit: u.code, name: u.name, counts[try u.requireID()] ?? .init()) },
            district: all ? .init(unit: "district", name: "全区", district) : nil)
    }
}

/// `GET /api/v1/oversight/indicators`: each indicator with its numerator, denominator and value (no personal data).
struct OversightIndicatorsDTO: Content {
    struct Value: Content {
        let kind: String
        let numerator: Int
        let denominator: Int
        /// The rate (0…1), the count, or hours per person; nil when nothing counted (never 0 for an empty denominator).
        let value: Double?
    }

    struct Row: Content {
        let unit: String
        let name: String
        let indicators: [String: Value]

        init(unit: String, name: String, _ c: OversightCounts) {
            self.unit = unit
            self.name = name
            indicators = Dictionary(
                uniqueKeysWithValues: OversightRates.indicators(c).map {
                    ($0.key, Value(kind: $0.kind.rawValue, numerator: $0.numerator, denominator: $0.denominator, value: $0.value))
                })
        }
    }

    let year: Int
    let asOf: String
    let definitions: [String: String]
    let units: [Row]
    let district: Row?
}

struct OversightIndicatorsContext: Encodable {
    struct Cell: Encodable {
        /// The indicator's name (the column's label on a phone).
        let label: String
        let text: String
        let href: String
    }

    struct Row: Encodable {
        let unit: String
        let cells: [Cell]
    }

    let layout: LayoutContext
    let tabs: OversightTabs
    let records: Bool
    let year: Int
    let years: [OptionContext]
    let definitions: [RateTable.Definition]
    let rows: [Row]
    let district: Row?
}
