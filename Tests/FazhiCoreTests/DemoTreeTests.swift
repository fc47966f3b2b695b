import Foundation
import Testing
@testable import FazhiCore

/// The demo indicator trees shipped as data: valid, one level-1 node per work area, the 办事处 tree with the pilot.
@Suite struct DemoTreeTests {
    static func load(_ name: String) throws -> IndicatorTree {
        let url = DeadlineFixtures.repoRoot.appendingPathComponent("Resources/Assessment/2026-\(name).json")
        return try JSONDecoder().decode(IndicatorTree.self, from: Data(contentsOf: url))
    }

    @Test func theDepartmentTreeFollowsTheTenWorkAreas() throws {
        let tree = try Self.load("department")
        try tree.validate()
        #expect(tree.total == Points(100))
        #expect(tree.levelOne.count == 10)
        #expect(tree.levelOne.first?.title == "推进政府职能转变")
        #expect(tree.levelOne.last?.title == "普法")
        #expect(tree.leaves.allSatisfy { !($0.basis ?? "").isEmpty && !$0.evidence.isEmpty })
        #expect(tree.leaves.contains { $0.source == .register })
    }

    @Test func theSubdistrictTreeAddsTheCommunityGovernancePilot() throws {
        let tree = try Self.load("subdistrict")
        try tree.validate()
        #expect(tree.levelOne.count == 11)
        #expect(tree.levelOne.first?.title == "基层治理试点")
        #expect(tree.total == Points(100))
    }

    @Test func fullMarksOnTheDemoTreeGiveOneHundred() throws {
        let tree = try Self.load("department")
        let scores = Dictionary(uniqueKeysWithValues: tree.leaves.map { ($0.code, $0.points) })
        let result = try AssessmentScoring.score(UnitScoreInput(unit: "综合办公室", leafScores: scores), scheme: ScoringScheme(tree: tree))
        #expect(result.total == Score(100))
        #expect(result.nodeScores["1"] == tree.levelOne[0].points)
    }
}
