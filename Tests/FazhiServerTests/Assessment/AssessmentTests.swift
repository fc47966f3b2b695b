import FazhiCore
import FazhiOffice
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    @Suite struct AssessmentTests {
        func district(_ body: (Application, TestClock, TestDistrict) async throws -> Void) async throws {
            try await withTestDistrict(units: try TestDistrict.assessed(), .assessment, body)
        }

        func unit(_ app: Application, _ code: String) async throws -> OrgNode {
            try #require(try await OrgNode.query(on: app.db).filter(\.$code == code).first())
        }

        @Test func lastYearsPublishedResultsRankEveryUnitWithinItsCategory() async throws {
            try await district { app, _, _ in
                let cycle = try await AssessmentService.find(year: 2025, on: app.db)
                #expect(cycle.status == .published)
                let snapshot = try await AssessmentService.snapshot(cycle, today: LocalDate.today(at: app.clock.now()), on: app.db)
                #expect(snapshot.categories.map(\.rows.count) == [6, 2])
                #expect(cycle.snapshotHash == Tokens.sha256Hex(cycle.snapshot!), "the stored hash is the snapshot's")
                for category in snapshot.categories {
                    #expect(category.rows.map(\.rank) == category.rows.map(\.rank).sorted())
                    if category.code == "department" {
                        #expect(category.rows.filter { $0.grade == "优秀" }.count <= category.rows.count * 30 / 100, "quota")
                    }
                }
                var office = try await Browser.signedIn(app, as: "office")
                let page = try await office.get("/assessment/2025").body.string
                #expect(page.contains("已公布"))
                #expect(page.contains("综合办公室"))
                #expect(page.contains(cycle.snapshotHash!))
                // The ranking notice (通报) lists every unit under its grade, for every signed-in user.
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                let notice = try await liaison.get("/assessment/2025/notice").body.string
                #expect(notice.contains("关于 2025 年度法治政府建设考评结果的通报"))
                for row in snapshot.categories.flatMap(\.rows) { #expect(notice.contains(row.unit)) }
                #expect(notice.contains("优秀("))
                #expect(try await liaison.get("/assessment/2026/notice").status == .notFound, "not before publication")
            }
        }

        @Test func everyNumberOnAScoreCardTracesToLeafScoresAndReasons() async throws {
            try await district { app, _, _ in
                let cycle = try await AssessmentService.find(year: 2025, on: app.db)
                let snapshot = try await AssessmentService.snapshot(cycle, today: LocalDate.today(at: app.clock.now()), on: app.db)
                let row = try #require(snapshot.categories[0].rows.first { $0.unit == "城市管理局" })
                let tree = try await IndicatorService.tree(
                    try #require(try await IndicatorService.find(year: 2025, category: "department", on: app.db)), on: app.db)
                for area in tree.levelOne {
                    let leaves = tree.leaves.filter { $0.code.hasPrefix(area.code + "-") }
                    let sum = leaves.reduce(Points.zero) { $0 + Points(row.nodeScores[$1.code]!)! }
                    #expect(Points(row.nodeScores[area.code]!) == sum, "area \(area.code)")
                }
                for leaf in tree.leaves where Points(row.nodeScores[leaf.code]!)! < leaf.points {
                    #expect(!(row.reasons[leaf.code] ?? "").isEmpty, "a reason for every lost point (\(leaf.code))")
                }
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                let card = try await liaison.get("/assessment/2025/units/\(row.unitID)").body.string
                #expect(card.contains(row.total))
                #expect(card.contains("依据评分标准"))
            }
        }

        @Test func unitsSeeOthersOnlyAsRankAndGradeAfterPublication() async throws {
            try await district { app, _, _ in
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                let other = try await unit(app, "zhbgs")
                #expect(try await liaison.get("/assessment/2025/units/\(other.id!)").status == .forbidden)
                let results = try await liaison.get("/api/v1/cycles/2025/results").content.decode([APICycleController.ResultDTO].self)
                #expect(results.count == 8)
                #expect(results.filter { $0.total != nil }.map(\.unitCode) == ["csglj"])
                var anonymous = Browser(app)
                let page = try await anonymous.get("/public/results/2025")
                #expect(page.status == .ok)
                #expect(page.body.string.contains("综合办公室"))
                #expect(try await anonymous.get("/public/results/2026").status == .notFound, "not published")
                #expect(try await anonymous.get("/api/v1/cycles/2025/results").status == .unauthorized)
            }
        }

        @Test func theScoreMatrixAndScoreCardsExportToExcel() async throws {
            try await district { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                let export = try await office.get("/assessment/2025/export.xlsx")
                #expect(export.headers.contentType == Response.xlsxType)
                let sheet = try XLSX.readFirstSheet(Data(export.body.readableBytesView))
                #expect(sheet.count == 7, "header + 6 departments on the first sheet")
                #expect(Array(sheet[0].prefix(4)) == ["排名", "单位", "总分", "等次"])
                let snapshot = try await AssessmentService.snapshot(
                    try await AssessmentService.find(year: 2025, on: app.db), today: LocalDate.today(at: app.clock.now()), on: app.db)
                let first = snapshot.categories[0].rows[0]
                #expect(sheet[1][1] == first.unit)
                #expect(Score(sheet[1][2]) == Score(first.total), "the workbook shows the published total")
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                let own = try XLSX.readFirstSheet(Data(try await liaison.get("/assessment/2025/export.xlsx").body.readableBytesView))
                #expect(own.count == 2, "a unit's export holds only its own row")
                #expect(own[1][1] == "城市管理局")
                let csglj = try await unit(app, "csglj"), other = try await unit(app, "zhbgs")
                let card = try XLSX.readFirstSheet(
                    Data(try await liaison.get("/assessment/2025/units/\(csglj.id!)/card.xlsx").body.readableBytesView))
                #expect(card[0][1] == "城市管理局")
                #expect(card.contains { $0.first == "1-1-1" })
                #expect(try await liaison.get("/assessment/2025/units/\(other.id!)/card.xlsx").status == .forbidden)
            }
        }

        @Test func freezingNeedsEveryScoreAndThenNothingChanges() async throws {
            try await district { app, clock, _ in
                var office = try await Browser.signedIn(app, as: "office")
                var refused = try await office.post("/assessment/2026/freeze")
                #expect(refused.status == .conflict)
                #expect(refused.body.string.contains("请先发布初步结果"))
                refused = try await office.post("/assessment/2026/release")
                #expect(refused.status == .conflict)
                #expect(refused.body.string.contains("未完成评分"))
                // Score every leaf of every unit at full marks but one; the survey is the demo's, set to 90.
                let cycle = try await AssessmentService.find(year: 2026, on: app.db)
                for unit in try await OrgNode.query(on: app.db).filter(\.$kind == .unit).all() {
                    let work = try await ReviewService.load(cycle, unit: unit, on: app.db)
                    for leaf in work.tree.leaves {
                        let lost = unit.code == "csglj" && leaf.code == "1-1-1"
                        try await ReviewService.setFinal(
                            work, code: leaf.code, points: lost ? .zero : leaf.points, reason: lost ? "未公布权责清单" : "",
                            by: "assessor", on: app.db)
                    }
                }
                try await AssessmentExtra.query(on: app.db).filter(\.$cycle.$id == cycle.id!).filter(\.$kind == "survey").set(\.$value, to: 900_000)
                    .update()
                #expect(try await office.post("/assessment/2026/release").status == .seeOther)
                clock.advance(days: 10)  // past the objection window
                office = try await Browser.signedIn(app, as: "office")
                #expect(try await office.post("/assessment/2026/freeze").status == .seeOther)
                let frozen = try await AssessmentService.find(year: 2026, on: app.db)
                #expect(frozen.status == .frozen)
                let before = try await AssessmentService.snapshot(frozen, today: LocalDate.today(at: app.clock.now()), on: app.db)
                let csglj = try #require(before.categories[0].rows.first { $0.unit == "城市管理局" })
                #expect(csglj.total == "95.20", "(100 − 3.5) × 0.8 + 90 × 0.2")
                let sql = app.db as! any SQLDatabase
                try await sql.update("assessment_scores").set("points_halves", to: 0).run()
                #expect(
                    try await AssessmentService.snapshot(frozen, today: LocalDate.today(at: app.clock.now()), on: app.db) == before,
                    "frozen results do not move")
                #expect(try await office.post("/assessment/2026/freeze").status == .conflict)
                #expect(try await office.post("/assessment/2026/publish").status == .seeOther)
                #expect(try await AuditEvent.query(on: app.db).filter(\.$entityType == "assessment_cycle").count() >= 4)
            }
        }
    }
}
