/// One unit's scored material for a cycle.
public struct UnitScoreInput: Equatable, Sendable {
    public var unit: String
    /// Leaf code → awarded points.
    public var leafScores: [String: Points]
    public var adjustments: [Adjustment]
    /// 满意度 0–100, when the scheme weighs a survey.
    public var survey: Score?
    /// Veto conditions met (一票否决), each with its reason.
    public var vetoes: [String]

    public init(unit: String, leafScores: [String: Points], adjustments: [Adjustment] = [], survey: Score? = nil, vetoes: [String] = []) {
        self.unit = unit; self.leafScores = leafScores; self.adjustments = adjustments; self.survey = survey; self.vetoes = vetoes
    }
}

/// A unit's result: every number in it can be traced to leaf scores and adjustment items.
public struct UnitResult: Equatable, Sendable {
    public let unit: String
    /// Every node's points, rolled up from the leaves.
    public let nodeScores: [String: Points]
    /// 书面审核 raw points out of the tree total.
    public let desk: Points
    /// The desk points on a 100-point scale (e.g. 43.5 of 50 → 87).
    public let deskNormalized: Score
    public let survey: Score?
    /// After each type's cap.
    public let bonus: Points
    public let deduction: Points
    /// 总分 as published (rounded to the scheme's places).
    public let total: Score
    public var grade: String
    public var rank: Int
    public let vetoes: [String]
    /// True when the quota moved this unit down one grade.
    public var limitedByQuota: Bool
}

/// The tree's shape worked out once per scheme: leaves, and parents with their children, deepest first.
struct PreparedTree {
    let leaves: [IndicatorNode]
    let leafCodes: Set<String>
    let parents: [(code: String, children: [String])]
    let levelOne: [String]

    init(_ tree: IndicatorTree) {
        leaves = tree.leaves
        leafCodes = Set(leaves.map(\.code))
        var children: [String: [String]] = [:]
        for node in tree.nodes { if let parent = node.parentCode { children[parent, default: []].append(node.code) } }
        parents = tree.nodes.filter { children[$0.code] != nil }.sorted { $0.level > $1.level }.map { ($0.code, children[$0.code]!) }
        levelOne = tree.levelOne.map(\.code)
    }
}

/// 考评计分: all the arithmetic of an assessment, for one category of units.
public enum AssessmentScoring {
    /// Scores one unit: roll-up, normalisation to 100, composition, capped adjustments, rounding.
    public static func score(_ input: UnitScoreInput, scheme: ScoringScheme) throws -> UnitResult {
        try score(input, scheme: scheme, prepared: PreparedTree(scheme.tree))
    }

    static func score(_ input: UnitScoreInput, scheme: ScoringScheme, prepared: PreparedTree) throws -> UnitResult {
        var v = Validator()
        let tree = scheme.tree
        var nodeScores: [String: Points] = [:]
        nodeScores.reserveCapacity(tree.nodes.count)
        let leafCodes = prepared.leafCodes
        for code in input.leafScores.keys.sorted() where !leafCodes.contains(code) {
            v.add("leafScores.\(code)", "指标“\(code)”不是本指标体系的末级指标")
        }
        for leaf in prepared.leaves {
            guard let points = input.leafScores[leaf.code] else {
                v.add("leafScores.\(leaf.code)", "\(input.unit):指标“\(leaf.code) \(leaf.title)”尚未评分")
                continue
            }
            if points.halves < 0 || points > leaf.points {
                v.add("leafScores.\(leaf.code)", "\(input.unit):指标“\(leaf.code)”得分 \(points) 不在 0 到 \(leaf.points) 之间")
            }
            nodeScores[leaf.code] = points
        }
        var bonus = Points.zero, deduction = Points.zero
        for type in scheme.adjustmentTypes {
            let items = input.adjustments.filter { $0.type == type.code }
            let sum = min(items.reduce(Points.zero) { $0 + $1.points }, type.cap)
            if type.kind == .bonus { bonus = bonus + sum } else { deduction = deduction + sum }
        }
        for (i, item) in input.adjustments.enumerated() {
            if !scheme.adjustmentTypes.contains(where: { $0.code == item.type }) {
                v.add("adjustments[\(i)].type", "加扣分类型“\(item.type)”未设置")
            }
            if item.points.halves <= 0 { v.add("adjustments[\(i)].points", "加扣分分值必须大于 0") }
            v.text(item.reason, field: "adjustments[\(i)].reason", label: "加扣分理由", max: 500)
        }
        if scheme.surveyWeight > 0 {
            if let survey = input.survey {
                if survey < .zero || survey > Score(100) { v.add("survey", "\(input.unit):满意度得分须在 0 到 100 之间") }
            } else {
                v.add("survey", "\(input.unit):缺少满意度得分")
            }
        }
        try v.check()
        // Roll up, deepest first, so every parent is the sum of its children.
        for (code, children) in prepared.parents {
            nodeScores[code] = children.reduce(Points.zero) { $0 + (nodeScores[$1] ?? .zero) }
        }
        let desk = prepared.levelOne.reduce(Points.zero) { $0 + (nodeScores[$1] ?? .zero) }
        let normalized = desk.score.scaled(by: 100 * 2, over: Int64(tree.total.halves))
        let total = Self.exactTotal(
            deskHalves: desk.halves, treeHalves: tree.total.halves, deskWeight: scheme.deskWeight,
            survey: scheme.surveyWeight > 0 ? input.survey : nil, surveyWeight: scheme.surveyWeight,
            adjustment: bonus.score - deduction.score, places: scheme.grades.places)
        return UnitResult(
            unit: input.unit, nodeScores: nodeScores, desk: desk, deskNormalized: normalized, survey: input.survey,
            bonus: bonus, deduction: deduction, total: total,
            grade: "", rank: 0, vetoes: input.vetoes, limitedByQuota: false)
    }

