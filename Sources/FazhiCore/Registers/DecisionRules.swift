/// 重大行政决策 (《重大行政决策程序暂行条例》国务院令第713号, 2019-09-01): the five statutory
/// procedures (第九条) as gates, and what each one needs before the decision may be adopted.

/// 五项法定程序 (第九条): 公众参与、专家论证、风险评估、合法性审查、集体讨论决定.
public enum DecisionProcedure: String, Codable, CaseIterable, Sendable {
    /// 公众参与 (第十四条至第十八条).
    case participation
    /// 专家论证 (第十九条至第二十一条).
    case expert
    /// 风险评估 (第二十二条至第二十四条).
    case risk
    /// 合法性审查 (第二十五条至第二十八条).
    case legality
    /// 集体讨论决定 (第三十条).
    case collective

    public var label: String {
        switch self {
        case .participation: "公众参与"
        case .expert: "专家论证"
        case .risk: "风险评估"
        case .legality: "合法性审查"
        case .collective: "集体讨论决定"
        }
    }

    public var basis: String {
        switch self {
        case .participation: "《重大行政决策程序暂行条例》第十四条至第十八条"
        case .expert: "《重大行政决策程序暂行条例》第十九条至第二十一条"
        case .risk: "《重大行政决策程序暂行条例》第二十二条至第二十四条"
        case .legality: "《重大行政决策程序暂行条例》第二十五条至第二十八条"
        case .collective: "《重大行政决策程序暂行条例》第三十条"
        }
    }

    /// Whether the law lets the procedure be left out, and on what ground — the written reason
    /// must state it. 合法性审查 can never be left out or replaced by consultation (第二十五条、第二十六条),
    /// nor can 集体讨论 (第三十条).
    public var exemption: String? {
        switch self {
        case .participation: "决策事项依法不予公开的(第十四条)"
        case .expert: "决策事项专业性、技术性不强的(第十九条:专业性、技术性较强的应当组织专家论证)"
        case .risk: "决策实施不会对社会稳定、公共安全等方面造成不利影响,或者已按有关规定进行过风险评估的(第二十二条)"
        case .legality, .collective: nil
        }
    }
}

/// 合法性审查意见 the result of the legality review (第二十八条).
public enum LegalityResult: String, Codable, CaseIterable, Sendable {
    /// 合法, may go to the meeting.
    case passed
    /// 修改后合法: passed on the changes the opinion names.
    case amended
    /// 不合法 or 未通过: may not go to the meeting (第二十六条).
    case failed

    public var label: String {
        switch self {
        case .passed: "合法"
        case .amended: "修改后合法"
        case .failed: "不合法(不得提交讨论)"
        }
    }

    public var passes: Bool { self != .failed }
}

/// 会议类型 (第三十条): 政府常务会议 or 全体会议.
public enum DecisionMeetingKind: String, Codable, CaseIterable, Sendable {
    case executive
    case plenary

    public var label: String { self == .executive ? "区政府常务会议" : "区政府全体会议" }
}

/// One participant's opinion at the collective discussion (第三十条): recorded one by one, so that
/// a dissenter's position is on file (第三十九条: 决策机关负责人 who argued against are not liable).
public enum MeetingPosition: String, Codable, CaseIterable, Sendable {
    case agree
    case disagree
    case reserve

    public var label: String {
        switch self {
        case .agree: "同意"
        case .disagree: "不同意"
        case .reserve: "保留意见"
        }
    }
}

/// 决策事项类别 (第三条第一款).
public enum DecisionCategory: String, Codable, CaseIterable, Sendable {
    case policy
    case plan
    case resources
    case project
    case other

    public var label: String {
        switch self {
        case .policy: "重大公共政策和措施"
        case .plan: "重要规划"
        case .resources: "重要自然资源、文化资源开发利用及保护政策"
        case .project: "重大公共建设项目"
        case .other: "其他对经济社会发展有重大影响、涉及重大公共利益或社会公众切身利益的事项"
        }
    }
}

