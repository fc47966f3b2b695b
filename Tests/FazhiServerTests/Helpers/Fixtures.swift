import FazhiCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

/// A small district built for one test instead of a copy of the whole demo: the city and district,
/// a few units, and the accounts a test signs in with — the demo's usernames (`office`,
/// `csglj-liaison` …) and password, so a test reads the same either way. No plan, no assessment,
/// no registers' history: a test adds the rows it needs with the builders below, through the same
/// services the application uses. The holiday calendar is loaded: it is the State Council's data,
/// not the demo's.
struct TestDistrict {
    struct UnitSpec: Sendable {
        let code: String
        let name: String
        var category = "department"
    }

    /// 城市管理局 and 土地整备中心, as in the demo: one unit acts, the other is "another unit".
    static let pair = [UnitSpec(code: "csglj", name: "城市管理局"), UnitSpec(code: "tdzbzx", name: "土地整备中心")]

    /// Units of the demo plan by code, with their names and categories (`csglj`, `bsc-a` …), in
    /// the plan's order.
    static func demoUnits(_ codes: String...) throws -> [UnitSpec] {
        let document = try DemoSeed.loadPlanFile(resources: Checkout.root.appendingPathComponent("Resources").path)
        let known = Set(document.units.map(\.code))
        for code in codes where !known.contains(code) { Issue.record("no unit \(code) in the demo plan") }
        return document.units.filter { codes.contains($0.code) }.map { UnitSpec(code: $0.code, name: $0.name, category: $0.category) }
    }

    /// Six departments and both 办事处, for assessment tests: enough for the departments' 30% quota
    /// of 优秀 to bite. With `.assessment`, this year's cycle has 综合办公室 scored, 经济服务局 and
    /// 发展和财政局 part-way, 土地整备中心 waiting for its head, A办事处 drafting and the others
    /// approved and waiting for review.
    static func assessed() throws -> [UnitSpec] {
        try demoUnits("zhbgs", "jjfwj", "fzczj", "csglj", "ghtdjcdd", "tdzbzx", "bsc-a", "bsc-b")
    }

    /// Four units whose tasks in the demo plan are done, running or overdue on the demo's day (发展和
    /// 财政局's the most overdue), for supervision tests.
    static func supervised() throws -> [UnitSpec] { try demoUnits("zhbgs", "jjjcj", "fzczj", "csglj") }

    /// Every unit of the demo plan: with `.plan`, the whole plan (every arrangement's tasks) without
    /// the other features' demo rows.
    static func everyDemoUnit() throws -> [UnitSpec] {
        try DemoSeed.loadPlanFile(resources: Checkout.root.appendingPathComponent("Resources").path).units.map {
            UnitSpec(code: $0.code, name: $0.name, category: $0.category)
        }
    }

    let district: OrgNode
    /// By code.
    let units: [String: OrgNode]
    /// By username.
    let users: [String: User]

