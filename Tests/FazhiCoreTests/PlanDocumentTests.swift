import Foundation
import Testing
@testable import FazhiCore

/// The demo plan file is the district's real plan: these tests hold it to the source text.
@Suite struct PlanDocumentTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let seedText = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/seed/000_031ba38f685b3de9.txt")

    static func demoPlan() throws -> PlanDocument {
        let data = try Data(contentsOf: repoRoot.appendingPathComponent("Resources/Seed/demo-plan.json"))
        return try JSONDecoder().decode(PlanDocument.self, from: data)
    }

    @Test func demoPlanHasTheSeedStructure() throws {
        let plan = try Self.demoPlan()
        try plan.validate()
        #expect(plan.units.count == 17)
        #expect(plan.units.filter { $0.category == "department" }.count == 15)
        #expect(plan.units.filter { $0.category == "subdistrict" }.map(\.name) == ["A办事处", "B办事处"])
        #expect(plan.areas.count == 10)
        #expect(plan.arrangements.map(\.code) == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"])
        for arrangement in plan.arrangements {
            #expect(plan.tasks.filter { $0.arrangement == arrangement.code }.count >= 2, "arrangement \(arrangement.code)")
        }
        #expect(plan.tasks.contains { $0.completedOn != nil })
        #expect(plan.tasks.contains { $0.cancelled == true })
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: seedText.path), "the shared seed text is beside the repository"))
    func demoPlanKeepsTheOriginalWording() throws {
        let plan = try Self.demoPlan()
        let source = try String(contentsOf: Self.seedText, encoding: .utf8).replacingOccurrences(of: "20xx", with: "2026")
        #expect(source.contains(plan.title))
        #expect(source.contains(plan.preamble))
        #expect(source.contains(plan.guidingThought))
        #expect(source.contains(plan.unitsIntro))
        #expect(source.contains(plan.areasIntro))
        #expect(source.contains(plan.closing))
        for unit in plan.units { #expect(source.contains(unit.name)) }
        for area in plan.areas { #expect(plan.areasIntro.contains(area.title)) }
        for a in plan.arrangements { #expect(source.contains("(\(a.code))\(a.text)"), "arrangement \(a.code) verbatim") }
    }

    @Test func validationNamesTheFailingFieldPaths() throws {
        var plan = try Self.demoPlan()
        plan.format = "other"
        plan.units[2].category = "nowhere"
        plan.units[4].code = plan.units[3].code
        plan.arrangements[1].area = "A99"
        plan.tasks[14].due = "2026-02-30"
        plan.tasks[3].leadUnit = "ghost"
        do {
            try plan.validate()
            Issue.record("expected failure")
        } catch let failure as ValidationFailure {
            let fields = Set(failure.errors.map(\.field))
            #expect(
                fields.isSuperset(of: [
                    "format", "units[2].category", "units[4].code", "arrangements[1].area",
                    "tasks[14].due", "tasks[3].leadUnit",
                ]))
        }
    }

    @Test func copyingToNextYearShiftsDatesAndDropsProgress() throws {
        let plan = try Self.demoPlan()
        let next = plan.copied(to: 2027)
        #expect(next.year == 2027)
        #expect(next.title == "某区2027年度法治政府建设工作实施方案")
        #expect(next.unitsIntro.hasPrefix("2027年度"))
        #expect(next.tasks.count == plan.tasks.count)
        #expect(next.tasks.allSatisfy { $0.progress == nil && $0.completedOn == nil && $0.cancelled == nil })
        #expect(next.tasks[0].start == "2027-" + plan.tasks[0].start.dropFirst(5))
        #expect(next.basisDocuments == plan.basisDocuments)
        try next.validate()
        let demo = plan.copied(to: 2027, keepingProgress: true)
        #expect(demo.tasks.filter { $0.completedOn != nil }.allSatisfy { $0.completedOn!.hasPrefix("2027-") })
    }
}
