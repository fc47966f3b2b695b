/// New register numbers for grown copies: `PREFIX-YEAR-NNNNN` continues after the highest number of
/// the same prefix and year (`YSQ-2026-00434` → `YSQ-2026-00435` …; wider when it must be).
struct DemoGrowNumbers {
    private var last: [String: Int] = [:]

    init(existing: [String]) {
        for number in existing {
            guard let (prefix, n) = Self.split(number) else { continue }
            last[prefix] = max(last[prefix] ?? 0, n)
        }
    }

    static func split(_ number: String) -> (String, Int)? {
        guard let dash = number.lastIndex(of: "-"), let n = Int(number[number.index(after: dash)...]) else { return nil }
        return (String(number[...dash]), n)
    }

    /// The next number in the series `original` belongs to (or `original-copy` for one outside any series).
    mutating func number(after original: String) -> String {
        guard let (prefix, _) = Self.split(original) else {
            let n = (last[original] ?? 0) + 1
            last[original] = n
            return original + "-" + String(n)
        }
        let n = (last[prefix] ?? 0) + 1
        last[prefix] = n
        let digits = original.count - prefix.count
        return prefix + String(repeating: "0", count: max(0, digits - String(n).count)) + String(n)
    }
}
