import Foundation

/// 出庭情况 who appeared for the defendant at one hearing (《行政诉讼法》第三条第三款; 《最高人民法院关于
/// 行政机关负责人出庭应诉若干问题的规定》, 施行 2020-07-01).
public enum CourtAppearance: String, Codable, CaseIterable, Sendable {
    /// 正职负责人 (规定第二条).
    case principal
    /// 副职负责人.
    case deputy
    /// 分管负责人 (其他参与分管的负责人).
    case inCharge = "in_charge"
    /// 负责人有正当理由不能出庭 (规定第八条), with the ground and its proof (第九条), staff appeared.
    case excused
    /// 仅工作人员出庭, no head and no valid excuse.
    case staffOnly = "staff_only"

    public var label: String {
        switch self {
        case .principal: "正职负责人出庭"
        case .deputy: "副职负责人出庭"
        case .inCharge: "分管负责人出庭"
        case .excused: "负责人因正当理由未出庭(已提交说明)"
        case .staffOnly: "仅工作人员出庭"
        }
    }

    /// A head of the organ appeared (规定第二条: 正职、副职负责人、参与分管的负责人).
    public var isHead: Bool { [.principal, .deputy, .inCharge].contains(self) }
}

/// 正当理由 a head may not appear for (规定第八条), proved in writing with the organ's seal (第九条).
public enum AppearanceExcuse: String, Codable, CaseIterable, Sendable {
    case forceMajeure = "force_majeure"
    case accident
    /// 需要履行他人不能代替的公务.
    case irreplaceableDuty = "irreplaceable_duty"
    /// 其他正当事由.
    case other

    public var label: String {
        switch self {
        case .forceMajeure: "不可抗力"
        case .accident: "意外事件"
        case .irreplaceableDuty: "需要履行他人不能代替的公务"
        case .other: "其他正当事由"
        }
    }
}

/// One hearing of a case in which a unit is defendant.
public struct CourtHearing: Equatable, Sendable {
    public var hearingOn: LocalDate
    /// The day the court's notice to appear reached the organ.
    public var noticeReceivedOn: LocalDate?
    /// Who appeared; nil before the hearing is held.
    public var appearance: CourtAppearance?
    public var excuse: AppearanceExcuse?

    public init(hearingOn: LocalDate, noticeReceivedOn: LocalDate?, appearance: CourtAppearance? = nil, excuse: AppearanceExcuse? = nil) {
        self.hearingOn = hearingOn; self.noticeReceivedOn = noticeReceivedOn; self.appearance = appearance; self.excuse = excuse
    }

    /// 规定第五条: the court serves the notice at least three days before the hearing.
    public var noticeWasTimely: Bool? { noticeReceivedOn.map { $0.days(until: hearingOn) >= 3 } }

    /// Why the record is incomplete, in Chinese; nil when it is complete.
    public var problem: String? {
        if appearance == .excused && excuse == nil { return "负责人未出庭的,应当写明正当理由(规定第八条)" }
        if appearance != .excused && excuse != nil { return "负责人已出庭或仅工作人员出庭的,不填写未出庭理由" }
        return nil
    }
}

/// The clock of a lawsuit in which the unit is defendant: its answer and evidence within 15 days of
/// receiving the complaint's copy (《行政诉讼法》第六十七条第一款), and the appeal window after the
/// first-instance judgment (15 days) or ruling (10 days) (第八十五条). Calendar days, the last day on
/// a rest day moving to the next working day (民事诉讼法第八十五条).
public struct LitigationClock: Equatable, Sendable {
    public let answerBy: LocalDate?
    public let answerStatus: ClockStatus?
    public let appealBy: LocalDate?
    public let provisional: ProvisionalMark?

