import Foundation
import Testing
@testable import FazhiCore

@Suite struct AssessmentScoringTests {
    static func p(_ text: String) -> Points { Points(text)! }
    static func s(_ text: String) -> Score { Score(text)! }

    /// A 50-point tree: two areas, one with two leaves.
    static let tree = IndicatorTree(
        year: 2026, category: "subdistrict", title: "测试指标体系", version: 1, total: Points(50),
        nodes: [
            IndicatorNode(code: "1", title: "依法决策", goal: "决策合法", points: Points(30)),
            IndicatorNode(code: "1-1", title: "决策程序", points: Points(20), rule: "每缺一项程序扣 2 分"),
            IndicatorNode(code: "1-2", title: "合法性审查", points: Points(10), rule: "未审查的每件扣 1 分"),
            IndicatorNode(code: "2", title: "政务公开", goal: "公开透明", points: Points(20)),
            IndicatorNode(code: "2-1", title: "依申请公开按时答复", points: Points(20), rule: "逾期每件扣 2 分", source: .register),
        ])

    static let adjustments = [
        AdjustmentType(code: "honour", name: "表彰加分", kind: .bonus, cap: Points(2)),
        AdjustmentType(code: "lost", name: "诉讼败诉扣分", kind: .deduction, cap: Points(3)),
    ]

    @Test func halfPointsAndScoresParseExactly() {
        #expect(Points("2.5")?.halves == 5)
        #expect(Points("3")?.halves == 6)
        #expect(Points("0.50")?.halves == 1)
        #expect(Points("2.25") == nil)
        #expect(Points("1e3") == nil)
        #expect(Points("abc") == nil)
        #expect(Points(halves: 5).description == "2.5")
        #expect(Points(halves: -1).description == "-0.5")
        #expect(Score("87.5")!.text(places: 2) == "87.50")
        #expect(Score("0.005")!.rounded(places: 2) == Score("0.01"), "half away from zero")
        #expect(Score("-0.005")!.rounded(places: 2) == Score("-0.01"))
        #expect(Score(1).scaled(by: 1, over: 3).text(places: 4) == "0.3333")
        #expect(Score(2).scaled(by: 1, over: 3).text(places: 4) == "0.6667")
    }

    @Test func treesAreValidated() throws {
        try Self.tree.validate()
        var bad = Self.tree
        bad.nodes[1].points = Points(19)
        bad.nodes[3].points = Points(21)
        bad.nodes.append(IndicatorNode(code: "3-1", title: "孤儿", points: Points(1), rule: "x"))
        bad.nodes.append(IndicatorNode(code: "1-1", title: "重复", points: Points(1), rule: "x"))
        bad.nodes.append(IndicatorNode(code: "1-a", title: "坏编码", points: Points(1)))
        do {
            try bad.validate()
            Issue.record("expected failure")
        } catch let failure as ValidationFailure {
            let messages = failure.errors.map(\.message).joined(separator: "\n")
            #expect(messages.contains("其下级指标合计"))
            #expect(messages.contains("上级指标“3”不存在"))
            #expect(messages.contains("指标编码“1-1”重复"))
            #expect(messages.contains("格式应为 1、1-1 或 1-1-1"))
            #expect(messages.contains("一级指标合计 51 分,与总分 50 分不符"))
            #expect(!messages.contains("“1-a”的评分标准"), "a malformed code is reported once")
        }
    }

    @Test func aCategoryScoredOutOf50IsNormalisedTo100AndComposed() throws {
        let scheme = ScoringScheme(tree: Self.tree, deskWeight: 80, surveyWeight: 20, adjustmentTypes: Self.adjustments)
        try scheme.validate()
        let input = UnitScoreInput(
            unit: "A办事处", leafScores: ["1-1": Self.p("18.5"), "1-2": Self.p("9"), "2-1": Self.p("16")],
            adjustments: [
                Adjustment(type: "honour", points: Points(1), reason: "省级表彰"),
                Adjustment(type: "honour", points: Points(2), reason: "市级表彰"),
                Adjustment(type: "lost", points: Self.p("0.5"), reason: "一审败诉一件"),
            ],
            survey: Self.s("91.3"))
        let r = try AssessmentScoring.score(input, scheme: scheme)
        #expect(r.nodeScores["1"] == Self.p("27.5"))
        #expect(r.desk == Self.p("43.5"))
        #expect(r.deskNormalized == Score(87))
        #expect(r.bonus == Points(2), "capped at 2")
        #expect(r.deduction == Self.p("0.5"))
        // 87 × 0.8 + 91.3 × 0.2 + 2 − 0.5 = 69.6 + 18.26 + 1.5 = 89.36
        #expect(r.total == Self.s("89.36"))
    }

