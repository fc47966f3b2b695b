import Foundation

/// 执法类别 the kind of administrative enforcement act a case is.
public enum EnforcementCaseType: String, Codable, CaseIterable, Sendable {
    /// 行政处罚 (《行政处罚法》2021).
    case penalty
    /// 行政许可 (《行政许可法》).
    case licensing
    /// 行政强制 (《行政强制法》).
    case coercion
    /// 行政检查.
    case inspection
    /// 行政征收.
    case levy
    case other

    public var label: String {
        switch self {
        case .penalty: "行政处罚"
        case .licensing: "行政许可"
        case .coercion: "行政强制"
        case .inspection: "行政检查"
        case .levy: "行政征收"
        case .other: "其他行政执法"
        }
    }

    /// The catalogue rule of its decision period: 90 days from 立案 for a penalty (《行政处罚法》第六十条),
    /// 20 working days from 受理 for a licence (《行政许可法》第四十二条); nil where no general period is set.
    public var decisionRule: String? {
        switch self {
        case .penalty: "penalty.decision"
        case .licensing: "licensing.decision"
        default: nil
        }
    }

    /// 事后公开: 行政许可 and 行政处罚 decisions within 7 working days, others within 20
    /// (国办发〔2018〕118号 and 司法部 2019-01-04).
    public var publishRule: String {
        self == .penalty || self == .licensing ? "enforcement.publishDecision" : "enforcement.publishOther"
    }

    /// Whether 告知 (陈述、申辩) and 听证 apply: penalties (《行政处罚法》第四十四条、第六十三条).
    public var hasHearing: Bool { self == .penalty }

    /// 立案 for a penalty, 受理 for a licence, 启动 otherwise.
    public var openedLabel: String {
        switch self {
        case .penalty: "立案日期"
        case .licensing: "受理日期"
        default: "启动日期"
        }
    }
}

/// 执法证状态.
public enum OfficerStatus: String, Codable, CaseIterable, Sendable {
    /// 在岗
    case active
    /// 暂扣
    case suspended
    /// 注销
    case revoked

    public var label: String {
        switch self {
        case .active: "在岗"
        case .suspended: "暂扣"
        case .revoked: "注销"
        }
    }
}

/// What decides whether an officer may act on a day: the certificate's dates and its status.
public struct OfficerStanding: Equatable, Sendable {
    public var name: String
    public var certificateNumber: String
    public var issuedOn: LocalDate?
    public var validUntil: LocalDate
    public var status: OfficerStatus
    /// The day the status took effect (a suspension or revocation from this day on).
    public var statusSince: LocalDate?

    public init(
        name: String, certificateNumber: String, issuedOn: LocalDate? = nil, validUntil: LocalDate, status: OfficerStatus = .active,
        statusSince: LocalDate? = nil
    ) {
        self.name = name; self.certificateNumber = certificateNumber; self.issuedOn = issuedOn; self.validUntil = validUntil
        self.status = status; self.statusSince = statusSince
    }

    /// Why the officer may not act on `day`, or nil when the certificate is valid that day.
    public func problem(on day: LocalDate) -> String? {
        if certificateNumber.trimmingCharacters(in: .whitespaces).isEmpty { return "\(name) 没有行政执法证" }
        if let issuedOn, day < issuedOn { return "\(name) 的执法证(\(certificateNumber))\(issuedOn) 才发证" }
        if day > validUntil { return "\(name) 的执法证(\(certificateNumber))已于 \(validUntil) 到期" }
        if status != .active, (statusSince ?? day) <= day { return "\(name) 的执法证(\(certificateNumber))已\(status.label)" }
        return nil
    }
}

/// The rules a case step must pass before it is recorded.
public enum EnforcementRules {
    /// 执法人员不得少于两人 (《行政处罚法》第四十二条第一款、第五十五条): at least two of the case's
    /// officers must hold a valid 行政执法证 on the day of the act. Returns nil when they do, else the
    /// refusal naming each officer who may not act.
    public static func officersProblem(_ officers: [OfficerStanding], on day: LocalDate, act: String) -> String? {
        let problems = officers.compactMap { $0.problem(on: day) }
        let valid = officers.count - problems.count
        if valid >= 2 { return nil }
        var text = "\(act)(\(day))须由两名以上持有效行政执法证的执法人员实施(《行政处罚法》第四十二条),本案当日只有 \(valid) 名"
        if !problems.isEmpty { text += ":" + problems.joined(separator: ";") }
        return text
    }

    /// 重大执法决定法制审核 (《行政处罚法》第五十八条): required when the matter is on the unit's
    /// 法制审核目录清单, when the case is flagged (重大公共利益, 疑难复杂 …), and when a hearing was held
    /// on a matter of 重大权益 (第五十八条第一款第二项: a penalty heard under 第六十三条 is one).
    public static func reviewRequired(listed: Bool, flagged: Bool, heard: Bool) -> Bool { listed || flagged || heard }

    /// The decision gate: with a review required, no decision until one has passed
    /// (第五十八条第二款: 未经法制审核或者审核未通过的,不得作出决定).
    public static func decisionBlocked(reviewRequired: Bool, reviewPassedOn: LocalDate?, decisionOn: LocalDate) -> String? {
        guard reviewRequired else { return nil }
        guard let passed = reviewPassedOn else { return "本案须经重大执法决定法制审核,审核通过前不得作出决定(《行政处罚法》第五十八条)" }
        if decisionOn < passed { return "决定日期 \(decisionOn) 早于法制审核通过日期 \(passed)(《行政处罚法》第五十八条)" }
        return nil
    }
}

