import FazhiCore
import Fluent
import Vapor

/// 演示依申请公开: the previous year's register (several hundred requests with every outcome,
/// the December ones carried into this year) so its annual report has real tables, and this
/// year's requests with open ones at every clock state on today's date. Deterministic (seeded).
/// Every demo request's verification code is `DEMO2026`.
enum GOIDemo {
    static let code = "DEMO2026"

    static let topics = [
        "%@2025年度部门预算、决算及“三公”经费使用情况", "%@辖区内某地块的征收补偿安置方案及补偿标准", "%@近三年行政处罚案件的数量及处罚依据",
        "%@某建设项目的规划许可证及附图", "%@老旧小区改造项目的招标文件及中标结果", "%@本单位行政规范性文件目录及文件全文",
        "%@某路段噪声扰民问题的执法检查记录", "%@2025年度政府信息公开工作年度报告所依据的统计数据", "%@最低生活保障对象认定标准及审批流程",
        "%@某企业的环境影响评价批复文件", "%@辖区内学校学位分配方案", "%@某次会议的会议纪要", "%@本单位内设机构及人员编制情况",
        "%@某项目财政补助资金的拨付明细", "%@行政许可事项清单及办理时限", "%@城市道路停车收费标准的制定依据",
    ]
    static let parties = ["某房地产开发有限公司", "某建设工程有限公司", "区规划和自然资源局", "某物业服务有限公司", "区住房和城乡建设局"]
    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
    static let given = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "建华", "志强", "海燕"]

    /// The outcome mix of concluded requests, by weight (per mille).
    static let outcomes: [(GOIReplyType, GOIWithholdingGround?, Int)] = [
        (.disclosed, nil, 380), (.alreadyPublic, nil, 110), (.partial, .thirdParty, 50), (.partial, .processInfo, 25),
        (.withheld, .thirdParty, 20), (.withheld, .processInfo, 18), (.withheld, .internalAffairs, 10), (.withheld, .enforcementFile, 8),
        (.withheld, .security, 3), (.withheld, .stateSecret, 2), (.withheld, .lawForbids, 4), (.adminQuery, nil, 20),
        (.notHeld, nil, 120), (.notOurs, nil, 50), (.needsCreation, nil, 30), (.stillUnclear, nil, 8), (.petition, nil, 30),
        (.repeatRequest, nil, 30), (.publication, nil, 8), (.excessive, nil, 5), (.confirmation, nil, 10), (.noClarification, nil, 25),
        (.unpaidFee, nil, 4), (.other, nil, 20),
    ]

    struct Builder {
        var rng: SeededGenerator
        let units: [OrgNode]
        let calendar: WorkCalendar
        let engine: DeadlineEngine
        let rule: DeadlineRule
        let today: LocalDate
        var requests: [(GOIRequest, [GOIConsultationRecord])] = []

        mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
        mutating func chance(_ perMille: Int) -> Bool { Int.random(in: 0..<1000, using: &rng) < perMille }

        mutating func outcome() -> (GOIReplyType, GOIWithholdingGround?) {
            var roll = Int.random(in: 0..<outcomes.reduce(0) { $0 + $1.2 }, using: &rng)
            for o in outcomes { if roll < o.2 { return (o.0, o.1) }; roll -= o.2 }
            return (.disclosed, nil)
        }

        mutating func applicant() -> (GOIApplicantType, String) {
            let roll = Int.random(in: 0..<100, using: &rng)
            let type: GOIApplicantType =
                roll < 78
                ? .naturalPerson : roll < 88 ? .business : roll < 90 ? .research : roll < 92 ? .publicInterest : roll < 97 ? .legalService : .other
            switch type {
            case .naturalPerson: return (type, "\(pick(surnames))\(pick(given))")
            case .business: return (type, pick(["某科技有限公司", "某商贸有限公司", "某置业有限公司", "某餐饮管理有限公司"]))
            case .research: return (type, "某大学公共管理学院")
            case .publicInterest: return (type, "某环保公益促进会")
            case .legalService: return (type, pick(["某律师事务所", "某法律服务所"]))
            case .other: return (type, "某业主委员会")
            }
        }

        /// The working day `n` working days before `date`.
        func workdays(_ n: Int, before date: LocalDate) -> LocalDate {
            var d = date, left = n
            // Bounded: before the loaded calendar no day counts, so stop rather than walk forever.
            for _ in 0..<(n * 3 + 60) where left > 0 {
                d = d.adding(days: -1)
                if (try? calendar.isWorkday(d)) == true { left -= 1 }
            }
            return d
        }

        func after(_ n: Int, _ date: LocalDate) -> LocalDate { (try? calendar.adding(workdays: n, to: date)) ?? date.adding(days: n * 7 / 5) }

        /// A new request received on `received` (nil: online, awaiting confirmation).
        mutating func make(received: LocalDate?, channel: GOIChannel? = nil, unit: OrgNode? = nil) throws -> GOIRequest {
            let r = GOIRequest()
            let (type, name) = applicant()
            let u = unit ?? pick(units)
            r.$unit.id = try u.requireID()
            r.$unit.value = u
            let roll = Int.random(in: 0..<100, using: &rng)
            r.channel = channel ?? (roll < 55 ? .online : roll < 75 ? .post : roll < 95 ? .inPerson : .fax)
            r.source = r.channel == .online ? "online" : "register"
            r.receivedOn = received
            r.submittedAt = DemoSeed.noonInShanghai(received ?? today)
            r.applicantType = type
            r.applicantName = name
            r.applicantIDNumber = "DEMO-" + String(format: "%06d", Int.random(in: 0..<1_000_000, using: &rng))
            r.applicantContact = type == .naturalPerson ? "" : "\(pick(surnames))\(pick(given))"
            r.applicantPhone = "138" + String(format: "%08d", Int.random(in: 0..<100_000_000, using: &rng))
            r.applicantEmail = ""
            r.applicantAddress = "某市某区某街道某号"
            r.content = String(format: pick(topics), "申请公开")
            r.purpose = ""
            r.delivery = pick([.email, .post, .pickup])
            r.verifyHash = Tokens.sha256Hex(GOIDemo.code)
            r.extensionDays = 0
            r.grounds = ""
            r.feeMethod = .none
            r.feeQuantity = 0
            r.feeAmount = 0
            r.createdBy = "demo-seed"
            r.version = 1
            return r
        }

        /// A concluded request of a past period, with clarification, consultation and extension
        /// now and then, answered mostly on time, never after today.
        mutating func concluded(received: LocalDate) throws {
            let r = try make(received: received)
            var consultations: [GOIConsultationRecord] = []
            var (type, ground) = outcome()
            var start = received
            if type == .noClarification || type == .stillUnclear || chance(60) {
                let sent = after(Int.random(in: 2...6, using: &rng), received)
                r.clarifySentOn = sent
                r.clarifyDueOn = after(10, sent)
                r.clarifyItems = "请明确所需信息的具体名称、文号或形成时间。"
                if type != .noClarification {
                    let back = after(Int.random(in: 2...8, using: &rng), sent)
                    r.clarifiedOn = back
                    start = back
                }
            }
            if type != .noClarification, chance(80) || (type == .partial && chance(500)) {
                let sent = after(Int.random(in: 3...8, using: &rng), start)
                let c = GOIConsultationRecord()
                c.kind = chance(700) ? .thirdParty : .organ
                c.party = pick(parties)
                c.sentOn = sent
                c.receivedOn = sent  // delivered by hand the day it was sent
                let replied = after(Int.random(in: 4...15, using: &rng), sent)
                c.repliedOn = replied
                c.note = "不同意公开涉及本单位经营信息的部分"
                consultations.append(c)
            }
            if type != .noClarification, chance(60) {
                r.extensionDays = Int.random(in: 10...20, using: &rng)
                r.extensionApprover = "办公室主任"
                r.extensionReason = "申请内容涉及多个科室,需要检索汇总"
            }
            r.$consultations.value = consultations.map { $0 }
            var closedOn: LocalDate
            if type == .noClarification {
                closedOn = after(2, r.clarifyDueOn ?? today)
            } else {
                let due = (try? GOIClock.compute(r.clockFacts, today: today, engine: engine, rule: rule).due) ?? after(20, start)
                if r.extensionDays > 0 {
                    let first = (try? GOIClock.compute(r.clockFacts, today: today, engine: engine, rule: rule).firstDue) ?? due
                    r.extensionOn = workdays(2, before: first)
                }
                let span = max(1, (try? calendar.workdays(from: start.adding(days: 1), to: due)) ?? 20)
                closedOn =
                    chance(30) ? after(Int.random(in: 1...4, using: &rng), due) : after(Int.random(in: max(1, span / 4)...span, using: &rng), start)
            }
            if closedOn > today { closedOn = today; if type == .noClarification { type = .other } }
            r.closedOn = closedOn
            r.replyType = type
            r.ground = type == .withheld ? ground : nil
            r.grounds = type.needsGround ? (ground ?? .thirdParty).rawValue : ""
            r.replyNote = type == .notOurs ? "请向区住房和城乡建设局申请,联系电话 0000-12345678。" : type == .alreadyPublic ? "该信息已在区政府门户网站“政府信息公开”专栏公开。" : nil
            if type == .disclosed, chance(40) {
                r.feeMethod = .perPage
                r.feeQuantity = Int.random(in: 40...160, using: &rng)
                r.feeAmount = GOIFees.perPage(pages: r.feeQuantity)
                // The notice reached the applicant two working days in, the fee was paid the next day.
                let delivered = after(2, start), paid = after(1, delivered)
                if paid < closedOn { r.feeNoticeOn = delivered; r.feePaidOn = paid } else { r.feeMethod = .none; r.feeQuantity = 0; r.feeAmount = 0 }
            }
            if type == .unpaidFee {
                // 按件: the applicant's 12th request of the month; unpaid 20 working days after delivery.
                let delivered = after(3, start), lapsedOn = after(21, delivered)
                if lapsedOn <= today, lapsedOn.year == closedOn.year {
                    r.feeMethod = .perRequest; r.feeQuantity = 12; r.feeAmount = GOIFees.perRequest(nthInMonth: 12)
                    r.feeNoticeOn = delivered
                    r.closedOn = lapsedOn
                } else {
                    r.replyType = .other
                }
            }
            r.dueOn = (try? GOIClock.compute(r.clockFacts, today: today, engine: engine, rule: rule).due)
            requests.append((r, consultations))
        }

        /// An open request of this year in a named state.
        mutating func open(
            received: LocalDate?, channel: GOIChannel? = nil, _ adjust: (inout GOIRequest, inout [GOIConsultationRecord]) -> Void = { _, _ in }
        ) throws {
            var r = try make(received: received, channel: channel)
            var consultations: [GOIConsultationRecord] = []
            adjust(&r, &consultations)
            r.$consultations.value = consultations
            r.dueOn = (try? GOIClock.compute(r.clockFacts, today: today, engine: engine, rule: rule).due)
            requests.append((r, consultations))
        }
    }

    /// - Parameter history: also last year's and this year's concluded requests (about 600) and
    ///   last year's report entries; without it, only the requests at every clock state today.
    static func seed(_ app: Application, history: Bool = true) async throws {
        let db = app.db, today = app.clock.today, now = app.clock.now()
        let units = try await OrgNode.query(on: db).filter(\.$kind == .unit).sort(\.$sort).all()
        guard !units.isEmpty else { return }
        let engine = try await CalendarService.engine(on: db)
        let calendar = engine.calendar
        let rule = try GOIService.rule(app.deadlineRules)
        var b = Builder(rng: SeededGenerator(seed: 2025_0611), units: units, calendar: calendar, engine: engine, rule: rule, today: today)
        let lastYear = today.year - 1
        // The previous year: about 420 requests on working days through the year (more in the
        // second half, as in most districts), all concluded by now; December's carry over.
        if history, calendar.contains(LocalDate(year: lastYear, month: 1, day: 1)!) {
            var day = LocalDate(year: lastYear, month: 1, day: 2)!
            while day.year == lastYear {
                if (try? calendar.isWorkday(day)) == true {
                    let n = day.month >= 7 ? (b.chance(500) ? 2 : 1) : (b.chance(600) ? 2 : 1)
                    for _ in 0..<n where b.chance(850) { try b.concluded(received: day) }
                }
                day = day.adding(days: 1)
            }
        }
        // This year until six weeks ago: concluded requests.
        let cutoff = b.workdays(30, before: today)
        var day = LocalDate(year: today.year, month: 1, day: 5)!
        while history, day < cutoff {
            if (try? calendar.isWorkday(day)) == true, b.chance(420) { try b.concluded(received: day) }
            day = day.adding(days: 1)
        }
        // Open requests at every clock state today.
        let d = b  // a copy for date arithmetic inside the closures below
        try b.open(received: nil, channel: .online)  // 待确认收到
        try b.open(received: nil, channel: .online)
        try b.open(received: b.workdays(3, before: today))  // 正常
        try b.open(received: b.workdays(8, before: today))
        try b.open(received: b.workdays(18, before: today))  // 即将到期
        try b.open(received: b.workdays(20, before: today))  // 今日到期
        try b.open(received: b.workdays(24, before: today))  // 已逾期
        try b.open(received: b.workdays(4, before: today)) { r, _ in  // 待补正
            r.clarifySentOn = d.workdays(2, before: today)
            r.clarifyDueOn = d.after(8, today)
            r.clarifyItems = "请说明所需会议纪要的会议名称和召开时间。"
        }
        try b.open(received: b.workdays(25, before: today)) { r, _ in  // 补正期满未补正
            r.clarifySentOn = d.workdays(22, before: today)
            r.clarifyDueOn = d.workdays(7, before: today)
            r.clarifyItems = "请明确所需信息对应的项目名称。"
        }
        try b.open(received: b.workdays(16, before: today)) { r, _ in  // 补正后重新起算
            r.clarifySentOn = d.workdays(12, before: today)
            r.clarifyDueOn = d.workdays(2, before: today)
            r.clarifiedOn = d.workdays(6, before: today)
            r.clarifyItems = "请补充所需信息的文号。"
        }
        try b.open(received: b.workdays(12, before: today)) { r, c in  // 征求第三方意见中
            let record = GOIConsultationRecord()
            record.kind = .thirdParty; record.party = "某房地产开发有限公司"; record.sentOn = d.workdays(4, before: today)
            record.receivedOn = d.workdays(3, before: today)  // by post: received the next working day
            c.append(record)
        }
        try b.open(received: b.workdays(30, before: today)) { r, c in  // 征求意见后恢复计算
            let record = GOIConsultationRecord()
            record.kind = .organ; record.party = "区规划和自然资源局"; record.sentOn = d.workdays(20, before: today)
            record.receivedOn = d.workdays(20, before: today)
            record.repliedOn = d.workdays(9, before: today); record.note = "同意公开"
            c.append(record)
        }
        try b.open(received: b.workdays(26, before: today)) { r, _ in  // 已延期
            r.extensionDays = 15
            r.extensionOn = d.workdays(7, before: today)
            r.extensionApprover = "区信访局办公室主任"
            r.extensionReason = "申请涉及 2019 年以来的档案,需要调档检索"
        }
        try b.open(received: b.workdays(10, before: today)) { r, _ in  // 待缴纳信息处理费
            r.feeMethod = .perRequest; r.feeQuantity = 12; r.feeAmount = GOIFees.perRequest(nthInMonth: 12)
            r.feeNoticeOn = d.workdays(3, before: today)
        }
        try b.open(received: b.workdays(6, before: today)) { r, c in  // 征求意见书已寄出,待记录对方收到
            let record = GOIConsultationRecord()
            record.kind = .thirdParty; record.party = "某餐饮管理有限公司"; record.sentOn = d.workdays(2, before: today)
            c.append(record)
        }
        try b.open(received: b.workdays(26, before: today)) { r, _ in  // 逾期答复: answered, but after the 20 working days
            r.replyType = .disclosed
            r.closedOn = d.workdays(2, before: today)
        }
        try b.open(received: b.workdays(28, before: today)) { r, c in  // 共同制作机关逾期未提出意见,视为同意公开
            let record = GOIConsultationRecord()
            record.kind = .organ; record.party = "区财政局"; record.sentOn = d.workdays(24, before: today)
            record.receivedOn = d.workdays(23, before: today)
            c.append(record)
        }
        let requests = b.requests
        // Numbered in order of receipt within each year, written in batches (one INSERT per 100 rows).
        var next: [Int: Int] = [:]
        let ordered = requests.sorted { ($0.0.receivedOn ?? .latest) < ($1.0.receivedOn ?? .latest) }
        for (r, _) in ordered {
            let year = r.receivedOn?.year ?? today.year
            next[year, default: 0] += 1
            r.number = "YSQ-\(year)-" + String(format: "%05d", next[year]!)
        }
        try await db.writeTransaction { tx in
            let models = ordered.map(\.0)
            for start in stride(from: 0, to: models.count, by: 100) {
                try await Array(models[start..<min(models.count, start + 100)]).create(on: tx)
            }
            let consultations = try ordered.flatMap { r, list in
                try list.map { c in
                    c.$request.id = try r.requireID(); return c
                }
            }
            if !consultations.isEmpty { try await consultations.create(on: tx) }
            try await AuditService.record(
                on: tx, actor: DemoSeed.actor, action: .seed, entityType: .goiRequest, entityID: "demo",
                after: ["count": String(requests.count)], at: now)
        }
        guard history else { return }
        // Tables 2 and 4 and the texts of last year's report, for every unit and the district:
        // checked like the form, written in one statement.
        var entries: [GOIReportEntry] = []
        let district = try await Districts.first(on: db)?.requireID().uuidString ?? ""
        func add(_ scope: String, _ values: [String: String]) throws {
            for (key, value) in try GOIManualTables.check(values) where scope != district || key.hasPrefix("text.") {
                let e = GOIReportEntry()
                e.year = lastYear; e.scope = scope; e.key = key; e.value = value
                entries.append(e)
            }
        }
        for (i, unit) in units.enumerated() {
            try add(
                unit.requireID().uuidString,
                [
                    "t2.normative.issued": String(i % 3), "t2.normative.repealed": String(i % 2), "t2.normative.valid": String(5 + i % 7),
                    "t2.licensing.decisions": String(i % 4 == 0 ? 120 + i * 13 : 0), "t2.penalty.decisions": String(i % 3 == 0 ? 40 + i * 5 : 0),
                    "t2.coercion.decisions": String(i % 5 == 0 ? 3 + i : 0), "t2.fees.amount": i % 6 == 0 ? "12.5" : "0",
                    "t4.0.0": String(i % 3), "t4.0.1": String(i % 4 == 1 ? 1 : 0), "t4.0.3": String(i % 5 == 2 ? 1 : 0),
                    "t4.1.0": String(i % 6 == 0 ? 1 : 0),
                    "text.overview": "\(lastYear)年,\(unit.name)认真贯彻《中华人民共和国政府信息公开条例》,依法依规做好政府信息公开工作。",
                ])
        }
        try add(
            district,
            [
                "text.overview": "\(lastYear)年,全区坚持以公开为常态、不公开为例外,依申请公开答复总体规范及时。",
                "text.problems": "个别单位答复文书说理不够充分;依申请公开办理的时限管理有待加强。下一步将开展答复文书评查,并通过系统期限提醒压实办理时限。",
                "text.other": "本年度按照《政府信息公开信息处理费管理办法》收取信息处理费的情况见表三下方说明。",
            ])
        let allEntries = entries
        try await db.writeTransaction { tx in
            for start in stride(from: 0, to: allEntries.count, by: 200) {
                try await Array(allEntries[start..<min(allEntries.count, start + 200)]).create(on: tx)
            }
            try await AuditService.record(
                on: tx, actor: DemoSeed.actor, action: .seed, entityType: .goiReport, entityID: "\(lastYear)",
                after: ["entries": String(allEntries.count)], at: now)
        }
    }
}
