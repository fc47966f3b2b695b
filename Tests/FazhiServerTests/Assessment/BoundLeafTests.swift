import FazhiCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// 系统计分: leaves bound to register metrics score themselves, open their records, take an
    /// assessor's override only with a reason, are pinned at release and kept in the frozen snapshot.
    @Suite struct BoundLeafTests {
        func district(_ rows: DistrictRows = [.assessment, .plan, .problems], _ body: (Application, TestClock) async throws -> Void) async throws {
            try await withTestDistrict(units: try TestDistrict.assessed(), rows) { app, clock, _ in
                try await body(app, clock)
            }
        }

        func work(_ app: Application, _ unit: OrgNode) async throws -> ReviewService.Work {
            try await ReviewService.load(try await AssessmentService.find(year: 2026, on: app.db), unit: unit, on: app.db)
        }

        func today(_ app: Application) -> LocalDate { LocalDate.today(at: app.clock.now()) }

        /// The department with the most overdue tasks today (the plan fixture has some).
        func mostOverdue(_ app: Application) async throws -> (OrgNode, Int) {
            let entries = try await MetricCatalogue.entries(year: 2026, today: today(app), scope: .all, on: app.db)
            let overdue = try #require(entries.first { $0.definition.code == "tasks.overdue" })
            let units = try await OrgNode.query(on: app.db).filter(\.$kind == .unit).filter(\.$categoryCode == "department").all()
            let best = try #require(units.max { (overdue.units[$0.id!]?.numerator ?? 0) < (overdue.units[$1.id!]?.numerator ?? 0) })
            return (best, overdue.units[best.id!]?.numerator ?? 0)
        }

        @Test func everyBoundLeafScoresFromItsMetricAndItsRecordsAddUp() async throws {
            // Every register's demo rows, so that each bound metric has records to list.
            try await district([.assessment, .plan, .registers]) { app, _ in
                let units = try await OrgNode.query(on: app.db).filter(\.$kind == .unit).all()
                let entries = try await MetricCatalogue.entries(year: 2026, today: today(app), scope: .all, on: app.db)
                var listed: [String: Int] = [:]
                for unit in units {
                    let w = try await work(app, unit)
                    #expect(!w.tree.boundLeaves.isEmpty, "this year's default trees bind leaves")
                    let evaluations = try await ReviewService.leafMetrics(w, today: today(app), records: true, on: app.db)
                    for leaf in w.tree.boundLeaves {
                        let e = try #require(evaluations[leaf.code])
                        let binding = try #require(leaf.metric)
                        let d = try #require(MetricCatalogue.definitions[binding.metric])
                        let value =
                            entries.first { $0.definition.code == d.code }?.units[unit.id!] ?? MetricValue(kind: d.kind, numerator: 0, denominator: 0)
                        #expect(
                            (e.numerator, e.denominator) == (value.numerator, value.denominator), "\(unit.code) \(leaf.code): the catalogue's value")
                        let rule = try MetricRule.parse(binding.rule, info: MetricInfo(d), max: leaf.points).get()
                        #expect(e.points == MetricScoring.score(rule, value: value, info: MetricInfo(d), max: leaf.points).points)
                        // The drill-down lists exactly the records the value counts.
                        guard let records = e.records else { continue }
                        listed[d.code, default: 0] += records.count
                        if d.kind == .count {
                            #expect(records.count == value.numerator, "\(unit.code) \(d.code)")
                        } else {
                            #expect(records.count == value.denominator, "\(unit.code) \(d.code)")
                            #expect(records.filter(\.counted).count == value.numerator, "\(unit.code) \(d.code)")
                        }
                    }
                }
                // Each metric with a record list had records to check in the demo's rows.
                for code in [
                    "tasks.overdue", "problems.overdueMeasures", "goi.onTime", "oversight.suggestionOnTime", "enforcement.publication",
                    "decision.normativeReview", "decision.filing",
                ] {
                    #expect((listed[code] ?? 0) > 0, "\(code) listed no record")
                }
            }
        }

        @Test func aRecordChangeMovesTheScoreUntilReleaseAndTheFreezeKeepsIt() async throws {
            try await district { app, clock in
                let (unit, overdue) = try await mostOverdue(app)
                try #require(overdue >= 2, "the fixture has a department with overdue tasks")
                let base = "/assessment/2026/work/\(unit.id!.uuidString)"
                // 8-2-1 年度任务按期完成 (2 分): 0.5 off per overdue task.
                let leaf = "8-2-1"
                func computed() async throws -> LeafMetric {
                    try #require(try await ReviewService.leafMetrics(try await work(app, unit), today: today(app), records: true, on: app.db)[leaf])
                }
                var e = try await computed()
                #expect(e.numerator == overdue)
                #expect(e.points == Points(halves: max(0, 4 - overdue)))

                // The assessor sees it on the work page and opens the records; marks on it are refused.
                var assessor = try await Browser.signedIn(app, as: "assessor")
                var page = try await assessor.get(base).body.string
                #expect(page.contains("系统计分 \(e.computed ?? "") 分"))
                page = try await assessor.get(base + "/leaves/\(leaf)").body.string
                #expect(page.contains("逾期未完成任务") && page.contains("每项扣 0.5 分"))
                let task = try #require(
                    try await PlanTask.query(on: app.db).filter(\.$leadUnit.$id == unit.id!).filter(\.$completedOn == nil)
                        .filter(\.$cancelled == false).filter(\.$dueDate < today(app)).sort(\.$dueDate).first())
                #expect(page.contains(task.title), "the overdue task is listed")
                #expect(page.contains("/tasks/\(task.id!.uuidString)"))
                var response = try await assessor.post(base + "/marks", form: ["mark[\(leaf)]": "2"])
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("由系统按登记簿数据计分"))

                // An override needs a reason; with one it stands, is audited and shows on the leaf.
                response = try await assessor.post(base + "/leaves/\(leaf)/override", form: ["score": "2", "reason": ""])
                #expect(response.status == .unprocessableEntity)
                #expect(try await work(app, unit).scores[leaf] == nil, "a refused override changes nothing")
                response = try await assessor.post(base + "/leaves/\(leaf)/override", form: ["score": "2", "reason": "两项任务经区政府同意调整,已完成"])
                #expect(response.status == .seeOther)
                var score = try #require(try await work(app, unit).scores[leaf])
                #expect(score.overridden && score.pointsHalves == 4 && score.reason == "两项任务经区政府同意调整,已完成")
                let audit = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.overrideScore.code).all()
                #expect(audit.count == 1)
                page = try await assessor.get(base + "/leaves/\(leaf)").body.string
                #expect(page.contains("两项任务经区政府同意调整"))
                // Withdrawn: the system's score again.
                #expect(try await assessor.post(base + "/leaves/\(leaf)/restore").status == .seeOther)
                #expect(try await work(app, unit).scores[leaf] == nil)

                // A task done today: one fewer overdue, half a point back — the score follows the register.
                task.completedOn = today(app)
                try await task.update(on: app.db)
                e = try await computed()
                #expect(e.numerator == overdue - 1)
                #expect(e.points == Points(halves: max(0, 4 - (overdue - 1))))

                // Every other leaf scored by people; the office releases: the bound leaves are pinned.
                for other in try await OrgNode.query(on: app.db).filter(\.$kind == .unit).all() {
                    let w = try await work(app, other)
                    for l in w.tree.leaves where w.scores[l.code] == nil && l.metric == nil {
                        try await ReviewService.setFinal(w, code: l.code, points: l.points, reason: "", by: "assessor", on: app.db)
                    }
                }
                var office = try await Browser.signedIn(app, as: "office")
                response = try await office.post("/assessment/2026/release")
                #expect(response.status == .seeOther, "\(response.body.string.suffix(400))")
                score = try #require(try await work(app, unit).scores[leaf])
                #expect(!score.overridden && score.scoredBy == "系统计分")
                let pinned = try #require(LeafMetrics.decode(score.metric))
                #expect(pinned.numerator == overdue - 1 && pinned.records?.count == overdue - 1)
                // After release a register change no longer moves it.
                let another = try #require(
                    try await PlanTask.query(on: app.db).filter(\.$leadUnit.$id == unit.id!).filter(\.$completedOn == nil)
                        .filter(\.$cancelled == false).filter(\.$dueDate < today(app)).first())
                another.completedOn = today(app)
                try await another.update(on: app.db)
                let cycle = try await AssessmentService.find(year: 2026, on: app.db)
                var row = try #require(
                    try await AssessmentService.snapshot(cycle, today: today(app), on: app.db).categories.flatMap(\.rows).first {
                        $0.unitID == unit.id
                    })
                #expect(row.nodeScores[leaf] == Points(halves: score.pointsHalves).description)
                #expect(row.metrics?[leaf]?.numerator == overdue - 1)

                // The freeze keeps the value, the rule's explanation and the records' ids.
                clock.advance(days: 8)
                office = try await Browser.signedIn(app, as: "office")
                response = try await office.post("/assessment/2026/freeze")
                #expect(response.status == .seeOther, "\(response.body.string.suffix(400))")
                let frozen = try await AssessmentService.find(year: 2026, on: app.db)
                row = try #require(
                    try await AssessmentService.snapshot(frozen, today: today(app), on: app.db).categories.flatMap(\.rows).first {
                        $0.unitID == unit.id
                    })
                let kept = try #require(row.metrics?[leaf])
                #expect(kept.numerator == overdue - 1)
                #expect(Set(kept.records?.map(\.id) ?? []) == Set(pinned.records?.map(\.id) ?? []))
                // The task done after release still counts (it was overdue when pinned); the one done before does not.
                #expect(kept.records?.contains { $0.id == another.id!.uuidString } == true)
                #expect(kept.records?.contains { $0.id == task.id!.uuidString } == false)
                // The score card shows the metric behind the leaf.
                page = try await office.get("/assessment/2026/units/\(unit.id!.uuidString)").body.string
                #expect(page.contains("系统计分:") && page.contains("逾期未完成任务"))
            }
        }

        @Test func theTreePageBindsALeafAndRefusesARuleThatDoesNotRead() async throws {
            try await district { app, _ in
                let record = try #require(try await IndicatorService.find(year: 2026, category: "department", on: app.db))
                let path = "/indicators/\(record.id!.uuidString)/nodes/6-1-1"
                var office = try await Browser.signedIn(app, as: "office")
                var form = [
                    "code": "6-1-1", "title": "行政许可按法定时限办结", "points": "4", "rule": "超过法定期限办结的每件扣1分", "source": "register",
                    "metric": "enforcement.decision", "metricRule": "每件扣几分",
                ]
                var response = try await office.post(path, form: form)
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("每项扣 0.5 分"), "the refusal says how to write it")
                #expect(try await IndicatorService.tree(record, on: app.db).nodes.first { $0.code == "6-1-1" }?.metric == nil, "nothing saved")
                form["metric"] = "decision.catalogue"
                form["metricRule"] = "按比例"
                response = try await office.post(path, form: form)
                #expect(response.body.string.contains("只统计全区"))
                form["metric"] = "enforcement.decision"
                form["metricRule"] = "每件扣1分,最多扣4分"
                response = try await office.post(path, form: form)
                #expect(response.status == .seeOther)
                let node = try #require(try await IndicatorService.tree(record, on: app.db).nodes.first { $0.code == "6-1-1" })
                #expect(node.metric == MetricBinding(metric: "enforcement.decision", rule: "每件扣1分,最多扣4分") && node.source == .register)
                #expect(try await office.get("/indicators/\(record.id!.uuidString)").body.string.contains("系统计分:行政执法90日办结率"))
            }
        }
    }
}