extension EnforcementRules {
    /// Why a decision may not be recorded on `day`, or nil. Before a penalty: the party was told of
    /// it and of the right to 陈述、申辩 (第四十四条, 第六十二条); the hearing window has closed, or the
    /// hearing asked for has been held (第六十三条、第六十四条); and any required legal review has
    /// passed (第五十八条). A licence or other act: only the review gate.
    public static func decisionProblem(
        _ f: EnforcementFacts, clock: EnforcementClock, reviewRequired: Bool, reviewPassedOn: LocalDate?, on day: LocalDate
    ) -> String? {
        if day < f.openedOn { return "决定日期 \(day) 早于\(f.type.openedLabel.replacingOccurrences(of: "日期", with: "")) \(f.openedOn)" }
        if f.type == .penalty {
            guard let notice = f.noticeOn else {
                return "作出行政处罚决定前,应当告知拟作出的处罚内容及事实、理由、依据和陈述、申辩(听证)权利(《行政处罚法》第四十四条、第六十二条)"
            }
            if day < notice { return "决定日期 \(day) 早于告知日期 \(notice)" }
            if f.hearingOffered {
                if let requested = f.hearingRequestedOn {
                    guard let heard = f.hearingOn, heard <= day else {
                        return "当事人已于 \(requested) 要求听证,听证结束前不得作出决定(《行政处罚法》第六十三条、第六十五条)"
                    }
                } else if let last = clock.hearingRequestDue, day <= last {
                    return "当事人可在 \(last) 前要求听证,听证申请期届满前不得作出决定(《行政处罚法》第六十四条)"
                }
            }
        }
        return decisionBlocked(reviewRequired: reviewRequired, reviewPassedOn: reviewPassedOn, decisionOn: day)
    }

    /// Why the hearing cannot be set for `hearingOn` with its notice sent on `noticeOn`: the notice
    /// goes out at least 7 working days before (第六十四条第二项、第八十五条).
    public static func hearingNoticeProblem(noticeOn: LocalDate, hearingOn: LocalDate, latest: LocalDate) -> String? {
        if hearingOn <= noticeOn { return "听证日期 \(hearingOn) 应当晚于通知日期 \(noticeOn)" }
        if noticeOn > latest {
            return "听证通知应当在举行听证的七个工作日前送达(不晚于 \(latest));\(noticeOn) 通知的,听证最早只能在此后七个工作日后举行(《行政处罚法》第六十四条第二项)"
        }
        return nil
    }
}

/// The register's settings (`Resources/Registers/enforcement.json`): the yearly training
/// requirement, the days before a certificate's expiry at which the scan warns, and the 案卷评查
/// pass mark and sample size.
public struct EnforcementSettings: Codable, Equatable, Sendable {
    /// 每人每年培训学时 (default 60, 国办发〔2023〕27号).
    public var trainingHoursPerYear: Int
    /// Warning distances in days, largest first (default 90 and 30).
    public var certificateWarningDays: [Int]
    /// 案卷评查 合格分 out of 100 (default 80).
    public var fileReviewPassMark: Int
    /// Files drawn per unit by default (default 5).
    public var fileReviewSample: Int

    public init(trainingHoursPerYear: Int = 60, certificateWarningDays: [Int] = [90, 30], fileReviewPassMark: Int = 80, fileReviewSample: Int = 5) {
        self.trainingHoursPerYear = trainingHoursPerYear; self.certificateWarningDays = certificateWarningDays
        self.fileReviewPassMark = fileReviewPassMark; self.fileReviewSample = fileReviewSample
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = EnforcementSettings.standard
        self.init(
            trainingHoursPerYear: try c.decodeIfPresent(Int.self, forKey: .trainingHoursPerYear) ?? d.trainingHoursPerYear,
            certificateWarningDays: try c.decodeIfPresent([Int].self, forKey: .certificateWarningDays) ?? d.certificateWarningDays,
            fileReviewPassMark: try c.decodeIfPresent(Int.self, forKey: .fileReviewPassMark) ?? d.fileReviewPassMark,
            fileReviewSample: try c.decodeIfPresent(Int.self, forKey: .fileReviewSample) ?? d.fileReviewSample)
    }

    public static let standard = EnforcementSettings(
        trainingHoursPerYear: 60, certificateWarningDays: [90, 30], fileReviewPassMark: 80, fileReviewSample: 5)

    /// Reads and checks the file (a missing key keeps its default): a requirement of 1–500 hours, one
    /// or two warning distances of 1–365 days, a pass mark of 1–100, a sample of 1–100 files.
    public static func parse(_ data: Data) throws -> EnforcementSettings {
        let s: EnforcementSettings
        do { s = try JSONDecoder().decode(EnforcementSettings.self, from: data) } catch {
            throw ValidationFailure([
                FieldError("file", "不是有效的设置文件(JSON:trainingHoursPerYear、certificateWarningDays、fileReviewPassMark、fileReviewSample)")
            ])
        }
        var v = Validator()
        if !(1...500).contains(s.trainingHoursPerYear) { v.add("trainingHoursPerYear", "每年培训学时应为 1 到 500") }
        if s.certificateWarningDays.isEmpty || s.certificateWarningDays.count > 2
            || s.certificateWarningDays.contains(where: { !(1...365).contains($0) })
        {
            v.add("certificateWarningDays", "执法证到期提醒应为 1 或 2 个 1–365 之间的天数")
        }
        if !(1...100).contains(s.fileReviewPassMark) { v.add("fileReviewPassMark", "案卷评查合格分应为 1 到 100") }
        if !(1...100).contains(s.fileReviewSample) { v.add("fileReviewSample", "每个单位抽取的案卷数应为 1 到 100") }
        try v.check()
        var out = s
        out.certificateWarningDays = s.certificateWarningDays.sorted(by: >)
        return out
    }
}
