// Benchmarks that print their numbers. Run from the repository root: swift run -c release fazhi-bench
// 1. Deadline engine: 1,000,000 due dates over mixed catalogue rules and start dates in 2025–2026,
//    some with pauses and extensions. Target (issue 3): under 1 s on the 2-core machine.
// 2. Assessment scoring: a city-scale cycle of 720 units × 300 leaves — totals, grades and rankings.
//    Target (issue 4): under 1 s.
// 3. The score-matrix workbook of that cycle (units × leaves, .xlsx). Target (issue 4): under 5 s.
import FazhiCore
import FazhiOffice
import Foundation

func load<T: Decodable>(_ path: String, as type: T.Type) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
}

let calendar = try load("Resources/Calendar/cn-2025-2026.json", as: CalendarFile.self).calendar()
let catalogue = try load("Resources/Deadlines/rules.json", as: DeadlineCatalogue.self)
let engine = DeadlineEngine(calendar: calendar)
let ruleIDs = [
    "goi.reply", "goi.clarify", "goi.proactive", "reconsideration.decision", "reconsideration.accept",
    "penalty.decision", "licensing.decision", "deputy.suggestion", "decision.consultation", "decision.legalReview",
]
let rules = ruleIDs.map { catalogue.rule($0)! }

// Build the inputs first, so only the computation is timed.
let count = 1_000_000
var generator = SeededGenerator(seed: 20_261_126)
let first = LocalDate("2025-02-01")!.dayNumber, last = LocalDate("2026-05-31")!.dayNumber
var built: [DeadlineRequest] = []
built.reserveCapacity(count)
for i in 0..<count {
    let rule = rules[i % rules.count]
    let start = LocalDate(dayNumber: Int.random(in: first...last, using: &generator))
    var pauses: [DateRange] = []
    if rule.pausable, i % 4 == 0 {
        let from = start.adding(days: Int.random(in: 1...20, using: &generator))
        pauses = [DateRange(from: from, to: from.adding(days: Int.random(in: 0...14, using: &generator)), reason: "征求意见")]
    }
    let extend = rule.extensionLimit != nil && i % 3 == 0 ? rule.extensionLimit!.max : 0
    built.append(DeadlineRequest(rule: rule, start: start, pauses: pauses, extensionLength: extend))
}
let requests = built

@MainActor func run() throws -> (seconds: Double, checksum: Int) {
    var checksum = 0
    let clock = ContinuousClock()
    let elapsed = try clock.measure {
        for request in requests { checksum &+= try engine.due(request).due.dayNumber }
    }
    return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, checksum)
}

print(
    "deadline engine benchmark: \(count) due dates, \(rules.count) rules, starts 2025-02-01…2026-05-31, 25% of pausable ones paused, 1/3 of extendable ones extended"
)
var timings: [Double] = []
var checksum = 0
for round in 1...5 {
    let (seconds, sum) = try run()
    timings.append(seconds)
    checksum = sum
    print(
        String(
            format: "  round %d: %.3f s  (%.0f ns per due date, %.2f M/s)", round, seconds, seconds * 1e9 / Double(count),
            Double(count) / seconds / 1e6))
}
timings.sort()
print(
    String(
        format: "best %.3f s, median %.3f s, target < 1.000 s: %@  (checksum %d)", timings[0], timings[2],
        timings[2] < 1.0 ? "met" : "NOT MET", checksum))

// The explanation walks day by day on purpose; it is for people, one at a time.
let explainCount = 10_000
let clock = ContinuousClock()
let explainTime = try clock.measure { for request in requests.prefix(explainCount) { _ = try engine.explain(request) } }
print(
    String(
        format: "explain: %d explanations in %.3f s (%.1f µs each)", explainCount,
        Double(explainTime.components.attoseconds) / 1e18 + Double(explainTime.components.seconds),
        (Double(explainTime.components.attoseconds) / 1e18 + Double(explainTime.components.seconds)) * 1e6 / Double(explainCount)))

// MARK: - Assessment scoring: 720 units × 300 leaves

