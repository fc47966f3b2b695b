import Foundation

/// 征求意见的对象 whom a request's organ consults.
public enum GOIConsultationKind: String, Codable, CaseIterable, Sendable {
    /// 第三方 (第三十二条): a third party whose rights the disclosure may harm.
    case thirdParty = "third_party"
    /// 其他机关 (第三十四条): another organ that made the information jointly.
    case organ

    public var label: String { self == .thirdParty ? "征求第三方意见(第三十二条)" : "征求共同制作机关意见(第三十四条)" }

    /// What silence means once the 15 working days are over: an organ that does not answer is deemed
    /// to agree to disclosure (第三十四条); a third party's silence leaves the decision to the organ
    /// under the 条例 (第三十二条).
    public var silence: String {
        self == .organ
            ? "被征求意见机关逾期未提出意见,视为同意公开(第三十四条)"
            : "第三方逾期未提出意见,由本机关依照条例规定决定是否公开(第三十二条)"
    }
}

/// 征求意见 one consultation of a third party (第三十二条) or another organ (第三十四条). The party has
/// 15 working days **from its receipt of the consultation letter** to answer; the time from sending
/// the letter to the answer (at most to the end of those 15 days) is not counted in the answer period
/// (第三十三条第三款).
public struct GOIConsultation: Equatable, Sendable {
    public var kind: GOIConsultationKind
    public var sentOn: LocalDate
    /// The day the party received the letter (送达); nil while it is not known yet.
    public var receivedOn: LocalDate?
    public var repliedOn: LocalDate?

    public init(kind: GOIConsultationKind = .thirdParty, sentOn: LocalDate, receivedOn: LocalDate?, repliedOn: LocalDate?) {
        self.kind = kind; self.sentOn = sentOn; self.receivedOn = receivedOn; self.repliedOn = repliedOn
    }

    /// 意见期限: 15 working days from the day after the party received the letter (第三十二条、第三十四条);
    /// nil while the receipt is not known.
    public func limit(_ engine: DeadlineEngine) throws -> LocalDate? {
        guard let receivedOn else { return nil }
        return try engine.due(DeadlineRequest(start: receivedOn, length: 15, unit: .workday)).due
    }

    /// Whether the 15 days ended on `today` without an answer: the silence rule of its kind applies.
    public func isSilent(on today: LocalDate, engine: DeadlineEngine) -> Bool {
        guard repliedOn == nil, let limit = try? limit(engine) else { return false }
        return today > limit
    }
}

/// 收费通知 the notice of an information-processing fee (国办函〔2020〕109号《政府信息公开信息处理费管理办法》
/// 第七条): sent within the answer period; the applicant pays within 20 working days from the day
/// after receiving it, or is deemed to have abandoned the request. The time from the notice's
/// delivery to the payment is not counted in the answer period.
public struct GOIFeeNotice: Equatable, Sendable {
    /// 送达日期: the day the applicant received the notice.
    public var deliveredOn: LocalDate
    public var paidOn: LocalDate?

    public init(deliveredOn: LocalDate, paidOn: LocalDate?) { self.deliveredOn = deliveredOn; self.paidOn = paidOn }

    /// 缴费期限: 20 working days from the day after delivery.
    public func payBy(_ engine: DeadlineEngine) throws -> LocalDate {
        try engine.due(DeadlineRequest(start: deliveredOn, length: 20, unit: .workday)).due
    }
}

/// 延迟答复 (第三十五条): the applicant's reasons for an evidently excessive number or frequency of
/// requests are reasonable, but the answer cannot be given within 第三十三条's period: the organ
/// fixes a reasonable later date and tells the applicant.
public struct GOIDelay: Equatable, Sendable {
    public var decidedOn: LocalDate
    public var answerBy: LocalDate

    public init(decidedOn: LocalDate, answerBy: LocalDate) { self.decidedOn = decidedOn; self.answerBy = answerBy }
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
    /// 收费通知, if a fee was notified.
    public var feeNotice: GOIFeeNotice?
    /// 延迟答复 (第三十五条), if decided.
    public var delay: GOIDelay?
    /// Concluded (answered or closed) on.
    public var closedOn: LocalDate?

