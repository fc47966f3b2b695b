import Foundation

/// 督办件的来源渠道: the outside channels whose items a unit must answer (domain-law §6).
public enum OversightChannel: String, Codable, CaseIterable, Sendable {
    /// 人大代表建议: 交办之日起三个月内答复, 涉及面广、处理难度大的六个月 (代表法第五十一条).
    case deputy
    /// 政协提案: local rules, standard three months, six for complex ones (configurable).
    case proposal
    /// 审计整改: the period set by the audit report (审计法第五十二条); findings go to the problem pool.
    case audit
    /// 信访: 15 日 to register, 60 日 to handle (+≤30), 复查/复核 30 日 each (信访工作条例).
    case petition
    /// 12345 热线: city-set periods (configurable).
    case hotline

    public var label: String {
        switch self {
        case .deputy: "人大代表建议"
        case .proposal: "政协提案"
        case .audit: "审计整改"
        case .petition: "信访事项"
        case .hotline: "12345 热线工单"
        }
    }

    /// Whether the submitter's 满意度 is asked after the reply (audit rectification is checked through
    /// its findings instead).
    public var asksSatisfaction: Bool { self != .audit }

    /// Whether the district publishes the replies (代表建议、政协提案 答复公开).
    public var publishesReplies: Bool { self == .deputy || self == .proposal }

    /// What the reference number is called on the form.
    public var refLabel: String {
        switch self {
        case .deputy: "建议编号"
        case .proposal: "提案编号"
        case .audit: "审计报告文号"
        case .petition: "信访件编号"
        case .hotline: "工单编号"
        }
    }

    /// What the assignment date is called (the clock's start).
    public var startLabel: String {
        switch self {
        case .deputy, .proposal: "交办日期"
        case .audit: "审计报告送达日期"
        case .petition: "收到日期"
        case .hotline: "派单日期"
        }
    }
}

/// 满意度: the submitter's view of a reply.
public enum Satisfaction: String, Codable, CaseIterable, Sendable {
    case satisfied
    case basically
    case dissatisfied

    public var label: String {
        switch self {
        case .satisfied: "满意"
        case .basically: "基本满意"
        case .dissatisfied: "不满意"
        }
    }

    /// 满意率 counts 满意 and 基本满意.
    public var counts: Bool { self != .dissatisfied }
}

/// 复查 / 复核 of a petition's handling opinion (信访工作条例第三十五条、第三十六条).
public enum PetitionReview: Int, Codable, CaseIterable, Sendable {
    case recheck = 1
    case reexamine = 2

    public var label: String { self == .recheck ? "复查" : "复核" }
}

/// The local periods of the oversight register (`Resources/Registers/oversight.json`): 政协提案 and
/// the hotline are set by local rules, the second reply after 不满意 by the district's own, and the
/// exam's pass mark by the organiser.
public struct OversightSettings: Codable, Equatable, Sendable {
    /// 政协提案 answer period in months, and for complex ones.
    public var proposalMonths: Int
    public var proposalComplexMonths: Int
    /// 12345 热线 working days to answer a work order.
    public var hotlineWorkdays: Int
    /// 不满意 reopens the item: days for the second reply.
    public var secondReplyDays: Int
    /// 年度学法考试 pass mark.
    public var examPassMark: Int

    public static let standard = OversightSettings(
        proposalMonths: 3, proposalComplexMonths: 6, hotlineWorkdays: 5, secondReplyDays: 30, examPassMark: 60)

    public init(proposalMonths: Int, proposalComplexMonths: Int, hotlineWorkdays: Int, secondReplyDays: Int, examPassMark: Int) {
        self.proposalMonths = proposalMonths; self.proposalComplexMonths = proposalComplexMonths; self.hotlineWorkdays = hotlineWorkdays
        self.secondReplyDays = secondReplyDays; self.examPassMark = examPassMark
    }

    /// Reads and checks the file; a missing key keeps its standard value.
    public static func parse(_ data: Data) throws -> OversightSettings {
        struct Partial: Decodable {
            var proposalMonths: Int?, proposalComplexMonths: Int?, hotlineWorkdays: Int?, secondReplyDays: Int?, examPassMark: Int?
        }
        let p: Partial
        do { p = try JSONDecoder().decode(Partial.self, from: data) } catch {
            throw ValidationFailure([
                FieldError("file", "不是有效的设置文件(JSON:proposalMonths、proposalComplexMonths、hotlineWorkdays、secondReplyDays、examPassMark)")
            ])
        }
        var s = standard
        s.proposalMonths = p.proposalMonths ?? s.proposalMonths
        s.proposalComplexMonths = p.proposalComplexMonths ?? s.proposalComplexMonths
        s.hotlineWorkdays = p.hotlineWorkdays ?? s.hotlineWorkdays
        s.secondReplyDays = p.secondReplyDays ?? s.secondReplyDays
        s.examPassMark = p.examPassMark ?? s.examPassMark
        var v = Validator()
        if !(1...12).contains(s.proposalMonths) { v.add("proposalMonths", "政协提案办理期限应为 1 到 12 个月") }
        if !(1...12).contains(s.proposalComplexMonths) || s.proposalComplexMonths < s.proposalMonths {
            v.add("proposalComplexMonths", "复杂提案的办理期限应为 1 到 12 个月,且不短于一般期限")
        }
        if !(1...60).contains(s.hotlineWorkdays) { v.add("hotlineWorkdays", "热线工单办理期限应为 1 到 60 个工作日") }
        if !(1...90).contains(s.secondReplyDays) { v.add("secondReplyDays", "不满意件重新办理期限应为 1 到 90 日") }
        if !(1...100).contains(s.examPassMark) { v.add("examPassMark", "考试合格分数线应为 1 到 100 分") }
        try v.check()
        return s
    }
}

