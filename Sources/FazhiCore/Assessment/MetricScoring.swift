import Foundation
/// 关联指标 a leaf scored by the system from a register metric: which metric, and the scoring rule
/// in the words the office writes it (the tree page, the Excel column and the JSON all hold this text):
///
/// - `按比例` — numerator ÷ denominator × the leaf's points, rounded down to half a point (rates);
/// - `每项扣 0.5 分` (`,最多扣 3 分`) — for each miss (a rate's denominator − numerator, or the count
///   of a metric where less is better), at most the cap or the leaf's points;
/// - `分档 ≥100%:2;≥95%:1.5;≥90%:1` — the first band the value reaches gives its points, below
///   every band 0 (`≤` bands for metrics where less is better: `分档 ≤5%:3;≤10%:2`).
public struct MetricBinding: Codable, Equatable, Sendable {
    /// The metric's code in the catalogue: `goi.onTime`.
    public var metric: String
    /// 计分规则 as text (see the type's note).
    public var rule: String

    public init(metric: String, rule: String) {
        self.metric = metric
        self.rule = rule
    }
}

/// What the tree check needs to know of a metric the leaf names.
public struct MetricInfo: Equatable, Sendable {
    public let name: String
    public let kind: MetricKind
    public let unit: String
    public let higherIsBetter: Bool
    public let districtOnly: Bool

    public init(name: String, kind: MetricKind, unit: String, higherIsBetter: Bool, districtOnly: Bool = false) {
        self.name = name; self.kind = kind; self.unit = unit; self.higherIsBetter = higherIsBetter; self.districtOnly = districtOnly
    }

    public init(_ d: MetricDefinition) {
        self.init(name: d.name, kind: d.kind, unit: d.unit, higherIsBetter: d.higherIsBetter, districtOnly: d.districtOnly)
    }
}

/// 计分规则, parsed.
public enum MetricRule: Equatable, Sendable {
    /// One band: a value at least (or, where less is better, at most) `threshold` earns `points`.
    /// `threshold` is held as `MetricTarget` holds a target: a rate in per mille, an average in tenths.
    public struct Band: Equatable, Sendable {
        public let threshold: Int
        public let points: Points

        public init(threshold: Int, points: Points) {
            self.threshold = threshold
            self.points = points
        }
    }

    case ratio
    case deduction(perItem: Points, cap: Points?)
    case bands([Band])

    /// Reads the office's text for a metric of `info` on a leaf worth `max`; the error names what is wrong.
    public static func parse(_ text: String, info: MetricInfo, max: Points) -> Result<MetricRule, FieldError> {
        func fail(_ message: String) -> Result<MetricRule, FieldError> { .failure(FieldError("metricRule", message)) }
        let t = text.trimmed.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "：", with: ":")
            .replacingOccurrences(of: "，", with: ",").replacingOccurrences(of: "；", with: ";").replacingOccurrences(of: ">=", with: "≥")
            .replacingOccurrences(of: "<=", with: "≤")
        if t.isEmpty { return fail("请填写计分规则,如“按比例”“每项扣 0.5 分”或“分档 ≥100%:2;≥90%:1”") }
        if t == "按比例" || t == "比例" {
            guard info.kind == .rate else { return fail("“按比例”只适用于比率类指标,“\(info.name)”是\(info.kind == .count ? "计数" : "人均")指标") }
            return .success(.ratio)
        }
        if t.hasPrefix("每") {
            // 每项扣0.5分 / 每件扣1分,最多扣3分
            let parts = t.split(separator: ",", omittingEmptySubsequences: true).map(String.init)
            guard let first = parts.first, let per = number(after: "扣", in: first), let perItem = Points(per), perItem.halves > 0 else {
                return fail("按件扣分的规则应写作“每项扣 0.5 分”(可加“,最多扣 3 分”),分值为 0.5 的整数倍")
            }
            if info.kind == .average || (info.kind == .count && info.higherIsBetter) {
                return fail("“\(info.name)”没有可逐项扣分的缺项,请用“分档”规则")
            }
            var cap: Points?
            if parts.count > 1 {
                guard parts.count == 2, parts[1].hasPrefix("最多扣"), let c = number(after: "扣", in: parts[1]), let value = Points(c), value.halves > 0
                else {
                    return fail("扣分上限应写作“,最多扣 3 分”")
                }
                cap = value
            }
            if let cap, cap > max { return fail("扣分上限 \(cap) 分超过该指标分值 \(max) 分") }
            if perItem > max { return fail("每项扣分 \(perItem) 分超过该指标分值 \(max) 分") }
            return .success(.deduction(perItem: perItem, cap: cap))
        }
        if t.hasPrefix("分档") {
            let body = t.dropFirst(2).drop { $0 == ":" }
            let want: Character = info.higherIsBetter ? "≥" : "≤"
            var bands: [Band] = []
            for raw in body.split(separator: ";").flatMap({ $0.split(separator: ",") }) {
                var item = Substring(raw)
                if item.first == "≥" || item.first == "≤" {
                    guard item.first == want else {
                        return fail("“\(info.name)”\(info.higherIsBetter ? "越高越好,分档应写“≥”" : "越低越好,分档应写“≤”")")
                    }
                    item = item.dropFirst()
                }
                let pair = item.split(separator: ":", omittingEmptySubsequences: false)
                guard pair.count == 2, let threshold = MetricTarget.parse(String(pair[0]), kind: info.kind), let points = Points(String(pair[1]))
                else {
                    return fail("分档“\(raw)”应写作“\(want)门槛:分值”,如“\(want)\(info.kind == .rate ? "95%" : "4"):1.5”")
                }
                if points.halves < 0 || points > max { return fail("分档“\(raw)”的分值应在 0 到 \(max) 之间") }
                bands.append(Band(threshold: threshold, points: points))
            }
            guard !bands.isEmpty else { return fail("分档规则至少需要一档") }
            for (a, b) in zip(bands, bands.dropFirst()) {
                let ordered = info.higherIsBetter ? a.threshold > b.threshold : a.threshold < b.threshold
                if !ordered || a.points < b.points { return fail("分档应从最好的一档写起,门槛和分值逐档递减") }
            }
            return .success(.bands(bands))
        }
        return fail("计分规则“\(text.trimmed)”无法识别:应为“按比例”“每项扣 X 分”或“分档 ≥门槛:分值;…”")
    }

    /// The number between `marker` and the next `分` (or the end): `每项扣0.5分` → `0.5`.
    private static func number(after marker: Character, in text: String) -> String? {
        guard let i = text.firstIndex(of: marker) else { return nil }
        let rest = text[text.index(after: i)...]
        let n = rest.prefix { $0 != "分" }
        guard !n.isEmpty, n.count + 1 >= rest.count else { return nil }
        return String(n)
    }

    /// The rule as the office would write it, for showing and for export.
    public func text(info: MetricInfo) -> String {
        switch self {
        case .ratio: return "按比例"
        case .deduction(let per, let cap): return "每项扣 \(per) 分" + (cap.map { ",最多扣 \($0) 分" } ?? "")
        case .bands(let bands):
            let sign = info.higherIsBetter ? "≥" : "≤"
            return "分档 "
                + bands.map { "\(sign)\(MetricTarget.text($0.threshold, kind: info.kind, unit: "").trimmed):\($0.points)" }.joined(separator: ";")
        }
    }
}

