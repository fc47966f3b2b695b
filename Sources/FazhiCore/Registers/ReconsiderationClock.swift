import Foundation

/// 审理程序 of a 行政复议 case (《行政复议法》2023, 第五十三条至第五十五条).
public enum ReconsiderationProcedure: String, Codable, CaseIterable, Sendable {
    /// 普通程序: decided within 60 days of acceptance, extendable once by at most 30 (第六十二条第一款).
    case normal
    /// 简易程序 (第五十三条): copy in 3, answer in 5 working days, decided within 30 days (第五十四条、
    /// 第六十二条第二款); no extension.
    case simplified

    public var label: String { self == .normal ? "普通程序" : "简易程序" }
}

/// 中止 one suspension of the hearing (第三十九条): the days from the day after the suspension to
/// the resumption are not counted in the decision period — the same reading as every pause in
/// Fazhi (the start day of a period is not counted, 民事诉讼法第八十五条).
public struct ReconsiderationSuspension: Equatable, Sendable {
    public var suspendedOn: LocalDate
    /// 恢复审理 on; nil while the ground lasts.
    public var resumedOn: LocalDate?
    /// 中止事由, one of 第三十九条's.
    public var ground: String

    public init(suspendedOn: LocalDate, resumedOn: LocalDate?, ground: String) {
        self.suspendedOn = suspendedOn; self.resumedOn = resumedOn; self.ground = ground
    }
}

/// The facts of one 行政复议 case that decide its statutory clocks.
public struct ReconsiderationFacts: Equatable, Sendable {
    /// 收到行政复议申请之日.
    public var receivedOn: LocalDate
    /// 补正通知 sent on (once only, within 5 working days of receipt, 第三十一条第一款).
    public var clarifySentOn: LocalDate?
    /// The day the applicant received the 补正通知: its 10 working days count from here.
    public var clarifyReceivedOn: LocalDate?
    /// 补正材料 received on: the acceptance review runs again from this day.
    public var clarifiedOn: LocalDate?
    /// 受理 decided on; nil while undecided (at the review's end it is deemed accepted, 第三十条第三款).
    public var acceptedOn: LocalDate?
    /// 不予受理 decided on (第三十条第二款).
    public var rejectedOn: LocalDate?
    public var procedure: ReconsiderationProcedure
    /// 简易程序转为普通程序 on (第五十五条): from then the normal periods apply, counted from acceptance.
    public var convertedOn: LocalDate?
    /// 申请书副本 sent to the respondent on.
    public var copySentOn: LocalDate?
    /// The respondent received the copy on: its answer period counts from here (第四十八条).
    public var respondentReceivedOn: LocalDate?
    /// 被申请人书面答复 and evidence received on.
    public var answeredOn: LocalDate?
    /// 延长审理期限 days approved (normal procedure only, ≤ 30, 第六十二条第一款).
    public var extensionDays: Int
    public var suspensions: [ReconsiderationSuspension]
    /// Decided, terminated or withdrawn on.
    public var closedOn: LocalDate?

    public init(
        receivedOn: LocalDate, clarifySentOn: LocalDate? = nil, clarifyReceivedOn: LocalDate? = nil, clarifiedOn: LocalDate? = nil,
        acceptedOn: LocalDate? = nil, rejectedOn: LocalDate? = nil, procedure: ReconsiderationProcedure = .normal,
        convertedOn: LocalDate? = nil, copySentOn: LocalDate? = nil, respondentReceivedOn: LocalDate? = nil,
        answeredOn: LocalDate? = nil, extensionDays: Int = 0, suspensions: [ReconsiderationSuspension] = [], closedOn: LocalDate? = nil
    ) {
        self.receivedOn = receivedOn; self.clarifySentOn = clarifySentOn; self.clarifyReceivedOn = clarifyReceivedOn
        self.clarifiedOn = clarifiedOn; self.acceptedOn = acceptedOn; self.rejectedOn = rejectedOn; self.procedure = procedure
        self.convertedOn = convertedOn; self.copySentOn = copySentOn; self.respondentReceivedOn = respondentReceivedOn
        self.answeredOn = answeredOn; self.extensionDays = extensionDays; self.suspensions = suspensions; self.closedOn = closedOn
    }

    /// The procedure the periods follow now: a converted case is a normal one.
    public var effectiveProcedure: ReconsiderationProcedure { convertedOn == nil ? procedure : .normal }
}

/// Who must act for a step: the reconsideration organ, the applicant or the respondent unit.
public enum ReconsiderationParty: String, Sendable {
    case organ, applicant, respondent

