import FazhiCore
import Fluent
import Foundation
import Testing
@testable import FazhiServer

extension ServerTests {
    /// 督办 metrics against a hand-counted fixture: one unit's tasks set to every state the two metrics
    /// tell apart. Today is 2026-11-26.
    @Suite struct TaskMetricsTests {
        @Test func onTimeAndOverdueCountTheTasksByHand() async throws {
            try await withTestDistrict(units: TestDistrict.pair, [.plan]) { app, _, district in
                let unit = try #require(district.units["csglj"])
                let template = try #require(try await PlanTask.query(on: app.db).filter(\.$leadUnit.$id == unit.requireID()).first())
                // The unit's own tasks are replaced by seven whose states are known.
                for task in try await PlanTask.query(on: app.db).filter(\.$leadUnit.$id == unit.requireID()).all() {
                    task.cancelled = true
                    try await task.update(on: app.db)
                }
                func task(_ title: String, due: String, done: String? = nil, cancelled: Bool = false, paused: Bool = false) async throws {
                    let t = try DemoGrow.clone(template)
                    t.id = UUID()
                    t.title = title
                    t.dueDate = try #require(LocalDate(due))
                    t.completedOn = done.flatMap(LocalDate.init)
                    t.progress = done == nil ? 50 : 100
                    t.cancelled = cancelled
                    t.pausedReason = paused ? "等待上级批复" : nil
                    try await t.create(on: app.db)
                }
                try await task("按期完成", due: "2026-03-31", done: "2026-03-31")  // on time (the last day counts)
                try await task("逾期完成", due: "2026-06-30", done: "2026-07-01")  // due, late
                try await task("逾期未完成", due: "2026-10-31")  // due, overdue today
                try await task("暂停中", due: "2026-09-30", paused: true)  // due in the rate; not overdue while paused
                try await task("尚未到期", due: "2026-12-31")  // neither
                try await task("提前完成", due: "2026-12-31", done: "2026-11-20")  // done early: due and on time
                try await task("已撤销", due: "2026-05-31", cancelled: true)  // never counted
                try await task("去年到期", due: "2025-12-31", done: "2025-12-30")  // last year's
                let values = try await TasksModule().metricValues(year: 2026, today: try #require(LocalDate("2026-11-26")), scope: .all, on: app.db)
                let own = try #require(values.units[unit.requireID()])
                // Due in 2026 and done or past due: 按期完成, 逾期完成, 逾期未完成, 暂停中, 提前完成 = 5; on time: 2.
                #expect(own["tasks.onTime"] == MetricValue(kind: .rate, numerator: 2, denominator: 5))
                // Overdue today, not done, not cancelled, not paused: 逾期未完成 only.
                #expect(own["tasks.overdue"] == MetricValue(kind: .count, numerator: 1, denominator: 0))
                let last = try await TasksModule().metricValues(
                    year: 2025, today: try #require(LocalDate("2026-11-26")), scope: .unit(try unit.requireID()), on: app.db)
                #expect(last.units[try unit.requireID()]?["tasks.onTime"] == MetricValue(kind: .rate, numerator: 1, denominator: 1))
                // The drill-down lists exactly the overdue task.
                let records = try #require(
                    try await TasksModule().metricRecords(
                        "tasks.overdue", year: 2026, today: try #require(LocalDate("2026-11-26")), unit: unit.requireID(), on: app.db))
                #expect(records.map(\.label) == ["逾期未完成(应于 2026-10-31 完成)"])
            }
        }
    }
}
