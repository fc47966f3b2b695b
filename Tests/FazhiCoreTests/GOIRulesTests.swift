import Foundation
import Testing
@testable import FazhiCore

/// 依申请公开: the statutory clock of domain-law §3.2 around the 2025–2026 holidays (expected dates
/// counted by hand on the published holiday notices), fees, the table 3 row mapping and the
/// balancing rule, CSV and the import layout.
@Suite struct GOIRulesTests {
    let engine = DeadlineFixtures.engine
    let rule = DeadlineFixtures.catalogue.rule("goi.reply")!
    func d(_ s: String) -> LocalDate { LocalDate(s)! }

    func clock(_ facts: GOIClockFacts, today: String = "2026-11-26") throws -> GOIClock {
        try GOIClock.compute(facts, today: d(today), engine: engine, rule: rule)
    }

    // MARK: clock

    @Test func twentyWorkingDaysAcrossTheSpringFestivalAndTheWorkedExample() throws {
        // domain-law §10 worked example: received 2026-02-10 ⇒ 2026-03-16, extended (+20) 2026-04-14.
        let plain = try clock(GOIClockFacts(receivedOn: d("2026-02-10")), today: "2026-02-11")
        #expect(plain.due == d("2026-03-16"))
        #expect(plain.countedFrom == d("2026-02-10"))
        let extended = try clock(GOIClockFacts(receivedOn: d("2026-02-10"), extensionDays: 20), today: "2026-02-11")
        #expect(extended.firstDue == d("2026-03-16"))
        #expect(extended.due == d("2026-04-14"))
        // 2025: 01-26 (Sunday) is a make-up working day, 01-28–02-04 off, 02-08 (Saturday) worked.
        #expect(try clock(GOIClockFacts(receivedOn: d("2025-01-24")), today: "2025-01-24").due == d("2025-02-27"))
        // Over New Year 2026: 01-01–01-03 off, 01-04 (Sunday) worked.
        #expect(try clock(GOIClockFacts(receivedOn: d("2025-12-15")), today: "2025-12-16").due == d("2026-01-13"))
    }

    /// 行政复议法 (2023) 第二十三条: a refusal to disclose goes to reconsideration first, and the
    /// letter must say so; other replies offer reconsideration (60 days) or a lawsuit (6 months).
    @Test func theRemedyClauseFollowsTheReplyType() {
        #expect(GOIReplyType.withheld.remedy.contains("应当先") && GOIReplyType.withheld.remedy.contains("第二十三条"))
        #expect(!GOIReplyType.withheld.remedy.contains("六个月内"), "no direct lawsuit offered for a refusal")
        #expect(GOIReplyType.partial.remedy.contains("不予公开部分") && GOIReplyType.partial.remedy.contains("六个月内"))
        for type in [GOIReplyType.disclosed, .alreadyPublic, .notHeld, .notOurs, .repeatRequest] {
            #expect(type.remedy.contains("六十日内") && type.remedy.contains("六个月内") && !type.remedy.contains("应当先"), "\(type)")
        }
        #expect(GOIReplyType.adminQuery.basis.hasSuffix("第三十六条第（七）项"))
        #expect(!GOIReplyType.confirmation.basis.contains("第三十九条"), "第三十九条 does not cover 确认或重新出具")
    }

    @Test func anExtensionIsAtMostTwentyWorkingDays() throws {
        #expect(throws: DeadlineError.self) { try clock(GOIClockFacts(receivedOn: d("2026-02-10"), extensionDays: 21)) }
    }

