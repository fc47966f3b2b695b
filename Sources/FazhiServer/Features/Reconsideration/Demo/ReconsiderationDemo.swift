import FazhiCore
import Fluent
import Vapor

/// 演示行政复议·应诉: last year's register (about 60 reconsideration cases with every decision and 25
/// lawsuits with every first-instance outcome, hearings with every kind of appearance) so the rates
/// and table 4 have real numbers, and this year's open cases in every clock state on today's date —
/// among them a respondent's answer overdue and a hearing next week without a named head.
/// Deterministic (seeded).
enum ReconsiderationDemo {
    static let acts: [(ContestedActCategory, String)] = [
        (.penalty, "行政处罚决定书(罚款)"), (.penalty, "责令限期拆除决定书"), (.coercion, "查封(扣押)决定书"), (.licensing, "不予行政许可决定书"),
        (.confirmation, "工伤认定决定书"), (.expropriation, "房屋征收补偿决定书"), (.disclosure, "政府信息公开申请答复书"),
        (.inaction, "未履行查处违法建设法定职责"), (.other, "行政协议履行"),
    ]
    static let claims = ["请求撤销该行政行为", "请求确认该行政行为违法", "请求责令被申请人履行法定职责", "请求变更罚款数额"]
    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
    static let given = ["伟", "芳", "敏", "静", "强", "磊", "军", "洋", "建华", "志强"]
    static let courts = ["区人民法院", "市铁路运输法院", "市中级人民法院"]

    /// Weights (per mille) of last year's decisions: every decision of the 2023 law appears.
    static let decisions: [(ReconsiderationDecision, Int)] = [
        (.upheld, 380), (.claimRejected, 150), (.applicationRejected, 70), (.revoked, 60), (.partlyRevoked, 20), (.varied, 15),
        (.confirmedIllegal, 30), (.orderedToPerform, 25), (.confirmedVoid, 5), (.mediated, 70), (.settledWithdrawn, 120), (.terminated, 55),
    ]

    struct Builder {
        var rng: SeededGenerator
        let units: [OrgNode]
        let calendar: WorkCalendar
        let today: LocalDate
        var cases: [ReconsiderationCase] = []
        var suspensions: [(ReconsiderationCase, ReconsiderationSuspensionRecord)] = []
        var lawsuits: [LawsuitCase] = []
        var hearings: [(LawsuitCase, CourtHearingRecord)] = []
        var serial = 0

        mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
        mutating func chance(_ perMille: Int) -> Bool { Int.random(in: 0..<1000, using: &rng) < perMille }

        func workdays(_ n: Int, before date: LocalDate) -> LocalDate {
            var d = date, left = n
            for _ in 0..<(n * 3 + 60) where left > 0 {
                d = d.adding(days: -1)
                if (try? calendar.isWorkday(d)) == true { left -= 1 }
            }
            return d
        }

        func after(_ n: Int, _ date: LocalDate) -> LocalDate { (try? calendar.adding(workdays: n, to: date)) ?? date.adding(days: n * 7 / 5) }

        mutating func decision() -> ReconsiderationDecision {
            var roll = Int.random(in: 0..<decisions.reduce(0) { $0 + $1.1 }, using: &rng)
            for d in decisions { if roll < d.1 { return d.0 }; roll -= d.1 }
            return .upheld
        }

        /// A case received on `received` against `unit` (or a random one), nothing decided yet.
        mutating func make(received: LocalDate, unit: OrgNode? = nil, category: ContestedActCategory? = nil) throws -> ReconsiderationCase {
            let c = ReconsiderationCase()
            let u = unit ?? pick(units)
            c.$unit.id = try u.requireID()
            c.$unit.value = u
            let person = chance(750)
            c.applicantType = person ? .naturalPerson : .legalPerson
            c.applicantName = person ? "\(pick(surnames))\(pick(given))" : pick(["某建材有限公司", "某餐饮管理有限公司", "某物业服务有限公司"])
            c.applicantIDNumber = "DEMO-" + String(format: "%06d", Int.random(in: 0..<1_000_000, using: &rng))
            c.applicantContact = "138" + String(format: "%08d", Int.random(in: 0..<100_000_000, using: &rng))
            var act = pick(acts)
            if let category { act = acts.first { $0.0 == category } ?? act }
            c.category = act.0
            c.act = "\(u.name)\(act.1)"
            c.claim = pick(claims)
            c.lawVersion = "2023"
            c.procedure = act.0 == .disclosure ? .simplified : .normal
            c.source = "register"
            c.receivedOn = received
            c.extensionDays = 0
            c.selfCorrected = false
            c.createdBy = "demo-seed"
            c.version = 1
            c.$suspensions.value = []
            cases.append(c)
            return c
        }

