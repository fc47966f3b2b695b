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
        var users = DemoSeed.staff.map { User(username: $0.0, displayName: $0.1, role: $0.2, unitID: nil, passwordHash: hash) }
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

/// Runs `body` with a fresh application holding only `TestDistrict.build`'s rows (and with
/// `plan`, this year's plan of the tasks these units lead).
func withTestDistrict(
    units: [TestDistrict.UnitSpec] = TestDistrict.pair, plan: Bool = false, adjust: (inout FazhiConfig) -> Void = { _ in },
    _ body: (Application, TestClock, TestDistrict) async throws -> Void
) async throws {
    try await withFazhiApp(seed: false, adjust: adjust) { app, clock in
        let district = try await TestDistrict.build(app, units: units)
        if plan { try await district.plan(app) }
        try await body(app, clock, district)
    }
}