    /// 总分, computed exactly and rounded once (half up, to `places` decimals): desk ÷ tree total ×
    /// desk weight + survey × survey weight + bonus − deduction. Rounding the parts first can flip a
    /// published grade: 65.5/84 × 80 + 88.07 × 20% is 79.99495…, which is 79.99, not 80.00.
    static func exactTotal(
        deskHalves: Int, treeHalves: Int, deskWeight: Int, survey: Score?, surveyWeight: Int, adjustment: Score, places: Int
    ) -> Score {
        // One fraction N / D in exact integers: D = treeHalves × 100 × scale.
        let scale = Int128(Score.scale), tree = Int128(max(treeHalves, 1))
        let denominator = tree * 100 * scale
        var numerator = Int128(deskHalves) * Int128(deskWeight) * 100 * scale
        if let survey { numerator += Int128(survey.units) * Int128(surveyWeight) * tree }
        numerator += Int128(adjustment.units) * tree * 100
        if numerator < 0 { return .zero }
        var step: Int128 = 1
        for _ in 0..<(4 - min(max(places, 0), 4)) { step *= 10 }
        // N / D in units of 10^-places is N / (D × step / scale) = N / (tree × 100 × step); rounded
        // half up, then back to the score's four decimals.
        let divisor = denominator / scale * step
        let (q, r) = (numerator / divisor, numerator % divisor)
        return Score(units: Int64(r * 2 >= divisor ? q + 1 : q) * Int64(step))
    }

    /// Scores every unit of a category, then ranks them and assigns grades (vetoes and quota applied).
    public static func results(_ inputs: [UnitScoreInput], scheme: ScoringScheme) throws -> [UnitResult] {
        try graded(inputs, scheme: scheme).results
    }

    /// The results with what the quota did, for the results page.
    public static func graded(_ inputs: [UnitScoreInput], scheme: ScoringScheme) throws -> (results: [UnitResult], quota: QuotaOutcome?) {
        let prepared = PreparedTree(scheme.tree)
        var results = try inputs.map { try score($0, scheme: scheme, prepared: prepared) }
        rank(&results, tieBreakers: scheme.tieBreakers)
        let outcome = grade(&results, scheme: scheme.grades)
        return (results, outcome)
    }

    /// 排名: units without a veto first (a vetoed unit is graded 不合格 and ranks after every unit
    /// without one, whatever its total), then by total, then by the tie-break level-1 scores; still
    /// equal keys share a rank (1, 2, 2, 4).
    static func rank(_ results: inout [UnitResult], tieBreakers: [String]) {
        func key(_ r: UnitResult) -> [Int64] {
            [r.vetoes.isEmpty ? 1 : 0, r.total.units] + tieBreakers.map { Int64(r.nodeScores[$0]?.halves ?? 0) }
        }
        results.sort { a, b in
            let ka = key(a), kb = key(b)
            return ka != kb ? ka.lexicographicallyPrecedes(kb, by: >) : a.unit < b.unit
        }
        for i in results.indices {
            results[i].rank = i > 0 && key(results[i]) == key(results[i - 1]) ? results[i - 1].rank : i + 1
        }
    }

