import FazhiCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// 市对区考评: the city assesses its districts with the districts' own engine — self-assessment by
    /// each district office, the city's scores, bound leaves from the districts' register figures,
    /// release, objections, freeze and publication — and no district reaches another's work.
    @Suite struct CityAssessmentTests {
        /// The city's cycle of 2026 over the test district and 新区, created through the page.
        func cityCycle(_ app: Application) async throws -> (city: Browser, first: OrgNode, second: OrgNode) {
            let (second, _) = try await DistrictBoundaryTests.secondDistrict(app)
            let first = try #require(try await Districts.first(on: app.db))
            var city = try await Browser.signedIn(app, as: "city")
            #expect(try await city.get("/city/assessment").body.string.contains("发起年度考评"))
            let created = try await city.post("/city/assessment", form: ["year": "2026", "selfUntil": "2026-12-10", "reviewUntil": "2026-12-20"])
            #expect(created.location == "/city/assessment/2026?notice=created")
            return (city, first, second)
        }

        /// The self-scores (or, for the city, the marks) of every manual leaf: full points but `short` half-points off the first.
        func form(_ tree: IndicatorTree, key: String, text: String, short: Int) -> [String: String] {
            var form: [String: String] = [:]
            for (i, leaf) in tree.leaves.filter({ $0.metric == nil }).enumerated() {
                let points = i == 0 ? Points(halves: leaf.points.halves - short) : leaf.points
                form["\(key)[\(leaf.code)]"] = points.description
                form["\(text)[\(leaf.code)]"] = i == 0 && short > 0 ? "材料不全" : "已完成"
            }
            return form
        }

        @Test func theCityRanksItsDistrictsFromTheirOwnFigures() async throws {
            try await withTestDistrict(units: TestDistrict.pair, .plan) { app, _, _ in
                var (city, first, second) = try await cityCycle(app)
                let cycle = try await CityAssessment.find(year: 2026, on: app.db)
                let firstPath = "/city/assessment/2026/districts/\(try first.requireID().uuidString)"
                let secondPath = "/city/assessment/2026/districts/\(try second.requireID().uuidString)"
                let tree = try await ReviewService.load(cycle, unit: first, on: app.db).tree
                #expect(tree.category == CityAssessment.category && tree.boundLeaves.count == 10)
                // The indicator commands name the city's tree by the city's code; other commands do not take it.
                let cityNode = try await Districts.named("city", city: true, on: app.db)
                #expect(try await IndicatorService.find(year: 2026, category: CityAssessment.category, district: cityNode, on: app.db) != nil)
                await #expect(throws: CommandFailure.self) { _ = try await Districts.named("city", on: app.db) }

                // A bound leaf's district value is the rate over the district's units, not an average of rates.
                let leaf = try #require(tree.boundLeaves.first { $0.metric?.metric == "tasks.onTime" })
                let units = Array(try await Districts.unitIDs(of: try first.requireID(), on: app.db))
                var perUnit = (0, 0)
                for unit in units {
                    let value = try #require(
                        try await LeafMetrics.evaluate(
                            tree: IndicatorTree(
                                year: 2026, category: "department", title: "", version: 1, total: leaf.points, nodes: [leaf]), units: [unit],
                            today: app.clock.today, records: false, on: app.db)[unit]?[leaf.code])
                    perUnit = (perUnit.0 + value.numerator, perUnit.1 + value.denominator)
                }
                let whole = try #require(
                    try await LeafMetrics.evaluate(tree: tree, units: [first.requireID()], today: app.clock.today, records: false, on: app.db)[
                        first.requireID()]?[leaf.code])
                #expect(perUnit.1 > 0, "the plan fixture has tasks due this year")
                #expect((whole.numerator, whole.denominator) == perUnit)

                // Each district's office fills in only its own district.
                var office = try await Browser.signedIn(app, as: "office")
                var xq = try await Browser.signedIn(app, as: "xq-office")
                #expect(try await office.get(firstPath).status == .ok)
                #expect(try await xq.get(firstPath).status == .forbidden)
                let entries = try await count(AssessmentEntry.self, app)
                #expect(try await xq.post(firstPath + "/entries", form: form(tree, key: "score", text: "narrative", short: 0)).status == .forbidden)
                #expect(try await office.post(firstPath + "/entries", form: ["score[1-1-1]": "99"]).status == .unprocessableEntity)
                #expect(try await count(AssessmentEntry.self, app) == entries, "refused input wrote nothing")
                #expect(try await office.post(firstPath + "/submit").status == .unprocessableEntity, "nothing self-assessed yet")
                #expect(
                    try await office.post(firstPath + "/entries", form: form(tree, key: "score", text: "narrative", short: 0)).status == .seeOther)
                #expect(try await office.post(firstPath + "/submit").location == firstPath + "?notice=districtSubmitted")
                #expect(try await xq.post(secondPath + "/entries", form: form(tree, key: "score", text: "narrative", short: 0)).status == .seeOther)
                #expect(try await xq.post(secondPath + "/submit").status == .seeOther)
                #expect(try await office.post(firstPath + "/entries", form: ["score[1-1-1]": "1"]).status == .conflict, "submitted work is closed")

                // The city scores; a district cannot.
                #expect(try await office.post(firstPath + "/scores", form: form(tree, key: "mark", text: "reason", short: 0)).status == .forbidden)
                #expect(
                    try await city.post(firstPath + "/scores", form: ["mark[1-1-1]": "6"]).status == .unprocessableEntity, "below full needs a reason"
                )
                #expect(try await city.post(firstPath + "/scores", form: form(tree, key: "mark", text: "reason", short: 0)).status == .seeOther)
                #expect(try await city.post(secondPath + "/scores", form: form(tree, key: "mark", text: "reason", short: 4)).status == .seeOther)

                // Before release a district sees no ranking; after it, only its own row.
                #expect(!(try await xq.get("/city/assessment/2026").body.string.contains("district-ranking")))
                #expect(try await city.post("/city/assessment/2026/release").location == "/city/assessment/2026?notice=released")
                let preliminary = try await xq.get("/city/assessment/2026").body.string
                #expect(preliminary.contains("新区") && !preliminary.contains(">某区<"), "a district sees only its own preliminary row")

                // Objections: 新区 objects to its short leaf and the city upholds; 某区 confirms.
                let short = try #require(tree.leaves.first { $0.metric == nil }).code
                #expect(try await xq.post(secondPath + "/objections", form: ["code": short, "reason": "材料已在系统中补齐"]).status == .seeOther)
                #expect(try await office.post(firstPath + "/confirm").status == .seeOther)
                #expect(try await city.post("/city/assessment/2026/freeze").status == .conflict, "an objection is pending")
                let objection = try #require(try await AssessmentObjection.query(on: app.db).first())
                #expect(
                    try await city.post(
                        secondPath + "/objections/\(try objection.requireID().uuidString)", form: ["adjust": "0", "decision": "补充材料晚于截止日"]
                    ).status == .seeOther)
                #expect(try await city.post("/city/assessment/2026/freeze").location == "/city/assessment/2026?notice=frozen")
                #expect(try await city.post("/city/assessment/2026/publish").location == "/city/assessment/2026?notice=published")

                let snapshot = try await AssessmentService.snapshot(
                    try await CityAssessment.find(year: 2026, on: app.db), today: app.clock.today, on: app.db)
                let rows = try #require(snapshot.categories.first).rows
                #expect(rows.map(\.rank) == [1, 2])
                #expect((Double(rows[0].total) ?? 0) >= (Double(rows[1].total) ?? 0), "the higher total ranks first")
                let firstRow = try #require(rows.first { $0.unitID == first.id }), secondRow = try #require(rows.first { $0.unitID == second.id })
                #expect(firstRow.nodeScores[leaf.code] == whole.computed, "the bound leaf scores the district's own figure")
                let shortLeaf = try #require(tree.leaves.first { $0.code == short })
                #expect(secondRow.nodeScores[short] == Points(halves: shortLeaf.points.halves - 4).description)
                #expect(secondRow.reasons[short] == "材料不全")
                let published = try await xq.get("/city/assessment/2026").body.string
                #expect(published.contains("某区") && published.contains("新区"), "after publication every district sees the ranking")
                #expect(try await xq.get(firstPath).status == .forbidden, "but never another district's score card")

                // A unit's people have no part in the city's assessment; the districts' own cycles never list it.
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                #expect(try await liaison.get("/city/assessment").status == .forbidden)
                #expect(!(try await office.get("/assessment").body.string.contains("2026 年考评")))
            }
        }

        /// The supervision scan's assessment windows: a unit is reminded of its own district's cycle only,
        /// never of another district's or of the city's.
        @Test func aUnitIsRemindedOnlyOfItsOwnDistrictsCycle() async throws {
            try await withTestDistrict(units: TestDistrict.pair, .assessment) { app, _, home in
                let (_, _, second) = try await cityCycle(app)
                let theirs = try await AssessmentDemo.makeCycle(year: 2026, district: try second.requireID(), on: app.db)
                let ours = try await AssessmentService.find(year: 2026, district: try home.district.requireID(), on: app.db)
                let city = try await CityAssessment.find(year: 2026, on: app.db)
                for cycle in [ours, theirs, city] {
                    cycle.selfUntil = try #require(LocalDate("2026-11-20"))
                    try await cycle.update(on: app.db)
                }
                let scan = try await SupervisionScan.run(
                    on: app.db, today: app.clock.today, calendar: try await CalendarService.load(on: app.db), ladder: .standard)
                let windows = scan.signals.map(\.item).filter { $0.kind == .assessmentWindow }
                let homeUnits = Set(try home.units.values.map { try $0.requireID() })
                let xqUnit = try #require(try await OrgNode.query(on: app.db).filter(\.$code == "xq-sfj").first()).requireID()
                #expect(windows.contains { $0.unitID == xqUnit && $0.key.contains(theirs.id!.uuidString) }, "its own district's cycle")
                #expect(
                    !windows.contains {
                        (homeUnits.contains($0.unitID) && $0.key.contains(theirs.id!.uuidString))
                            || ($0.unitID == xqUnit && $0.key.contains(ours.id!.uuidString))
                    }, "another district's cycle")
                #expect(!windows.contains { $0.key.contains(city.id!.uuidString) }, "the city's cycle reminds no unit")
            }
        }

        @Test func badSetupChangesNothing() async throws {
            try await withTestDistrict { app, _, _ in
                _ = try await DistrictBoundaryTests.secondDistrict(app)
                var city = try await Browser.signedIn(app, as: "city")
                for form in [
                    ["year": "abc", "selfUntil": "2026-12-10", "reviewUntil": "2026-12-20"],
                    ["year": "2026", "selfUntil": "2026-11-01", "reviewUntil": "2026-12-20"],
                    ["year": "2026", "selfUntil": "2026-12-10", "reviewUntil": "2026-12-01"],
                    ["year": "2026", "selfUntil": "十二月", "reviewUntil": ""],
                ] {
                    let response = try await city.post("/city/assessment", form: form)
                    #expect(response.status == .unprocessableEntity, "\(form)")
                    #expect(response.body.string.contains("未能发起"))
                }
                #expect(try await count(AssessmentCycle.self, app) == 0)
                #expect(try await count(IndicatorTreeRecord.self, app) == 0)
                var office = try await Browser.signedIn(app, as: "office")
                #expect(
                    try await office.post("/city/assessment", form: ["year": "2026", "selfUntil": "2026-12-10", "reviewUntil": "2026-12-20"]).status
                        == .forbidden)
                #expect(
                    try await city.post("/city/assessment", form: ["year": "2026", "selfUntil": "2026-12-10", "reviewUntil": "2026-12-20"]).status
                        == .seeOther)
                #expect(
                    try await city.post("/city/assessment", form: ["year": "2026", "selfUntil": "2026-12-10", "reviewUntil": "2026-12-20"]).status
                        == .conflict)
                #expect(try await count(AssessmentCycle.self, app) == 1)
            }
        }
    }
}