/// What the gates read of one decision: its records, never its rows.
public struct DecisionFacts: Equatable, Sendable {
    /// The written reason a procedure was left out, by procedure (only those the law lets go).
    public var exempted: [DecisionProcedure: String] = [:]
    /// 向社会公开征求意见 (第十五条): its first and last day, and why it was shorter than 30 days.
    public var commentFrom: LocalDate?
    public var commentUntil: LocalDate?
    public var commentShortReason: String?
    /// 听证会 (第十六条、第十七条): when the materials reached the participants and when it was held.
    public var hearingNoticeOn: LocalDate?
    public var hearingOn: LocalDate?
    /// 座谈会、实地走访、问卷调查、民意调查 … (第十四条): the last such form held, if any.
    public var otherParticipationOn: LocalDate?
    /// Signed written expert opinions received (第二十条).
    public var signedExpertOpinions: Int = 0
    /// 风险评估报告 (第二十三条) and whether it found the risk controllable (第二十四条).
    public var riskReportOn: LocalDate?
    public var riskControllable: Bool?
    /// 送请合法性审查 (第二十七条), the opinion (第二十八条), and why the review had less than its time.
    public var legalSubmittedOn: LocalDate?
    public var legalReviewedOn: LocalDate?
    public var legalResult: LegalityResult?
    public var legalShortReason: String?
    /// 集体讨论 (第三十条).
    public var meetingOn: LocalDate?
    public var meetingOpinions: Int = 0
    /// 行政首长的决定 (第三十条第二款).
    public var headConclusion: String?
    /// 拟作出的决定与会议组成人员多数人的意见不一致的,在会上说明理由 (第三十条第二款).
    public var majorityAgainst: Bool = false
    public var contraryReason: String?

    public init() {}
}

/// A procedure not yet done: which, and what is missing, in words the lead unit can act on.
public struct OpenGate: Equatable, Sendable {
    public let procedure: DecisionProcedure
    public let problem: String

    public init(_ procedure: DecisionProcedure, _ problem: String) {
        self.procedure = procedure
        self.problem = problem
    }
}

/// The state of one procedure on the decision's page.
public enum GateState: Equatable, Sendable {
    case done(String)
    case exempted(String)
    case open(String)

    public var code: String {
        switch self {
        case .done: "closed"
        case .exempted: "paused"
        case .open: "waiting"
        }
    }

    public var text: String {
        switch self {
        case .done(let s), .open(let s): s
        case .exempted(let reason): "理由:\(reason)"
        }
    }
}

/// The five gates. A decision may be adopted only when every gate is done or lawfully exempted.
public enum DecisionGates {
    /// The earliest lawful last day of a public comment period opened on `from`: 30 days, the
    /// opening day not counted; a last day that is a rest day moves to the next working day
    /// (rule `decision.consultation`, 第十五条).
    public static func earliestCommentEnd(from: LocalDate, engine: DeadlineEngine, rules: DeadlineCatalogue) throws -> DeadlineEngine.Result {
        return try engine.due(DeadlineRequest(rule: try rule("decision.consultation", rules), start: from))
    }

    /// The latest day the draft may go to legality review for a meeting on `meeting`: seven working
    /// days left for the review before the meeting (rule `decision.legalReview`, 第二十七条).
    public static func latestLegalSubmission(meeting: LocalDate, engine: DeadlineEngine, rules: DeadlineCatalogue) throws
        -> DeadlineEngine.Result
    {
        return try engine.due(DeadlineRequest(rule: try rule("decision.legalReview", rules), start: meeting))
    }

    /// The latest day a hearing's materials may reach its participants: seven days before it (第十七条).
    public static func latestHearingNotice(hearing: LocalDate, engine: DeadlineEngine, rules: DeadlineCatalogue) throws -> DeadlineEngine.Result {
        return try engine.due(DeadlineRequest(rule: try rule("decision.hearingNotice", rules), start: hearing))
    }

    private static func rule(_ id: String, _ rules: DeadlineCatalogue) throws -> DeadlineRule {
        guard let rule = rules.rule(id) else { throw DeadlineError.invalidRequest(field: "rule", message: "期限规则 \(id) 未配置") }
        return rule
    }