    public var label: String {
        switch self {
        case .organ: "复议机构"
        case .applicant: "申请人"
        case .respondent: "被申请人"
        }
    }
}

/// One statutory step of a case with its clock.
public struct ReconsiderationStep: Equatable, Sendable {
    /// The rule's id in the catalogue (`reconsideration.copy` …).
    public let rule: String
    public let name: String
    public let party: ReconsiderationParty
    /// 届满日; nil while the event it counts from has not happened (e.g. the respondent's receipt).
    public let due: LocalDate?
    public let doneOn: LocalDate?
    /// On the day computed; nil without a due date.
    public let status: ClockStatus?
    /// 法律依据 with the article.
    public let basis: String
    public var provisional: ProvisionalMark?
}

/// Where a case stands on a day.
public enum ReconsiderationPhase: Equatable, Sendable {
    /// 待补正: the applicant has until `dueOn` (nil while its receipt of the notice is not recorded).
    case awaitingClarification(dueOn: LocalDate?)
    /// The applicant's 10 working days passed without 补正: deemed withdrawn (视为放弃, 第三十一条第二款).
    case clarificationLapsed(dueOn: LocalDate)
    /// 受理审查 until `until`.
    case acceptanceReview(until: LocalDate)
    /// 不予受理.
    case rejected(on: LocalDate)
    /// 审理中, with the decision's clock.
    case hearing(ClockStatus)
    /// 中止 since `since`: the decision clock stands still.
    case suspended(since: LocalDate, ground: String)
    case closed(ClockStatus?)

    public var label: String {
        switch self {
        case .awaitingClarification(let due?): "待申请人补正(补正期限 \(due))"
        case .awaitingClarification(nil): "已发补正通知,待记录申请人收到通知的日期"
        case .clarificationLapsed(let due): "补正期限(\(due))已过未补正,视为放弃行政复议申请"
        case .acceptanceReview(let until): "受理审查中(\(until) 前未决定不予受理的,视为受理)"
        case .rejected(let on): "\(on) 决定不予受理"
        case .hearing(let status): "审理中:" + status.label
        case .suspended(let since, let ground): "\(since) 起中止审理(\(ground)),审理期限暂停"
        case .closed(let status): status.map { "已审结:" + $0.label } ?? "已审结"
        }
    }
}

/// A case's clocks on a day: every statutory step with its due date and state, and the phase.
///
/// Counting (domain-law §5, §10): 《行政复议法》第八十八条 — "三日""五日""七日""十日" are working
/// days, longer periods calendar days whose last day, if a rest day, moves to the next working day;
/// the start day is never counted. Acceptance review 5 working days from receipt, or from the receipt
/// of the 补正材料 (第三十条、第三十一条); undecided at its end, the case is deemed accepted on that day
/// (第三十条第三款). Copy to the respondent within 7 working days of acceptance (简易程序 3), the
/// respondent's answer within 10 working days of receiving it (简易程序 5) (第四十八条、第五十四条).
/// Decision within 60 days of acceptance, plus at most 30 approved (第六十二条第一款); 简易程序 30 days
/// (第六十二条第二款); suspensions (第三十九条) not counted.
public struct ReconsiderationClock: Equatable, Sendable {
    public let steps: [ReconsiderationStep]
    public let phase: ReconsiderationPhase
    /// 受理之日: decided, or deemed at the review's end; nil before.
    public let acceptedOn: LocalDate?
    /// Whether acceptance is deemed (no decision within the review period).
    public let deemedAccepted: Bool

    public func step(_ rule: String) -> ReconsiderationStep? { steps.first { $0.rule == rule } }

