import Foundation
import Testing
@testable import FazhiCore

/// 重大行政决策: the five gates and their periods around the 2026 holidays, dates counted by hand
/// on the published notice: 中秋 09-25–09-27 and 国庆 10-01–10-07 off, Saturday 10-10 worked.
@Suite struct DecisionRulesTests {
    let engine = DeadlineFixtures.engine
    let rules = DeadlineFixtures.catalogue
    func d(_ s: String) -> LocalDate { LocalDate(s)! }

    /// Every procedure done on time: comment 09-01 to 10-08, experts, risk, legality review sent
    /// 09-29 for a meeting on 10-15, the meeting with its opinions and the head's conclusion.
    func complete() -> DecisionFacts {
        var f = DecisionFacts()
        f.commentFrom = d("2026-09-01")
        f.commentUntil = d("2026-10-08")
        f.signedExpertOpinions = 3
        f.riskReportOn = d("2026-09-20")
        f.riskControllable = true
        f.legalSubmittedOn = d("2026-09-29")
        f.legalReviewedOn = d("2026-10-12")
        f.legalResult = .passed
        f.meetingOn = d("2026-10-15")
        f.meetingOpinions = 5
        f.headConclusion = "同意印发实施"
        return f
    }

    func open(_ f: DecisionFacts, today: String = "2026-10-20") throws -> [OpenGate] {
        try DecisionGates.open(f, today: d(today), engine: engine, rules: rules)
    }

    @Test func aDecisionWithEveryProcedureHasNoOpenGate() throws {
        #expect(try open(complete()).isEmpty)
    }

    @Test func aNewDecisionHasAllFiveGatesOpen() throws {
        let gates = try open(DecisionFacts())
        #expect(gates.map(\.procedure) == DecisionProcedure.allCases)
        #expect(gates.first { $0.procedure == .legality }?.problem.contains("第二十六条") == true)
    }

    /// Opened Tuesday 09-01: the 30 days run 09-02 … 10-01; 10-01 is 国庆, so the period may end on
    /// 10-08 at the earliest (第十五条; a last day on a rest day moves to the next working day).
    @Test func theCommentPeriodIsThirtyDaysPastTheHoliday() throws {
        #expect(try DecisionGates.earliestCommentEnd(from: d("2026-09-01"), engine: engine, rules: rules).due == d("2026-10-08"))
        var f = complete()
        f.commentUntil = d("2026-09-30")
        let gate = try #require(try open(f).first)
        #expect(gate.procedure == .participation)
        #expect(gate.problem.contains("不足30日") && gate.problem.contains("2026-10-08"))
        // A shorter period is lawful with its reason stated.
        f.commentShortReason = "防汛工程须在汛期前开工,经区政府同意缩短征求意见期限"
        #expect(try open(f).isEmpty)
        // Still open for comment: the gate stays open until it closes.
        #expect(try open(complete(), today: "2026-10-08").first?.problem.contains("截止") == true)
    }

    /// Meeting Thursday 10-15: the review's seven working days are 10-14, 10-13, 10-12, Saturday
    /// 10-10 (worked), 10-09, 10-08 and 09-30; the draft goes out on 09-29 at the latest (第二十七条).
    @Test func theLegalityReviewNeedsSevenWorkingDaysBeforeTheMeeting() throws {
        #expect(try DecisionGates.latestLegalSubmission(meeting: d("2026-10-15"), engine: engine, rules: rules).due == d("2026-09-29"))
        var f = complete()
        f.legalSubmittedOn = d("2026-09-30")
        let gate = try #require(try open(f).first)
        #expect(gate.procedure == .legality && gate.problem.contains("2026-09-29"))
        f.legalShortReason = "上级督办限期出台,审查机构同意压缩审查时间"
        #expect(try open(f).isEmpty)
        // Not passed: may not be discussed, whatever the dates.
        f = complete()
        f.legalResult = .failed
        #expect(try open(f).map(\.procedure) == [.legality])
        // Reviewed after the meeting: review comes first.
        f = complete()
        f.legalReviewedOn = d("2026-10-16")
        #expect(try open(f).first?.problem.contains("须先审查后讨论") == true)
    }

    /// A hearing on Monday 10-12: the materials must reach the participants seven days before
    /// (10-05 … 10-11 are the seven days); 10-04 is 国庆, so counting back, 09-30 is the last day.
    @Test func aHearingNeedsItsMaterialsSevenDaysAhead() throws {
        #expect(try DecisionGates.latestHearingNotice(hearing: d("2026-10-12"), engine: engine, rules: rules).due == d("2026-09-30"))
        var f = DecisionFacts()
        f.hearingOn = d("2026-10-12")
        f.hearingNoticeOn = d("2026-10-08")
        let states = try DecisionGates.states(f, today: d("2026-10-20"), engine: engine, rules: rules)
        #expect(states.first?.1.text.contains("第十七条") == true)
        f.hearingNoticeOn = d("2026-09-30")
        #expect(try DecisionGates.states(f, today: d("2026-10-20"), engine: engine, rules: rules).first?.1.code == "closed")
    }

    @Test func onlyTheProceduresTheLawLetsGoMayBeExempted() throws {
        #expect(DecisionGates.exemptionProblem(.legality, reason: "时间紧急,来不及审查") != nil)
        #expect(DecisionGates.exemptionProblem(.collective, reason: "已由分管领导同意") != nil)
        #expect(DecisionGates.exemptionProblem(.expert, reason: "短") != nil)
        #expect(DecisionGates.exemptionProblem(.expert, reason: "事项为一般性政策调整,专业性、技术性不强") == nil)
        var f = complete()
        f.signedExpertOpinions = 0
        f.riskReportOn = nil
        #expect(try open(f).map(\.procedure) == [.expert, .risk])
        f.exempted = [.expert: "专业性、技术性不强", .risk: "不涉及社会稳定和公共安全"]
        #expect(try open(f).isEmpty)
        // An exemption the law does not allow never closes a gate.
        f = complete()
        f.legalResult = nil
        f.exempted = [.legality: "不适用"]
        #expect(try open(f).map(\.procedure) == [.legality])
    }

    @Test func anUncontrollableRiskAndAnUnexplainedOverruleKeepTheirGatesOpen() throws {
        var f = complete()
        f.riskControllable = false
        #expect(try open(f).first?.problem.contains("第二十四条") == true)
        f = complete()
        f.majorityAgainst = true
        #expect(try open(f).first?.problem.contains("说明的理由") == true)
        f.contraryReason = "多数意见担心财政压力,区长说明资金已列入预算"
        #expect(try open(f).isEmpty)
        f = complete()
        f.meetingOpinions = 0
        #expect(try open(f).map(\.procedure) == [.collective])
    }

    @Test func theArchiveNeedsTheDocumentsOfTheProceduresHeld() {
        #expect(
            DecisionDocument.required(exempted: [], published: false, evaluated: false) == [
                .draft, .participation, .expert, .risk, .legality, .minutes,
            ])
        #expect(
            DecisionDocument.required(exempted: [.expert, .risk], published: true, evaluated: true)
                == [.draft, .participation, .legality, .minutes, .publication, .evaluation])
    }
}