    @Test func clarificationStopsTheClockAndRestartsItFromTheClarifiedRequest() throws {
        // Receipt 2026-02-10: the clarification notice is due within 7 working days — 02-14 (Saturday) is
        // worked, 02-15–02-23 are the Spring Festival ⇒ 2026-02-26.
        var facts = GOIClockFacts(receivedOn: d("2026-02-10"), clarifySentOn: d("2026-02-12"), clarifyDueOn: d("2026-03-02"))
        let waiting = try clock(facts, today: "2026-02-25")
        #expect(waiting.clarifyBy == d("2026-02-26"))
        #expect(waiting.due == nil, "no period runs while waiting for the clarification")
        #expect(waiting.state == .awaitingClarification(dueOn: d("2026-03-02")))
        #expect(try clock(facts, today: "2026-03-03").state == .clarificationLapsed(dueOn: d("2026-03-02")))
        facts.clarifiedOn = d("2026-03-02")
        let restarted = try clock(facts, today: "2026-03-03")
        #expect(restarted.countedFrom == d("2026-03-02"))
        #expect(restarted.due == d("2026-03-30"), "20 working days from 03-03")
        #expect(restarted.state == .running(.onTime(workdaysLeft: 19)))
    }

    @Test func consultationDaysAreNotCountedAroundMidAutumnAndNationalDay() throws {
        // Received Monday 2026-09-21: without a pause 20 working days end 2026-10-26 (09-25 中秋, 10-01–10-07
        // 国庆 off; 10-10 Saturday worked).
        #expect(try clock(GOIClockFacts(receivedOn: d("2026-09-21")), today: "2026-09-22").due == d("2026-10-26"))
        // A third party consulted 09-24 answers 10-09: 09-25…10-09 are not counted (5 working days).
        let answered = GOIClockFacts(
            receivedOn: d("2026-09-21"),
            consultations: [GOIConsultation(sentOn: d("2026-09-24"), receivedOn: d("2026-09-24"), repliedOn: d("2026-10-09"))])
        let resumed = try clock(answered, today: "2026-10-12")
        #expect(resumed.due == d("2026-11-02"))
        #expect(resumed.pauses == [DateRange(from: d("2026-09-25"), to: d("2026-10-09"), reason: "征求意见")])
        // Unanswered, handed over the day it was sent: paused while its 15 working days run (to 10-22), then
        // the clock runs again.
        let silent = GOIClockFacts(
            receivedOn: d("2026-09-21"), consultations: [GOIConsultation(sentOn: d("2026-09-24"), receivedOn: d("2026-09-24"), repliedOn: nil)])
        #expect(try clock(silent, today: "2026-10-15").state == .consulting(until: d("2026-10-22")))
        #expect(try clock(silent, today: "2026-10-15").state.isOverdue == false, "a lawful pause is never overdue")
        let after = try clock(silent, today: "2026-10-23")
        #expect(after.due == d("2026-11-16"))
        #expect(after.state == .running(.onTime(workdaysLeft: 16)))
    }

    @Test func statesOnAGivenDay() throws {
        let facts = GOIClockFacts(receivedOn: d("2026-10-26"))  // due 2026-11-23
        #expect(try clock(facts, today: "2026-11-18").state == .running(.dueSoon(workdaysLeft: 3)))
        #expect(try clock(facts, today: "2026-11-23").state == .running(.dueSoon(workdaysLeft: 0)))
        #expect(try clock(facts, today: "2026-11-26").state == .running(.overdue(workdaysLate: 3, daysLate: 3)))
        var closed = facts
        closed.closedOn = d("2026-11-20")
        #expect(try clock(closed).state.code == "closed")
        closed.closedOn = d("2026-11-25")
        #expect(try clock(closed).state.code == "closed_late")
        #expect(try clock(GOIClockFacts(receivedOn: nil)).state == .awaitingConfirmation)
    }

    // MARK: fees (国办函〔2020〕109号)

    @Test func feesPerRequestAndPerPageAreProgressive() {
        #expect(GOIFees.perRequest(nthInMonth: 10) == 0)
        #expect(GOIFees.perRequest(nthInMonth: 11) == 100)
        #expect(GOIFees.perRequest(nthInMonth: 30) == 100)
        #expect(GOIFees.perRequest(nthInMonth: 31) == 200)
        #expect(GOIFees.perRequest(nthInMonth: 40) == 200)
        #expect(GOIFees.perRequest(nthInMonth: 41) == 300)
        #expect(GOIFees.perPage(pages: 30) == 0)
        #expect(GOIFees.perPage(pages: 31) == 10)
        #expect(GOIFees.perPage(pages: 100) == 700)
        #expect(GOIFees.perPage(pages: 101) == 720)
        #expect(GOIFees.perPage(pages: 200) == 2700)
        #expect(GOIFees.perPage(pages: 201) == 2740)
        #expect(GOIFees.fee(.none, quantity: 500) == 0)
    }

