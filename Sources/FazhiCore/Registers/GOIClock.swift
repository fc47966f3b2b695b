import Foundation

/// 征求意见 one consultation of a third party (第三十二条) or another organ (第三十三条第三款), which
/// has 15 working days to answer; the time it takes is not counted in the answer period.
public struct GOIConsultation: Equatable, Sendable {
    public var sentOn: LocalDate
    public var repliedOn: LocalDate?

    public init(sentOn: LocalDate, repliedOn: LocalDate?) { self.sentOn = sentOn; self.repliedOn = repliedOn }
}

/// The facts of one request that decide its statutory clock.
public struct GOIClockFacts: Equatable, Sendable {
    /// 收到申请之日 (第三十一条); nil while an online or fax request awaits the mutual confirmation.
    public var receivedOn: LocalDate?
    /// 补正告知 sent on, with the reasonable period given to the applicant (第三十条).
    public var clarifySentOn: LocalDate?
    public var clarifyDueOn: LocalDate?
    /// 收到补正后的申请: the answer period restarts from this day.
    public var clarifiedOn: LocalDate?
    public var consultations: [GOIConsultation]
    /// 延长答复期限 working days approved (≤ 20, 第三十三条第二款).
    public var extensionDays: Int
    /// Concluded (answered or closed) on.
    public var closedOn: LocalDate?

    public init(
        receivedOn: LocalDate?, clarifySentOn: LocalDate? = nil, clarifyDueOn: LocalDate? = nil, clarifiedOn: LocalDate? = nil,
        consultations: [GOIConsultation] = [], extensionDays: Int = 0, closedOn: LocalDate? = nil
    ) {
        self.receivedOn = receivedOn; self.clarifySentOn = clarifySentOn; self.clarifyDueOn = clarifyDueOn; self.clarifiedOn = clarifiedOn
        self.consultations = consultations; self.extensionDays = extensionDays; self.closedOn = closedOn
    }
}

/// Where a request's clock stands on a day.
public enum GOIClockState: Equatable, Sendable {
    /// Submitted online or by fax, the receipt not yet confirmed with the applicant (第三十一条第三项).
    case awaitingConfirmation
    /// 待补正: the clock is stopped until the clarified request arrives (第三十条).
    case awaitingClarification(dueOn: LocalDate?)
    /// The applicant's period for clarifying has passed without an answer: the request may be
    /// closed as withdrawn (视为放弃申请, 第三十条).
    case clarificationLapsed(dueOn: LocalDate?)
    /// 征求意见中: paused until the consultation is answered or its 15 working days end.
    case consulting(until: LocalDate)
    case running(ClockStatus)
    case closed(ClockStatus?)

    public var code: String {
        switch self {
        case .awaitingConfirmation: "awaiting_confirmation"
        case .awaitingClarification: "awaiting_clarification"
        case .clarificationLapsed: "clarification_lapsed"
        case .consulting: "consulting"
        case .running(let s): s.code
        case .closed(.metLate?): "closed_late"
        case .closed: "closed"
        }
    }

    public var label: String {
        switch self {
        case .awaitingConfirmation: "待确认收到(在线/传真申请)"
        case .awaitingClarification(let due): "待申请人补正" + (due.map { "(补正期限 \($0))" } ?? "")
        case .clarificationLapsed(let due): "补正期限已过" + (due.map { "(\($0))" } ?? "") + ",可按视为放弃申请办结"
        case .consulting(let until): "征求意见中,期限暂停(最迟至 \(until))"
        case .running(let s): s.label
        case .closed(let s): s.map { "已办结:" + $0.label } ?? "已办结"
        }
    }

    public var isOverdue: Bool { if case .running(.overdue) = self { true } else { false } }
}

/// The computed clock: the due date with how it was reached, and the state on a day.
public struct GOIClock: Equatable, Sendable {
    /// 答复期限 届满日 after extension and pauses; nil while no period is running (awaiting
    /// confirmation or clarification).
    public let due: LocalDate?
    /// The due date before the extension.
    public let firstDue: LocalDate?
    /// Where counting started: the receipt or the receipt of the clarified request.
    public let countedFrom: LocalDate?
    /// 补正告知 must be sent by this day (7 working days from receipt, 第三十条).
    public let clarifyBy: LocalDate?
    /// The days not counted (consultations).
    public let pauses: [DateRange]
    public let state: GOIClockState
    /// 暂定: the due date depends on a year whose holiday notice is not loaded yet.
    public var provisional: ProvisionalMark? = nil

    /// Computes the clock on `today`.
    ///
    /// Counting (domain-law §3.2, §10): the receipt day is not counted; 20 working days from the
    /// next working day (第三十三条第二款). A clarification restarts the period from the receipt of the
    /// clarified request (第三十条). A consultation's days — from the day after it was sent to the day
    /// its answer arrived, at most its 15 working days — are not counted (第三十二条、第三十三条第三款、
    /// 第三十四条). An approved extension adds at most 20 working days after the first due date.
    public static func compute(
        _ f: GOIClockFacts, today: LocalDate, engine: DeadlineEngine, rule: DeadlineRule,
        threshold: Int = ClockStatus.defaultThreshold
    ) throws -> GOIClock {
        guard let received = f.receivedOn else {
            return GOIClock(
                due: nil, firstDue: nil, countedFrom: nil, clarifyBy: nil, pauses: [],
                state: f.closedOn == nil ? .awaitingConfirmation : .closed(nil))
        }
        let calendar = engine.calendar
        let clarifyBy = try? calendar.adding(workdays: 7, to: received)
        if f.clarifySentOn != nil, f.clarifiedOn == nil {
            if f.closedOn != nil { return GOIClock(due: nil, firstDue: nil, countedFrom: nil, clarifyBy: clarifyBy, pauses: [], state: .closed(nil)) }
            let lapsed = f.clarifyDueOn.map { today > $0 } ?? false
            return GOIClock(
                due: nil, firstDue: nil, countedFrom: nil, clarifyBy: clarifyBy, pauses: [],
                state: lapsed ? .clarificationLapsed(dueOn: f.clarifyDueOn) : .awaitingClarification(dueOn: f.clarifyDueOn))
        }
        var pauses: [DateRange] = []
        var openUntil: LocalDate?
        for c in f.consultations {
            let limit = try engine.due(DeadlineRequest(start: c.sentOn, length: 15, unit: .workday)).due
            let end = min(c.repliedOn ?? limit, limit)
            if end > c.sentOn { pauses.append(DateRange(from: c.sentOn.adding(days: 1), to: end, reason: "征求意见")) }
            if c.repliedOn == nil, f.closedOn == nil, today <= limit { openUntil = max(openUntil ?? limit, limit) }
        }
        let result = try engine.due(
            DeadlineRequest(
                rule: rule, start: received, pauses: pauses, extensionLength: f.extensionDays,
                restartedOn: f.clarifiedOn))
        let state: GOIClockState
        if let closed = f.closedOn {
            state = .closed(try ClockStatus.of(due: result.due, today: today, metOn: closed, calendar: calendar))
        } else if let until = openUntil {
            state = .consulting(until: until)
        } else {
            state = .running(try ClockStatus.of(due: result.due, today: today, threshold: threshold, calendar: calendar))
        }
        return GOIClock(
            due: result.due, firstDue: result.firstDue, countedFrom: result.countedFrom, clarifyBy: clarifyBy,
            pauses: pauses, state: state, provisional: result.provisional)
    }
}