/// 系统计分 the score of a bound leaf, with the sentence the score card shows.
public struct MetricScore: Equatable, Sendable {
    public let points: Points
    /// `12/15(80.0%),缺 3 件 × 1 分,扣 3 分`: how the points came about.
    public let explanation: String
}

public enum MetricScoring {
    /// Scores one leaf worth `max` from a metric's value under a rule. Nothing counted (no denominator
    /// for a rate or an average) earns the full points: there was nothing the unit could miss.
    public static func score(_ rule: MetricRule, value v: MetricValue, info: MetricInfo, max: Points) -> MetricScore {
        let shown = v.text(unit: info.unit)
        if v.kind != .count, v.denominator <= 0 {
            return MetricScore(points: max, explanation: "本年无应计事项,按满分 \(max) 分计")
        }
        switch rule {
        case .ratio:
            let good = info.higherIsBetter ? v.numerator : v.denominator - v.numerator
            let halves = Int((Int64(max.halves) * Int64(Swift.max(0, Swift.min(good, v.denominator)))) / Int64(v.denominator))
            let points = Points(halves: halves)
            return MetricScore(points: points, explanation: "\(shown) × \(max) 分,按 0.5 分向下取整得 \(points) 分")
        case .deduction(let per, let cap):
            let misses = Swift.max(0, v.kind == .count ? v.numerator : (info.higherIsBetter ? v.denominator - v.numerator : v.numerator))
            let limit = Swift.min(cap ?? max, max)
            let (product, overflow) = per.halves.multipliedReportingOverflow(by: misses)
            let deducted = overflow ? limit : Swift.min(Points(halves: product), limit)
            let points = max - deducted
            let what = v.kind == .count ? "\(misses) \(info.unit)" : "\(shown),缺 \(misses) \(info.unit)"
            let capped = !overflow && Points(halves: product) > limit ? "(以 \(limit) 分为限)" : ""
            if misses == 0 { return MetricScore(points: max, explanation: "\(v.kind == .count ? "0 \(info.unit)" : shown),无缺项,得满分 \(max) 分") }
            return MetricScore(points: points, explanation: "\(what) × \(per) 分,扣 \(deducted) 分\(capped),得 \(points) 分")
        case .bands(let bands):
            for band in bands where MetricTarget.met(v, target: band.threshold, higherIsBetter: info.higherIsBetter) == true {
                let sign = info.higherIsBetter ? "≥" : "≤"
                return MetricScore(
                    points: band.points,
                    explanation: "\(shown),达到“\(sign)\(MetricTarget.text(band.threshold, kind: info.kind, unit: info.unit))”一档,得 \(band.points) 分")
            }
            return MetricScore(points: .zero, explanation: "\(shown),未达到任何一档,得 0 分")
        }
    }
}
