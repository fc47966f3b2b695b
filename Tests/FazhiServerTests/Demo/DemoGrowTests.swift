import FazhiCore
import Fluent
import Testing
import VaporTesting

@testable import FazhiServer

extension ServerTests {
    /// `fazhi demo grow`: every module's rows multiplied, children pointing at their own parent's copy,
    /// register numbers unique and continuing each year's series.
    @Suite struct DemoGrowTests {
        @Test func growingTriplesEveryRegisterWithConsistentCopies() async throws {
            try await withFazhiApp(registers: true) { app, _ in
                let db = app.db
                let before = (
                    tasks: try await PlanTask.query(on: db).count(), co: try await TaskCoUnit.query(on: db).count(),
                    goi: try await GOIRequest.query(on: db).count(), consultations: try await GOIConsultationRecord.query(on: db).count(),
                    problems: try await Problem.query(on: db).count(), measures: try await ProblemMeasure.query(on: db).count()
                )
                for module in RegisterModules.all { try await module.growDemo(app, factor: 3) }
                #expect(try await PlanTask.query(on: db).count() == before.tasks * 3)
                #expect(try await TaskCoUnit.query(on: db).count() == before.co * 3)
                #expect(try await GOIRequest.query(on: db).count() == before.goi * 3)
                #expect(try await GOIConsultationRecord.query(on: db).count() == before.consultations * 3)
                #expect(try await Problem.query(on: db).count() == before.problems * 3)
                #expect(try await ProblemMeasure.query(on: db).count() == before.measures * 3)
                let numbers = try await GOIRequest.query(on: db).all(\.$number)
                #expect(Set(numbers).count == numbers.count, "numbers stay unique")
                #expect(numbers.allSatisfy { DemoGrowNumbers.split($0) != nil }, "and in their series")
                let problemNumbers = try await Problem.query(on: db).all(\.$number)
                #expect(Set(problemNumbers).count == problemNumbers.count)
                // Each copy's consultations belong to it and mirror the original's.
                let requests = try await GOIRequest.query(on: db).all()
                try await requests.loadChildren(\.$consultations, on: db)
                let withConsultations = requests.filter { !$0.consultations.isEmpty }
                #expect(withConsultations.count == Set(try await GOIConsultationRecord.query(on: db).all().map(\.$request.id)).count)
                #expect(withConsultations.allSatisfy { r in r.consultations.allSatisfy { $0.$request.id == r.id } })
                // The grown register still balances and its clocks still compute.
                let (table, _) = try await GOIReportService.table3(year: app.clock.today.year - 1, scope: .all, on: db)
                #expect(table.isBalanced)
            }
        }

        @Test func newNumbersContinueTheSeriesOfEachPrefixAndYear() {
            var next = DemoGrowNumbers(existing: ["YSQ-2026-00434", "YSQ-2025-00900", "WT-2026-007"])
            #expect(next.number(after: "YSQ-2026-00012") == "YSQ-2026-00435")
            #expect(next.number(after: "YSQ-2026-00001") == "YSQ-2026-00436")
            #expect(next.number(after: "YSQ-2025-00003") == "YSQ-2025-00901")
            #expect(next.number(after: "WT-2026-001") == "WT-2026-008")
        }
    }
}
