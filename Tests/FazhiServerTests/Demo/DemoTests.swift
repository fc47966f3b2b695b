import FazhiCore
import FazhiOffice
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// The demo district as `fazhi serve` seeds it: the one test that reads the whole demo for its
    /// own sake (other tests build the few rows they need with `withTestDistrict`).
    @Suite struct DemoTests {
        /// The seed plan's district, whole, and every feature's demo rows in the states a visitor
        /// should find: the plan page, 17 units and their accounts, the problem pool in every state,
        /// and the overdue items of tasks, measures and reports, counted in working days.
        @Test func theDemoIsTheSeedPlanWithEveryStateToShow() async throws {
            try await withFazhiApp { app, _ in
                let source = try DemoSeed.loadPlanFile(resources: app.directory.resourcesDirectory)
                var leader = try await Browser.signedIn(app, as: "leader")
                let page = try await leader.get("/plans/2026").body.string
                #expect(page.contains("某区2026年度法治政府建设工作实施方案"))
                #expect(page.contains("区属职能部门(15个)"))
                #expect(page.contains("办事处(2个)"))
                for a in source.arrangements { #expect(page.contains(a.text), "arrangement \(a.code) full text") }
                for area in source.areas { #expect(page.contains(area.title)) }
                #expect(page.contains(source.guidingThought))
                #expect(try await OrgNode.query(on: app.db).filter(\.$kind == .unit).count() == 17)
                #expect(try await User.query(on: app.db).count() == 4 + 2 * 17)
                #expect(try await leader.get("/plans").location == "/plans/2026")
                #expect(try await leader.get("/plans/1999").status == .notFound)

                // The problem pool.
                let all = try await Problem.query(on: app.db).all()
                #expect(Set(all.map(\.status)) == [.open, .reported, .closed])
                var office = try await Browser.signedIn(app, as: "office")
                let pool = try await office.get("/problems").body.string
                #expect(pool.contains("逾期") && pool.contains("待核查销号") && pool.contains("已销号"))
                var assessor = try await Browser.signedIn(app, as: "assessor")
                #expect(try await assessor.get("/problems").status == .forbidden)

                // The overdue API: tasks and measures, working days, most overdue first, filtered by the caller.
                let items = try await office.get("/api/v1/overdue").content.decode([OverdueService.Item].self)
                #expect(Set(items.map(\.kind)).isSuperset(of: ["task", "problem_measure", "progress_report"]))
                #expect(items.map(\.workdaysOverdue) == items.map(\.workdaysOverdue).sorted(by: >))
                // 规范性文件报备 was due 2026-11-16; 11-17 … 11-26 are eight working days.
                let measure = try #require(items.first { $0.kind == "problem_measure" && $0.unitCode == "zhbgs" })
                #expect(measure.due == "2026-11-16" && measure.workdaysOverdue == 8)
                var liaison = try await Browser.signedIn(app, as: "zhbgs-liaison")
                let own = try await liaison.get("/api/v1/overdue").content.decode([OverdueService.Item].self)
                #expect(!own.isEmpty && own.allSatisfy { $0.unitCode == "zhbgs" || $0.kind == "task" })
                #expect(own.filter { $0.kind == "problem_measure" }.allSatisfy { $0.unitCode == "zhbgs" })

                // The board groups the same items by unit; the export has one row per item.
                let board = try await office.get("/overdue").body.string
                #expect(board.contains("综合办公室") && board.contains("8 个工作日"))
                let sheet = try XLSX.readFirstSheet(Data(try await office.get("/overdue/export.xlsx").body.readableBytesView))
                #expect(sheet.count == items.count + 1)
            }
        }
    }
}
