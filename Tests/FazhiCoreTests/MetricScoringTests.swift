import Foundation
import Testing
@testable import FazhiCore

/// 系统计分: the three scoring rules of a leaf bound to a register metric, at their edges, and the
/// rule text the office writes (read back, refused with a reason).
@Suite struct MetricScoringTests {
    let onTime = MetricInfo(name: "依申请公开按时答复率", kind: .rate, unit: "件", higherIsBetter: true)
    let correction = MetricInfo(name: "复议纠错率", kind: .rate, unit: "件", higherIsBetter: false)
    let overdue = MetricInfo(name: "逾期未完成任务", kind: .count, unit: "项", higherIsBetter: false)
    let meetings = MetricInfo(name: "会前学法次数", kind: .count, unit: "次", higherIsBetter: true)
    let hours = MetricInfo(name: "人均学法学时", kind: .average, unit: "学时", higherIsBetter: true)

    func rule(_ text: String, _ info: MetricInfo, max: Points) throws -> MetricRule {
        try MetricRule.parse(text, info: info, max: max).get()
    }

    func score(_ text: String, _ info: MetricInfo, max: Int = 5, _ n: Int, _ d: Int) throws -> Points {
        let r = try rule(text, info, max: Points(max))
        return MetricScoring.score(r, value: MetricValue(kind: info.kind, numerator: n, denominator: d), info: info, max: Points(max)).points
    }

    @Test func deductionTakesPerMissAndStopsAtTheCapOrTheLeaf() throws {
        // 12 of 15 on time: 3 late × 1 = 3 off 5.
        #expect(try score("每项扣 1 分", onTime, 12, 15) == Points(2))
        #expect(try score("每项扣1分", onTime, 15, 15) == Points(5))
        // 0.5 per miss: 3 misses = 1.5.
        #expect(try score("每件扣0.5分", onTime, 12, 15) == Points("3.5"))
        // Never below zero: 9 misses × 1 against 5 points.
        #expect(try score("每项扣 1 分", onTime, 1, 10) == .zero)
        // The cap: 最多扣 3 分.
        #expect(try score("每项扣 1 分,最多扣 3 分", onTime, 1, 10) == Points(2))
        #expect(try score("每项扣 1 分,最多扣 3 分", onTime, 13, 15) == Points(3))
        // Where less is better the misses are the numerator: 2 overdue tasks × 0.5.
        #expect(try score("每项扣 0.5 分", overdue, 2, 0) == Points(4))
        #expect(try score("每项扣 0.5 分", overdue, 0, 0) == Points(5))
        // A rate where less is better: 2 corrected of 10 cost 2 × 1.
        #expect(try score("每项扣 1 分", correction, 2, 10) == Points(3))
        // A count so large the product would overflow still stops at the leaf's points.
        #expect(try score("每项扣 1 分", overdue, Int.max / 2, 0) == .zero)
    }

    @Test func bandsGiveTheFirstBandReachedAtItsEdge() throws {
        let text = "分档 ≥100%:2;≥95%:1.5;≥90%:1;≥85%:0.5"
        #expect(try score(text, onTime, max: 2, 20, 20) == Points(2))
        // 19/20 = 95.0% is exactly the second band's edge; 189/200 = 94.5% is below it.
        #expect(try score(text, onTime, max: 2, 19, 20) == Points("1.5"))
        #expect(try score(text, onTime, max: 2, 189, 200) == Points(1))
        #expect(try score(text, onTime, max: 2, 9, 10) == Points(1))
        #expect(try score(text, onTime, max: 2, 17, 20) == Points("0.5"))
        #expect(try score(text, onTime, max: 2, 169, 200) == .zero)
        // Counts: 6 meetings or more full, one band per meeting fewer.
        let count = "分档 ≥6:3;≥5:2.5;≥4:2"
        #expect(try score(count, meetings, max: 3, 7, 0) == Points(3))
        #expect(try score(count, meetings, max: 3, 6, 0) == Points(3))
        #expect(try score(count, meetings, max: 3, 5, 0) == Points("2.5"))
        #expect(try score(count, meetings, max: 3, 3, 0) == .zero)
        // Less is better: at most 5% full, at most 10% two points.
        let low = "分档 ≤5%:3;≤10%:2"
        #expect(try score(low, correction, max: 3, 1, 20) == Points(3))
        #expect(try score(low, correction, max: 3, 2, 20) == Points(2))
        #expect(try score(low, correction, max: 3, 3, 20) == .zero)
        // Averages in tenths: 40 学时 per person.
        #expect(try score("分档 ≥40:2;≥30:1", hours, max: 2, 4000, 10) == Points(2))
        #expect(try score("分档 ≥40:2;≥30:1", hours, max: 2, 3999, 10) == Points(1))
    }

    @Test func ratioRoundsDownToHalfAPoint() throws {
        // 2/3 × 5 = 3.33 → 3; 9/10 × 5 = 4.5; 19/20 × 5 = 4.75 → 4.5.
        #expect(try score("按比例", onTime, 2, 3) == Points(3))
        #expect(try score("按比例", onTime, 9, 10) == Points("4.5"))
        #expect(try score("按比例", onTime, 19, 20) == Points("4.5"))
        #expect(try score("按比例", onTime, 20, 20) == Points(5))
        #expect(try score("按比例", onTime, 0, 20) == .zero)
        // Less is better: the share not counted.
        #expect(try score("按比例", correction, 1, 10) == Points("4.5"))
    }