    @Test func aReplyChecksGroundsClarificationAndFees() throws {
        func check(
            _ type: String, grounds: [String] = [], fee: GOIFeeState = .none, asked: Bool = false, lapsed: Bool = false,
            date: String = "2026-11-20"
        ) throws -> GOIReplyInput.Checked {
            try GOIReplyInput(repliedOn: date, replyType: type, grounds: grounds, note: "")
                .check(receivedOn: d("2026-11-02"), today: d("2026-11-26"), clarificationAsked: asked, clarificationLapsed: lapsed, fee: fee)
        }
        #expect(try check("withheld", grounds: ["process_info", "third_party"]).grounds == [.processInfo, .thirdParty])
        #expect(throws: ValidationFailure.self) { try check("withheld") }
        #expect(throws: ValidationFailure.self) { try check("partial") }
        #expect(throws: ValidationFailure.self) { try check("disclosed", grounds: ["state_secret"]) }
        #expect(throws: ValidationFailure.self) { try check("no_clarification") }
        #expect(throws: ValidationFailure.self) { try check("no_clarification", asked: true) }
        #expect(try check("no_clarification", asked: true, lapsed: true).replyType == .noClarification)
        #expect(throws: ValidationFailure.self) { try check("disclosed", date: "2026-10-30") }
        #expect(throws: ValidationFailure.self) { try check("disclosed", date: "2026-11-27") }
        // Fees (国办函〔2020〕109号): 按件 goes with every kind of answer (第四条), 按量 only with information
        // provided (第五条); no answer while payment is pending; unpaid ⇒ only the abandonment closure (第七条).
        #expect(try check("not_held", fee: .paid(.perRequest)).replyType == .notHeld)
        #expect(try check("repeat", fee: .paid(.perRequest)).replyType == .repeatRequest)
        #expect(throws: ValidationFailure.self) { try check("not_held", fee: .paid(.perPage)) }
        #expect(try check("disclosed", fee: .paid(.perPage)).replyType == .disclosed)
        #expect(throws: ValidationFailure.self) { try check("disclosed", fee: .awaitingPayment) }
        #expect(throws: ValidationFailure.self) { try check("unpaid_fee", fee: .awaitingPayment) }
        #expect(throws: ValidationFailure.self) { try check("unpaid_fee") }
        #expect(throws: ValidationFailure.self) { try check("unpaid_fee", fee: .paid(.perRequest)) }
        #expect(throws: ValidationFailure.self) { try check("disclosed", fee: .lapsed) }
        #expect(try check("unpaid_fee", fee: .lapsed).replyType == .unpaidFee)
    }

