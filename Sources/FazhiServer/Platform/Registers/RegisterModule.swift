import FazhiCore
import Fluent
import Vapor

/// 登记簿模块: everything a register (依申请公开, 行政复议, 行政执法 …) plugs into the platform,
/// supplied in one place. The platform walks `RegisterModules.all` for its routes, menu, home
/// prompts, supervision scan, overdue board, assessment figures, stored deadlines, demo data,
/// commands and migrations; it names no register itself. See `docs/ADDING-A-REGISTER.md`.
///
/// Every member has a default that contributes nothing, so a module states only what it has.
protocol RegisterModule: Sendable {
    /// Stable key, e.g. `goi`: the menu key and the prefix of its scan keys.
    var key: String { get }
    /// 依申请公开
    var title: String { get }

    /// Schema changes, in order; appended after the platform's own migrations.
    var migrations: [any Migration] { get }

    /// Reads the register's own configuration once at start-up, before its routes (a bad file stops
    /// the start with the reason).
    func configure(_ app: Application) throws

    /// Web routes (already behind authentication, CSRF and the policy check) and JSON API routes
    /// (under `/api/v1`).
    func routes(web: any RoutesBuilder, api: any RoutesBuilder, app: Application) throws

    /// The menu entry for the signed-in user, or nil when the register is not theirs to open.
    func menuEntry(_ req: Request) -> MenuEntry?

    /// Home-page prompts: what the register asks of the signed-in user today.
    func homePrompts(_ req: Request, user: CurrentUser, today: LocalDate, calendar: WorkCalendar) async throws -> [HomePrompt]

    /// The kinds of dated item the register puts on the escalation ladder.
    var itemKinds: [DatedItem.Kind] { get }

    /// Its dated items as SQL (`DatedSource`): open items due by a horizon, one indexed query each,
    /// which the scan runs and the overdue board pages in the database.
    var datedSources: [DatedSource] { get }

    /// Whether the signed-in user may see this register's items on the overdue board and in the API.
    func showsItems(to req: Request) -> Bool

    /// The figures the unit's assessment work page shows for `year`, with a link to the detail.
    func assessmentFacts(year: Int, unit: OrgNode, today: LocalDate, on db: any Database) async throws -> AssessmentFact?

    /// Stored dates computed by the deadline engine, recomputed when the calendar changes.
    var storedDeadlines: [any StoredDeadlineKeeper.Type] { get }

    /// Demo data. `history`: also the years of register history (the demo server and the tests
    /// that read it); without it a few rows in each state the register's pages show (the tests
    /// that walk every route seed these on a small district).
    func seedDemo(_ app: Application, history: Bool) async throws

    /// `fazhi demo grow`: adds copies of the module's demo rows until there are `factor` times as many.
    func growDemo(_ app: Application, factor: Int) async throws

    /// `fazhi report <name>` subcommands.
    var reportCommands: [String: any AnyAsyncCommand] { get }

    /// The cells this register fills in a part of another register's report (table 4 of the
    /// 依申请公开 annual report comes from the reconsideration and litigation cases), for a year and
    /// the units of `scope` (a unit, or a district's units); nil when it holds nothing for that year,
    /// so the report keeps its manual entries.
    func reportCells(_ part: ReportPart, year: Int, scope: RowScope, on db: any Database) async throws -> ReportCells?

    /// 指标目录: the metrics the register publishes (`/metrics`, `GET /api/v1/metrics`) …
    var metrics: [MetricDefinition] { get }
    /// … and their values for a year, keyed by metric code: every unit of `scope` it holds records
    /// for, and (for a scope of many units) the district's values its units' sums do not give.
    func metricValues(year: Int, today: LocalDate, scope: RowScope, on db: any Database) async throws -> MetricValues
    /// … and the records behind one unit's value of a metric, for the drill-down of a leaf the system
    /// scores from it: every record in the denominator (a count: every record counted), `counted`
    /// marking the numerator, in the register's order; nil when the metric cannot be opened record
    /// by record (the drill-down then links the register's page).
    func metricRecords(_ code: String, year: Int, today: LocalDate, unit: UUID, on db: any Database) async throws -> [MetricRecord]?

    /// Notes this register holds about another register's record (a legal adviser's opinion on a
    /// decision or normative document), shown on that record's page beside its own facts.
    func recordNotes(for record: UUID, on db: any Database) async throws -> [RecordNote]

    /// What its audit events are about and what they record, with the names the audit log shows.
    var auditEntities: [AuditEntity] { get }
    var auditActions: [AuditAction] { get }
    /// The Chinese names of the keys in its audit snapshots.
    var auditFields: [String: String] { get }
    /// The Chinese names of the codes its snapshots store, by `entity.field` (or `field`).
    var auditValues: [String: [String: String]] { get }
}