    /// Every procedure's state on `today`.
    public static func states(_ f: DecisionFacts, today: LocalDate, engine: DeadlineEngine, rules: DeadlineCatalogue) throws
        -> [(DecisionProcedure, GateState)]
    {
        try DecisionProcedure.allCases.map { p in
            if let reason = f.exempted[p], p.exemption != nil { return (p, .exempted(reason)) }
            if let problem = try problem(p, f, today: today, engine: engine, rules: rules) { return (p, .open(problem)) }
            return (p, .done(try doneText(p, f)))
        }
    }

    /// The gates still open: adoption is refused while this is not empty, naming each.
    public static func open(_ f: DecisionFacts, today: LocalDate, engine: DeadlineEngine, rules: DeadlineCatalogue) throws -> [OpenGate] {
        try states(f, today: today, engine: engine, rules: rules).compactMap { p, state in
            if case .open(let problem) = state { return OpenGate(p, problem) }
            return nil
        }
    }

    private static func doneText(_ p: DecisionProcedure, _ f: DecisionFacts) throws -> String {
        switch p {
        case .participation:
            var parts: [String] = []
            if let a = f.commentFrom, let b = f.commentUntil { parts.append("公开征求意见 \(a) 至 \(b)") }
            if let h = f.hearingOn { parts.append("\(h) 举行听证会") }
            if let o = f.otherParticipationOn { parts.append("\(o) 座谈、走访等") }
            return parts.joined(separator: ";")
        case .expert: return "收到 \(f.signedExpertOpinions) 份签名的书面论证意见"
        case .risk: return "\(f.riskReportOn?.description ?? "") 风险评估报告:风险可控"
        case .legality:
            return "\(f.legalReviewedOn?.description ?? "") 审查意见:\(f.legalResult?.label ?? "")"
        case .collective: return "\(f.meetingOn?.description ?? "") 集体讨论,\(f.meetingOpinions) 人发表意见,行政首长作出决定"
        }
    }

    /// What keeps one procedure open, or nil when it is done.
    static func problem(_ p: DecisionProcedure, _ f: DecisionFacts, today: LocalDate, engine: DeadlineEngine, rules: DeadlineCatalogue) throws
        -> String?
    {
        switch p {
        case .participation:
            var done = false
            if let from = f.commentFrom, let until = f.commentUntil {
                let earliest = try earliestCommentEnd(from: from, engine: engine, rules: rules)
                if until < earliest.due, (f.commentShortReason ?? "").isEmpty {
                    return "公开征求意见期限 \(from) 至 \(until) 不足30日(应至少到 \(earliest.due)),缩短期限须说明理由(第十五条)"
                }
                if until >= today { return "公开征求意见 \(until) 截止,截止后才能继续" }
                done = true
            }
            if let hearing = f.hearingOn {
                guard let notice = f.hearingNoticeOn else { return "听证会未记录向听证参加人送达材料的日期(第十七条)" }
                let latest = try latestHearingNotice(hearing: hearing, engine: engine, rules: rules)
                if notice > latest.due { return "听证材料 \(notice) 送达,晚于听证会 \(hearing) 前七日(应不晚于 \(latest.due),第十七条)" }
                if hearing > today { return "听证会定于 \(hearing) 举行,尚未举行" }
                done = true
            }
            if f.otherParticipationOn != nil { done = true }
            return done ? nil : "尚未听取公众意见:公开征求意见、听证会、座谈会等至少一种方式(第十四条);依法不予公开的写明理由"
        case .expert:
            return f.signedExpertOpinions > 0 ? nil : "尚无签名的专家书面论证意见(第二十条);专业性、技术性不强的写明理由"
        case .risk:
            guard f.riskReportOn != nil else { return "尚无风险评估报告(第二十三条);不会造成不利影响的写明理由" }
            if f.riskControllable != true { return "风险评估认为风险不可控:须调整决策草案等确保风险可控后方可决策(第二十四条)" }
            return nil
        case .legality:
            guard let submitted = f.legalSubmittedOn else {
                let base = "尚未送请合法性审查;未经合法性审查或经审查不合法的,不得提交决策机关讨论(第二十六条)"
                guard let meeting = f.meetingOn, meeting > today else { return base }
                let latest = try latestLegalSubmission(meeting: meeting, engine: engine, rules: rules).due
                return base + ";会议定于 \(meeting),最迟应于 \(latest) 送审(第二十七条:一般不少于7个工作日)"
            }
            guard let result = f.legalResult, let reviewed = f.legalReviewedOn else { return "\(submitted) 已送审,尚无合法性审查意见" }
            if !result.passes { return "\(reviewed) 合法性审查意见为不合法,不得提交讨论(第二十六条);修改后重新送审" }
            if let meeting = f.meetingOn {
                if reviewed > meeting { return "合法性审查意见 \(reviewed) 晚于会议日期 \(meeting):须先审查后讨论(第二十六条)" }
                let latest = try latestLegalSubmission(meeting: meeting, engine: engine, rules: rules)
                if submitted > latest.due, (f.legalShortReason ?? "").isEmpty {
                    return "\(submitted) 送审,距会议 \(meeting) 不足七个工作日(应不晚于 \(latest.due) 送审),审查时间不足的须说明理由(第二十七条)"
                }
            }
            return nil
        case .collective:
            guard let meeting = f.meetingOn else { return "尚未经区政府常务会议或全体会议讨论(第三十条)" }
            if meeting > today { return "会议定于 \(meeting) 举行,尚未讨论" }
            if f.meetingOpinions == 0 { return "未记录会议组成人员的意见(第三十条:讨论情况和决定应当如实记录,不同意见应当载明)" }
            if (f.headConclusion ?? "").isEmpty { return "未记录行政首长的决定(第三十条第二款:行政首长最后发言)" }
            if f.majorityAgainst, (f.contraryReason ?? "").isEmpty {
                return "行政首长的决定与多数人意见不一致,须记录在会上说明的理由(第三十条第二款)"
            }
            return nil
        }
    }

