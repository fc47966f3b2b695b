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
        /// 重大行政决策 and 规范性文件 as the demo shows them: a decision at every gate (one open for
        /// comment with opinions, one ready to adopt, one blocked by its missing legality review, one
        /// failed), last year's evaluated decision, about forty documents in every state with unique
        /// numbers, and last year's clean-up.
        @Test func theDemoHasDecisionsAtEveryGateAndDocumentsInEveryState() async throws {
            try await withFazhiApp(registers: true) { app, _ in
                let today = app.clock.today
                let decisions = try await MajorDecision.query(on: app.db).all()
                let open = try #require(decisions.first { $0.openForComment(on: today) })
                #expect(try await ConsultationOpinion.query(on: app.db).filter(\.$decision.$id == open.requireID()).count() >= 6)
                #expect(decisions.contains { $0.legalResult == .failed })
                #expect(decisions.contains { $0.evaluatedOn != nil && $0.year == today.year - 1 })
                let ctx = StepContext(
                    actor: .system("test"), engine: try await CalendarService.engine(on: app.db), rules: app.deadlineRules, today: today,
                    now: app.clock.now())
                let blocked = try #require(decisions.first { $0.legalSubmittedOn == nil && $0.meetingOn != nil })
                let blockedGates = try await DecisionService.gates(blocked, ctx, on: app.db).compactMap { p, s -> DecisionProcedure? in
                    if case .open = s { return p } else { return nil }
                }
                #expect(blockedGates == [.legality, .collective])
                let ready = try #require(decisions.first { $0.legalResult == .amended && $0.adoptedOn == nil })
                #expect(try await DecisionService.gates(ready, ctx, on: app.db).allSatisfy { if case .open = $0.1 { false } else { true } })
                var office = try await Browser.signedIn(app, as: "office")
                for d in decisions { #expect(try await office.get("/decisions/\(try d.requireID())").status == .ok) }

                let docs = try await NormativeDocument.query(on: app.db).all()
                #expect(docs.count >= 40)
                let numbers = docs.compactMap(\.regNo)
                #expect(Set(numbers).count == numbers.count)
                #expect(docs.contains { $0.filingDueOn.map { $0 < today } == true }, "one not filed past its period")
                #expect(docs.contains { d in d.filedOn.flatMap { f in d.filingBy.map { f > $0 } } == true }, "one filed late")
                #expect(docs.contains { $0.reviewResult == .failed } && docs.contains { $0.reviewDueOn != nil })
                #expect(docs.contains { $0.inForce(on: today) && ($0.evaluationDueOn.map { $0 <= today.adding(days: 31) } ?? false) })
                #expect(docs.contains { $0.endKind == .repeal } && docs.contains { $0.validUntil.map { $0 < today } == true && $0.endedOn == nil })
                #expect(try await NormativeCleanup.query(on: app.db).filter(\.$publishedOn != nil).count() == 1)
                #expect(try await office.get("/normative?status=filing_late").body.string.contains("报备逾期"))
            }
        }

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
                let seedDistrict = try #require(try await Districts.first(on: app.db))
                #expect(seedDistrict.name == "某区", "the seed district stays the first")
                #expect(try await Districts.unitIDs(of: seedDistrict.requireID(), on: app.db).count == 17)
                // The demo city: 东区 (12 units) and 南区 (6), each with an office and a leader, and the city's account.
                #expect(try await OrgNode.query(on: app.db).filter(\.$kind == .district).count() == 3)
                #expect(try await OrgNode.query(on: app.db).filter(\.$kind == .unit).count() == 17 + 12 + 6)
                let accounts = 4 + 2 * 17 + 1 + 2 * 2
                #expect(try await User.query(on: app.db).count() == accounts)
                var city = try await Browser.signedIn(app, as: "city")
                let ranking = try await city.get("/city/assessment/2025").body.string
                for text in ["已公布", "东区", "南区", "某区"] { #expect(ranking.contains(text)) }
                let lastYear = try await AssessmentService.snapshot(
                    try await CityAssessment.find(year: 2025, on: app.db), today: app.clock.today, on: app.db)
                #expect(lastYear.categories.first?.rows.count == 3, "last year's city cycle ranks all three districts")
                let thisYear = try await city.get("/city/assessment/2026").body.string
                #expect(thisYear.contains("各区进度") && thisYear.contains("填报中"))
                var southOffice = try await Browser.signedIn(app, as: "nq-office")
                #expect(try await southOffice.get("/city/assessment/2026/districts/\(seedDistrict.requireID().uuidString)").status == .forbidden)
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