    @Test func badScoresAreRefusedWithReasons() {
        let scheme = ScoringScheme(tree: Self.tree, deskWeight: 80, surveyWeight: 20)
        let input = UnitScoreInput(unit: "B办事处", leafScores: ["1-1": Points(21), "9-9": Points(1), "2-1": Points(5)])
        do {
            _ = try AssessmentScoring.score(input, scheme: scheme)
            Issue.record("expected failure")
        } catch let failure as ValidationFailure {
            let text = failure.errors.map(\.message).joined(separator: "\n")
            #expect(text.contains("得分 21 不在 0 到 20 之间"))
            #expect(text.contains("“1-2 合法性审查”尚未评分"))
            #expect(text.contains("“9-9”不是本指标体系的末级指标"))
            #expect(text.contains("缺少满意度得分"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    func unit(_ name: String, _ a: String, _ b: String, _ c: String, vetoes: [String] = []) -> UnitScoreInput {
        UnitScoreInput(unit: name, leafScores: ["1-1": Self.p(a), "1-2": Self.p(b), "2-1": Self.p(c)], vetoes: vetoes)
    }

    @Test func rankingSharesTiesUnlessATieBreakerDecides() throws {
        let inputs = [unit("甲", "20", "10", "15"), unit("乙", "15", "10", "20"), unit("丙", "20", "10", "20"), unit("丁", "10", "5", "10")]
        let shared = try AssessmentScoring.results(inputs, scheme: ScoringScheme(tree: Self.tree))
        #expect(shared.map(\.unit) == ["丙", "乙", "甲", "丁"])
        #expect(shared.map(\.rank) == [1, 2, 2, 4])
        let broken = try AssessmentScoring.results(inputs, scheme: ScoringScheme(tree: Self.tree, tieBreakers: ["1"]))
        #expect(broken.map(\.unit) == ["丙", "甲", "乙", "丁"], "甲 has more points in area 1")
        #expect(broken.map(\.rank) == [1, 2, 3, 4])
    }

    /// Worked by hand (#20): desk 65.5 of 84 points at 80%, survey 88.07 at 20%:
    /// 65.5 ÷ 84 × 80 = 62.380952…, 88.07 × 0.2 = 17.614, sum 79.994952… → 79.99 (合格).
    /// Rounding the parts first (77.9762 → 62.3810 + 17.6140 = 79.9950) would publish 80.00 (良好).
    @Test func theTotalIsExactAndRoundedOnce() throws {
        let tree = IndicatorTree(
            year: 2026, category: "department", title: "84 分", version: 1, total: Points(84),
            nodes: [
                IndicatorNode(code: "1", title: "依法行政", goal: "依法", points: Points(84)),
                IndicatorNode(code: "1-1", title: "综合", points: Points(84), rule: "按实际评分"),
            ])
        let scheme = ScoringScheme(tree: tree, deskWeight: 80, surveyWeight: 20)
        let result = try AssessmentScoring.score(
            UnitScoreInput(unit: "甲", leafScores: ["1-1": Self.p("65.5")], survey: Self.s("88.07")), scheme: scheme)
        #expect(result.total == Self.s("79.99"))
        #expect(
            try AssessmentScoring.results(
                [UnitScoreInput(unit: "甲", leafScores: ["1-1": Self.p("65.5")], survey: Self.s("88.07"))],
                scheme: scheme
            ).first?.grade == "合格")
        // Half up at exactly half a cent: 52.5 ÷ 84 × 80 = 50, + 0.025 (survey 0.125 × 20%) = 50.025 → 50.03.
        let half = try AssessmentScoring.score(
            UnitScoreInput(unit: "乙", leafScores: ["1-1": Self.p("52.5")], survey: Self.s("0.125")), scheme: scheme)
        #expect(half.total == Self.s("50.03"))
    }

    /// A vetoed unit ranks after every unit without a veto, whatever its total.
    @Test func aVetoedUnitRanksLast() throws {
        let inputs = [unit("甲", "20", "10", "20", vetoes: ["发生重大违法行政行为"]), unit("乙", "15", "5", "10"), unit("丙", "10", "5", "10")]
        let results = try AssessmentScoring.results(inputs, scheme: ScoringScheme(tree: Self.tree))
        #expect(results.map(\.unit) == ["乙", "丙", "甲"])
        #expect(results.map(\.rank) == [1, 2, 3])
        #expect(results.last?.grade == "不合格")
    }

    @Test func vetoesForceTheLowestGradeAndTheQuotaHolds() throws {
        var grades = GradeScheme.standard
        grades.quota = GradeScheme.Quota(grade: "优秀", maxPercent: 30)
        let scheme = ScoringScheme(tree: Self.tree, grades: grades)
        try scheme.validate()
        // Totals: 100, 96, 96, 92, 84, 70, 50 (out of 100 after normalisation).
        let inputs = [
            unit("U1", "20", "10", "20"), unit("U2", "20", "10", "18"), unit("U3", "18", "10", "20"),
            unit("U4", "20", "8", "18"), unit("U5", "20", "10", "12", vetoes: ["发生重大违法行政行为"]),
            unit("U6", "15", "5", "15"), unit("U7", "10", "5", "10"),
        ]
        let results = try AssessmentScoring.results(inputs, scheme: scheme)
        let byUnit = Dictionary(uniqueKeysWithValues: results.map { ($0.unit, $0) })
        // 30% of 7 units = 2 优秀 at most; U2 and U3 tie for the second place, so both move to 良好.
        #expect(byUnit["U1"]?.grade == "优秀")
        #expect(byUnit["U2"]?.grade == "良好")
        #expect(byUnit["U3"]?.grade == "良好")
        #expect(byUnit["U2"]?.limitedByQuota == true)
        #expect(byUnit["U4"]?.grade == "良好", "92 ≥ 90, but the quota is used up")
        #expect(byUnit["U5"]?.grade == "不合格", "veto")
        #expect(byUnit["U6"]?.grade == "合格")
        #expect(byUnit["U7"]?.grade == "不合格")
        #expect(results.filter { $0.grade == "优秀" }.count <= 2)
    }

