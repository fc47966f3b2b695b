import FazhiCore
import Fluent
import SQLKit
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    @Suite struct PlanTests {
        @Test func exportThenImportReproducesThePlan() async throws {
            var exported: PlanDocument?
            try await withTestDistrict(units: try TestDistrict.demoUnits("zhbgs", "fzczj", "csglj", "bsc-a"), .plan) { app, _, _ in
                exported = try await PlanService.export(year: 2026, district: try await Districts.node(nil, on: app.db).requireID(), on: app.db)
            }
            let document = try #require(exported)
            #expect(document.tasks.count == 17 && document.tasks.contains { !$0.coUnits.isEmpty })
            try await withFazhiApp(seed: false) { app, _ in
                try await PlanService.importDocument(document, actor: .system("test"), on: app.db, now: fixedNow)
                let again = try await PlanService.export(year: 2026, district: try await Districts.node(nil, on: app.db).requireID(), on: app.db)
                #expect(again.tasks == document.tasks)
                #expect(again.units == document.units)
                #expect(again.arrangements == document.arrangements)
                #expect(again.categories == document.categories)
                #expect(again == document)
            }
        }

        @Test func aBadPlanFileIsRefusedWholeWithFieldPaths() async throws {
            try await withFazhiApp(seed: false) { app, _ in
                var document = try DemoSeed.loadPlanFile(resources: app.directory.resourcesDirectory)
                document.tasks[29].leadUnit = "ghost"
                do {
                    try await PlanService.importDocument(document, actor: .system("test"), on: app.db, now: fixedNow)
                    Issue.record("expected failure")
                } catch let failure as ValidationFailure {
                    #expect(failure.errors.map(\.field) == ["tasks[29].leadUnit"])
                }
                #expect(try await count(Plan.self, app) == 0)
                #expect(try await count(OrgNode.self, app) == 0)
                #expect(try await count(AuditEvent.self, app) == 0)
            }
        }

        @Test func importingAYearTwiceIsRefusedAndRollsBack() async throws {
            try await withTestDistrict(.plan) { app, _, _ in
                let document = try await PlanService.export(year: 2026, district: try await Districts.node(nil, on: app.db).requireID(), on: app.db)
                let tasks = try await count(PlanTask.self, app)
                await #expect(throws: ValidationFailure.self) {
                    try await PlanService.importDocument(document, actor: .system("test"), on: app.db, now: fixedNow)
                }
                #expect(try await count(PlanTask.self, app) == tasks)
            }
        }

        @Test func copyingToNextYearKeepsStructureAndDropsProgress() async throws {
            try await withTestDistrict(units: try TestDistrict.demoUnits("zhbgs", "fzczj", "csglj", "bsc-a"), .plan) { app, _, _ in
                let plan = try await PlanService.copy(
                    from: 2026, to: 2027, district: try await Districts.node(nil, on: app.db).requireID(), actor: .system("test"), on: app.db,
                    now: fixedNow)
                #expect(plan.title == "某区2027年度法治政府建设工作实施方案")
                let next = try await PlanService.export(year: 2027, district: try await Districts.node(nil, on: app.db).requireID(), on: app.db)
                #expect(next.units.count == 4)
                #expect(next.tasks.count == 17)
                #expect(next.tasks.allSatisfy { $0.progress == 0 && $0.completedOn == nil && $0.cancelled == false })
                #expect(next.tasks.allSatisfy { $0.start.hasPrefix("2027-") && $0.due.hasPrefix("2027-") })
                #expect(try await OrgNode.query(on: app.db).filter(\.$kind == .unit).count() == 4, "units are shared, not duplicated")
            }
        }
    }

    @Suite struct AuditTests {
        @Test func everyChangeIsChainedAndTamperingIsFound() async throws {
            // 组织宪法宣传周活动 is led by 社会建设局, at 10%.
            try await withTestDistrict(units: try TestDistrict.demoUnits("shjsj"), .plan) { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                let task = try await demoTask(app, titled: "组织宪法宣传周活动")
                try await office.get("/tasks/\(task.id!)")
                try await office.post("/tasks/\(task.id!)/progress", form: ["progress": "30", "note": "宣传方案已印发。"])
                let intact = try await AuditService.verify(on: app.db)
                #expect(intact.failure == nil)
                #expect(intact.checked == (try await count(AuditEvent.self, app)))
                let event = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "progress").first())
                #expect(event.before?.contains("\"progress\":10") == true)
                #expect(event.after?.contains("\"progress\":30") == true)
                let sql = app.db as! any SQLDatabase
                try await sql.update("audit_events").set("actor", to: "someone-else").where("seq", .equal, event.id!).run()
                let broken = try await AuditService.verify(on: app.db)
                #expect(broken.failure == .wrongHash(seq: event.id!))
                var leader = try await Browser.signedIn(app, as: "leader")
                let page = try await leader.get("/audit?verify=1").body.string
                #expect(page.contains("校验失败"))
                #expect(page.contains("第 \(event.id!) 号事件"))
            }
        }

        @Test func deletingTheNewestEventIsFound() async throws {
            try await withTestDistrict(.plan) { app, _, _ in
                let last = try #require(try await AuditEvent.query(on: app.db).sort(\.$id, .descending).first())
                try await last.delete(on: app.db)
                let result = try await AuditService.verify(on: app.db)
                #expect(result.failure?.seq == last.id)
            }
        }
    }
}
