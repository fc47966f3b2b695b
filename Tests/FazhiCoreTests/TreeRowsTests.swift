import Testing
@testable import FazhiCore

@Suite struct TreeRowsTests {
    @Test func rowsRoundTripAndBadCellsAreNamed() throws {
        let tree = try DemoTreeTests.load("department")
        let rows = TreeRows.rows(of: tree)
        #expect(rows.count == tree.nodes.count + 1)
        #expect(try TreeRows.nodes(from: rows) == tree.nodes)
        var bad = rows
        bad[3][3] = "2.3"
        bad[5][7] = "猜的"
        do {
            _ = try TreeRows.nodes(from: bad)
            Issue.record("expected failure")
        } catch let failure as ValidationFailure {
            #expect(failure.errors.map(\.field) == ["第4行.分值", "第6行.数据来源"])
        }
        #expect(throws: ValidationFailure.self) { try TreeRows.nodes(from: [["code", "title"]]) }
    }

    @Test func theDiffNamesAddedRemovedAndChangedIndicators() throws {
        let old = try DemoTreeTests.load("department")
        var new = old
        new.nodes[1].points = new.nodes[1].points + Points(1)
        new.nodes[2].rule = "新的评分标准"
        new.nodes.removeAll { $0.code == "10-1-3" }
        new.nodes.append(IndicatorNode(code: "10-1-4", title: "新增指标", points: Points(1), rule: "x"))
        let diff = TreeDiff(from: old, to: new)
        #expect(diff.added.map(\.code) == ["10-1-4"])
        #expect(diff.removed.map(\.code) == ["10-1-3"])
        #expect(diff.changed.map(\.code) == [new.nodes[1].code, new.nodes[2].code])
        #expect(diff.changed[0].fields.map(\.label) == ["分值"])
        #expect(TreeDiff(from: old, to: old).isEmpty)
    }
}
