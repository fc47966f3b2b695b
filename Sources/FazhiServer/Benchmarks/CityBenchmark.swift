import FazhiCore
import Fluent
import FluentSQL
import Foundation
import Vapor

/// 市对区考评 at city scale (issue 18, item 7): the city's ranking of 10 districts and every district's
/// results for its 72 units, in under 2 s on SQLite in release. The demo city (three districts) gets
/// seven more, every district 72 units (half departments, half 办事处), the demo's register rows grown
/// `factor` times and spread over all units, a cycle per district with every self-scored leaf scored
/// for every unit (bound leaves are left to the system, which counts them from the registers, as a live
/// cycle does) and the city's cycle with every district scored.
public enum CityBenchmark {
    public static func run(districts count: Int = 10, units perDistrict: Int = 72, factor: Int = 10, repeats: Int = 5) async throws {
        try await BenchmarkApp.run("fazhi-city-bench", demo: true) { app in
            let started = Date()
            try await CalendarService.seedIfEmpty(app)
            _ = try await DemoSeed.seedIfEmpty(app)
            for module in RegisterModules.all { try await module.growDemo(app, factor: factor) }
            let db = app.db, now = app.clock.now(), today = app.clock.today, year = today.year
            let actor = AuditActor.system("bench")
            var districts = try await OrgNode.query(on: db).filter(\.$kind == .district).sort(\.$sort).all()
            for i in districts.count..<count {
                districts.append(try await DistrictService.create(code: "d\(i)", name: "第\(i)区", city: nil, actor: actor, on: db, now: now))
            }
            var all: [OrgNode] = []
            for district in districts {
                let id = try district.requireID()
                var units = try await OrgNode.query(on: db).filter(\.$parent.$id == id).filter(\.$kind == .unit).all()
                for i in units.count..<perDistrict {
                    let unit = OrgNode(
                        parentID: id, code: "\(district.code)-b\(i)", name: "单位\(i)", kind: .unit,
                        categoryCode: i % 2 == 0 ? "department" : "subdistrict",
                        sort: 100 + i)
                    try await unit.create(on: db)
                    units.append(unit)
                }
                all += units
            }
            let rows = try await MetricsBenchmark.spread(app, over: all)

            // Every district: the seed district's trees and a cycle; every self-scored leaf scored for every unit.
            let seed = try districts[0].requireID()
            var cycles: [AssessmentCycle] = []
            for district in districts {
                let id = try district.requireID()
                for category in ["department", "subdistrict"]
                where try await IndicatorService.find(year: year, category: category, district: id, on: db) == nil {
                    guard let record = try await IndicatorService.find(year: year, category: category, district: seed, on: db) else { continue }
                    try await IndicatorService.save(
                        try await IndicatorService.tree(record, on: db), district: id, action: .copy, actor: actor, on: db, now: now)
                }
                if let cycle = try await AssessmentCycle.query(on: db).filter(\.$district.$id == id).filter(\.$year == year).first() {
                    cycles.append(cycle)
                } else {
                    cycles.append(try await AssessmentDemo.makeCycle(year: year, district: id, on: db))
                }
            }
            let city = try await CityAssessment.find(year: year, on: db)
            var scores = 0
            for cycle in cycles + [city] {
                let cycleID = try cycle.requireID()
                try await AssessmentScore.query(on: db).filter(\.$cycle.$id == cycleID).delete()
                try await AssessmentExtra.query(on: db).filter(\.$cycle.$id == cycleID).filter(\.$kind == "survey").delete()
                var rows: [AssessmentScore] = [], extras: [AssessmentExtra] = []
                for (i, unit) in try await AssessmentService.units(of: cycle, on: db).enumerated() {
                    guard let record = try await AssessmentService.tree(cycle, category: unit.assessedCategory, on: db) else { continue }
                    for (j, leaf) in try await IndicatorService.tree(record, on: db).leaves.enumerated() where leaf.metric == nil {
                        let score = AssessmentScore()
                        score.$cycle.id = cycleID
                        score.$unit.id = try unit.requireID()
                        score.code = leaf.code
                        let off = (i + j) % 7 == 0 ? 1 : 0
                        score.pointsHalves = max(leaf.points.halves - off, 0)
                        score.reason = off > 0 ? "材料不全" : ""
                        score.scoredBy = "bench"
                        rows.append(score)
                    }
                    let survey = AssessmentExtra()
                    survey.$cycle.id = cycleID
                    survey.$unit.id = try unit.requireID()
                    survey.kind = "survey"
                    survey.value = 800_000 + (i * 7_919) % 190_000
                    survey.reason = ""
                    extras.append(survey)
                }
                try await DemoGrow.insert(rows, on: db)
                try await DemoGrow.insert(extras, on: db)
                scores += rows.count
            }
            try await db.sql().raw("ANALYZE").run()
            print(
                String(
                    format: "city: %d districts × %d units (%d units), the demo grown %d× and spread: %d register rows, %d leaf scores (%.0f s)",
                    districts.count, perDistrict, all.count, factor, rows, scores, Date().timeIntervalSince(started)))

            var ranked = 0, results = 0
            let ranking = try await BenchmarkApp.time("city", "the city's ranking of its \(districts.count) districts", repeats: repeats) {
                ranked = try await AssessmentService.compute(city, today: today, on: db).categories.reduce(0) { $0 + $1.rows.count }
            }
            let units = try await BenchmarkApp.time("city", "every district's results for its units", repeats: repeats) {
                results = 0
                for cycle in cycles {
                    results += try await AssessmentService.compute(cycle, today: today, on: db).categories.reduce(0) { $0 + $1.rows.count }
                }
            }
            print("city: \(ranked) districts ranked, \(results) units ranked")
            let total = ranking + units
            print(String(format: "city: target — ranking and every district's results %.3f s (under 2 s: %@)", total, total < 2 ? "met" : "NOT met"))
        }
    }
}
