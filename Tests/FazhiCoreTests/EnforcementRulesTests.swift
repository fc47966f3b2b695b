import Foundation
import Testing
@testable import FazhiCore

/// 行政执法: the certificate rule, the legal-review gate and every clock around the 2026 holidays,
/// with the expected dates counted by hand on the published notice (domain-law §4, §10):
/// 中秋 09-25–09-27 and 国庆 10-01–10-07 off, 10-10 (Saturday) worked; 劳动节 05-01–05-05 off.
@Suite struct EnforcementRulesTests {
    let engine = DeadlineFixtures.engine
    let rules = DeadlineFixtures.catalogue
    func d(_ s: String) -> LocalDate { LocalDate(s)! }

    func clock(_ f: EnforcementFacts, today: String) throws -> EnforcementClock {
        try EnforcementClock.compute(f, today: d(today), engine: engine, rules: rules)
    }

    /// 立案 Friday 2026-07-03: 90 calendar days end on 10-01, a national holiday, so the decision is
    /// due on the next working day, Thursday 10-08 (第六十条, 第八十五条 — the 90 days are calendar days).
    @Test func thePenaltyDecisionRollsPastTheNationalDay() throws {
        let c = try clock(EnforcementFacts(type: .penalty, openedOn: d("2026-07-03")), today: "2026-09-01")
        #expect(c.decisionDue == d("2026-10-08"))
        #expect(c.step("penalty.decision")?.basis.contains("第六十条") == true)
        // An approved extension of 30 days counts on from the day after the first due date.
        let extended = try clock(EnforcementFacts(type: .penalty, openedOn: d("2026-07-03"), extensionDays: 30), today: "2026-09-01")
        #expect(extended.decisionDue == d("2026-11-07").adding(days: 2), "10-08 + 30 = 11-07, a Saturday: Monday 11-09")
    }

    /// Notice on Thursday 09-24: the 5 working days to ask for a hearing are 09-28, 09-29, 09-30,
    /// 10-08, 10-09 (中秋 and 国庆 not counted). After them, silence is a waiver, not a lateness.
    @Test func theHearingWindowCountsWorkingDays() throws {
        var f = EnforcementFacts(type: .penalty, openedOn: d("2026-09-01"), noticeOn: d("2026-09-24"), hearingOffered: true)
        var c = try clock(f, today: "2026-09-30")
        #expect(c.hearingRequestDue == d("2026-10-09"))
        #expect(c.step("penalty.hearingRequest")?.party == .party)
        c = try clock(f, today: "2026-10-12")
        #expect(c.step("penalty.hearingRequest")?.status == nil)
        #expect(c.step("penalty.hearingRequest")?.note?.contains("视为放弃") == true)
        // Asked on time, with the hearing set for Tuesday 10-20: seven whole working days must lie
        // between the notice and the hearing — the worked Saturday 10-10, 10-12 … 10-16 and 10-19 —
        // so the notice goes out on 10-09 at the latest (the start day is not counted).
        f.hearingRequestedOn = d("2026-10-09")
        f.hearingOn = d("2026-10-20")
        c = try clock(f, today: "2026-10-09")
        let latest = try #require(c.hearingNoticeDue)
        #expect(latest == d("2026-10-09"))
        #expect(EnforcementRules.hearingNoticeProblem(noticeOn: d("2026-10-09"), hearingOn: d("2026-10-20"), latest: latest) == nil)
        let late = EnforcementRules.hearingNoticeProblem(noticeOn: d("2026-10-10"), hearingOn: d("2026-10-20"), latest: latest)
        #expect(late?.contains("七个工作日") == true)
    }

    /// 受理 Monday 09-21: 20 working days (《行政许可法》第四十二条、第八十二条) skip 中秋 and 国庆 and
    /// count the worked Saturday 10-10: due Monday 10-26; +10 approved: Monday 11-09.
    @Test func aLicenceCountsWorkingDaysOnly() throws {
        var f = EnforcementFacts(type: .licensing, openedOn: d("2026-09-21"))
        #expect(try clock(f, today: "2026-09-22").decisionDue == d("2026-10-26"))
        f.extensionDays = 10
        #expect(try clock(f, today: "2026-09-22").decisionDue == d("2026-11-09"))
        f.extensionDays = 11
        #expect(throws: DeadlineError.self) { try clock(f, today: "2026-09-22") }
    }