    func unit(_ code: String) throws -> OrgNode { try #require(units[code], "no unit \(code) in the test district") }
    func user(_ username: String) throws -> User { try #require(users[username], "no account \(username) in the test district") }

    static func build(_ app: Application, units specs: [UnitSpec] = pair) async throws -> TestDistrict {
        try await CalendarService.seedIfEmpty(app)
        let db = app.db
        let city = OrgNode(parentID: nil, code: "city", name: "某市", kind: .city, categoryCode: nil, sort: 0)
        try await city.create(on: db)
        let district = OrgNode(parentID: city.id, code: "district-某区", name: "某区", kind: .district, categoryCode: nil, sort: 0)
        try await district.create(on: db)
        for (i, category) in [("department", "区属职能部门"), ("subdistrict", "办事处")].enumerated() {
            try await UnitCategory(code: category.0, name: category.1, sort: i).create(on: db)
        }
        var units: [String: OrgNode] = [:]
        for (i, spec) in specs.enumerated() {
            let unit = OrgNode(parentID: district.id, code: spec.code, name: spec.name, kind: .unit, categoryCode: spec.category, sort: i)
            try await unit.create(on: db)
            units[spec.code] = unit
        }
        let hash = try await Passwords.hash(DemoSeed.password, cost: app.fazhi.bcryptCost)
        var users = DemoSeed.staff.map {
            User(username: $0.0, displayName: $0.1, role: $0.2, unitID: nil, districtID: district.id, passwordHash: hash)
        }
        for spec in specs {
            let unitID = try units[spec.code]?.requireID()
            users.append(User(username: "\(spec.code)-liaison", displayName: "\(spec.name)联络员", role: .liaison, unitID: unitID, passwordHash: hash))
            users.append(User(username: "\(spec.code)-head", displayName: "\(spec.name)负责人", role: .head, unitID: unitID, passwordHash: hash))
        }
        for user in users { try await user.create(on: db) }
        return TestDistrict(district: district, units: units, users: Dictionary(uniqueKeysWithValues: users.map { ($0.username, $0) }))
    }

    /// This year's plan with the demo plan's tasks that this district's units lead (co-units
    /// outside the district left out), imported as the office imports a plan file.
    @discardableResult
    func plan(_ app: Application) async throws -> Plan {
        var document = try DemoSeed.loadPlanFile(resources: app.directory.resourcesDirectory)
        let today = app.clock.today
        if document.year != today.year { document = document.copied(to: today.year, keepingProgress: true) }
        document.units = document.units.filter { units[$0.code] != nil }
        document.tasks = document.tasks.filter { units[$0.leadUnit] != nil }.map { task in
            var task = task
            task.coUnits = task.coUnits.filter { units[$0] != nil }
            return task
        }
        return try await PlanService.importDocument(document, actor: DemoSeed.actor, on: app.db, now: app.clock.now())
    }
}

/// The feature rows a test district can hold besides its units and accounts, each made as the
/// demo makes it (through that feature's own demo seeding) on this district's rows only.
struct DistrictRows: OptionSet, Sendable {
    let rawValue: Int
    /// This year's plan of the tasks these units lead (`TestDistrict.plan`).
    static let plan = DistrictRows(rawValue: 1 << 0)
    /// The demo's indicator trees: this year's and last year's, for both categories.
    static let indicators = DistrictRows(rawValue: 1 << 1)
    fileprivate static let cycles = DistrictRows(rawValue: 1 << 2)
    fileprivate static let periods = DistrictRows(rawValue: 1 << 3)
    /// Last year's cycle scored and published, this year's open and part-way (with the indicators),
    /// counted from the last unit as `AssessmentDemo.seedCurrent` says; `bsc-a` (if here) is drafting.
    static let assessment: DistrictRows = [.cycles, .indicators]
    /// Quarterly reporting periods with reports (every fifth of the last period missing), an
    /// extended and a paused task, notices and the inbox of today's scan (with the plan).
    static let supervision: DistrictRows = [.periods, .plan]
    /// The demo's problem pool: open, overdue, reported and closed problems with a rectification
    /// file. Its problems belong to 城市管理局, 综合办公室, 规划土地监察大队, 经济服务局 and
    /// A办事处, which must be in the district (`TestDistrict.assessed()` has them).
    static let problems = DistrictRows(rawValue: 1 << 4)
    /// This year's open 依申请公开 requests, one in every clock state today (no concluded history).
    static let informationRequests = DistrictRows(rawValue: 1 << 5)
    /// Every register module's demo rows without their history (`RegisterModule.seedDemo`): a new
    /// register's rows join the tests below with no change here. Needs `TestDistrict.assessed()`.
    static let registers = DistrictRows(rawValue: 1 << 6)
    /// Every feature's rows, for the tests that walk every route (with `TestDistrict.assessed()`).
    static let everything: DistrictRows = [.assessment, .supervision, .registers]
}

extension TestDistrict {
    /// Adds `rows` in the order the demo seed adds them.
    func add(_ rows: DistrictRows, _ app: Application) async throws {
        if rows.contains(.plan) { try await plan(app) }
        if rows.contains(.indicators) { try await IndicatorService.seedDemo(app, district: try district.requireID()) }
        if rows.contains(.cycles) { try await AssessmentDemo.seed(app, district: try district.requireID()) }
        if rows.contains(.periods) { try await SupervisionDemo.seed(app) }
        if rows.contains(.registers) {
            for module in RegisterModules.all { try await module.seedDemo(app, history: false) }
        } else {
            if rows.contains(.problems) { try await ProblemDemo.seed(app) }
            if rows.contains(.informationRequests) { try await GOIDemo.seed(app, history: false) }
        }
    }

    /// The district as a fixture: built once per test process for each set of units and rows, and
    /// copied for every test that asks for the same.
    static func fixture(units specs: [UnitSpec], rows: DistrictRows) -> Fixture {
        let key = "district:" + specs.map { "\($0.code)/\($0.name)/\($0.category)" }.joined(separator: ",") + ":\(rows.rawValue)"
        return Fixture(key: key) { app in
            let district = try await TestDistrict.build(app, units: specs)
            try await district.add(rows, app)
        }
    }

    /// The district's rows as a copy of the fixture holds them.
    static func load(_ app: Application, units specs: [UnitSpec]) async throws -> TestDistrict {
        let db = app.db
        let district = try #require(try await OrgNode.query(on: db).filter(\.$kind == .district).first(), "no district")
        let codes = specs.map(\.code)
        let units = try await OrgNode.query(on: db).filter(\.$kind == .unit).filter(\.$code ~~ codes).all()
        let users = try await User.query(on: db).all()
        return TestDistrict(
            district: district, units: Dictionary(uniqueKeysWithValues: units.map { ($0.code, $0) }),
            users: Dictionary(uniqueKeysWithValues: users.map { ($0.username, $0) }))
    }
}

/// Runs `body` with a fresh application holding only `TestDistrict.build`'s rows and `rows`.
func withTestDistrict(
    units: [TestDistrict.UnitSpec] = TestDistrict.pair, _ rows: DistrictRows = [], adjust: (inout FazhiConfig) -> Void = { _ in },
    _ body: (Application, TestClock, TestDistrict) async throws -> Void
) async throws {
    try await withFazhiApp(TestDistrict.fixture(units: units, rows: rows), adjust: adjust) { app, clock in
        try await body(app, clock, try await TestDistrict.load(app, units: units))
    }
}

/// The test district's cycle and trees, for tests that name only a year (the first district by its
/// order: `TestDistrict.build`'s, also when a test adds a second one).
extension AssessmentService {
    static func find(year: Int, on db: any Database) async throws -> AssessmentCycle {
        try await find(year: year, district: try #require(try await Districts.first(on: db)).requireID(), on: db)
    }
}

extension IndicatorService {
    static func find(year: Int, category: String, on db: any Database) async throws -> IndicatorTreeRecord? {
        try await find(year: year, category: category, district: try #require(try await Districts.first(on: db)).requireID(), on: db)
    }
}