    /// Ties at a quota follow the cycle's rule. Same seven units: 30% of 7 = 2 places (2.1 rounded down);
    /// U1 (100) is first, U2 and U3 share the second place with 96 each — U2 has 30 in 依法决策 (1) against
    /// U3's 28, U4 (92) also reached 90.
    @Test func tiesAtTheQuotaFollowTheCyclesRuleAndSayWhy() throws {
        let inputs = [
            unit("U1", "20", "10", "20"), unit("U2", "20", "10", "18"), unit("U3", "18", "10", "20"),
            unit("U4", "20", "8", "18"), unit("U6", "15", "5", "15"), unit("U7", "10", "5", "10"), unit("U8", "10", "5", "10"),
        ]
        func run(_ rule: QuotaTieRule, tieBreakers: [String] = []) throws -> ([String: String], QuotaOutcome) {
            var grades = GradeScheme.standard
            grades.quota = GradeScheme.Quota(grade: "优秀", maxPercent: 30, tieRule: rule)
            let scheme = ScoringScheme(tree: Self.tree, grades: grades, tieBreakers: tieBreakers)
            try scheme.validate()
            let (results, outcome) = try AssessmentScoring.graded(inputs, scheme: scheme)
            return (Dictionary(uniqueKeysWithValues: results.map { ($0.unit, $0.grade) }), try #require(outcome))
        }
        // All out: U2 and U3 both drop, one place stays unused — and the page says so.
        let (out, outOutcome) = try run(.allOut)
        #expect(out["U1"] == "优秀" && out["U2"] == "良好" && out["U3"] == "良好" && out["U4"] == "良好")
        #expect(outOutcome.allowed == 2 && outOutcome.qualified == 4 && outOutcome.awarded == 1 && outOutcome.unusedPlaces == 1)
        #expect(outOutcome.tiedAtLimit.sorted() == ["U2", "U3"])
        #expect(outOutcome.explanation.contains("2 个单位在限额最后名次并列(总分 96.00)") && outOutcome.explanation.contains("1 个名额空缺"))
        // All in: both keep 优秀, one past the quota.
        let (inside, inOutcome) = try run(.allIn)
        #expect(inside["U1"] == "优秀" && inside["U2"] == "优秀" && inside["U3"] == "优秀" && inside["U4"] == "良好")
        #expect(inOutcome.awarded == 3 && inOutcome.overQuota == 1 && inOutcome.explanation.contains("超出限额 1 名"))
        // Tie-breakers: 依法决策 decides for U2; no place unused.
        let (broken, brokenOutcome) = try run(.tieBreakers, tieBreakers: ["1"])
        #expect(broken["U2"] == "优秀" && broken["U3"] == "良好")
        #expect(brokenOutcome.awarded == 2 && brokenOutcome.unusedPlaces == 0 && brokenOutcome.tiedAtLimit.isEmpty)
        // The rule needs tie-breakers to be set.
        var grades = GradeScheme.standard
        grades.quota = GradeScheme.Quota(grade: "优秀", maxPercent: 30, tieRule: .tieBreakers)
        #expect(throws: ValidationFailure.self) { try ScoringScheme(tree: Self.tree, grades: grades).validate() }
        // A scheme saved before the rule existed reads as all out.
        let old = try JSONDecoder().decode(GradeScheme.Quota.self, from: Data(#"{"grade":"优秀","maxPercent":20}"#.utf8))
        #expect(old.tieRule == .allOut)
    }

    @Test func schemesAreChecked() {
        var scheme = ScoringScheme(tree: Self.tree, deskWeight: 70, surveyWeight: 20, tieBreakers: ["1-1"])
        scheme.grades.bands = [
            GradeBand(name: "好", minimum: Score(60)), GradeBand(name: "优", minimum: Score(90)), GradeBand(name: "差", minimum: nil),
        ]
        scheme.grades.vetoGrade = "坏"
        do {
            try scheme.validate()
            Issue.record("expected failure")
        } catch let failure as ValidationFailure {
            let text = failure.errors.map(\.message).joined(separator: "\n")
            #expect(text.contains("权重之和必须为 100%"))
            #expect(text.contains("从高到低"))
            #expect(text.contains("否决等次"))
            #expect(text.contains("不是一级指标"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