    /// Decided Wednesday 09-30: a penalty is published within 7 working days (10-15), an inspection's
    /// result within 20 (11-03); the decision is served within 7 working days when the party was
    /// absent (10-15, 第六十一条); served 10-12, the fine is due 15 calendar days later (10-27, 第六十七条).
    @Test func publicationServiceAndPayment() throws {
        var f = EnforcementFacts(type: .penalty, openedOn: d("2026-08-03"), decisionOn: d("2026-09-30"))
        var c = try clock(f, today: "2026-10-09")
        #expect(c.publishDue == d("2026-10-15"))
        #expect(c.step("penalty.service")?.due == d("2026-10-15"))
        f.servedOn = d("2026-10-12")
        c = try clock(f, today: "2026-10-16")
        #expect(c.step("penalty.payment")?.due == d("2026-10-27"))
        #expect(c.publishDue == d("2026-10-15") && c.step("enforcement.publishDecision")?.status == .overdue(workdaysLate: 1, daysLate: 1))
        let other = try clock(EnforcementFacts(type: .inspection, openedOn: d("2026-09-01"), decisionOn: d("2026-09-30")), today: "2026-10-09")
        #expect(other.publishDue == d("2026-11-03"))
        #expect(other.decisionDue == nil, "no general period for an inspection")
    }

    /// Revoked Thursday 04-30 after publication: withdrawn within 3 working days — 05-06, 05-07, 05-08
    /// (劳动节 05-01–05-05 off) (第四十八条第二款, 第八十五条).
    @Test func aRevokedDecisionIsWithdrawnInThreeWorkingDays() throws {
        let f = EnforcementFacts(
            type: .penalty, openedOn: d("2026-02-02"), decisionOn: d("2026-03-02"), publishedOn: d("2026-03-05"), revokedOn: d("2026-04-30"))
        let c = try clock(f, today: "2026-05-06")
        #expect(c.step("penalty.withdraw")?.due == d("2026-05-08"))
        #expect(c.step("penalty.withdraw")?.basis.contains("第四十八条") == true)
    }

    /// Filed 2026-11-20: the 90 days end in 2027, whose holiday notice is not imported: computed on
    /// weekends only and marked provisional, never refused.
    @Test func aDecisionDueNextYearIsProvisional() throws {
        let c = try clock(EnforcementFacts(type: .penalty, openedOn: d("2026-11-20")), today: "2026-11-26")
        let step = try #require(c.step("penalty.decision"))
        #expect(step.due == d("2027-02-18"))
        #expect(step.provisional != nil)
    }

    @Test func twoOfficersWithValidCertificatesOnTheDay() {
        let a = OfficerStanding(name: "张明", certificateNumber: "A-001", validUntil: d("2026-12-31"))
        let b = OfficerStanding(name: "李华", certificateNumber: "A-002", validUntil: d("2026-06-30"))
        let c = OfficerStanding(name: "王强", certificateNumber: "A-003", validUntil: d("2028-01-01"), status: .suspended, statusSince: d("2026-09-01"))
        #expect(EnforcementRules.officersProblem([a, b], on: d("2026-06-30"), act: "立案") == nil, "valid through its last day")
        let expired = EnforcementRules.officersProblem([a, b], on: d("2026-07-01"), act: "立案")
        #expect(expired?.contains("李华") == true && expired?.contains("2026-06-30 到期") == true)
        #expect(EnforcementRules.officersProblem([a, c], on: d("2026-08-31"), act: "告知") == nil, "suspended only from 09-01")
        #expect(EnforcementRules.officersProblem([a, c], on: d("2026-09-01"), act: "告知")?.contains("暂扣") == true)
        #expect(EnforcementRules.officersProblem([a], on: d("2026-01-05"), act: "立案")?.contains("只有 1 名") == true)
        let unlicensed = OfficerStanding(name: "赵六", certificateNumber: " ", validUntil: d("2030-01-01"))
        #expect(EnforcementRules.officersProblem([a, unlicensed], on: d("2026-01-05"), act: "立案")?.contains("没有行政执法证") == true)
    }

    @Test func noDecisionBeforeTheNoticeTheHearingAndTheReview() throws {
        var f = EnforcementFacts(type: .penalty, openedOn: d("2026-09-01"))
        func problem(on day: String, review: Bool = false, passed: String? = nil) throws -> String? {
            let c = try clock(f, today: day)
            return EnforcementRules.decisionProblem(f, clock: c, reviewRequired: review, reviewPassedOn: passed.map(d), on: d(day))
        }
        #expect(try problem(on: "2026-09-10")?.contains("第四十四条") == true, "no notice yet")
        f.noticeOn = d("2026-09-24")
        f.hearingOffered = true
        #expect(try problem(on: "2026-10-09")?.contains("2026-10-09 前要求听证") == true, "inside the window")
        #expect(try problem(on: "2026-10-12") == nil, "window closed without a request")
        f.hearingRequestedOn = d("2026-09-28")
        f.hearingOn = d("2026-10-20")
        #expect(try problem(on: "2026-10-19")?.contains("听证结束前") == true)
        #expect(try problem(on: "2026-10-21") == nil)
        // A heard case needs the legal review (第五十八条第一款第二项) and may not be decided before it passes.
        #expect(EnforcementRules.reviewRequired(listed: false, flagged: false, heard: true))
        #expect(try problem(on: "2026-10-21", review: true)?.contains("第五十八条") == true)
        #expect(try problem(on: "2026-10-21", review: true, passed: "2026-10-22")?.contains("早于法制审核通过日期") == true)
        #expect(try problem(on: "2026-10-23", review: true, passed: "2026-10-22") == nil)
        // A licence has no notice or hearing gate, only the review.
        let licence = EnforcementFacts(type: .licensing, openedOn: d("2026-09-21"))
        let lc = try clock(licence, today: "2026-09-25")
        #expect(EnforcementRules.decisionProblem(licence, clock: lc, reviewRequired: false, reviewPassedOn: nil, on: d("2026-09-25")) == nil)
    }