extension RegisterModule {
    var migrations: [any Migration] { [] }
    func configure(_ app: Application) throws {}
    func routes(web: any RoutesBuilder, api: any RoutesBuilder, app: Application) throws {}
    func menuEntry(_ req: Request) -> MenuEntry? { nil }
    func homePrompts(_ req: Request, user: CurrentUser, today: LocalDate, calendar: WorkCalendar) async throws -> [HomePrompt] { [] }
    var itemKinds: [DatedItem.Kind] { [] }
    var datedSources: [DatedSource] { [] }
    func showsItems(to req: Request) -> Bool { true }
    func assessmentFacts(year: Int, unit: OrgNode, today: LocalDate, on db: any Database) async throws -> AssessmentFact? { nil }
    var storedDeadlines: [any StoredDeadlineKeeper.Type] { [] }
    func seedDemo(_ app: Application, history: Bool) async throws {}
    func growDemo(_ app: Application, factor: Int) async throws {}
    var reportCommands: [String: any AnyAsyncCommand] { [:] }
    func reportCells(_ part: ReportPart, year: Int, scope: RowScope, on db: any Database) async throws -> ReportCells? { nil }
    func recordNotes(for record: UUID, on db: any Database) async throws -> [RecordNote] { [] }
    var metrics: [MetricDefinition] { [] }
    func metricValues(year: Int, today: LocalDate, scope: RowScope, on db: any Database) async throws -> MetricValues { MetricValues() }
    func metricRecords(_ code: String, year: Int, today: LocalDate, unit: UUID, on db: any Database) async throws -> [MetricRecord]? { nil }
    var auditEntities: [AuditEntity] { [] }
    var auditActions: [AuditAction] { [] }
    var auditFields: [String: String] { [:] }
    var auditValues: [String: [String: String]] { [:] }
}

/// One menu entry. `after` names the entry it follows (`supervision`, `tasks` …); the registers
/// keep the order of `RegisterModules.all` among themselves.
struct MenuEntry: Sendable {
    let key: String
    let label: String
    let href: String
    let after: String
}

/// A home-page prompt: what to do, where, and whether it is urgent.
struct HomePrompt: Encodable, Sendable {
    let text: String
    let href: String
    let urgent: Bool
}

/// A part of a report that another register may fill (`RegisterModule.reportCells`); the report
/// that owns the part declares it in its own folder.
struct ReportPart: Hashable, Sendable {
    let rawValue: String
    init(_ rawValue: String) { self.rawValue = rawValue }
}

/// Cells for a report part, keyed as the report keys them, and where they were counted from.
struct ReportCells: Sendable {
    let values: [String: String]
    /// 数据来源, e.g. 行政复议·应诉登记簿.
    let source: String
}

/// A register's metric values for a year (`RegisterModule.metricValues`), by metric code.
struct MetricValues: Sendable {
    var units: [UUID: [String: MetricValue]] = [:]
    /// The district's values that are not the sum of its units' (a catalogue, a clean-up round).
    var district: [String: MetricValue] = [:]

    /// Values from per-unit counts: `values` turns one unit's counts into its metrics by code.
    init<C>(_ counts: [UUID: C], _ values: (C) -> [String: MetricValue]) {
        units = counts.mapValues(values)
    }

    init() {}

    /// The district's value of a metric: the register's own district value, else the sum of its units'
    /// numerators and denominators (a rate over the units, not an average of their rates).
    func districtValue(_ d: MetricDefinition) -> MetricValue {
        if let own = district[d.code] { return own }
        var sum = MetricValue(kind: d.kind, numerator: 0, denominator: 0)
        if !d.districtOnly { for byCode in units.values { if let v = byCode[d.code] { sum.add(v) } } }
        return sum
    }
}

/// One record behind a metric value (`RegisterModule.metricRecords`): its id, what a person reads
/// (number and subject), its page, and whether it counts in the numerator (按期, 已审核 …).
struct MetricRecord: Codable, Equatable, Sendable {
    let id: String
    let label: String
    let href: String
    let counted: Bool
}

/// A note another register holds about a record (`RegisterModule.recordNotes`): a label and its text.
struct RecordNote: Sendable {
    let label: String
    let value: String
}

/// A register's figures on a unit's assessment work page (供赋分参考).
struct AssessmentFact: Encodable, Sendable {
    let text: String
    let href: String
}

/// The registers (and the platform features expressed the same way: tasks, the problem pool), in
/// menu order. Adding a register is one line here.
enum RegisterModules {
    static let all: [any RegisterModule] = [
        TasksModule(), InformationRequestsModule(), ReconsiderationModule(), EnforcementModule(), DecisionsModule(), NormativeModule(),
        OversightModule(), ProblemsModule(), AnnualReportModule(),
    ]

    /// Every dated-item kind: the platform's and the registers'.
    static var itemKinds: [DatedItem.Kind] { DatedItem.Kind.platform + all.flatMap(\.itemKinds) }

    /// The kind with this raw value (a stored notification's or an API row's), if any.
    static func itemKind(_ raw: String) -> DatedItem.Kind? { itemKinds.first { $0.rawValue == raw } }

    /// The first register that fills `part` for the year and scope, if any.
    static func reportCells(_ part: ReportPart, year: Int, scope: RowScope, on db: any Database) async throws -> ReportCells? {
        for module in all { if let cells = try await module.reportCells(part, year: year, scope: scope, on: db) { return cells } }
        return nil
    }

    /// Every register's notes about a record, in module order.
    static func recordNotes(for record: UUID, on db: any Database) async throws -> [RecordNote] {
        var notes: [RecordNote] = []
        for module in all { notes += try await module.recordNotes(for: record, on: db) }
        return notes
    }

    /// The module owning an item kind.
    static func owner(of kind: DatedItem.Kind) -> (any RegisterModule)? { all.first { $0.itemKinds.contains(kind) } }
}