        /// A case heard through to its decision `days` calendar days after acceptance.
        mutating func decided(received: LocalDate, unit: OrgNode? = nil, decision: ReconsiderationDecision? = nil) throws {
            let c = try make(received: received, unit: unit)
            let accepted = after(Int.random(in: 1...4, using: &rng), received)
            let d = decision ?? self.decision()
            if d == .applicationRejected || chance(80) {
                // Some applications are refused at the door (不予受理) instead of being heard.
                if d != .applicationRejected {
                    c.rejectedOn = accepted
                    c.rejectReason = "申请超过法定申请期限,且无正当理由"
                    c.closedOn = accepted
                    return
                }
            }
            c.acceptedOn = accepted
            c.copySentOn = after(Int.random(in: 1...5, using: &rng), accepted)
            c.respondentReceivedOn = after(1, c.copySentOn ?? accepted)
            c.answeredOn = after(Int.random(in: 4...10, using: &rng), c.respondentReceivedOn ?? accepted)
            let limit = c.procedure == .simplified ? 30 : 60
            var days = Int.random(in: 20...(limit - 2), using: &rng)
            if c.procedure == .normal, chance(100) {
                c.extensionDays = 30
                c.extensionOn = accepted.adding(days: 50)
                c.extensionApprover = "区司法局复议科科长"
                c.extensionReason = "案情复杂,需要现场勘验"
                days += 25
            }
            c.closedOn = min(accepted.adding(days: days), today.adding(days: -1))
            c.decision = d
            c.selfCorrected = [.mediated, .settledWithdrawn].contains(d) && chance(500)
            c.decisionNote = d.isCorrection ? "被申请人认定事实不清、证据不足" : nil
            if let closed = c.closedOn, chance(700) { c.publishedOn = min(closed.adding(days: 10), today) }
            if d.isCorrection, chance(400), let closed = c.closedOn {
                c.opinionOn = closed
                c.opinionText = "规范行政执法程序,完善调查取证和法制审核"
                if closed.adding(days: 55) < today { c.opinionRepliedOn = closed.adding(days: Int.random(in: 20...55, using: &rng)) }
            }
        }

        mutating func lawsuit(received: LocalDate, unit: OrgNode? = nil, category: ContestedActCategory? = nil) throws -> LawsuitCase {
            serial += 1
            let s = LawsuitCase()
            let u = unit ?? pick(units)
            s.$unit.id = try u.requireID()
            s.$unit.value = u
            s.number = "(\(received.year))演0104行初\(serial)号"
            s.coDefendant = chance(200)
            s.plaintiffType = chance(800) ? .naturalPerson : .legalPerson
            s.plaintiffName = s.plaintiffType == .naturalPerson ? "\(pick(surnames))\(pick(given))" : "某置业有限公司"
            var act = pick(acts)
            if let category { act = acts.first { $0.0 == category } ?? act }
            s.category = act.0
            s.act = "\(u.name)\(act.1)"
            s.court = pick(courts)
            s.complaintReceivedOn = received
            s.source = "register"
            s.createdBy = "demo-seed"
            s.version = 1
            s.$hearings.value = []
            lawsuits.append(s)
            return s
        }

        mutating func hearing(_ s: LawsuitCase, on day: LocalDate, instance: Int = 1, head: String, appearance: CourtAppearance?) {
            let h = CourtHearingRecord()
            h.instance = instance
            h.hearingOn = day
            h.noticeReceivedOn = workdays(Int.random(in: 5...12, using: &rng), before: day)
            h.headName = head
            h.appearance = appearance
            if appearance == .excused {
                h.excuse = pick(AppearanceExcuse.allCases)
                h.excuseNote = "已提交加盖公章的书面说明"
            }
            hearings.append((s, h))
        }