/// 督办件的期限: every clock of an outside-supervision item, from the rules catalogue (statutory
/// periods) or the register's settings (local ones). Counted by the deadline engine: 月 periods are
/// calendar months (the same day-number, or the month's last day: 11-30 + 3 个月 = 02-28/29), and a
/// last day on a rest day moves to the next working day (民法典第二百零二条、第二百零三条).
public enum OversightClock {
    /// 答复期限 from the assignment (or, for a petition, from 受理).
    ///
    /// - 人大代表建议: 3 个月, 6 个月 when complex (代表法第五十一条; rules `deputy.suggestion`,
    ///   `deputy.suggestionComplex`).
    /// - 政协提案: the settings' months (local 提案办理办法).
    /// - 审计整改: the date the audit report sets (审计法第五十二条) — `auditDue`, never computed.
    /// - 信访: 60 日 from 受理, plus an extension of at most 30 日 (信访工作条例第三十四条; rule `petition.handle`).
    /// - 12345: the settings' working days (city rules).
    public static func replyDue(
        channel: OversightChannel, start: LocalDate, complex: Bool, extensionDays: Int = 0, auditDue: LocalDate?,
        settings: OversightSettings, engine: DeadlineEngine, rules: DeadlineCatalogue
    ) throws -> DeadlineEngine.Result {
        switch channel {
        case .deputy:
            return try engine.due(DeadlineRequest(rule: try rule(complex ? "deputy.suggestionComplex" : "deputy.suggestion", rules), start: start))
        case .proposal:
            return try engine.due(
                DeadlineRequest(start: start, length: complex ? settings.proposalComplexMonths : settings.proposalMonths, unit: .month))
        case .audit:
            guard let auditDue else { throw DeadlineError.invalidRequest(field: "auditDue", message: "请填写审计报告规定的整改期限") }
            return DeadlineEngine.Result(due: auditDue, firstDue: auditDue, countedFrom: start, provisional: nil)
        case .petition:
            var request = DeadlineRequest(rule: try rule("petition.handle", rules), start: start)
            request.extensionLength = extensionDays
            return try engine.due(request)
        case .hotline:
            return try engine.due(DeadlineRequest(start: start, length: settings.hotlineWorkdays, unit: .workday))
        }
    }

    /// 信访 登记、转送、受理告知: 15 日 from receipt (信访工作条例第二十二条、第二十三条; rule `petition.register`).
    public static func petitionRegisterDue(received: LocalDate, engine: DeadlineEngine, rules: DeadlineCatalogue) throws -> DeadlineEngine.Result {
        try engine.due(DeadlineRequest(rule: try rule("petition.register", rules), start: received))
    }

    /// The last day a petitioner may ask for 复查 (or 复核): 30 日 from receiving the written answer
    /// (第三十五条第一款、第三十六条第一款; rule `petition.reviewRequest`).
    public static func petitionReviewRequestBy(answered: LocalDate, engine: DeadlineEngine, rules: DeadlineCatalogue) throws -> DeadlineEngine.Result
    {
        try engine.due(DeadlineRequest(rule: try rule("petition.reviewRequest", rules), start: answered))
    }

    /// 复查 / 复核 意见: 30 日 from receiving the request (第三十五条、第三十六条; rule `petition.reviewAnswer`).
    public static func petitionReviewDue(requested: LocalDate, engine: DeadlineEngine, rules: DeadlineCatalogue) throws -> DeadlineEngine.Result {
        try engine.due(DeadlineRequest(rule: try rule("petition.reviewAnswer", rules), start: requested))
    }

    /// 不满意 reopens the item: the second reply is due `secondReplyDays` after the rating.
    public static func secondReplyDue(rated: LocalDate, settings: OversightSettings, engine: DeadlineEngine) throws -> DeadlineEngine.Result {
        try engine.due(DeadlineRequest(start: rated, length: settings.secondReplyDays, unit: .day))
    }

    /// The longest extension of a petition's handling (第三十四条: 不得超过30日).
    public static func petitionExtensionLimit(rules: DeadlineCatalogue) -> Int { rules.rule("petition.handle")?.extensionLimit?.max ?? 30 }

    private static func rule(_ id: String, _ rules: DeadlineCatalogue) throws -> DeadlineRule {
        guard let rule = rules.rule(id) else { throw DeadlineError.invalidRequest(field: "rule", message: "期限规则 \(id) 未配置") }
        return rule
    }
}

/// 满意度回路: what a rating does to an item. 满意 or 基本满意 closes it; 不满意 after the first reply
/// reopens it for a second reply; 不满意 after the second closes it as 不满意 (it is counted so).
public enum SatisfactionLoop {
    public enum Outcome: Equatable, Sendable {
        case close
        case reopen
    }

    public static let maxRounds = 2

    public static func outcome(_ s: Satisfaction, round: Int) -> Outcome {
        s == .dissatisfied && round < maxRounds ? .reopen : .close
    }
}
