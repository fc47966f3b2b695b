import FazhiCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// 辖区 two districts in one database: a district's office, administrator and units never see or
    /// open the other's rows, and the city's legal office reads both and changes neither.
    @Suite struct DistrictBoundaryTests {
        /// A second district (新区) with one unit, its office, administrator, leader, assessor and the
        /// unit's liaison, and the city's account.
        static func secondDistrict(_ app: Application) async throws -> (district: OrgNode, unit: OrgNode) {
            let district = try await DistrictService.create(
                code: "xq", name: "新区", city: nil, actor: .system("test"), on: app.db, now: app.clock.now())
            let unit = OrgNode(parentID: district.id, code: "xq-sfj", name: "新区司法局", kind: .unit, categoryCode: "department", sort: 0)
            try await unit.create(on: app.db)
            let hash = try await Passwords.hash(DemoSeed.password, cost: app.fazhi.bcryptCost)
            let accounts = [
                User(username: "xq-office", displayName: "新区法治办", role: .office, unitID: nil, districtID: district.id, passwordHash: hash),
                User(username: "xq-admin", displayName: "新区管理员", role: .admin, unitID: nil, districtID: district.id, passwordHash: hash),
                User(username: "xq-liaison", displayName: "新区司法局联络员", role: .liaison, unitID: unit.id, passwordHash: hash),
                User(username: "xq-leader", displayName: "新区分管领导", role: .leader, unitID: nil, districtID: district.id, passwordHash: hash),
                User(username: "xq-assessor", displayName: "新区考评员", role: .assessor, unitID: nil, districtID: district.id, passwordHash: hash),
                User(username: "city", displayName: "市法治办", role: .city, unitID: nil, passwordHash: hash),
            ]
            for account in accounts { try await account.create(on: app.db) }
            return (district, unit)
        }

        @Test func aDistrictNeverSeesAnotherDistrictsRows() async throws {
            try await withTestDistrict(units: try TestDistrict.assessed(), .everything) { app, _, home in
                _ = try await Self.secondDistrict(app)
                let request = try #require(try await GOIRequest.query(on: app.db).sort(\.$number).first())
                let task = try #require(try await PlanTask.query(on: app.db).sort(\.$title).first())
                let requestPath = "/goi/\(try request.requireID().uuidString)", taskPath = "/tasks/\(try task.requireID().uuidString)"
                let homeUser = try home.user("csglj-liaison")

                var office = try await Browser.signedIn(app, as: "office")
                #expect(try await office.get("/goi").body.string.contains(request.number), "the district's own office sees its requests")
                #expect(try await office.get(requestPath).status == .ok)

                for username in ["xq-office", "xq-liaison"] {
                    var other = try await Browser.signedIn(app, as: username)
                    let list = try await other.get("/goi")
                    #expect(list.status == .ok)
                    #expect(!list.body.string.contains(request.number), "\(username): another district's request in the list")
                    #expect(try await other.get(requestPath).status == .forbidden, "\(username): another district's request")
                    #expect(try await other.get(taskPath).status == .forbidden, "\(username): another district's task")
                    let tasks = try await other.get("/tasks")
                    #expect(!tasks.body.string.contains(task.title), "\(username): another district's plan")
                    let overdue = try await other.get("/overdue")
                    #expect(!overdue.body.string.contains("城市管理局"), "\(username): another district's overdue items")
                    let problems = try await other.get("/problems")
                    #expect(!problems.body.string.contains("城市管理局"), "\(username): another district's problems")
                    let api = try await other.get("/api/v1/overdue")
                    #expect(!api.body.string.contains("csglj"), "\(username): another district's overdue items in the API")
                }

                // Another district's administrator neither lists nor opens this district's accounts.
                var admin = try await Browser.signedIn(app, as: "xq-admin")
                let users = try await admin.get("/admin/users")
                #expect(users.body.string.contains("xq-office") && !users.body.string.contains("csglj-liaison"))
                #expect(try await admin.get("/admin/users/\(try homeUser.requireID().uuidString)").status == .notFound)

                // The city reads both districts and changes nothing.
                var city = try await Browser.signedIn(app, as: "city")
                #expect(try await city.get(requestPath).status == .ok)
                #expect(try await city.get(taskPath).status == .ok)
                #expect(try await city.get("/goi").body.string.contains(request.number))
                #expect(try await city.post("\(taskPath)/progress", form: ["note": "市里来改"]).status == .forbidden)
            }
        }

        /// A district's figures (the metric catalogue's district values, the rate pages) count its own
        /// units' records only.
        @Test func aDistrictsFiguresCountOnlyItsOwnUnits() async throws {
            try await withTestDistrict { app, clock, home in
                let (district, _) = try await Self.secondDistrict(app)
                let problem = ProblemInput(
                    unitCode: "xq-sfj", source: "assessment", title: "新区的问题", description: "只属于新区", raisedOn: "2026-11-02",
                    measures: [MeasureInput(text: "整改", due: "2026-12-30")])
                _ = try await ProblemService.create(problem, actor: .system("test"), on: app.db, now: clock.now)
                func raised(in district: OrgNode) async throws -> Int? {
                    let scope = try await Districts.scope(of: district.requireID(), on: app.db)
                    let entries = try await MetricCatalogue.entries(year: 2026, today: app.clock.today, scope: scope, on: app.db)
                    return entries.first { $0.definition.code == "problems.closed" }?.district?.denominator
                }
                #expect(try await raised(in: district) == 1)
                #expect(try await raised(in: home.district) == 0, "another district's problem is not this district's")
                var office = try await Browser.signedIn(app, as: "office")
                #expect(!(try await office.get("/metrics?year=2026").body.string.contains("新区")))
            }
        }

        /// A district's office names only its own units (a form naming another district's unit is
        /// refused and writes nothing) and runs its own assessment: a cycle and trees per district and
        /// year, over the district's units.
        @Test func aDistrictFilesUnderItsOwnUnitsAndRunsItsOwnAssessment() async throws {
            try await withTestDistrict(units: try TestDistrict.assessed(), .assessment) { app, _, home in
                let (district, _) = try await Self.secondDistrict(app)
                var other = try await Browser.signedIn(app, as: "xq-office")
                let before = try await Problem.query(on: app.db).count()
                let form = try await other.get("/problems/new")
                #expect(form.body.string.contains("新区司法局") && !form.body.string.contains("城市管理局"))
                let sent = try await other.post(
                    "/problems", form: ["unit": "csglj", "source": "assessment", "title": "越界", "description": "越界", "raisedOn": "2026-11-02"],
                    arrays: ["measureText": ["整改"], "measureDue": ["2026-12-30"]])
                #expect(sent.status == .unprocessableEntity)
                #expect(try await Problem.query(on: app.db).count() == before, "a problem filed under another district's unit")
                let units = try await other.get("/api/v1/units").body.string
                #expect(units.contains("xq-sfj") && !units.contains("csglj"))

                // The same year's cycle in both districts, each over its own units.
                let homeID = try home.district.requireID(), otherID = try district.requireID()
                _ = try await AssessmentDemo.makeCycle(year: 2026, district: otherID, on: app.db)
                let mine = try await AssessmentService.find(year: 2026, district: homeID, on: app.db)
                let theirs = try await AssessmentService.find(year: 2026, district: otherID, on: app.db)
                #expect(mine.id != theirs.id)
                #expect(try await AssessmentService.units(of: theirs, on: app.db).map(\.code) == ["xq-sfj"])
                #expect(try await AssessmentService.units(of: mine, on: app.db).count == 8)
                let results = try await other.get("/assessment/2026")
                #expect(results.status == .ok && !results.body.string.contains("城市管理局"), "another district's results")

                // Another district's indicator tree is neither listed nor opened.
                let tree = try #require(try await IndicatorService.find(year: 2026, category: "department", district: homeID, on: app.db))
                let treePath = "/indicators/\(try tree.requireID().uuidString)"
                #expect(try await other.get(treePath).status == .forbidden)
                #expect(!(try await other.get("/indicators").body.string.contains(treePath)))
                var office = try await Browser.signedIn(app, as: "office")
                #expect(try await office.get(treePath).status == .ok)
            }
        }

        /// 切换区: the city and the public read the district they choose (kept in a cookie), the public's
        /// progress lookup looks only there, and a district's own people cannot choose another.
        @Test func theCityAndThePublicChooseWhichDistrictToRead() async throws {
            try await withTestDistrict { app, _, _ in
                let (second, _) = try await Self.secondDistrict(app)
                _ = try await AssessmentDemo.makeCycle(year: 2030, district: try second.requireID(), on: app.db)
                var city = try await Browser.signedIn(app, as: "city")
                #expect(!(try await city.get("/assessment").body.string.contains("2030 年考评")), "the first district until one is chosen")
                let chosen = try await city.get("/assessment?district=xq").body.string
                #expect(chosen.contains("2030 年考评") && chosen.contains("district-switch"))
                #expect(try await city.get("/assessment").body.string.contains("2030 年考评"), "the choice is kept")
                let unknown = try await city.get("/assessment?district=nope")
                #expect(unknown.status == .notFound && unknown.body.string.contains("区“nope”"))
                var office = try await Browser.signedIn(app, as: "office")
                let own = try await office.get("/assessment?district=xq").body.string
                #expect(!own.contains("2030 年考评") && !own.contains("district-switch"), "a district's people stay in their district")

                // The public applies in the first district; its number and code are found there only.
                var visitor = Browser(app)
                _ = try await visitor.get("/public/goi/apply")
                let html = try await visitor.post("/public/goi/apply", form: GOITests.application).body.string
                let number = String(try #require(html.firstMatch(of: /YSQ-2026-\d{5}/)).output)
                let code = String(try #require(html.firstMatch(of: /id="goi-code">([A-Z0-9]{8})</)).output.1)
                _ = try await visitor.get("/public/goi/query?district=xq")
                #expect(try await visitor.post("/public/goi/query", form: ["number": number, "code": code]).status == .notFound)
                _ = try await visitor.get("/public/goi/query?district=district-某区")
                #expect(try await visitor.post("/public/goi/query", form: ["number": number, "code": code]).status == .ok)
            }
        }

        /// Migrations 028 and 029 rebuild two tables on SQLite (a unique constraint cannot be dropped
        /// there): undone and done again on a district with a scored cycle, every row of every table is
        /// still there (no child row went with the old table), the rows belong to the district, and the
        /// constraint is per district and year.
        @Test func theDistrictColumnsKeepEveryRow() async throws {
            try await withTestDistrict(units: try TestDistrict.assessed(), .assessment) { app, _, home in
                let before = try await BackupTests.rowCounts(app)
                #expect((before["assessment_scores"] ?? 0) > 0 && (before["indicator_nodes"] ?? 0) > 0)
                // One connection for every step: a schema change made through one pooled SQLite connection
                // was now and then missed by the next step on another under a loaded suite.
                try await app.db.withConnection { db in
                    try await AddIndicatorTreeDistrict().revert(on: db)
                    try await AddCycleDistrict().revert(on: db)
                    #expect(try await AssessmentScore.query(on: db).count() == before["assessment_scores"])
                    #expect(try await IndicatorNodeRecord.query(on: db).count() == before["indicator_nodes"])
                    try await AddCycleDistrict().prepare(on: db)
                    try await AddIndicatorTreeDistrict().prepare(on: db)
                }
                #expect(try await BackupTests.rowCounts(app) == before)
                let homeID = try home.district.requireID()
                #expect(try await AssessmentCycle.query(on: app.db).all().allSatisfy { $0.$district.id == homeID })
                #expect(try await IndicatorTreeRecord.query(on: app.db).all().allSatisfy { $0.$district.id == homeID })
                // One cycle per district and year; foreign keys are still checked.
                await #expect(throws: (any Error).self) { _ = try await AssessmentDemo.makeCycle(year: 2026, district: homeID, on: app.db) }
                await #expect(throws: (any Error).self) { _ = try await AssessmentDemo.makeCycle(year: 2030, district: UUID(), on: app.db) }
                #expect(try await BackupTests.rowCounts(app) == before)
            }
        }

        @Test func theSessionRowCarriesTheDistrictAndANewUnitIsReachedAtOnce() async throws {
            try await withTestDistrict { app, _, home in
                let (district, _) = try await Self.secondDistrict(app)
                let office = try #require(try await User.query(on: app.db).filter(\.$username == "xq-office").first())
                let before = try await AuthenticationMiddleware.current(office, via: .session, csrf: nil, sessionID: nil, on: app.db)
                #expect(before.districtID == district.id)
                let added = OrgNode(parentID: district.id, code: "xq-new", name: "新区新单位", kind: .unit, categoryCode: nil, sort: 1)
                try await added.create(on: app.db)
                // The tree's revision moved with the insert: the cached units are not reused.
                let after = try await AuthenticationMiddleware.current(office, via: .session, csrf: nil, sessionID: nil, on: app.db)
                #expect(after.jurisdiction.reaches(unit: try added.requireID()))
                #expect(!after.jurisdiction.reaches(unit: try home.unit("csglj").requireID()))
            }
        }
    }
}