        /// A lawsuit through to its first-instance outcome (and sometimes an appeal).
        mutating func judged(received: LocalDate, outcome: JudgmentOutcome) throws {
            let s = try lawsuit(received: received)
            s.answeredOn = after(Int.random(in: 5...9, using: &rng), received)
            let hearingDay = after(Int.random(in: 25...45, using: &rng), received)
            if outcome != .withdrawn, hearingDay < today {
                let appearances: [CourtAppearance] = [.principal, .deputy, .inCharge, .inCharge, .deputy, .excused, .staffOnly]
                let a = pick(appearances)
                hearing(s, on: hearingDay, head: a.isHead ? "\(pick(surnames))副局长" : "", appearance: a)
            }
            let served = min(hearingDay.adding(days: Int.random(in: 20...60, using: &rng)), today.adding(days: -20))
            s.firstOutcome = outcome
            s.firstServedOn = served
            if chance(250), outcome != .withdrawn {
                s.appealedBy = outcome.isLoss ? "defendant" : "plaintiff"
                s.appealFiledOn = served.adding(days: 10)
                if served.adding(days: 90) < today {
                    s.secondOutcome = pick(SecondInstanceOutcome.allCases).rawValue
                    s.secondServedOn = served.adding(days: 90)
                    s.closedOn = s.secondServedOn
                }
            } else {
                s.closedOn = served.adding(days: 16)
            }
            if chance(150) {
                s.suggestionOn = served
                s.suggestionText = "建议加强行政执法程序规范化建设"
                s.suggestionReplyDueOn = served.adding(days: 60)
                if served.adding(days: 60) < today { s.suggestionRepliedOn = served.adding(days: 45) }
            }
        }
    }

    static func seed(_ app: Application, history: Bool) async throws {
        let db = app.db, today = app.clock.today
        let units = try await OrgNode.query(on: db).filter(\.$kind == .unit).sort(\.$sort).all()
        guard !units.isEmpty else { return }
        let engine = try await CalendarService.engine(on: db)
        let rules = app.deadlineRules
        var b = Builder(rng: SeededGenerator(seed: 2026_0811), units: units, calendar: engine.calendar, today: today)
        let lastYear = today.year - 1
        if history, let january = LocalDate(year: lastYear, month: 1, day: 5), engine.calendar.contains(january) {
            // About 60 cases through last year, every decision at least once; 25 lawsuits, every outcome.
            let all = ReconsiderationDecision.allCases
            for i in 0..<60 {
                let day = b.after(i * 4 + Int.random(in: 0...3, using: &b.rng), january)
                guard day.year == lastYear else { break }
                try b.decided(received: day, decision: i < all.count ? all[i] : nil)
            }
            let outcomes = JudgmentOutcome.allCases
            for i in 0..<25 {
                let day = b.after(i * 9 + 3, january)
                guard day.year == lastYear else { break }
                try b.judged(
                    received: day,
                    outcome: i < outcomes.count ? outcomes[i] : (b.chance(50) ? .revoked : b.chance(200) ? .withdrawn : .claimDismissed))
            }
            // This year until three months ago.
            if let start = LocalDate(year: today.year, month: 1, day: 6) {
                var day = start
                while day < today.adding(days: -100) {
                    try b.decided(received: day)
                    day = b.after(Int.random(in: 5...9, using: &b.rng), day)
                }
            }
        }
        try openCases(&b, today: today, units: units)
        try await write(b, app: app, engine: engine, rules: rules)
    }