    /// 收费通知 (109号第七条), worked by hand on the 2026 notice. Received Monday 2026-03-02: 20 working days
    /// end 03-30 (no holiday in March). The notice reaches the applicant Tuesday 03-10:
    /// - payment deadline: 20 working days from 03-11 — 03-11…13 (3), 16…20 (8), 23…27 (13), 30–31 (15),
    ///   04-01…03 (18), 04-04–06 清明 off, 04-07 (19), 04-08 (20) ⇒ **2026-04-08**;
    /// - paid Friday 03-13: 03-10…03-13 are not counted (delivery to payment, both days) — counted 03-03…06 (4),
    ///   03-09 (5), 03-16…20 (10), 23…27 (15), 30–31 (17), 04-01…03 (20) ⇒ due **2026-04-03**;
    /// - never paid: paused 03-10…04-08, then 04-09–10 (7), 13…17 (12), 20…24 (17), 27…29 (20) ⇒ **2026-04-29**,
    ///   and from 04-09 the request is deemed abandoned.
    @Test func aFeeNoticeStopsTheClockUntilPaymentAndLapsesAfterTwentyWorkingDays() throws {
        let plain = GOIClockFacts(receivedOn: d("2026-03-02"))
        #expect(try clock(plain, today: "2026-03-03").due == d("2026-03-30"))
        var paid = plain
        paid.feeNotice = GOIFeeNotice(deliveredOn: d("2026-03-10"), paidOn: d("2026-03-13"))
        let afterPayment = try clock(paid, today: "2026-03-16")
        #expect(afterPayment.payBy == d("2026-04-08"))
        #expect(afterPayment.due == d("2026-04-03"))
        #expect(afterPayment.pauses == [DateRange(from: d("2026-03-10"), to: d("2026-03-13"), reason: "待缴纳信息处理费")])
        #expect(afterPayment.state.code == "on_time")
        var unpaid = plain
        unpaid.feeNotice = GOIFeeNotice(deliveredOn: d("2026-03-10"), paidOn: nil)
        #expect(try clock(unpaid, today: "2026-03-20").state == .awaitingPayment(payBy: d("2026-04-08")))
        #expect(try clock(unpaid, today: "2026-04-08").state == .awaitingPayment(payBy: d("2026-04-08")))
        let lapsed = try clock(unpaid, today: "2026-04-09")
        #expect(lapsed.state == .feeLapsed(payBy: d("2026-04-08")))
        #expect(lapsed.due == d("2026-04-29"))
        #expect(!lapsed.state.isOverdue, "a lapsed fee is closed as abandoned, never counted overdue")
    }

    @Test func aFeeNoticeIsForRealMoneyWithinTheAnswerPeriod() throws {
        func notice(_ method: String, pages: String = "", on date: String = "2026-03-10", nth: Int = 1) throws -> GOIFeeNoticeInput.Checked {
            try GOIFeeNoticeInput(method: method, pages: pages, deliveredOn: date)
                .check(receivedOn: d("2026-03-02"), today: d("2026-04-15"), dueOn: d("2026-03-30"), nthInMonth: nth)
        }
        #expect(throws: ValidationFailure.self) { try notice("per_request", nth: 10) }  // 1–10 free
        #expect(try notice("per_request", nth: 12).amount == 100)
        #expect(try notice("per_request", nth: 35).amount == 200)
        #expect(throws: ValidationFailure.self) { try notice("per_page", pages: "30") }  // ≤ 30 pages free
        #expect(try notice("per_page", pages: "45").amount == 150)  // 15 pages × 10 元
        #expect(throws: ValidationFailure.self) { try notice("per_page", pages: "") }
        #expect(throws: ValidationFailure.self) { try notice("none", nth: 12) }
        #expect(throws: ValidationFailure.self) { try notice("per_request", on: "2026-03-31", nth: 12) }  // after the answer date
        #expect(throws: ValidationFailure.self) { try notice("per_request", on: "2026-02-27", nth: 12) }  // before receipt
    }

