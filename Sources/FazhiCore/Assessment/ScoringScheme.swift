/// 加扣分类型 a bonus or deduction type with its cap for one unit and year.
public struct AdjustmentType: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable { case bonus, deduction }

    public var code: String
    public var name: String
    public var kind: Kind
    /// The most this type can add or take away for one unit.
    public var cap: Points

    public init(code: String, name: String, kind: Kind, cap: Points) {
        self.code = code; self.name = name; self.kind = kind; self.cap = cap
    }
}

/// 加扣分 one bonus or deduction item, with its reason and proof.
public struct Adjustment: Codable, Equatable, Sendable {
    public var type: String
    /// Always positive; the type says whether it adds or takes away.
    public var points: Points
    public var reason: String
    public var proof: String?

    public init(type: String, points: Points, reason: String, proof: String? = nil) {
        self.type = type; self.points = points; self.reason = reason; self.proof = proof
    }
}

/// 等次 one grade band: units with at least `minimum` get it; the last band has no minimum.
public struct GradeBand: Codable, Equatable, Sendable {
    public var name: String
    public var minimum: Score?

    public init(name: String, minimum: Score?) {
        self.name = name
        self.minimum = minimum
    }
}

/// 限额并列规则: units tied on the quota's last place (same rank) — the cycle decides, and the
/// results page says which rule applied and why a place stayed unused or the quota was exceeded.
public enum QuotaTieRule: String, Codable, CaseIterable, Sendable {
    /// 并列者均不占用限额: all tied units drop a grade; the places they would share stay unused.
    case allOut = "all_out"
    /// 并列者均评为限额等次: all tied units keep the grade, even past the quota.
    case allIn = "all_in"
    /// 按并列排序依据区分: the tie-break level-1 scores decide; units still equal after them drop.
    case tieBreakers = "tie_breakers"

    public var label: String {
        switch self {
        case .allOut: "并列者均不占用限额(名额空缺)"
        case .allIn: "并列者均评为限额等次(可超出限额)"
        case .tieBreakers: "按并列排序依据区分(仍并列的均不占用限额)"
        }
    }
}

public struct GradeScheme: Codable, Equatable, Sendable {
    public struct Quota: Codable, Equatable, Sendable {
        /// The grade that is limited, e.g. 优秀.
        public var grade: String
        /// At most this percentage of the category's units (rounded down).
        public var maxPercent: Int
        /// What happens to units tied across the quota's last place.
        public var tieRule: QuotaTieRule

        public init(grade: String, maxPercent: Int, tieRule: QuotaTieRule = .allOut) {
            self.grade = grade
            self.maxPercent = maxPercent
            self.tieRule = tieRule
        }

        enum CodingKeys: String, CodingKey { case grade, maxPercent, tieRule }

        /// Schemes saved before the tie rule existed read as `allOut`, the rule they were graded by.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            grade = try c.decode(String.self, forKey: .grade)
            maxPercent = try c.decode(Int.self, forKey: .maxPercent)
            tieRule = try c.decodeIfPresent(QuotaTieRule.self, forKey: .tieRule) ?? .allOut
        }
    }

    /// Best first; the last band catches everything below.
    public var bands: [GradeBand]
    public var quota: Quota?
    /// The grade a veto condition forces (一票否决), e.g. 不合格.
    public var vetoGrade: String
    /// Decimals of the published total (and of ranking).
    public var places: Int

    public init(bands: [GradeBand], quota: Quota? = nil, vetoGrade: String, places: Int = 2) {
        self.bands = bands; self.quota = quota; self.vetoGrade = vetoGrade; self.places = places
    }

    /// 优秀 ≥ 90 / 良好 ≥ 80 / 合格 ≥ 60 / 不合格.
    public static let standard = GradeScheme(
        bands: [
            GradeBand(name: "优秀", minimum: Score(90)), GradeBand(name: "良好", minimum: Score(80)),
            GradeBand(name: "合格", minimum: Score(60)), GradeBand(name: "不合格", minimum: nil),
        ],
        vetoGrade: "不合格")
}

/// How one category of units is scored in one cycle.
public struct ScoringScheme: Codable, Equatable, Sendable {
    public var tree: IndicatorTree
    /// 书面审核 share of the total, in percent (e.g. 80).
    public var deskWeight: Int
    /// 满意度 share of the total, in percent (e.g. 20); 0 when there is no survey.
    public var surveyWeight: Int
    public var adjustmentTypes: [AdjustmentType]
    public var grades: GradeScheme
    /// Level-1 codes that break ties, in order (higher score first); empty: tied units share a rank.
    public var tieBreakers: [String]

    public init(
        tree: IndicatorTree, deskWeight: Int = 100, surveyWeight: Int = 0, adjustmentTypes: [AdjustmentType] = [],
        grades: GradeScheme = .standard, tieBreakers: [String] = []
    ) {
        self.tree = tree; self.deskWeight = deskWeight; self.surveyWeight = surveyWeight
        self.adjustmentTypes = adjustmentTypes; self.grades = grades; self.tieBreakers = tieBreakers
    }

    public func validate() throws {
        try tree.validate()
        var v = Validator()
        if deskWeight < 0 || surveyWeight < 0 || deskWeight + surveyWeight != 100 {
            v.add("weights", "书面审核与满意度权重之和必须为 100%(现为 \(deskWeight)% + \(surveyWeight)%)")
        }
        if grades.bands.isEmpty || grades.bands.last?.minimum != nil {
            v.add("grades", "等次须至少一档,且最后一档不设分数线")
        }
        let minimums = grades.bands.compactMap(\.minimum)
        if minimums != minimums.sorted(by: >) || Set(minimums).count != minimums.count {
            v.add("grades", "等次分数线须从高到低排列且互不相同")
        }
        if !grades.bands.contains(where: { $0.name == grades.vetoGrade }) { v.add("grades.vetoGrade", "否决等次须是已设置的等次之一") }
        if let quota = grades.quota {
            if !grades.bands.dropLast().contains(where: { $0.name == quota.grade }) { v.add("grades.quota", "限额等次须是已设置的等次(且不是最后一档)") }
            if !(0...100).contains(quota.maxPercent) { v.add("grades.quota", "限额比例须在 0 到 100 之间") }
            if quota.tieRule == .tieBreakers, tieBreakers.isEmpty {
                v.add("grades.quota", "限额并列规则为“按并列排序依据区分”时,须先设置并列排序依据(一级指标)")
            }
        }
        if !(0...4).contains(grades.places) { v.add("grades.places", "保留小数位数须在 0 到 4 之间") }
        let levelOne = Set(tree.levelOne.map(\.code))
        for code in tieBreakers where !levelOne.contains(code) { v.add("tieBreakers", "并列排序依据“\(code)”不是一级指标") }
        var codes = Set<String>()
        for type in adjustmentTypes where !codes.insert(type.code).inserted { v.add("adjustmentTypes", "加扣分类型“\(type.code)”重复") }
        try v.check()
    }
}