    /// 等次: the band of the total; a veto forces the veto grade; the quota moves the lowest-ranked
    /// holders of the limited grade down one band. Units tied across the quota's last place follow the
    /// cycle's rule (`QuotaTieRule`): all out (the places stay unused), all in (the quota is exceeded), or
    /// decided by the tie-break scores — the ranking already orders by them, so units still sharing a
    /// rank go out.
    @discardableResult
    static func grade(_ results: inout [UnitResult], scheme: GradeScheme) -> QuotaOutcome? {
        for i in results.indices {
            let band = scheme.bands.first { $0.minimum.map { results[i].total >= $0 } ?? true }!
            results[i].grade = results[i].vetoes.isEmpty ? band.name : scheme.vetoGrade
        }
        guard let quota = scheme.quota, let index = scheme.bands.firstIndex(where: { $0.name == quota.grade }),
            index + 1 < scheme.bands.count
        else { return nil }
        let allowed = results.count * quota.maxPercent / 100
        let holders = results.indices.filter { results[$0].grade == quota.grade }  // already in rank order
        var outcome = QuotaOutcome(
            grade: quota.grade, lowerGrade: scheme.bands[index + 1].name, units: results.count, maxPercent: quota.maxPercent,
            allowed: allowed, qualified: holders.count, awarded: holders.count, rule: quota.tieRule, tiedAtLimit: [], tiedTotal: nil)
        guard holders.count > allowed else { return outcome }
        // Holders are in rank order; a tie is a shared rank across the last place.
        let ordered = holders
        let lastIn = allowed > 0 ? results[ordered[allowed - 1]].rank : nil
        let firstOut = results[ordered[allowed]].rank
        let tied = lastIn == firstOut ? ordered.filter { results[$0].rank == firstOut } : []
        var keep = Set(ordered.prefix(allowed))
        if !tied.isEmpty {
            switch quota.tieRule {
            case .allIn: keep.formUnion(tied)
            case .allOut, .tieBreakers: keep.subtract(tied)
            }
            outcome.tiedAtLimit = tied.map { results[$0].unit }
            outcome.tiedTotal = results[tied[0]].total
        }
        for i in holders where !keep.contains(i) {
            results[i].grade = scheme.bands[index + 1].name
            results[i].limitedByQuota = true
        }
        outcome.awarded = keep.count
        return outcome
    }
}

/// 限额结果 what a grade quota did in one category: how many places, how many qualified by score,
/// how many were awarded, and — when units tied across the last place — which rule applied.
public struct QuotaOutcome: Equatable, Sendable {
    public let grade: String
    public let lowerGrade: String
    public let units: Int
    public let maxPercent: Int
    /// 限额名额: units × percent, rounded down.
    public let allowed: Int
    /// Units whose total reached the grade.
    public let qualified: Int
    public var awarded: Int
    public let rule: QuotaTieRule
    /// Units tied across the last place (same rank, the tie-break scores included).
    public var tiedAtLimit: [String]
    public var tiedTotal: Score?

    /// 名额空缺 places left unused because of a tie.
    public var unusedPlaces: Int { max(0, min(allowed, qualified) - awarded) }
    /// Units awarded past the quota because of a tie.
    public var overQuota: Int { max(0, awarded - allowed) }

    /// The sentence the results page shows.
    public var explanation: String {
        var text = "\(grade)限额 \(allowed) 名(\(units) 个单位 × \(maxPercent)%,向下取整);总分达到\(grade)分数线的 \(qualified) 个"
        if qualified <= allowed { return text + ",均评为\(grade)。" }
        text += ",评为\(grade) \(awarded) 个"
        guard !tiedAtLimit.isEmpty, let total = tiedTotal else { return text + ",其余评为\(lowerGrade)。" }
        text += "。\(tiedAtLimit.count) 个单位在限额最后名次并列(总分 \(total.text(places: 2))),按“\(rule.label)”规则"
        if overQuota > 0 { return text + "均评为\(grade),超出限额 \(overQuota) 名。" }
        return text + "均评为\(lowerGrade)" + (unusedPlaces > 0 ? ",\(unusedPlaces) 个名额空缺。" : "。")
    }
}
