// Deadline engine benchmark: 1,000,000 due dates over mixed catalogue rules and start dates in
// 2025–2026, some with pauses and extensions. Target (issue 3): under 1 s on the 2-core machine,
// release build. Run: swift run -c release fazhi-bench   (from the repository root)
import FazhiCore
import Foundation

func load<T: Decodable>(_ path: String, as type: T.Type) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
}

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

let calendar = try load("Resources/Calendar/cn-2025-2026.json", as: CalendarFile.self).calendar()
let catalogue = try load("Resources/Deadlines/rules.json", as: DeadlineCatalogue.self)
let engine = DeadlineEngine(calendar: calendar)
let ruleIDs = ["goi.reply", "goi.clarify", "goi.proactive", "reconsideration.decision", "reconsideration.accept",
               "penalty.decision", "licensing.decision", "deputy.suggestion", "decision.consultation", "decision.legalReview"]
let rules = ruleIDs.map { catalogue.rule($0)! }

// Build the inputs first, so only the computation is timed.
let count = 1_000_000
var generator = SplitMix(state: 20_261_126)
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

print("deadline engine benchmark: \(count) due dates, \(rules.count) rules, starts 2025-02-01…2026-05-31, 25% of pausable ones paused, 1/3 of extendable ones extended")
var timings: [Double] = []
var checksum = 0
for round in 1...5 {
    let (seconds, sum) = try run()
    timings.append(seconds)
    checksum = sum
    print(String(format: "  round %d: %.3f s  (%.0f ns per due date, %.2f M/s)", round, seconds, seconds * 1e9 / Double(count),
                 Double(count) / seconds / 1e6))
}
timings.sort()
print(String(format: "best %.3f s, median %.3f s, target < 1.000 s: %@  (checksum %d)", timings[0], timings[2],
             timings[2] < 1.0 ? "met" : "NOT MET", checksum))

// The explanation walks day by day on purpose; it is for people, one at a time.
let explainCount = 10_000
let clock = ContinuousClock()
let explainTime = try clock.measure { for request in requests.prefix(explainCount) { _ = try engine.explain(request) } }
print(String(format: "explain: %d explanations in %.3f s (%.1f µs each)", explainCount,
             Double(explainTime.components.attoseconds) / 1e18 + Double(explainTime.components.seconds),
             (Double(explainTime.components.attoseconds) / 1e18 + Double(explainTime.components.seconds)) * 1e6 / Double(explainCount)))