    /// Fines as typed: whole 分, never through a floating-point number; anything else refused.
    @Test func moneyIsParsedExactly() {
        #expect(Money.cents("5,000") == 500_000 && Money.cents("0.1") == 10 && Money.cents("１２３．４５元") == 12_345)
        for bad in ["", "-1", "1.234", "1e3", "abc", ".5", "5.", "10000000001", "99999999999999999999"] {
            #expect(Money.cents(bad) == nil, "\(bad)")
        }
        #expect(Money.cents("10000000000") == Money.maxCents)
        #expect(Money.text(123_456_789) == "1,234,567.89 元" && Money.text(5) == "0.05 元")
    }

    /// 案卷评查: the same seed draws the same files, on any machine; a seed is each unit's own.
    @Test func theSampleIsReproducible() {
        let a = CaseFileReview.positions(population: 100, count: 5, seed: 42)
        #expect(a == CaseFileReview.positions(population: 100, count: 5, seed: 42))
        #expect(a.count == 5 && Set(a).count == 5 && a == a.sorted() && a.allSatisfy { (0..<100).contains($0) })
        #expect(a != CaseFileReview.positions(population: 100, count: 5, seed: 43))
        #expect(CaseFileReview.positions(population: 3, count: 5, seed: 1) == [0, 1, 2], "fewer files than asked: all of them")
        #expect(CaseFileReview.positions(population: 0, count: 5, seed: 1).isEmpty)
        // Pinned (computed independently from SplitMix64 and Floyd's algorithm): a change to either
        // would silently change every recorded sample.
        #expect(CaseFileReview.positions(population: 1000, count: 3, seed: 20_261_201) == [22, 88, 957])
        #expect(a == [6, 45, 50, 84, 85])
        #expect(CaseFileReview.unitSeed(7, code: "csglj") != CaseFileReview.unitSeed(7, code: "tdzbzx"))
        #expect(CaseFileReview.unitSeed(7, code: "csglj") == CaseFileReview.unitSeed(7, code: "csglj"))
    }

    @Test func aFileIsScoredOnTheChecklistWithReasons() throws {
        let (score, kept) = try CaseFileReview.score(points: ["facts": "10", "documents": "0"], reasons: ["facts": "笔录缺少签名"])
        #expect(score == 90 && kept.map(\.key) == ["facts"])
        #expect(throws: ValidationFailure.self) { try CaseFileReview.score(points: ["facts": "26"], reasons: ["facts": "过多"]) }
        #expect(throws: ValidationFailure.self) { try CaseFileReview.score(points: ["law": "5"], reasons: [:]) }
        #expect(CaseFileReview.checklist.map(\.max).reduce(0, +) == 100)
    }

    /// The six rates from hand-counted numbers; nothing counted is "—", not 0%.
    @Test func ratesFromCounts() {
        var c = EnforcementCounts()
        c.officers = 3; c.certified = 2; c.trained = 1; c.reviewDue = 2; c.reviewed = 1; c.publishDue = 3; c.publishedOnTime = 1
        c.decideDue = 3; c.decidedOnTime = 1
        let r = EnforcementRates(c, trainingHours: 60, passMark: 80)
        #expect(r.certification.text == "66.7%" && r.training.text == "33.3%" && r.reviewCoverage.text == "50.0%")
        #expect(r.fileReview.text == "—" && r.training.definition.contains("60 学时") && r.fileReview.definition.contains("80 分"))
    }
}

@Suite struct PersonNameTests {
    @Test func aPersonIsNamedBySurnameAndAnOrganisationInFull() {
        #expect(PersonName.masked("王小明", naturalPerson: true) == "王某")
        #expect(PersonName.masked(" 李华", naturalPerson: true) == "李某")
        #expect(PersonName.masked("某建筑工程有限公司", naturalPerson: false) == "某建筑工程有限公司")
        #expect(PersonName.masked("", naturalPerson: true) == "")
    }
}