    /// This year's open cases, one in every clock state, spread over the units (every unit gets one
    /// when there are more units than states, so each unit's pages have something to show).
    static func openCases(_ b: inout Builder, today: LocalDate, units: [OrgNode]) throws {
        typealias Shape = (inout Builder, ReconsiderationCase) -> Void
        let d = b
        let states: [(Int, ContestedActCategory?, Shape)] = [
            (2, nil, { _, _ in }),  // 受理审查中
            (
                4, nil,
                { _, c in  // 待补正
                    c.clarifySentOn = d.workdays(3, before: today); c.clarifyReceivedOn = d.workdays(2, before: today)
                    c.clarifyItems = "请提供被申请行政行为的文书副本,并写明具体的行政复议请求。"
                }
            ),
            (
                22, nil,
                { _, c in  // 补正期满未补正
                    c.clarifySentOn = d.workdays(20, before: today); c.clarifyReceivedOn = d.workdays(19, before: today)
                    c.clarifyItems = "请提供申请人身份证明材料。"
                }
            ),
            (15, nil, { _, _ in }),  // 视为受理,副本逾期未发
            (
                12, nil,
                { _, c in  // 答复期限将至
                    c.acceptedOn = d.workdays(11, before: today); c.copySentOn = d.workdays(9, before: today)
                    c.respondentReceivedOn = d.workdays(8, before: today)
                }
            ),
            (
                20, nil,
                { _, c in  // 被申请人答复逾期
                    c.acceptedOn = d.workdays(18, before: today); c.copySentOn = d.workdays(16, before: today)
                    c.respondentReceivedOn = d.workdays(15, before: today)
                }
            ),
            (
                30, nil,
                { _, c in  // 审理中
                    c.acceptedOn = d.workdays(27, before: today); c.copySentOn = d.workdays(25, before: today)
                    c.respondentReceivedOn = d.workdays(24, before: today); c.answeredOn = d.workdays(16, before: today)
                }
            ),
            (
                45, nil,
                { _, c in  // 审理期限将至
                    c.acceptedOn = today.adding(days: -55); c.copySentOn = d.after(2, today.adding(days: -55))
                    c.respondentReceivedOn = d.after(3, today.adding(days: -55)); c.answeredOn = d.after(10, today.adding(days: -55))
                }
            ),
            (
                60, nil,
                { _, c in  // 已延长审理期限
                    c.acceptedOn = today.adding(days: -75); c.copySentOn = d.after(2, today.adding(days: -75))
                    c.respondentReceivedOn = d.after(3, today.adding(days: -75)); c.answeredOn = d.after(10, today.adding(days: -75))
                    c.extensionDays = 30; c.extensionOn = today.adding(days: -20); c.extensionApprover = "区司法局复议科科长"
                    c.extensionReason = "需要委托鉴定"
                }
            ),
            (
                35, nil,
                { _, c in  // 中止审理
                    c.acceptedOn = today.adding(days: -45); c.copySentOn = d.after(2, today.adding(days: -45))
                    c.respondentReceivedOn = d.after(3, today.adding(days: -45)); c.answeredOn = d.after(9, today.adding(days: -45))
                }
            ),
            (
                6, .disclosure,
                { _, c in  // 简易程序
                    c.procedure = .simplified; c.acceptedOn = d.workdays(5, before: today); c.copySentOn = d.workdays(4, before: today)
                    c.respondentReceivedOn = d.workdays(3, before: today)
                }
            ),
            (
                50, .penalty,
                { _, c in  // 已决定,意见书待报送纠正情况
                    c.acceptedOn = today.adding(days: -68); c.copySentOn = d.after(2, today.adding(days: -68))
                    c.respondentReceivedOn = d.after(3, today.adding(days: -68)); c.answeredOn = d.after(8, today.adding(days: -68))
                    c.closedOn = today.adding(days: -20); c.decision = .revoked; c.decisionNote = "被申请人作出处罚前未告知陈述、申辩权利"
                    c.opinionOn = today.adding(days: -18); c.opinionText = "规范处罚告知程序,对同类案件开展自查"
                }
            ),
        ]
        for i in 0..<max(states.count, units.count) {
            let (age, category, shape) = states[i % states.count]
            let c = try b.make(received: b.workdays(age, before: today), unit: units[i % units.count], category: category)
            shape(&b, c)
            if i % states.count == 9 {
                let s = ReconsiderationSuspensionRecord()
                s.suspendedOn = today.adding(days: -12)
                s.ground = "案件涉及法律适用问题,需要有权机关作出解释或者确认"
                b.suspensions.append((c, s))
            }
        }
        // Lawsuits: one in every state.
        let nextWeek = b.after(5, today)
        typealias SuitShape = (inout Builder, LawsuitCase) -> Void
        let suits: [(Int, SuitShape)] = [
            (5, { _, _ in }),  // 待提交答辩状
            (20, { _, _ in }),  // 答辩逾期
            (
                30,
                { b, s in
                    s.answeredOn = s.complaintReceivedOn.adding(days: 10); b.hearing(s, on: nextWeek, head: "", appearance: nil)
                }
            ),  // 下周开庭,未确定负责人
            (
                32,
                { b, s in
                    s.answeredOn = s.complaintReceivedOn.adding(days: 9);
                    b.hearing(s, on: nextWeek.adding(days: 2), head: "周副局长(分管)", appearance: nil)
                }
            ),
            (
                40,
                { b, s in
                    s.answeredOn = s.complaintReceivedOn.adding(days: 12);
                    b.hearing(s, on: b.workdays(1, before: today), head: "李局长", appearance: nil)
                }
            ),  // 昨日开庭待记录
            (
                80,
                { b, s in  // 一审败诉,上诉期内
                    s.answeredOn = s.complaintReceivedOn.adding(days: 12)
                    b.hearing(s, on: s.complaintReceivedOn.adding(days: 40), head: "", appearance: .staffOnly)
                    s.firstOutcome = .revoked; s.firstServedOn = today.adding(days: -6)
                }
            ),
            (
                150,
                { b, s in  // 二审中
                    s.answeredOn = s.complaintReceivedOn.adding(days: 12)
                    b.hearing(s, on: s.complaintReceivedOn.adding(days: 40), head: "王副局长", appearance: .deputy)
                    s.firstOutcome = .claimDismissed; s.firstServedOn = today.adding(days: -60)
                    s.appealedBy = "plaintiff"; s.appealFiledOn = today.adding(days: -50)
                }
            ),
            (
                120,
                { b, s in  // 司法建议待回复
                    s.answeredOn = s.complaintReceivedOn.adding(days: 12)
                    b.hearing(s, on: s.complaintReceivedOn.adding(days: 35), head: "张局长", appearance: .principal)
                    s.firstOutcome = .confirmedIllegal; s.firstServedOn = today.adding(days: -40); s.closedOn = today.adding(days: -24)
                    s.suggestionOn = today.adding(days: -30); s.suggestionText = "建议完善政府信息公开答复程序"
                    s.suggestionReplyDueOn = today.adding(days: 30)
                }
            ),
        ]
        for i in 0..<max(suits.count, units.count) {
            let (age, shape) = suits[i % suits.count]
            let s = try b.lawsuit(
                received: today.adding(days: -age), unit: units[i % units.count], category: i % suits.count == 7 ? .disclosure : nil)
            shape(&b, s)
        }
    }