    public static func compute(
        complaintReceivedOn: LocalDate?, answeredOn: LocalDate?, firstInstanceServedOn: LocalDate?, isRuling: Bool = false,
        today: LocalDate, engine: DeadlineEngine, rules: DeadlineCatalogue
    ) throws -> LitigationClock {
        func rule(_ id: String) throws -> DeadlineRule {
            guard let rule = rules.rule(id) else { throw DeadlineError.invalidRequest(field: "rule", message: "期限规则目录中没有“\(id)”") }
            return rule
        }
        var provisional: ProvisionalMark?
        var answerBy: LocalDate?, answerStatus: ClockStatus?
        if let received = complaintReceivedOn {
            let result = try engine.due(DeadlineRequest(rule: try rule("litigation.answer"), start: received))
            answerBy = result.due
            provisional = result.provisional
            answerStatus = try ClockStatus.of(due: result.due, today: today, metOn: answeredOn, calendar: engine.calendar)
        }
        var appealBy: LocalDate?
        if let served = firstInstanceServedOn {
            let result = try engine.due(
                DeadlineRequest(rule: try rule(isRuling ? "litigation.appealRuling" : "litigation.appeal"), start: served))
            appealBy = result.due
            provisional = provisional ?? result.provisional
        }
        return LitigationClock(answerBy: answerBy, answerStatus: answerStatus, appealBy: appealBy, provisional: provisional)
    }
}

/// 行政复议决定 the outcomes of the 2023 law.
public enum ReconsiderationDecision: String, Codable, CaseIterable, Sendable {
    case varied
    case revoked
    case partlyRevoked = "partly_revoked"
    case confirmedIllegal = "confirmed_illegal"
    case orderedToPerform = "ordered_to_perform"
    case confirmedVoid = "confirmed_void"
    case upheld
    case claimRejected = "claim_rejected"
    case applicationRejected = "application_rejected"
    case mediated
    case settledWithdrawn = "settled_withdrawn"
    case terminated

    public var label: String {
        switch self {
        case .varied: "变更"
        case .revoked: "撤销(责令重作)"
        case .partlyRevoked: "部分撤销"
        case .confirmedIllegal: "确认违法"
        case .orderedToPerform: "责令履行"
        case .confirmedVoid: "确认无效"
        case .upheld: "维持"
        case .claimRejected: "驳回行政复议请求"
        case .applicationRejected: "驳回行政复议申请"
        case .mediated: "调解"
        case .settledWithdrawn: "和解后撤回申请"
        case .terminated: "终止"
        }
    }

    /// 法律依据.
    public var article: String {
        switch self {
        case .varied: "《行政复议法》第六十三条"
        case .revoked, .partlyRevoked: "《行政复议法》第六十四条"
        case .confirmedIllegal: "《行政复议法》第六十五条"
        case .orderedToPerform: "《行政复议法》第六十六条"
        case .confirmedVoid: "《行政复议法》第六十七条"
        case .upheld: "《行政复议法》第六十八条"
        case .claimRejected: "《行政复议法》第六十九条"
        case .applicationRejected: "《行政复议法》第三十三条"
        case .mediated: "《行政复议法》第七十三条"
        case .settledWithdrawn: "《行政复议法》第七十四条"
        case .terminated: "《行政复议法》第四十一条"
        }
    }

    /// 纠错: the organ's act was changed, revoked, found illegal or void, or its duty ordered.
    public var isCorrection: Bool { [.varied, .revoked, .partlyRevoked, .confirmedIllegal, .orderedToPerform, .confirmedVoid].contains(self) }
}

/// 一审裁判 the first-instance outcomes of a lawsuit against a unit.
public enum JudgmentOutcome: String, Codable, CaseIterable, Sendable {
    /// 判决驳回原告诉讼请求 (第六十九条).
    case claimDismissed = "claim_dismissed"
    /// 判决撤销或者部分撤销 (第七十条).
    case revoked
    /// 判决履行 (第七十二条、第七十三条).
    case orderedToPerform = "ordered_to_perform"
    /// 判决确认违法 (第七十四条).
    case confirmedIllegal = "confirmed_illegal"
    /// 判决确认无效 (第七十五条).
    case confirmedVoid = "confirmed_void"
    /// 判决变更 (第七十七条).
    case varied
    /// 判决赔偿 (第七十六条、第七十八条).
    case compensation
    /// 裁定驳回起诉.
    case suitDismissed = "suit_dismissed"
    /// 原告撤诉 (裁定准许).
    case withdrawn

