import FazhiCore
import Fluent
import Testing
import VaporTesting

@testable import FazhiServer

extension ServerTests {
    /// The task list counts, filters and pages in SQL; its status expression must agree with
    /// `TaskStatus.derive` for every task, and paging must neither lose nor repeat a row.
    @Suite struct TaskListQueryTests {
        @Test func theSQLStatusAgreesWithTheDerivedOneAndPagesCoverTheList() async throws {
            try await withTestDistrict(units: try TestDistrict.demoUnits("zhbgs", "fzczj", "csglj"), .plan) { app, _, _ in
                let today = app.clock.today
                let tasks = try await PlanTask.query(on: app.db).all()
                // One task in each stored condition the derivation looks at.
                tasks[0].cancelled = true
                tasks[1].completedOn = today
                tasks[2].pausedReason = "等待上级批复"
                tasks[3].dueDate = today.adding(days: -1); tasks[3].progress = 40
                tasks[4].startDate = today.adding(days: 10); tasks[4].dueDate = today.adding(days: 40)
                tasks[4].progress = 0
                tasks[5].startDate = today.adding(days: 10); tasks[5].dueDate = today.adding(days: 40)
                tasks[5].progress = 10
                for t in tasks[0...5] { try await t.update(on: app.db) }
                let plan = try #require(try await Plan.query(on: app.db).first())
                let list = TaskListQuery(planID: try plan.requireID(), scope: .all, today: today)
                let (counts, _) = try await list.counts(on: app.db)
                #expect(counts.total == tasks.count)
                for status in TaskStatus.allCases {
                    let inSQL = Set(try await list.rows(status: status, on: app.db).all(\.$id))
                    let derived = Set(tasks.filter { TaskService.status($0, today: today) == status }.compactMap(\.id))
                    #expect(inSQL == derived, "\(status)")
                    #expect(counts.count(status) == derived.count, "\(status)")
                }
                // Pages of 7 in the list's order cover every task once.
                var seen: [UUID] = []
                for page in 0..<((tasks.count + 6) / 7) {
                    seen += try await list.rows(status: nil, on: app.db).sort(\.$startDate).sort(\.$id).range((page * 7)..<(page * 7 + 7)).all(\.$id)
                }
                #expect(seen.count == tasks.count && Set(seen).count == tasks.count)
                // A unit's scope: the tasks it leads or helps with, as the policy says.
                let unit = try #require(try await OrgNode.query(on: app.db).filter(\.$code == "csglj").first())
                let own = TaskListQuery(planID: try plan.requireID(), scope: .unit(try unit.requireID()), today: today)
                let ownIDs = Set(try await own.rows(status: nil, on: app.db).all(\.$id))
                let coTaskIDs = Set(try await TaskCoUnit.query(on: app.db).filter(\.$unit.$id == unit.id!).all().map(\.$task.id))
                #expect(ownIDs == Set(tasks.filter { $0.$leadUnit.id == unit.id || coTaskIDs.contains($0.id!) }.compactMap(\.id)))
            }
        }
        /// The reports page counts each period's owed and received reports in one grouped query; it
        /// must agree with the per-task rows the period page lists, for the office and for a unit.
        @Test func periodSummariesInSQLAgreeWithTheRows() async throws {
            try await withTestDistrict(units: try TestDistrict.supervised(), .supervision) { app, _, _ in
                let plan = try #require(try await Plan.query(on: app.db).first())
                let tasks = try await PlanTask.query(on: app.db).filter(\.$plan.$id == plan.id!).all()
                let unit = try #require(try await OrgNode.query(on: app.db).filter(\.$code == "csglj").first())
                let periods = try await ProgressService.periods(of: plan, on: app.db)
                #expect(!periods.isEmpty)
                for leadUnit in [nil, unit.id] {
                    let summaries = try await ProgressService.summaries(of: plan, leadUnit: leadUnit, on: app.db)
                    let scoped = tasks.filter { leadUnit == nil || $0.$leadUnit.id == leadUnit }
                    for period in periods {
                        let rows = try await ProgressService.rows(period, tasks: scoped, today: app.clock.today, on: app.db)
                        let summary = summaries[period.id!] ?? (0, 0)
                        #expect(summary.expected == rows.count, "\(period.name)")
                        #expect(summary.submitted == rows.filter { $0.report != nil }.count, "\(period.name)")
                    }
                }
            }
        }
    }
}
