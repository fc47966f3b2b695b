import Foundation

/// 案卷评查: the office draws a random sample of each unit's closed case files and scores each
/// against a checklist out of 100, deducting points with reasons.
public enum CaseFileReview {
    /// One checklist item with the most it may deduct.
    public struct Item: Equatable, Sendable {
        public let key: String
        public let label: String
        public let max: Int
    }

    /// 评查标准 (100 points): the 行政执法案卷评查 headings used across provinces.
    public static let checklist: [Item] = [
        Item(key: "subject", label: "执法主体和执法人员(主体合法、两名以上持证人员)", max: 10),
        Item(key: "facts", label: "事实认定和证据(事实清楚、证据确实充分)", max: 25),
        Item(key: "procedure", label: "执法程序(立案、告知、听证、法制审核、送达)", max: 25),
        Item(key: "law", label: "法律适用和裁量(依据正确、裁量适当)", max: 20),
        Item(key: "documents", label: "执法文书(格式规范、要素齐全)", max: 10),
        Item(key: "archive", label: "立卷归档和全过程记录", max: 10),
    ]

    /// A file's deductions from the form: points per item (whole, 0…the item's max) and a reason
    /// for each item with points off. Returns the score and the deductions kept.
    public static func score(points: [String: String], reasons: [String: String]) throws -> (score: Int, deductions: [Deduction]) {
        var v = Validator()
        var total = 100
        var kept: [Deduction] = []
        for item in checklist {
            let raw = (points[item.key] ?? "").trimmingCharacters(in: .whitespaces)
            if raw.isEmpty || raw == "0" { continue }
            guard let n = Int(raw), (0...item.max).contains(n) else {
                v.add("points.\(item.key)", "“\(item.label)”的扣分应为 0 到 \(item.max) 的整数")
                continue
            }
            let reason = (reasons[item.key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if reason.isEmpty { v.add("reasons.\(item.key)", "“\(item.label)”扣 \(n) 分,请写明扣分理由") }
            if reason.count > 500 { v.add("reasons.\(item.key)", "扣分理由不能超过 500 个字符") }
            total -= n
            kept.append(Deduction(key: item.key, points: n, reason: reason))
        }
        try v.check()
        return (total, kept)
    }

    public struct Deduction: Codable, Equatable, Sendable {
        public let key: String
        public let points: Int
        public let reason: String
    }

    /// The sample: `count` distinct positions in 0..<`population` (a unit's closed files in number
    /// order), drawn by Floyd's algorithm driven by `seed`, in ascending order. The same seed and
    /// population size give the same positions on any machine and Swift version (no library
    /// shuffle), so the draw can be repeated and checked — and only the drawn rows are read.
    public static func positions(population: Int, count: Int, seed: UInt64) -> [Int] {
        let n = max(population, 0), k = min(max(count, 0), n)
        var rng = SeededGenerator(seed: seed)
        var chosen = Set<Int>()
        for j in (n - k)..<n {
            let t = Int(rng.next() % UInt64(j + 1))
            chosen.insert(chosen.contains(t) ? j : t)
        }
        return chosen.sorted()
    }

    /// Each unit's own seed from the review's: FNV-1a of the unit's code mixed in, so units draw
    /// independently and the same review seed always gives each unit the same sample.
    public static func unitSeed(_ seed: UInt64, code: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in code.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        return seed ^ h
    }
}