    public var label: String {
        switch self {
        case .claimDismissed: "判决驳回诉讼请求"
        case .revoked: "判决撤销"
        case .orderedToPerform: "判决履行"
        case .confirmedIllegal: "判决确认违法"
        case .confirmedVoid: "判决确认无效"
        case .varied: "判决变更"
        case .compensation: "判决赔偿"
        case .suitDismissed: "裁定驳回起诉"
        case .withdrawn: "撤诉"
        }
    }

    /// 败诉: judged against the organ.
    public var isLoss: Bool { [.revoked, .orderedToPerform, .confirmedIllegal, .confirmedVoid, .varied, .compensation].contains(self) }

    /// 判决 (not a ruling ending the case without a judgment on the merits).
    public var isJudgment: Bool { ![.suitDismissed, .withdrawn].contains(self) }
}

/// 比率 an indicator as a numerator and denominator of counted cases, with the definition that
/// produced it: assessors' formulas differ by place (domain-law §5), so the definition is data.
public struct CaseRate: Equatable, Sendable {
    public let numerator: Int
    public let denominator: Int
    public let definition: String

    public init(numerator: Int, denominator: Int, definition: String) {
        self.numerator = numerator; self.denominator = denominator; self.definition = definition
    }

    /// 意见书和司法建议回复率 = replied ÷ received in the year whose reply is made or due by today.
    public static func replyRate(replied: Int, due: Int) -> CaseRate {
        CaseRate(numerator: replied, denominator: due, definition: "已回复的行政复议意见书和司法建议数 ÷ 本年收到且已回复或回复期限已届满的意见书和司法建议数")
    }

    /// nil when nothing was counted (no 审结 case: no rate, not 0%).
    public var value: Double? { denominator == 0 ? nil : Double(numerator) / Double(denominator) }

    public var text: String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
}

/// A rate's definition: which outcomes count above and below the line.
public struct RateDefinition<Outcome: Hashable & Sendable>: Equatable, Sendable {
    public var name: String
    public var numerator: Set<Outcome>
    /// nil: every concluded case.
    public var denominator: Set<Outcome>?
    public var text: String

    public init(name: String, numerator: Set<Outcome>, denominator: Set<Outcome>?, text: String) {
        self.name = name; self.numerator = numerator; self.denominator = denominator; self.text = text
    }

    /// The rate over counted cases by outcome (what a `GROUP BY` returns), with `extra` cases added
    /// above and below the line (e.g. 综合纠错率's self-corrections, which no outcome marks alone).
    public func rate(counts: [Outcome: Int], extraNumerator: Int = 0) -> CaseRate {
        let counted = counts.filter { denominator?.contains($0.key) ?? true }
        return CaseRate(
            numerator: counted.filter { numerator.contains($0.key) }.values.reduce(0, +) + extraNumerator,
            denominator: counted.values.reduce(0, +), definition: text)
    }

    public func rate(_ outcomes: [Outcome]) -> CaseRate {
        let counted = denominator.map { set in outcomes.filter(set.contains) } ?? outcomes
        return CaseRate(numerator: counted.filter(numerator.contains).count, denominator: counted.count, definition: text)
    }
}

extension RateDefinition where Outcome == ReconsiderationDecision {
    /// 复议纠错率 = (变更 + 撤销 + 部分撤销 + 确认违法 + 确认无效 + 责令履行) ÷ 审结.
    public static let correction = RateDefinition(
        name: "复议纠错率", numerator: Set(ReconsiderationDecision.allCases.filter(\.isCorrection)), denominator: nil,
        text: "被变更、撤销(含部分撤销)、确认违法、确认无效、责令履行的案件数 ÷ 审结案件数")
}

extension RateDefinition where Outcome == ReconsiderationDecision {
    /// 综合纠错率: 复议纠错率's cases plus those ended by 调解, 和解后撤回 or 终止 after the respondent
    /// corrected its own act (domain-law §5: some assessors count them).
    public static let comprehensiveCorrection = RateDefinition(
        name: "复议综合纠错率", numerator: Set(ReconsiderationDecision.allCases.filter(\.isCorrection)), denominator: nil,
        text: "(被变更、撤销、确认违法、确认无效、责令履行的案件数 + 被申请人自行纠正后调解、和解撤回或终止的案件数) ÷ 审结案件数")
}