/// A synthetic 300-leaf tree: 10 areas × 6 groups × 5 leaves of half a point (150 points in all).
func syntheticTree() -> IndicatorTree {
    var nodes: [IndicatorNode] = []
    for a in 1...10 {
        nodes.append(IndicatorNode(code: "\(a)", title: "一级\(a)", goal: "目标", points: Points(15)))
        for g in 1...6 {
            nodes.append(IndicatorNode(code: "\(a)-\(g)", title: "二级\(a)-\(g)", points: Points(halves: 5)))
            for l in 1...5 {
                nodes.append(IndicatorNode(code: "\(a)-\(g)-\(l)", title: "三级", points: Points(halves: 1), rule: "扣分标准"))
            }
        }
    }
    return IndicatorTree(year: 2026, category: "city", title: "市级指标体系", version: 1, total: Points(150), nodes: nodes)
}

let tree = syntheticTree()
try tree.validate()
var grades = GradeScheme.standard
grades.quota = GradeScheme.Quota(grade: "优秀", maxPercent: 30)
let scheme = ScoringScheme(
    tree: tree, deskWeight: 80, surveyWeight: 20,
    adjustmentTypes: [
        AdjustmentType(code: "bonus", name: "加分", kind: .bonus, cap: Points(3)),
        AdjustmentType(code: "minus", name: "扣分", kind: .deduction, cap: Points(5)),
    ],
    grades: grades, tieBreakers: ["1", "2"])
try scheme.validate()
var scoreGenerator = SeededGenerator(seed: 720)
let leaves = tree.leaves
let units: [UnitScoreInput] = (0..<720).map { u in
    var scores: [String: Points] = [:]
    for leaf in leaves { scores[leaf.code] = Points(halves: Int.random(in: 0...100, using: &scoreGenerator) < 85 ? leaf.points.halves : 0) }
    let adjustments =
        u % 5 == 0
        ? [Adjustment(type: "bonus", points: Points(1), reason: "表彰"), Adjustment(type: "minus", points: Points(halves: 1), reason: "败诉")] : []
    return UnitScoreInput(
        unit: "单位\(u)", leafScores: scores, adjustments: adjustments,
        survey: Score(units: Int64.random(in: 600_000...1_000_000, using: &scoreGenerator)),
        vetoes: u % 97 == 0 ? ["一票否决"] : [])
}
print(
    "assessment scoring benchmark: \(units.count) units × \(leaves.count) leaves (\(tree.nodes.count) nodes), composition 80/20, caps, quota, vetoes, tie-breakers"
)
var scoringTimes: [Double] = []
var excellent = 0
for round in 1...5 {
    let start = ContinuousClock.now
    let results = try AssessmentScoring.results(units, scheme: scheme)
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    scoringTimes.append(seconds)
    excellent = results.filter { $0.grade == "优秀" }.count
    print(String(format: "  round %d: %.3f s", round, seconds))
}
scoringTimes.sort()
print(
    String(
        format: "best %.3f s, median %.3f s, target < 1.000 s: %@  (%d 优秀 of %d)", scoringTimes[0], scoringTimes[2],
        scoringTimes[2] < 1.0 ? "met" : "NOT MET", excellent, units.count))

// MARK: - Score-matrix workbook: 720 rows × (8 + 300 leaves) columns

let matrixResults = try AssessmentScoring.results(units, scheme: scheme)
let header: [XLSX.Cell] = ["排名", "单位", "总分", "等次", "书面审核", "满意度", "加分", "扣分"].map(XLSX.Cell.text) + leaves.map { .text($0.code) }
let matrixRows: [[XLSX.Cell]] =
    [header]
    + matrixResults.map { r in
        [
            .number("\(r.rank)"), .text(r.unit), .number(r.total.text(places: 2)), .text(r.grade), .number(r.deskNormalized.text(places: 2)),
            .number(r.survey?.text(places: 2) ?? "0"), .number(r.bonus.description), .number(r.deduction.description),
        ]
            + leaves.map { .number(r.nodeScores[$0.code]?.description ?? "0") }
    }
print("score-matrix workbook benchmark: \(matrixRows.count - 1) units × \(leaves.count) leaves (\(matrixRows.count * header.count) cells)")
var workbookTimes: [Double] = []
var workbookBytes = 0
for round in 1...3 {
    let start = ContinuousClock.now
    let data = try XLSX.write([XLSX.Sheet(name: "成绩表", rows: matrixRows)])
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    workbookTimes.append(seconds)
    workbookBytes = data.count
    print(String(format: "  round %d: %.3f s", round, seconds))
}
workbookTimes.sort()
print(
    String(
        format: "best %.3f s, median %.3f s, target < 5.000 s: %@  (%d KB)", workbookTimes[0], workbookTimes[1],
        workbookTimes[1] < 5.0 ? "met" : "NOT MET", workbookBytes / 1024))
