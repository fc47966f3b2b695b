import Foundation

/// 督办梯度 the escalation ladder, set by the office. Peers' data says reminders alone fail, so
/// an item climbs: due soon → the unit's liaison; overdue → the liaison at once and the unit head
/// a working day later; overdue long enough → the office is asked to issue a 督办单.
public struct EscalationLadder: Codable, Equatable, Sendable {
    /// 临期提醒: the liaison is reminded this many working days before the due date.
    public var dueSoonWorkdays: Int
    /// The unit head is told once an item is this many working days overdue.
    public var headAfterWorkdays: Int
    /// 督办: the office is asked to issue a supervision notice at this many working days overdue.
    public var noticeAfterWorkdays: Int
    /// Working days a unit has to reply to a supervision notice, counted from the next day.
    public var replyWorkdays: Int

    public init(dueSoonWorkdays: Int, headAfterWorkdays: Int, noticeAfterWorkdays: Int, replyWorkdays: Int) {
        self.dueSoonWorkdays = dueSoonWorkdays
        self.headAfterWorkdays = headAfterWorkdays
        self.noticeAfterWorkdays = noticeAfterWorkdays
        self.replyWorkdays = replyWorkdays
    }

    public static let standard = EscalationLadder(dueSoonWorkdays: 3, headAfterWorkdays: 2, noticeAfterWorkdays: 5, replyWorkdays: 5)

    /// The office's form, checked as a whole.
    public static func parse(dueSoon: String, headAfter: String, noticeAfter: String, reply: String) throws -> EscalationLadder {
        var v = Validator()
        func number(_ raw: String, _ field: String, _ label: String, _ range: ClosedRange<Int>) -> Int {
            guard let n = Int(raw.trimmed), range.contains(n) else {
                v.add(field, "\(label)应为 \(range.lowerBound)…\(range.upperBound) 之间的整数")
                return range.lowerBound
            }
            return n
        }
        let ladder = EscalationLadder(
            dueSoonWorkdays: number(dueSoon, "dueSoon", "临期提醒天数", 0...30),
            headAfterWorkdays: number(headAfter, "headAfter", "告知负责人的逾期天数", 1...60),
            noticeAfterWorkdays: number(noticeAfter, "noticeAfter", "督办的逾期天数", 1...120),
            replyWorkdays: number(reply, "reply", "督办单答复期限", 1...60))
        if v.errors.isEmpty && ladder.noticeAfterWorkdays < ladder.headAfterWorkdays {
            v.add("noticeAfter", "督办的逾期天数不能少于告知负责人的逾期天数:先告知单位负责人,再由法治办督办")
        }
        try v.check()
        return ladder
    }

    /// Where a dated item stands on `today`. `paused` items (lawfully paused, 暂停) are never due
    /// soon or overdue; an extended item is passed with its extended due date.
    public func stage(due: LocalDate, today: LocalDate, paused: Bool, calendar: WorkCalendar) throws -> EscalationStage? {
        if paused { return nil }
        if today <= due {
            // Working days left after today, through the due date.
            let left = try calendar.workdays(from: today.adding(days: 1), to: due)
            return left <= dueSoonWorkdays ? .dueSoon(workdaysLeft: left) : nil
        }
        // Items older than the loaded calendar count from its first day (they are long overdue anyway).
        let over = try calendar.workdays(from: max(due.adding(days: 1), calendar.firstDate), to: today)
        if over >= noticeAfterWorkdays { return .notice(workdaysOverdue: over) }
        if over >= headAfterWorkdays { return .head(workdaysOverdue: over) }
        return .overdue(workdaysOverdue: over)
    }
}

/// How far up the ladder an item has climbed.
public enum EscalationStage: Equatable, Sendable {
    /// 临期: due within the reminder window (0 = due today).
    case dueSoon(workdaysLeft: Int)
    /// 逾期: past its due date; the liaison is told.
    case overdue(workdaysOverdue: Int)
    /// 逾期告知负责人: the unit head is told too.
    case head(workdaysOverdue: Int)
    /// 应督办: the office is asked to issue a supervision notice.
    case notice(workdaysOverdue: Int)

    /// The rungs reached so far, lowest first; each one notifies its own recipients once.
    public var rungs: [EscalationRung] {
        switch self {
        case .dueSoon: [.dueSoon]
        case .overdue: [.overdue]
        case .head: [.overdue, .head]
        case .notice: [.overdue, .head, .notice]
        }
    }

    public var workdaysOverdue: Int {
        switch self {
        case .dueSoon: 0
        case .overdue(let d), .head(let d), .notice(let d): d
        }
    }

    public var isOverdue: Bool { if case .dueSoon = self { false } else { true } }
}

/// One rung of the ladder and who is told on it.
public enum EscalationRung: String, CaseIterable, Codable, Sendable {
    case dueSoon = "due_soon"
    case overdue
    case head
    case notice

    public var recipient: Recipient {
        switch self {
        case .dueSoon, .overdue: .liaison
        case .head: .head
        case .notice: .office
        }
    }