extension RateDefinition where Outcome == JudgmentOutcome {
    /// 败诉率 = 判决败诉 ÷ 一审判决 (rulings that dismiss the suit or allow its withdrawal not counted).
    public static let loss = RateDefinition(
        name: "行政诉讼败诉率", numerator: Set(JudgmentOutcome.allCases.filter(\.isLoss)),
        denominator: Set(JudgmentOutcome.allCases.filter(\.isJudgment)),
        text: "一审判决撤销、履行、确认违法、确认无效、变更、赔偿的案件数 ÷ 一审作出判决的案件数(裁定驳回起诉和撤诉不计)")
}

extension CourtAppearance {
    /// 负责人出庭应诉率 = hearings a head attended ÷ hearings held, by case and instance (规定第七条:
    /// one appearance per instance suffices, so `appearances` holds one entry per case and instance).
    public static func appearanceRate(_ appearances: [CourtAppearance]) -> CaseRate {
        CaseRate(
            numerator: appearances.filter(\.isHead).count, denominator: appearances.count,
            definition: "负责人(正职、副职、分管)出庭应诉的开庭审理案件数 ÷ 开庭审理案件数(按案件和审级计)")
    }
}

/// Table 4 of the 政府信息公开 annual report (政府信息公开行政复议、行政诉讼情况, 国办公开办函〔2021〕30号)
/// counted from the case registers: the year's cases whose contested act is 政府信息公开, each in its
/// group (复议; 未经复议直接起诉; 复议后起诉) and column by where it stood at the year's end.
///
/// Reading of the template (its notes do not define the columns; published reports use them so):
/// 结果维持 = 复议维持 or 驳回复议请求, 判决驳回诉讼请求; 结果纠正 = the outcomes counted as
/// 纠错 / 败诉 (`ReconsiderationDecision.isCorrection`, `JudgmentOutcome.isLoss`); 其他结果 = any
/// other ending (驳回申请, 调解, 和解, 终止, 裁定驳回起诉, 撤诉); 尚未审结 = not ended by 12-31.
public enum GOITable4Count {
    public enum Group: Int, CaseIterable, Sendable {
        case reconsideration = 0
        case directSuit = 1
        case suitAfterReconsideration = 2
    }

    public enum Column: Int, CaseIterable, Sendable {
        case upheld = 0
        case corrected = 1
        case other = 2
        case pending = 3
    }

    /// A reconsideration case's column at `yearEnd`.
    public static func column(_ decision: ReconsiderationDecision?, closedOn: LocalDate?, yearEnd: LocalDate) -> Column {
        guard let decision, let closedOn, closedOn <= yearEnd else { return .pending }
        if decision.isCorrection { return .corrected }
        return [.upheld, .claimRejected].contains(decision) ? .upheld : .other
    }

    /// A lawsuit's column at `yearEnd` (its first-instance outcome; an appeal pending is still an outcome).
    public static func column(_ outcome: JudgmentOutcome?, decidedOn: LocalDate?, yearEnd: LocalDate) -> Column {
        guard let outcome, let decidedOn, decidedOn <= yearEnd else { return .pending }
        if outcome.isLoss { return .corrected }
        return outcome == .claimDismissed ? .upheld : .other
    }

    /// The report's table 4 cells (`t4.<group>.<column>`, as `GOIManualTables.table4` keys them) for
    /// the counted cases; every entered cell is present, 0 when no case falls in it.
    public static func cells(_ cases: [(group: Group, column: Column)]) -> [String: String] {
        var counts: [String: Int] = [:]
        for group in Group.allCases { for column in Column.allCases { counts["t4.\(group.rawValue).\(column.rawValue)"] = 0 } }
        for c in cases { counts["t4.\(c.group.rawValue).\(c.column.rawValue)", default: 0] += 1 }
        return counts.mapValues(String.init)
    }
}