    /// 第三十二条、第三十四条: the party's 15 working days run from its receipt of the letter. Received
    /// 2026-09-21; a third party is written to Thursday 09-24 and receives the letter by post Monday 09-28:
    /// its days are 09-29 (1), 09-30 (2), 10-01–07 国庆 off, 10-08 (3), 10-09 (4), 10-10 Saturday worked (5),
    /// 10-12…16 (10), 10-19…23 (15) ⇒ **2026-10-23** (counted from sending it would be 10-22). Silent to the
    /// end, 09-25…10-23 are not counted: 09-22…24 (3), 10-26…30 (8), 11-02…06 (13), 11-09…13 (18),
    /// 11-16 (19), 11-17 (20) ⇒ due **2026-11-17**.
    @Test func aConsultationRunsFromTheLettersReceiptAndSilenceHasItsRule() throws {
        let letter = GOIConsultation(kind: .thirdParty, sentOn: d("2026-09-24"), receivedOn: d("2026-09-28"), repliedOn: nil)
        #expect(try letter.limit(engine) == d("2026-10-23"))
        let facts = GOIClockFacts(receivedOn: d("2026-09-21"), consultations: [letter])
        #expect(try clock(facts, today: "2026-10-23").state == .consulting(until: d("2026-10-23")))
        let after = try clock(facts, today: "2026-10-26")
        #expect(after.due == d("2026-11-17"))
        #expect(after.pauses == [DateRange(from: d("2026-09-25"), to: d("2026-10-23"), reason: "征求意见")])
        #expect(!letter.isSilent(on: d("2026-10-23"), engine: engine))
        #expect(letter.isSilent(on: d("2026-10-26"), engine: engine))
        // Silence: an organ that made the information jointly is deemed to agree (第三十四条); a third
        // party's silence leaves the decision to the organ (第三十二条).
        #expect(GOIConsultationKind.organ.silence.contains("视为同意公开") && GOIConsultationKind.organ.silence.contains("第三十四条"))
        #expect(!GOIConsultationKind.thirdParty.silence.contains("视为同意") && GOIConsultationKind.thirdParty.silence.contains("第三十二条"))
        // The receipt not yet known: the clock stays stopped from the day after sending, through today.
        let posted = GOIClockFacts(
            receivedOn: d("2026-09-21"), consultations: [GOIConsultation(sentOn: d("2026-09-24"), receivedOn: nil, repliedOn: nil)])
        let waiting = try clock(posted, today: "2026-10-15")
        #expect(waiting.state == .consulting(until: nil))
        #expect(waiting.pauses == [DateRange(from: d("2026-09-25"), to: d("2026-10-15"), reason: "征求意见")])
    }

    /// 第三十五条 延迟答复: received 2026-03-02 (due 03-30); decided 03-20 to answer by Thursday 04-30.
    @Test func aDelayForExcessiveButReasonableRequestsSetsTheOrgansDate() throws {
        var facts = GOIClockFacts(receivedOn: d("2026-03-02"))
        facts.delay = GOIDelay(decidedOn: d("2026-03-20"), answerBy: d("2026-04-30"))
        #expect(try clock(facts, today: "2026-04-01").due == d("2026-04-30"))
        #expect(try clock(facts, today: "2026-04-01").firstDue == d("2026-03-30"))
        func delay(_ by: String, decided: String = "2026-03-20", reason: String = "申请人为课题研究需要,申请事项多") throws -> GOIDelayInput.Checked {
            try GOIDelayInput(decidedOn: decided, answerBy: by, reason: reason)
                .check(receivedOn: d("2026-03-02"), today: d("2026-03-25"), currentDue: d("2026-03-30"), calendar: engine.calendar)
        }
        #expect(try delay("2026-04-30").answerBy == d("2026-04-30"))
        #expect(throws: ValidationFailure.self) { try delay("2026-03-30") }  // not later than the current date
        #expect(throws: ValidationFailure.self) { try delay("2026-04-05") }  // 清明, not a working day
        #expect(throws: ValidationFailure.self) { try delay("2027-06-30") }  // beyond a reasonable year
        #expect(throws: ValidationFailure.self) { try delay("2026-04-30", reason: " ") }
        #expect(throws: ValidationFailure.self) { try delay("2026-04-30", decided: "2026-03-26") }  // after today
    }

    // MARK: annual report