    public static func compute(
        _ f: ReconsiderationFacts, today: LocalDate, engine: DeadlineEngine, rules: DeadlineCatalogue,
        threshold: Int = ClockStatus.defaultThreshold
    ) throws -> ReconsiderationClock {
        let calendar = engine.calendar
        func rule(_ id: String) throws -> DeadlineRule {
            guard let rule = rules.rule(id) else { throw DeadlineError.invalidRequest(field: "rule", message: "期限规则目录中没有“\(id)”") }
            return rule
        }
        func step(
            _ id: String, party: ReconsiderationParty, from start: LocalDate?, doneOn: LocalDate?,
            pauses: [DateRange] = [], extendedBy: Int = 0, pausedBecause: String? = nil
        ) throws -> ReconsiderationStep {
            let r = try rule(id)
            guard let start else {
                return ReconsiderationStep(rule: id, name: r.name, party: party, due: nil, doneOn: doneOn, status: nil, basis: r.basis)
            }
            let result = try engine.due(DeadlineRequest(rule: r, start: start, pauses: pauses, extensionLength: extendedBy))
            let status = try ClockStatus.of(
                due: result.due, today: today, metOn: doneOn, pausedBecause: doneOn == nil ? pausedBecause : nil, threshold: threshold,
                calendar: calendar)
            return ReconsiderationStep(
                rule: id, name: r.name, party: party, due: result.due, doneOn: doneOn, status: status, basis: r.basis,
                provisional: result.provisional)
        }

        var steps: [ReconsiderationStep] = []
        // 补正 (第三十一条): the notice within 5 working days of receipt; the applicant's 10 from its receipt.
        if let sent = f.clarifySentOn {
            steps.append(try step("reconsideration.clarify", party: .organ, from: f.receivedOn, doneOn: sent))
            let applicant = try step("reconsideration.applicantClarify", party: .applicant, from: f.clarifyReceivedOn, doneOn: f.clarifiedOn)
            steps.append(applicant)
            if f.clarifiedOn == nil {
                let phase: ReconsiderationPhase
                if f.closedOn != nil {
                    phase = .closed(nil)
                } else if let due = applicant.due, today > due {
                    phase = .clarificationLapsed(dueOn: due)
                } else {
                    phase = .awaitingClarification(dueOn: applicant.due)
                }
                return ReconsiderationClock(steps: steps, phase: phase, acceptedOn: nil, deemedAccepted: false)
            }
        }
        // 受理审查 (第三十条): from receipt, or from the receipt of the 补正材料.
        let review = try step(
            "reconsideration.accept", party: .organ, from: f.clarifiedOn ?? f.receivedOn, doneOn: f.acceptedOn ?? f.rejectedOn)
        steps.append(review)
        if let rejected = f.rejectedOn {
            return ReconsiderationClock(steps: steps, phase: .rejected(on: rejected), acceptedOn: nil, deemedAccepted: false)
        }
        guard let reviewEnd = review.due else { throw DeadlineError.invalidRequest(field: "receivedOn", message: "缺少收到申请的日期") }
        let deemed = f.acceptedOn == nil && (today > reviewEnd || f.closedOn != nil)
        guard let accepted = f.acceptedOn ?? (deemed ? reviewEnd : nil) else {
            return ReconsiderationClock(steps: steps, phase: .acceptanceReview(until: reviewEnd), acceptedOn: nil, deemedAccepted: false)
        }

        let simplified = f.effectiveProcedure == .simplified
        steps.append(
            try step(
                simplified ? "reconsideration.simplifiedCopy" : "reconsideration.copy", party: .organ, from: accepted, doneOn: f.copySentOn))
        steps.append(
            try step(
                simplified ? "reconsideration.simplifiedAnswer" : "reconsideration.answer", party: .respondent,
                from: f.respondentReceivedOn, doneOn: f.answeredOn))

        // The decision: suspensions are not counted, from the day after each suspension to its
        // resumption (or to today / the closing day while it lasts).
        let horizon = min(today, f.closedOn ?? today)
        var pauses: [DateRange] = []
        var ongoing: ReconsiderationSuspension?
        for s in f.suspensions.sorted(by: { $0.suspendedOn < $1.suspendedOn }) {
            let end = s.resumedOn ?? horizon
            if end > s.suspendedOn { pauses.append(DateRange(from: s.suspendedOn.adding(days: 1), to: end, reason: "中止:\(s.ground)")) }
            if s.resumedOn == nil, f.closedOn == nil { ongoing = s }
        }
        if simplified, f.extensionDays > 0 {
            throw DeadlineError.invalidRequest(field: "extensionDays", message: "简易程序案件不得延长审理期限(《行政复议法》第六十二条第二款)")
        }
        let decision = try step(
            simplified ? "reconsideration.simplified" : "reconsideration.decision", party: .organ, from: accepted, doneOn: f.closedOn,
            pauses: pauses, extendedBy: f.extensionDays, pausedBecause: ongoing.map { "中止审理:\($0.ground)" })
        steps.append(decision)
        let phase: ReconsiderationPhase
        if f.closedOn != nil {
            phase = .closed(decision.status)
        } else if let ongoing {
            phase = .suspended(since: ongoing.suspendedOn, ground: ongoing.ground)
        } else if let status = decision.status {
            phase = .hearing(status)
        } else {
            phase = .acceptanceReview(until: reviewEnd)
        }
        return ReconsiderationClock(steps: steps, phase: phase, acceptedOn: accepted, deemedAccepted: f.acceptedOn == nil)
    }
}