    /// Whether a procedure's written exemption is acceptable: only where the law allows, with a reason.
    public static func exemptionProblem(_ p: DecisionProcedure, reason: String) -> String? {
        guard p.exemption != nil else { return "\(p.label)不得免除(\(p.basis))" }
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count < 6 { return "请写明不适用\(p.label)的理由(至少 6 个字):\(p.exemption ?? "")" }
        return nil
    }
}

/// 归档 (第三十三条): the documents a decision's file must hold, as far as its procedures reach.
public enum DecisionDocument: String, Codable, CaseIterable, Sendable {
    /// 决策草案及说明 (第十二条).
    case draft
    /// 公众意见及采纳情况 (第十五条、第二十九条).
    case participation
    /// 专家论证意见 (第二十条).
    case expert
    /// 风险评估报告 (第二十三条).
    case risk
    /// 合法性审查意见 (第二十八条).
    case legality
    /// 会议纪要 (第三十条).
    case minutes
    /// 决策文件及公布材料 (第三十二条).
    case publication
    /// 决策后评估报告 (第三十六条).
    case evaluation

    public var label: String {
        switch self {
        case .draft: "决策草案及起草说明"
        case .participation: "公众意见汇总及采纳情况说明"
        case .expert: "专家论证意见"
        case .risk: "风险评估报告"
        case .legality: "合法性审查意见书"
        case .minutes: "会议纪要(含不同意见)"
        case .publication: "决策文件及公布材料"
        case .evaluation: "决策后评估报告"
        }
    }

    /// The documents a decision with these facts must file: a procedure lawfully left out needs
    /// none; the publication and evaluation documents once those steps are recorded.
    public static func required(exempted: Set<DecisionProcedure>, published: Bool, evaluated: Bool) -> [DecisionDocument] {
        allCases.filter { d in
            switch d {
            case .draft, .legality, .minutes: true
            case .participation: !exempted.contains(.participation)
            case .expert: !exempted.contains(.expert)
            case .risk: !exempted.contains(.risk)
            case .publication: published
            case .evaluation: evaluated
            }
        }
    }
}

/// 意见处理 how the lead unit answered one public opinion in its feedback statement.
public enum OpinionResponse: String, Codable, CaseIterable, Sendable {
    case adopted
    case partly
    case rejected

    public var label: String {
        switch self {
        case .adopted: "采纳"
        case .partly: "部分采纳"
        case .rejected: "未采纳"
        }
    }
}