    @Test func nothingCountedEarnsTheFullPointsAndSaysSo() throws {
        for text in ["按比例", "每项扣 1 分", "分档 ≥100%:5;≥90%:3"] {
            let r = try rule(text, onTime, max: Points(5))
            let s = MetricScoring.score(r, value: MetricValue(kind: .rate, numerator: 0, denominator: 0), info: onTime, max: Points(5))
            #expect(s.points == Points(5))
            #expect(s.explanation.contains("无应计事项"))
        }
        let r = try rule("每项扣 1 分", onTime, max: Points(5))
        let s = MetricScoring.score(r, value: MetricValue(kind: .rate, numerator: 12, denominator: 15), info: onTime, max: Points(5))
        #expect(s.explanation == "12/15(80.0%),缺 3 件 × 1 分,扣 3 分,得 2 分")
    }

    @Test func rulesReadBackAsWrittenAndBadOnesSayWhy() throws {
        #expect(try rule("分档 >=95%:2;>=90%:1", onTime, max: Points(2)).text(info: onTime) == "分档 ≥95%:2;≥90%:1")
        #expect(try rule("每项扣0.5分,最多扣3分", onTime, max: Points(5)).text(info: onTime) == "每项扣 0.5 分,最多扣 3 分")
        #expect(try rule("比例", onTime, max: Points(5)) == .ratio)
        func refusal(_ text: String, _ info: MetricInfo, max: Int = 5) -> String? {
            if case .failure(let e) = MetricRule.parse(text, info: info, max: Points(max)) { return e.message }
            return nil
        }
        #expect(refusal("", onTime)?.contains("请填写计分规则") == true)
        #expect(refusal("看情况", onTime)?.contains("无法识别") == true)
        #expect(refusal("按比例", overdue)?.contains("只适用于比率") == true)
        #expect(refusal("每项扣 1 分", meetings)?.contains("请用“分档”") == true)
        #expect(refusal("每项扣 0.3 分", onTime)?.contains("0.5 的整数倍") == true)
        #expect(refusal("每项扣 6 分", onTime)?.contains("超过该指标分值") == true)
        #expect(refusal("每项扣 1 分,最多扣 9 分", onTime)?.contains("扣分上限") == true)
        #expect(refusal("分档 ≥90%:1;≥95%:2", onTime)?.contains("逐档递减") == true)
        #expect(refusal("分档 ≥95%:9", onTime)?.contains("0 到 5") == true)
        #expect(refusal("分档 ≥120%:1", onTime)?.contains("应写作") == true)
        #expect(refusal("分档 ≥5%:3", correction)?.contains("越低越好") == true)
        #expect(refusal("分档", onTime)?.contains("至少需要一档") == true)
    }

    @Test func aTreeChecksItsBindingsAgainstTheCatalogue() throws {
        let metrics = [
            "goi.onTime": onTime, "decision.catalogue": MetricInfo(name: "目录", kind: .rate, unit: "件", higherIsBetter: true, districtOnly: true),
        ]
        func tree(_ binding: MetricBinding?, on code: String = "1-1") -> IndicatorTree {
            IndicatorTree(
                year: 2026, category: "department", title: "t", version: 1, total: Points(5),
                nodes: [
                    IndicatorNode(code: "1", title: "a", goal: "g", points: Points(5), metric: code == "1" ? binding : nil),
                    IndicatorNode(code: "1-1", title: "b", points: Points(5), rule: "r", metric: code == "1-1" ? binding : nil),
                ])
        }
        try tree(MetricBinding(metric: "goi.onTime", rule: "每项扣 1 分")).validate(metrics: metrics)
        #expect(tree(MetricBinding(metric: "goi.onTime", rule: "每项扣 1 分")).boundLeaves.map(\.code) == ["1-1"])
        func messages(_ t: IndicatorTree) -> [String] {
            do { try t.validate(metrics: metrics); return [] } catch let f as ValidationFailure { return f.errors.map(\.message) } catch { return [] }
        }
        #expect(messages(tree(MetricBinding(metric: "goi.nothing", rule: "按比例"))).contains { $0.contains("不在指标目录中") })
        #expect(messages(tree(MetricBinding(metric: "decision.catalogue", rule: "按比例"))).contains { $0.contains("只统计全区") })
        #expect(messages(tree(MetricBinding(metric: "goi.onTime", rule: "随意"))).contains { $0.contains("1-1") && $0.contains("无法识别") })
        #expect(messages(tree(MetricBinding(metric: "goi.onTime", rule: "按比例"), on: "1")).contains { $0.contains("只有末级指标") })
    }

    @Test func theExcelColumnsCarryTheBinding() throws {
        var node = IndicatorNode(code: "1", title: "a", goal: "g", points: Points(5), rule: "r")
        node.metric = MetricBinding(metric: "goi.onTime", rule: "每项扣 1 分")
        let rows = [TreeRows.headers + TreeRows.bindingHeaders, TreeRows.fields(of: node)]
        let read = try TreeRows.nodes(from: rows)
        #expect(read.first?.metric == node.metric)
        #expect(read.first?.source == .register, "a bound leaf is scored from the register")
        // Files made before the two columns existed still read.
        #expect(try TreeRows.nodes(from: [TreeRows.headers, Array(TreeRows.fields(of: node).prefix(8))]).first?.metric == nil)
    }
}
