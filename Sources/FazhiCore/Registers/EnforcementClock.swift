import Foundation

/// The facts of one enforcement case that decide its statutory clocks.
public struct EnforcementFacts: Equatable, Sendable {
    public var type: EnforcementCaseType
    /// 立案 (a penalty), 受理 (a licence) or the day the act began.
    public var openedOn: LocalDate
    /// 告知 the intended penalty, its facts and the rights to 陈述、申辩 (第四十四条) — and to 听证 when
    /// `hearingOffered` (第六十三条).
    public var noticeOn: LocalDate?
    public var hearingOffered: Bool
    /// The party asked for a hearing on (within 5 working days of the notice, 第六十四条第一项).
    public var hearingRequestedOn: LocalDate?
    /// The party was told the hearing's time and place on (at least 7 working days before it,
    /// 第六十四条第二项).
    public var hearingNoticeOn: LocalDate?
    public var hearingOn: LocalDate?
    /// Approved extension of the decision period (days for a penalty under a rule that allows one,
    /// working days for a licence, ≤ 10: 《行政许可法》第四十二条).
    public var extensionDays: Int
    public var decisionOn: LocalDate?
    public var servedOn: LocalDate?
    /// 执行完毕 (fine paid, licence issued, measure carried out).
    public var executedOn: LocalDate?
    public var publishedOn: LocalDate?
    /// The decision was changed, revoked or found unlawful on; its publication is withdrawn within
    /// 3 working days (第四十八条第二款).
    public var revokedOn: LocalDate?
    public var withdrawnOn: LocalDate?
    public var closedOn: LocalDate?

    public init(
        type: EnforcementCaseType, openedOn: LocalDate, noticeOn: LocalDate? = nil, hearingOffered: Bool = false,
        hearingRequestedOn: LocalDate? = nil, hearingNoticeOn: LocalDate? = nil, hearingOn: LocalDate? = nil, extensionDays: Int = 0,
        decisionOn: LocalDate? = nil, servedOn: LocalDate? = nil, executedOn: LocalDate? = nil, publishedOn: LocalDate? = nil,
        revokedOn: LocalDate? = nil, withdrawnOn: LocalDate? = nil, closedOn: LocalDate? = nil
    ) {
        self.type = type; self.openedOn = openedOn; self.noticeOn = noticeOn; self.hearingOffered = hearingOffered
        self.hearingRequestedOn = hearingRequestedOn; self.hearingNoticeOn = hearingNoticeOn; self.hearingOn = hearingOn
        self.extensionDays = extensionDays; self.decisionOn = decisionOn; self.servedOn = servedOn; self.executedOn = executedOn
        self.publishedOn = publishedOn; self.revokedOn = revokedOn; self.withdrawnOn = withdrawnOn; self.closedOn = closedOn
    }
}

/// Who must act for a step.
public enum EnforcementParty: String, Sendable {
    case organ, party

    public var label: String { self == .organ ? "执法机关" : "当事人" }
}

/// One statutory step of an enforcement case with its clock.
public struct EnforcementStep: Equatable, Sendable {
    public let rule: String
    public let name: String
    public let party: EnforcementParty
    /// 届满日 (for a "before" rule, the latest day); nil while the event it counts from has not happened.
    public let due: LocalDate?
    public let doneOn: LocalDate?
    public let status: ClockStatus?
    public let basis: String
    public var provisional: ProvisionalMark?
    /// What the step's end means when it is not a lateness (a hearing not asked for is waived).
    public var note: String?
}

/// A case's clocks on a day.
///
/// Counting (domain-law §4, §10): 《行政处罚法》第八十五条 — "二日""三日""五日""七日" are working days,
/// other periods (the 90-day decision, the 15 days to pay) calendar days whose last day, if a rest
/// day, moves to the next working day; the start day is never counted. 《行政许可法》第八十二条: every
/// licensing period is in working days. Decision: a penalty within 90 days of 立案 (第六十条), a licence
/// within 20 working days of 受理 (+10 approved, 第四十二条). Publication of the decision within 7
/// working days (行政许可、行政处罚) or 20 (others) (国办发〔2018〕118号); withdrawal of a revoked
/// decision within 3 working days (第四十八条第二款).
public struct EnforcementClock: Equatable, Sendable {
    public let steps: [EnforcementStep]