    public init(
        receivedOn: LocalDate?, clarifySentOn: LocalDate? = nil, clarifyDueOn: LocalDate? = nil, clarifiedOn: LocalDate? = nil,
        consultations: [GOIConsultation] = [], extensionDays: Int = 0, feeNotice: GOIFeeNotice? = nil, delay: GOIDelay? = nil,
        closedOn: LocalDate? = nil
    ) {
        self.receivedOn = receivedOn; self.clarifySentOn = clarifySentOn; self.clarifyDueOn = clarifyDueOn; self.clarifiedOn = clarifiedOn
        self.consultations = consultations; self.extensionDays = extensionDays; self.feeNotice = feeNotice; self.delay = delay
        self.closedOn = closedOn
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
    /// 征求意见中: paused until the consultation is answered or its 15 working days end; `until` is
    /// nil while the party's receipt of the letter is not recorded (the 15 days have not started).
    case consulting(until: LocalDate?)
    /// 待缴费: the fee notice is out; the clock stops until payment, at most to the payment deadline.
    case awaitingPayment(payBy: LocalDate)
    /// The payment deadline passed without payment: deemed abandoned (109号第七条), to be closed
    /// as 逾期未缴纳信息处理费.
    case feeLapsed(payBy: LocalDate)
    case running(ClockStatus)
    case closed(ClockStatus?)

    public var code: String {
        switch self {
        case .awaitingConfirmation: "awaiting_confirmation"
        case .awaitingClarification: "awaiting_clarification"
        case .clarificationLapsed: "clarification_lapsed"
        case .consulting: "consulting"
        case .awaitingPayment: "awaiting_payment"
        case .feeLapsed: "fee_lapsed"
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
        case .consulting(let until?): "征求意见中,期限暂停(最迟至 \(until))"
        case .consulting(nil): "征求意见中,期限暂停(待记录对方收到征求意见书的日期)"
        case .awaitingPayment(let payBy): "待申请人缴纳信息处理费,期限暂停(缴费期限 \(payBy))"
        case .feeLapsed(let payBy): "缴费期限(\(payBy))已过未缴费,视为放弃申请,请按逾期未缴费办结"
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
    /// The days not counted (consultations, the fee notice's payment window).
    public let pauses: [DateRange]
    public let state: GOIClockState
    /// 缴费期限 of the fee notice, if one was sent.
    public var payBy: LocalDate? = nil
    /// 暂定: the due date depends on a year whose holiday notice is not loaded yet.
    public var provisional: ProvisionalMark? = nil

    /// Computes the clock on `today`.
    ///
    /// Counting (domain-law §3.2, §10): the receipt day is not counted; 20 working days from the
    /// next working day (第三十三条第二款). A clarification restarts the period from the receipt of the
    /// clarified request (第三十条). A consultation's days — from the day after it was sent to the day
    /// its answer arrived, at most to the end of the 15 working days the party has from receiving the
    /// letter — are not counted (第三十二条、第三十三条第三款、第三十四条). A fee notice stops the clock from
    /// its delivery to the payment, at most to the payment deadline (109号第七条). An approved
    /// extension adds at most 20 working days after the first due date. A 延迟答复 (第三十五条) sets the
    /// organ's own later date; should later pauses carry the counted date past it, the later one holds.
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
        // The day up to which an open-ended pause runs: today, or the day the request was closed.
        let horizon = min(today, f.closedOn ?? today)
        var openLimits: [LocalDate] = []
        var awaitingReceipt = false
        for c in f.consultations {
            let limit = try c.limit(engine)
            // Not counted: from the day after sending to the answer, at most to the end of the party's
            // 15 working days; while the receipt is unknown and no answer came, up to today.
            let end = [c.repliedOn, limit].compactMap { $0 }.min() ?? horizon
            if end > c.sentOn { pauses.append(DateRange(from: c.sentOn.adding(days: 1), to: end, reason: "征求意见")) }
            guard c.repliedOn == nil, f.closedOn == nil else { continue }
            if let limit { if today <= limit { openLimits.append(limit) } } else { awaitingReceipt = true }
        }
        var payBy: LocalDate?
        if let fee = f.feeNotice {
            let last = try fee.payBy(engine)
            payBy = last
            // 109号第七条: from the notice's delivery to the payment (at most to the payment deadline) is
            // not counted; both days included, as the text says (送达日期至缴费完毕).
            let end = min(fee.paidOn ?? last, last)
            pauses.append(DateRange(from: fee.deliveredOn, to: end, reason: "待缴纳信息处理费"))
        }
        let counted = try engine.due(
            DeadlineRequest(
                rule: rule, start: received, pauses: pauses, extensionLength: f.extensionDays,
                restartedOn: f.clarifiedOn))
        // 第三十五条 延迟答复: the organ's own reasonable date replaces the statutory one.
        let due = f.delay.map { max($0.answerBy, counted.due) } ?? counted.due
        let state: GOIClockState
        if let closed = f.closedOn {
            state = .closed(try ClockStatus.of(due: due, today: today, metOn: closed, calendar: calendar))
        } else if let fee = f.feeNotice, fee.paidOn == nil, let payBy {
            state = today > payBy ? .feeLapsed(payBy: payBy) : .awaitingPayment(payBy: payBy)
        } else if awaitingReceipt {
            state = .consulting(until: nil)
        } else if let until = openLimits.max() {
            state = .consulting(until: until)
        } else {
            state = .running(try ClockStatus.of(due: due, today: today, threshold: threshold, calendar: calendar))
        }
        return GOIClock(
            due: due, firstDue: counted.firstDue, countedFrom: counted.countedFrom, clarifyBy: clarifyBy,
            pauses: pauses, state: state, payBy: payBy, provisional: counted.provisional)
    }
}