    public var label: String {
        switch self {
        case .dueSoon: "临期提醒"
        case .overdue: "逾期提醒"
        case .head: "逾期告知负责人"
        case .notice: "建议督办"
        }
    }
}

/// Who a rung reaches.
public enum Recipient: String, Codable, Sendable {
    /// 单位联络员 the unit's liaisons.
    case liaison
    /// 单位负责人 the unit's heads.
    case head
    /// 法治办 the programme office.
    case office
}

/// 到期事项 one dated item the scheduler looks at: a task, a progress report, a rectification
/// measure, an assessment window, a supervision notice's reply.
public struct DatedItem: Equatable, Sendable {
    /// What kind of thing is due. The platform's kinds are below; a register defines its own
    /// (e.g. 依申请公开 `goi_request`) in its feature folder, so adding one changes nothing here.
    /// Two kinds are the same when their raw values are.
    public struct Kind: Hashable, Codable, Sendable {
        public let rawValue: String
        /// 任务, 督办单答复 … (in notifications and on the overdue board).
        public let label: String
        /// Whether the office may issue a supervision notice on it (not on a notice itself).
        public let supervisable: Bool

        public init(rawValue: String, label: String, supervisable: Bool = true) {
            self.rawValue = rawValue; self.label = label; self.supervisable = supervisable
        }

        public static let task = Kind(rawValue: "task", label: "任务")
        public static let progressReport = Kind(rawValue: "progress_report", label: "进展报告")
        public static let problemMeasure = Kind(rawValue: "problem_measure", label: "整改措施")
        public static let assessmentWindow = Kind(rawValue: "assessment_window", label: "考评自评")
        public static let notice = Kind(rawValue: "notice", label: "督办单答复", supervisable: false)

        /// The platform's own kinds (registers add theirs; tasks, reports and measures are listed
        /// by the modules that produce them).
        public static let platform: [Kind] = [.assessmentWindow, .notice]

        public static func == (a: Kind, b: Kind) -> Bool { a.rawValue == b.rawValue }
        public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

        public init(from decoder: any Decoder) throws {
            let raw = try decoder.singleValueContainer().decode(String.self)
            self = Kind.platform.first { $0.rawValue == raw } ?? Kind(rawValue: raw, label: raw)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }

    public let kind: Kind
    /// Stable key of the object (`task:<uuid>`), the same in every process and on every day.
    public let key: String
    public let unitID: UUID
    public let title: String
    public let due: LocalDate
    public let href: String
    public let paused: Bool

    public init(kind: Kind, key: String, unitID: UUID, title: String, due: LocalDate, href: String, paused: Bool = false) {
        self.kind = kind; self.key = key; self.unitID = unitID; self.title = title; self.due = due; self.href = href; self.paused = paused
    }
}

/// A dated item with its stage today.
public struct Signal: Equatable, Sendable {
    public let item: DatedItem
    public let stage: EscalationStage

    public init(item: DatedItem, stage: EscalationStage) {
        self.item = item
        self.stage = stage
    }

    /// The notification text of one rung, in Chinese.
    public func message(_ rung: EscalationRung) -> (title: String, body: String) {
        let what = "\(item.kind.label)「\(item.title)」"
        switch rung {
        case .dueSoon:
            let left: Int = if case .dueSoon(let d) = stage { d } else { 0 }
            return (
                "\(item.kind.label)临期:\(item.title)",
                left == 0 ? "\(what)今天(\(item.due))到期,请按时完成并报送。" : "\(what)将于 \(item.due) 到期,还剩 \(left) 个工作日。"
            )
        case .overdue:
            return ("\(item.kind.label)逾期:\(item.title)", "\(what)已于 \(item.due) 到期,尚未完成,请尽快办理并报送。")
        case .head:
            return (
                "本单位事项逾期:\(item.title)",
                "\(what)已逾期 \(stage.workdaysOverdue) 个工作日(到期日 \(item.due)),请单位负责人督促办理。"
            )
        case .notice:
            return (
                "建议督办:\(item.title)",
                "\(what)已逾期 \(stage.workdaysOverdue) 个工作日(到期日 \(item.due)),已达督办条件,请研究是否下发督办单。"
            )
        }
    }
}

/// 督办单 numbering: `督办〔2026〕3号`, the year it was issued and its sequence in that year.
public enum NoticeRules {
    public static func number(year: Int, sequence: Int) -> String { "督办〔\(year)〕\(sequence)号" }

    /// The office's notice form: the matter (at most 1000 characters) and an optional requirement.
    public static func check(matter: String, requirement: String) throws {
        var v = Validator()
        v.text(matter, field: "matter", label: "督办内容", max: 1000)
        v.text(requirement, field: "requirement", label: "督办要求", max: 1000, required: false)
        try v.check()
    }

    /// The unit's reply: what was done (required).
    public static func checkReply(_ text: String) throws {
        var v = Validator()
        v.text(text, field: "reply", label: "答复内容", max: 2000)
        try v.check()
    }
}