    /// Numbers the cases in order of receipt, keeps their stored dates and writes everything in
    /// batches.
    static func write(_ b: Builder, app: Application, engine: DeadlineEngine, rules: DeadlineCatalogue) async throws {
        let today = app.clock.today
        var next: [Int: Int] = [:]
        for c in b.cases.sorted(by: { $0.receivedOn < $1.receivedOn }) {
            let n = (next[c.receivedOn.year] ?? 0) + 1
            next[c.receivedOn.year] = n
            c.number = "FY-\(c.receivedOn.year)-" + String(format: "%04d", n)
        }
        try await app.db.writeTransaction { tx in
            for start in stride(from: 0, to: b.cases.count, by: 100) {
                try await Array(b.cases[start..<min(b.cases.count, start + 100)]).create(on: tx)
            }
            for (c, s) in b.suspensions {
                s.$reconsideration.id = try c.requireID()
                try await s.create(on: tx)
                c.$suspensions.value = [s]
            }
            for c in b.cases {
                let before = (c.organDueOn, c.answerDueOn, c.decisionDueOn, c.opinionReplyDueOn)
                try? ReconsiderationService.refreshDue(c, today: today, engine: engine, rules: rules)
                if before != (c.organDueOn, c.answerDueOn, c.decisionDueOn, c.opinionReplyDueOn) { try await c.update(on: tx) }
            }
            for s in b.lawsuits { LawsuitService.refreshDue(s, today: today, engine: engine, rules: rules) }
            for start in stride(from: 0, to: b.lawsuits.count, by: 100) {
                try await Array(b.lawsuits[start..<min(b.lawsuits.count, start + 100)]).create(on: tx)
            }
            for (s, h) in b.hearings {
                h.$lawsuit.id = try s.requireID()
                try await h.create(on: tx)
            }
        }
    }
}