    @Test func everyReplyTypeAndGroundMapsToExactlyOneRowAndPartialWins() {
        var reached = Set<GOITable3Row>()
        for type in GOIReplyType.allCases {
            let grounds: [GOIWithholdingGround?] = type.needsGround ? GOIWithholdingGround.allCases : [nil]
            for g in grounds {
                let row = type.row(ground: g)
                #expect(GOITable3Row.outcomes.contains(row), "\(type) → \(row) is a result row")
                if type == .partial { #expect(row == .partial, "部分公开 counts only as partial, whatever the ground") }
                reached.insert(row)
            }
        }
        #expect(reached == Set(GOITable3Row.outcomes), "every result row of the template can be reached")
        #expect(GOIReplyType.withheld.row(ground: .thirdParty) == .withheldThirdParty)
        #expect(GOIReplyType.notOurs.row(ground: nil) == .unableNotHeld)
        #expect(GOIReplyType.adminQuery.row(ground: nil) == .withheldAdminQuery)
    }

    @Test func tableThreeCountsTheYearAndBalancesInEveryColumn() {
        let records = [
            GOIReportRecord(applicant: .naturalPerson, receivedOn: d("2024-12-20"), closedOn: d("2025-01-10"), row: .disclosed),  // 二 → 三
            GOIReportRecord(applicant: .naturalPerson, receivedOn: d("2024-11-20"), closedOn: d("2024-12-10"), row: .disclosed),  // not this year
            GOIReportRecord(applicant: .business, receivedOn: d("2025-03-02"), closedOn: d("2025-03-20"), row: .partial),  // 一 → 三
            GOIReportRecord(applicant: .legalService, receivedOn: d("2025-12-22"), closedOn: d("2026-01-13"), row: .withheldProcess),  // 一 → 四
            GOIReportRecord(applicant: .research, receivedOn: d("2025-12-30"), closedOn: nil, row: nil),  // 一 → 四
            GOIReportRecord(applicant: .other, receivedOn: d("2026-01-05"), closedOn: nil, row: nil),  // next year
        ]
        let t = GOITable3.build(year: 2025, records: records)
        #expect(t.value(.newThisYear, 6) == 3)
        #expect(t.value(.carriedIn, 0) == 1)
        #expect(t.value(.disclosed, 0) == 1)
        #expect(t.value(.partial, 1) == 1)
        #expect(t.value(.resultTotal, 6) == 2)
        #expect(t.value(.carriedOut, 6) == 2)
        #expect(t.value(.withheldProcess, 6) == 0, "concluded next year: counted next year")
        #expect(t.isBalanced)
        #expect(t.balances.count == 7)
        let next = GOITable3.build(year: 2026, records: records)
        #expect(next.value(.carriedIn, 6) == 2, "what 2025 carried out, 2026 carries in")
        #expect(next.value(.withheldProcess, 4) == 1)
        #expect(next.isBalanced)
    }

    @Test func anUnbalancedTableIsCaughtPerColumn() {
        var cells = GOITable3().cells
        cells[.newThisYear] = [5, 0, 0, 0, 0, 0, 5]
        cells[.disclosed] = [3, 0, 0, 0, 0, 0, 3]
        cells[.resultTotal] = [3, 0, 0, 0, 0, 0, 3]
        cells[.carriedOut] = [1, 0, 0, 0, 0, 0, 1]
        let t = GOITable3(cells: cells)
        #expect(!t.isBalanced)
        #expect(t.balances[0] == GOITable3.Balance(column: "自然人", received: 5, accounted: 4))
        #expect(t.balances[1].holds)
        cells[.carriedOut] = [2, 0, 0, 0, 0, 0, 3]
        #expect(!GOITable3(cells: cells).totalsAddUp, "总计 must be the sum of the six columns")
    }

    @Test func csvUsesTheTemplatesLabelsVerbatimAndParsesBack() throws {
        var t = GOITable3()
        t.add(.newThisYear, .naturalPerson, 2)
        t.add(.disclosed, .naturalPerson, 2)
        let csv = t.csv()
        let rows = try CSV.parse(csv)
        #expect(rows[0] == ["项目", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"])
        #expect(rows[1] == ["一、本年新收政府信息公开申请数量", "2", "0", "0", "0", "0", "0", "2"])
        #expect(rows.contains { $0[0] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" })
        #expect(rows.contains { $0[0] == "（三）不予公开 3.危及“三安全一稳定”" })
        #expect(rows.contains { $0[0] == "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" })
        #expect(rows.last?[0] == "四、结转下年度继续办理")
        #expect(rows.count == 1 + GOITable3Row.allCases.count)
        #expect(try CSV.parse("a,\"b,\"\"c\"\"\"\r\nx,y\n") == [["a", "b,\"c\""], ["x", "y"]])
        #expect(throws: ValidationFailure.self) { try CSV.parse("a,\"b\n") }
    }

    @Test func manualTablesAreCheckedAsAWhole() throws {
        let ok = try GOIManualTables.check(["t2.rules.issued": "2", "t2.fees.amount": "12.35", "t4.0.0": "", "text.overview": "概述"])
        #expect(ok["t2.rules.issued"] == "2")
        #expect(ok["t4.0.0"] == "0")
        #expect(GOIManualTables.table4Value(["t4.1.0": "2", "t4.1.3": "1"], group: 1, column: 4) == 3)
        do {
            _ = try GOIManualTables.check(["t2.rules.issued": "-1", "t2.fees.amount": "abc", "t4.0.0": "1.5"])
            Issue.record("bad counts accepted")
        } catch let failure as ValidationFailure {
            #expect(Set(failure.errors.map(\.field)) == ["t2.rules.issued", "t2.fees.amount", "t4.0.0"])
        }
    }

    // MARK: import

    static let header = ["申请编号", "收到日期", "申请渠道", "申请人类型", "申请人", "申请内容", "承办单位", "延长工作日", "办结日期", "答复类型", "不予公开理由", "信息处理费(元)"]

    @Test func importReportsEveryBadRowWithItsNumber() throws {
        let rows = [
            Self.header,
            ["H-1", "2025-03-03", "网络", "自然人", "张三", "某项目规划许可", "城市管理局", "", "2025-03-20", "予以公开", "", ""],
            ["H-2", "2025-13-01", "飞鸽", "学生", "", "", "不存在的局", "30", "", "不予公开", "", "-5"],
            ["H-1", "2025-04-01", "邮寄", "商业企业", "某公司", "某文件", "城市管理局", "", "2025-03-01", "不予公开", "", ""],
            ["", "", "", "", "", "", "", "", "", "", "", ""],
            ["H-4", "2025-05-06", "当面", "法律服务机构", "某律所", "某案卷", "csglj", "20", "2025-06-30", "部分公开(区分处理)", "属于四类过程性信息", "0"],
        ]
        do {
            _ = try GOIImport.parse(rows, knownUnits: ["城市管理局", "csglj"], today: d("2026-11-26"))
            Issue.record("bad rows accepted")
        } catch let failure as ValidationFailure {
            let messages = failure.errors.map(\.message)
            #expect(messages.count == 2)
            #expect(messages[0].hasPrefix("第 3 行:"))
            #expect(
                messages[0].contains("收到日期") && messages[0].contains("申请渠道") && messages[0].contains("申请人类型")
                    && messages[0].contains("承办单位") && messages[0].contains("延长工作日") && messages[0].contains("信息处理费"))
            #expect(messages[1].hasPrefix("第 4 行:"))
            #expect(messages[1].contains("与第 2 行重复") && messages[1].contains("办结日期 2025-03-01 早于收到日期") && messages[1].contains("须填写不予公开理由"))
        }
        let good = try GOIImport.parse([Self.header, rows[1], rows[5]], knownUnits: ["城市管理局", "csglj"], today: d("2026-11-26"))
        #expect(good.count == 2)
        #expect(good[1].replyType == .partial && good[1].ground == .processInfo && good[1].extensionDays == 20 && good[1].line == 3)
        #expect(throws: ValidationFailure.self) { try GOIImport.parse([["收到日期"]], knownUnits: [], today: d("2026-11-26")) }
        // Spreadsheet date cells arrive as serial numbers (45719 = 2025-03-03) or with slashes.
        #expect(GOIImport.date("45719") == d("2025-03-03"))
        #expect(GOIImport.date("2025/03/03") == d("2025-03-03"))
        #expect(GOIImport.date("3") == nil)
    }
}
