import Foundation

/// 指标的计量方式: a rate (numerator ÷ denominator), a count, or an average per person.
public enum MetricKind: String, Codable, Sendable {
    case rate
    case count
    /// numerator in tenths (of an hour), over the denominator's people.
    case average
}

/// 指标目录 one metric a register publishes: what it counts, in words, and where it belongs in the
/// seed plan. Values come from the register (`MetricValue`); the catalogue lists them all.
public struct MetricDefinition: Equatable, Sendable {
    /// Stable code, `<register>.<key>`: `oversight.suggestionOnTime`.
    public let code: String
    public let name: String
    public let kind: MetricKind
    /// 分子 and 分母 in words (分母 empty for a count).
    public let numerator: String
    public let denominator: String
    /// 计量单位 of what is counted: 件, 次, 人, 学时.
    public let unit: String
    /// The seed plan's arrangement (一 … 十一) the metric measures.
    public let arrangement: String
    /// 口径 as the register states it.
    public let definition: String
    /// Whether only the district has a value (a catalogue, a clean-up round): units show none.
    public let districtOnly: Bool
    /// The register's page that opens the counted records, `{year}` and `{unit}` (`&unit=<code>` or
    /// nothing) filled in: `/oversight/indicators?year={year}`.
    public let page: String
    /// The register it counts, when not the publishing module's own (规范性文件 counted beside 重大行政决策).
    public let register: String?
    /// Whether more is better (按时率) or less (纠错率, 逾期件数): how units rank and a target is met.
    public let higherIsBetter: Bool

    public init(
        code: String, name: String, kind: MetricKind = .rate, numerator: String, denominator: String, unit: String = "件", arrangement: String,
        definition: String, districtOnly: Bool = false, page: String = "", register: String? = nil, higherIsBetter: Bool = true
    ) {
        self.code = code; self.name = name; self.kind = kind; self.numerator = numerator; self.denominator = denominator; self.unit = unit
        self.arrangement = arrangement; self.definition = definition; self.districtOnly = districtOnly; self.page = page; self.register = register
        self.higherIsBetter = higherIsBetter
    }

    /// The page for a year and a unit code (nil: the district).
    public func href(year: Int, unit: String?) -> String {
        page.replacingOccurrences(of: "{year}", with: String(year)).replacingOccurrences(of: "{unit}", with: unit.map { "&unit=\($0)" } ?? "")
    }

    /// 方案工作安排 in order (三 before 十一), then 督办 (tasks and problems across every arrangement).
    public static let arrangements = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "督办"]
}

/// One metric's value for a unit or the district.
public struct MetricValue: Equatable, Sendable {
    public let kind: MetricKind
    public var numerator: Int
    public var denominator: Int

    public init(kind: MetricKind, numerator: Int, denominator: Int) {
        self.kind = kind; self.numerator = numerator; self.denominator = denominator
    }

    public static func rate(_ r: CaseRate) -> MetricValue { MetricValue(kind: .rate, numerator: r.numerator, denominator: r.denominator) }

    /// Sums of numerators and of denominators: the district's value from its units'.
    public mutating func add(_ o: MetricValue) {
        numerator += o.numerator
        denominator += o.denominator
    }

    /// What a cell shows: `12/15(80.0%)`, `8 次`, `14.5 学时`; `—` when nothing counted.
    public func text(unit: String = "次") -> String {
        switch kind {
        case .count: return "\(numerator) \(unit)"
        case .rate:
            guard denominator > 0 else { return "—" }
            return "\(numerator)/\(denominator)(\(Self.percent(numerator, denominator)))"
        case .average:
            guard denominator > 0 else { return "—" }
            let tenths = (numerator + denominator / 2) / denominator
            return "\(tenths / 10).\(tenths % 10) \(unit)"
        }
    }

    /// The value for the API: the rate (0…1), the count, or the average; nil when nothing counted.
    public var value: Double? {
        switch kind {
        case .count: Double(numerator)
        case .rate: denominator == 0 ? nil : Double(numerator) / Double(denominator)
        case .average: denominator == 0 ? nil : Double(numerator) / 10 / Double(denominator)
        }
    }

    /// One decimal, rounded half up, in integers.
    static func percent(_ n: Int, _ d: Int) -> String {
        let thousandths = (n * 1000 * 2 + d) / (2 * d)
        return "\(thousandths / 10).\(thousandths % 10)%"
    }
}

/// 目标值 a metric's target for a year, held as an integer by the metric's kind: a rate in per mille
/// (95.5% → 955), an average in tenths (40 学时 → 400), a count as it is.
public enum MetricTarget {
    /// `95`, `95.5` (a rate, in per cent: 0–100), `40`, `40.5` (an average), `3` (a count); nil otherwise.
    public static func parse(_ text: String, kind: MetricKind) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "%", with: "")
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 7, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
            let whole = Int(parts[0])
        else { return nil }
        var tenth = 0
        if parts.count == 2 {
            guard parts[1].count == 1, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let d = Int(parts[1]) else { return nil }
            tenth = d
        }
        switch kind {
        case .rate:
            let perMille = whole * 10 + tenth
            return perMille <= 1000 ? perMille : nil
        case .average: return whole * 10 + tenth
        case .count: return parts.count == 1 ? whole : nil
        }
    }

    /// `95.5%`, `40 学时`, `3 件`.
    public static func text(_ target: Int, kind: MetricKind, unit: String) -> String {
        switch kind {
        case .rate: target % 10 == 0 ? "\(target / 10)%" : "\(target / 10).\(target % 10)%"
        case .average: (target % 10 == 0 ? "\(target / 10)" : "\(target / 10).\(target % 10)") + " \(unit)"
        case .count: "\(target) \(unit)"
        }
    }

    /// Whether the value reaches the target (at least it, or at most it when less is better); nil
    /// when nothing was counted. Compared in integers: numerator × 1000 against target × denominator.
    public static func met(_ v: MetricValue, target: Int, higherIsBetter: Bool) -> Bool? {
        let (left, right): (Int, Int)
        switch v.kind {
        case .count: (left, right) = (v.numerator, target)
        case .rate:
            guard v.denominator > 0 else { return nil }
            (left, right) = (v.numerator * 1000, target * v.denominator)
        case .average:
            guard v.denominator > 0 else { return nil }
            (left, right) = (v.numerator, target * v.denominator)
        }
        return higherIsBetter ? left >= right : left <= right
    }
}

extension MetricValue {
    /// For ordering units: the value as a fraction in integers (count: n/1), nil when nothing counted.
    public var ratio: (Int, Int)? {
        switch kind {
        case .count: (numerator, 1)
        case .rate, .average: denominator > 0 ? (numerator, denominator) : nil
        }
    }

    /// Whether `self` is better than `other` for a metric where more (or less) is better; values with
    /// nothing counted come last.
    public func better(than other: MetricValue, higherIsBetter: Bool) -> Bool {
        guard let a = ratio else { return false }
        guard let b = other.ratio else { return true }
        let (x, y) = (a.0 * b.1, b.0 * a.1)
        return higherIsBetter ? x > y : x < y
    }
}