    public func step(_ rule: String) -> EnforcementStep? { steps.first { $0.rule == rule } }

    /// The decision's due date, if the type has a general decision period.
    public var decisionDue: LocalDate? { steps.first { $0.rule == "penalty.decision" || $0.rule == "licensing.decision" }?.due }
    /// The publication's due date once decided.
    public var publishDue: LocalDate? { steps.first { $0.rule.hasPrefix("enforcement.publish") }?.due }
    /// The latest day the hearing notice may go out, once a hearing is set.
    public var hearingNoticeDue: LocalDate? { step("penalty.hearingNotice")?.due }
    /// The last day the party may ask for a hearing.
    public var hearingRequestDue: LocalDate? { step("penalty.hearingRequest")?.due }

    public static func compute(
        _ f: EnforcementFacts, today: LocalDate, engine: DeadlineEngine, rules: DeadlineCatalogue, threshold: Int = ClockStatus.defaultThreshold
    ) throws -> EnforcementClock {
        func rule(_ id: String) throws -> DeadlineRule {
            guard let rule = rules.rule(id) else { throw DeadlineError.invalidRequest(field: "rule", message: "期限规则目录中没有“\(id)”") }
            return rule
        }
        func step(_ id: String, party: EnforcementParty = .organ, from start: LocalDate?, doneOn: LocalDate?, extendedBy: Int = 0) throws
            -> EnforcementStep
        {
            let r = try rule(id)
            guard let start else {
                return EnforcementStep(rule: id, name: r.name, party: party, due: nil, doneOn: doneOn, status: nil, basis: r.basis)
            }
            let result = try engine.due(DeadlineRequest(rule: r, start: start, extensionLength: extendedBy))
            // A "before" rule (the hearing notice) is met by acting on or before its latest day.
            let status = try ClockStatus.of(due: result.due, today: today, metOn: doneOn, threshold: threshold, calendar: engine.calendar)
            return EnforcementStep(
                rule: id, name: r.name, party: party, due: result.due, doneOn: doneOn, status: status, basis: r.basis, provisional: result.provisional
            )
        }

        var steps: [EnforcementStep] = []
        if f.type.hasHearing, f.hearingOffered, let notice = f.noticeOn {
            // The party's 5 working days: a party that asked nothing within them waived the hearing,
            // which is nobody's lateness.
            var request = try step("penalty.hearingRequest", party: .party, from: notice, doneOn: f.hearingRequestedOn)
            if f.hearingRequestedOn == nil, let due = request.due, today > due {
                request = EnforcementStep(
                    rule: request.rule, name: request.name, party: .party, due: due, doneOn: nil, status: nil, basis: request.basis,
                    provisional: request.provisional, note: "当事人未在期限内要求听证,视为放弃")
            }
            steps.append(request)
            if f.hearingRequestedOn != nil {
                steps.append(try step("penalty.hearingNotice", from: f.hearingOn, doneOn: f.hearingNoticeOn))
            }
        }
        if let decisionRule = f.type.decisionRule {
            steps.append(try step(decisionRule, from: f.openedOn, doneOn: f.decisionOn ?? f.closedOn, extendedBy: f.extensionDays))
        }
        if let decided = f.decisionOn {
            if f.type == .penalty {
                steps.append(try step("penalty.service", from: decided, doneOn: f.servedOn))
                if let served = f.servedOn { steps.append(try step("penalty.payment", party: .party, from: served, doneOn: f.executedOn)) }
            }
            steps.append(try step(f.type.publishRule, from: decided, doneOn: f.publishedOn))
            if let revoked = f.revokedOn, f.publishedOn != nil {
                steps.append(try step("penalty.withdraw", from: revoked, doneOn: f.withdrawnOn))
            }
        }
        return EnforcementClock(steps: steps)
    }
}
