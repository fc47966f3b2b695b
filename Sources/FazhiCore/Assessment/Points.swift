/// 分值 points of an indicator or a leaf score: whole and half points only, held as an integer
/// count of half-points so that no sum can drift (never binary floating point).
public struct Points: Hashable, Comparable, Sendable, CustomStringConvertible, AdditiveArithmetic {
    public let halves: Int

    public init(halves: Int) { self.halves = halves }

    public static let zero = Points(halves: 0)

    /// The largest number of whole points parsed from text (a million: far above any tree's 100 or
    /// 1000, far below any overflow when summed over every leaf and unit).
    public static let maximumWhole = 1_000_000

    /// `"2"`, `"2.5"`, `"0.5"`; anything finer than half a point (or not a number) is nil.
    public init?(_ text: String) {
        let t = text.trimmed
        let negative = t.hasPrefix("-")
        let body = negative ? String(t.dropFirst()) : t
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        // Whole points beyond `Points.maximumWhole` are no score any tree or ledger can hold: refused
        // before the arithmetic, so no number from outside can overflow a sum.
        guard (1...2).contains(parts.count), parts[0].count <= 9, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
            let whole = Int(parts[0]), (0...Points.maximumWhole).contains(whole)
        else { return nil }
        var halves = whole * 2
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].count <= 9, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            switch String(parts[1].reversed().drop { $0 == "0" }.reversed()) {
            case "": break
            case "5": halves += 1
            default: return nil
            }
        }
        self.halves = negative ? -halves : halves
    }

    public init(_ whole: Int) { halves = whole * 2 }

    public var description: String {
        let sign = halves < 0 ? "-" : "", h = abs(halves)
        return h % 2 == 0 ? "\(sign)\(h / 2)" : "\(sign)\(h / 2).5"
    }

    public var score: Score { Score(units: Int64(halves) * Score.scale / 2) }

    public static func < (a: Points, b: Points) -> Bool { a.halves < b.halves }
    public static func + (a: Points, b: Points) -> Points { Points(halves: a.halves + b.halves) }
    public static func - (a: Points, b: Points) -> Points { Points(halves: a.halves - b.halves) }
}

extension Points: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self), (-Points.maximumWhole...Points.maximumWhole).contains(number) {
            self.init(number)
            return
        }
        let text = (try? container.decode(String.self)) ?? (try? container.decode(Double.self)).map { "\($0)" } ?? ""
        guard let points = Points(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "分值须为 0.5 的整数倍:\(text)"))
        }
        self = points
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if halves % 2 == 0 { try container.encode(halves / 2) } else { try container.encode(Double(halves) / 2) }
    }
}

/// 得分 a computed score (weighted, normalised, totalled): fixed-point with four decimals in an
/// integer, rounded half away from zero at every division, so results are exact and repeatable.
public struct Score: Hashable, Comparable, Sendable, CustomStringConvertible, AdditiveArithmetic {
    public static let scale: Int64 = 10_000
    public let units: Int64

    public init(units: Int64) { self.units = units }

    public init(_ whole: Int) { units = Int64(whole) * Self.scale }

    public static let zero = Score(units: 0)

    /// Parses `"87.25"` (up to four decimals).
    public init?(_ text: String) {
        let t = text.trimmed
        let negative = t.hasPrefix("-")
        let parts = (negative ? String(t.dropFirst()) : t).split(separator: ".", omittingEmptySubsequences: false)
        // At most nine digits before the point: no score from outside can overflow the fixed point.
        guard (1...2).contains(parts.count), (1...9).contains(parts[0].count), parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
            let whole = Int64(parts[0])
        else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            guard (1...4).contains(parts[1].count), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
                let f = Int64(parts[1] + String(repeating: "0", count: 4 - parts[1].count))
            else { return nil }
            fraction = f
        }
        let value = whole * Self.scale + fraction
        units = negative ? -value : value
    }

    /// `self × numerator ÷ denominator`, rounded half away from zero to four decimals.
    public func scaled(by numerator: Int64, over denominator: Int64) -> Score {
        Score(units: Self.divideRounded(units * numerator, denominator))
    }

    /// Rounded to `places` decimals (0…4), half away from zero: how totals are published.
    public func rounded(places: Int) -> Score {
        let step = Int64(pow10(4 - places))
        return Score(units: Self.divideRounded(units, step) * step)
    }

    static func divideRounded(_ a: Int64, _ b: Int64) -> Int64 {
        precondition(b != 0, "division by zero")
        let q = a / b, r = a % b
        guard r != 0 else { return q }
        let away = (abs(r) * 2 >= abs(b))
        return away ? q + ((a < 0) != (b < 0) ? -1 : 1) : q
    }

    private func pow10(_ n: Int) -> Int { (0..<n).reduce(1) { acc, _ in acc * 10 } }

    /// Text with exactly `places` decimals, e.g. `87.50`.
    public func text(places: Int = 2) -> String {
        let r = rounded(places: places).units
        let sign = r < 0 ? "-" : ""
        let whole = abs(r) / Self.scale
        guard places > 0 else { return "\(sign)\(whole)" }
        let fraction = String(abs(r) % Self.scale + Self.scale).dropFirst().prefix(places)
        return "\(sign)\(whole).\(fraction)"
    }

    public var description: String { text(places: 2) }

    public static func < (a: Score, b: Score) -> Bool { a.units < b.units }
    public static func + (a: Score, b: Score) -> Score { Score(units: a.units + b.units) }
    public static func - (a: Score, b: Score) -> Score { Score(units: a.units - b.units) }
}

extension Score: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self), (-Points.maximumWhole...Points.maximumWhole).contains(number) {
            self.init(number)
            return
        }
        let text = try container.decode(String.self)
        guard let score = Score(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "分数格式有误:\(text)"))
        }
        self = score
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text(places: 4))
    }
}
