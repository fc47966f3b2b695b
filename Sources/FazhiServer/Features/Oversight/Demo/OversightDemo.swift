import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 演示行政监督和法治能力: 人大代表建议 and 政协提案 in every state of the satisfaction loop (answered on
/// time and late, waiting, overdue, rated 不满意 and answered again), an audit item whose findings are
/// problems in the pool (one closed), petitions waiting for acceptance, running, extended and under
/// 复查, hotline orders; every unit's study plan and sessions with attendees, this year's exam; legal
/// advisers with opinions on the demo's decisions and normative documents, contract reviews (one signed
/// before its review); 普法 lists with activities, last year's rated. Deterministic; dates are relative
/// to today.
enum OversightDemo {
    static let suggestions = [
        "关于加快老旧小区加装电梯的建议", "关于增设社区养老服务站点的建议", "关于规范共享单车停放的建议", "关于加强校园周边交通安全治理的建议",
        "关于推进垃圾分类精细化管理的建议", "关于优化营商环境审批流程的建议", "关于增加公共停车泊位的建议", "关于加强河道水质治理的建议",
        "关于完善社区医疗服务网络的建议", "关于治理夜间施工噪声扰民的建议", "关于推进智慧城管建设的建议", "关于加强农贸市场食品安全监管的建议",
    ]
    static let proposals = [
        "关于推动公共法律服务进社区的提案", "关于加强未成年人法治教育的提案", "关于规范物业服务收费的提案", "关于完善行政执法公示制度的提案",
        "关于加快城市更新项目审批的提案", "关于提升12345热线办理质量的提案",
    ]
    static let petitions = ["反映小区违建未拆除", "请求解决拖欠工资问题", "反映征收补偿标准", "反映施工扬尘污染", "请求处理邻里采光纠纷"]
    static let hotline = ["噪声扰民投诉", "占道经营投诉", "路灯损坏报修", "井盖缺失", "油烟扰民投诉", "违规停车"]
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
    static let given = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞", "平", "刚"]

    static func person(_ n: Int) -> String { "\(surnames[n % surnames.count])\(given[(n / surnames.count + n) % given.count])" }

    static func seed(_ app: Application, history: Bool) async throws {
        let db = app.db
        guard try await OversightItem.query(on: db).count() == 0 else { return }
        let units = try await OrgNode.query(on: db).filter(\.$kind == .unit).sort(\.$sort).all()
        guard !units.isEmpty else { return }
        let today = app.clock.today
        let engine = try await CalendarService.engine(on: db)
        let ctx = StepContext(actor: .system("demo"), engine: engine, rules: app.deadlineRules, today: today, now: app.clock.now())
        try await seedItems(app, units: units, ctx: ctx, history: history)
        try await seedStudy(db, units: units, ctx: ctx, history: history)
        try await seedAdvisers(db, units: units, ctx: ctx, history: history)
        try await seedPufa(db, units: units, ctx: ctx, history: history)
    }

    /// An item as registered on `assigned`, with its clock, saved directly (the demo's history).
    private static func item(
        _ channel: OversightChannel, _ ref: String, _ title: String, unit: OrgNode, co: [OrgNode] = [], assigned: LocalDate, complex: Bool = false,
        auditDue: LocalDate? = nil, submitter: String, ctx: StepContext, on db: any Database
    ) async throws -> OversightItem {
        let i = OversightItem()
        i.id = UUID()
        i.channel = channel
        i.refNo = ref
        i.title = title
        i.summary =
            channel == .audit
            ? "审计发现问题及整改要求详见审计报告。" : "\(title.replacingOccurrences(of: "关于", with: "").replacingOccurrences(of: "的建议", with: ""))的具体意见和理由。"
        i.submitter = submitter
        i.$unit.id = try unit.requireID()
        i.$unit.value = unit
        i.assignedOn = assigned
        i.year = assigned.year
        i.complex = complex
        i.auditDueOn = auditDue
        i.extensionDays = 0
        i.round = 1
        i.createdBy = "demo"
        i.version = 1
        i.createdAt = ctx.now
        try OversightService.startClock(i, ctx)
        try await i.create(on: db)
        for u in co {
            let link = OversightCoUnit()
            link.$item.id = try i.requireID()
            link.$unit.id = try u.requireID()
            try await link.create(on: db)
        }
        return i
    }

    /// A reply `daysBeforeDue` days before the running due date (negative: late), rated when asked.
    private static func reply(
        _ i: OversightItem, daysBeforeDue: Int, rating: Satisfaction?, ratedAfter: Int = 10, result: String = "已解决或采纳", ctx: StepContext,
        on db: any Database
    ) async throws {
        guard let due = i.dueOn else { return }
        let day = min(due.adding(days: -daysBeforeDue), ctx.today)
        let r = OversightReply()
        r.$item.id = try i.requireID()
        r.round = i.round
        r.repliedOn = max(day, i.acceptedOn ?? i.assignedOn)
        r.dueOn = due
        r.content = i.channel == .audit ? "已按审计报告要求逐项整改,整改情况报告已报区审计局和区政府。" : "经认真研究,现答复如下:已会同有关部门制定工作方案,明确责任分工和完成时限,并将持续跟踪落实。"
        r.result = i.channel.publishesReplies ? result : ""
        r.createdBy = "demo"
        if i.round == 1 { i.firstRepliedOn = r.repliedOn }
        i.dueOn = nil
        i.dueKind = nil
        if let rating, r.repliedOn.adding(days: ratedAfter) <= ctx.today {
            r.satisfaction = rating
            r.ratedOn = r.repliedOn.adding(days: ratedAfter)
            r.ratingNote = rating == .dissatisfied ? "答复未提出具体解决时限,请进一步落实。" : nil
            if SatisfactionLoop.outcome(rating, round: i.round) == .reopen, let rated = r.ratedOn {
                i.round += 1
                i.dueOn = try OversightClock.secondReplyDue(rated: rated, settings: OversightConfig.active, engine: ctx.engine).due
                i.dueKind = "second_reply"
            } else {
                i.satisfaction = rating
                i.closedOn = r.ratedOn
            }
        }
        try await r.create(on: db)
        try await i.update(on: db)
    }

    private static func seedItems(_ app: Application, units: [OrgNode], ctx: StepContext, history: Bool) async throws {
        let db = app.db
        let today = ctx.today
        func u(_ n: Int) -> OrgNode { units[n % units.count] }
        let year = today.year
        // 人大代表建议: assigned in the spring sessions (this year and, with history, last year).
        let spring = LocalDate(year: year, month: 3, day: 20) ?? today.adding(days: -250)
        let lastSpring = LocalDate(year: year - 1, month: 3, day: 22) ?? spring.adding(days: -365)
        let count = history ? suggestions.count : 6
        for n in 0..<count {
            let assigned = n < 9 ? spring : today.adding(days: -40 - n)
            let i = try await item(
                .deputy, "\(year)-\(String(format: "%03d", n + 1))", suggestions[n], unit: u(n), co: n % 3 == 0 ? [u(n + 1)] : [], assigned: assigned,
                complex: n == 4, submitter: "\(person(n + 3))代表", ctx: ctx, on: db)
            switch n % 6 {
            case 0: try await reply(i, daysBeforeDue: 20, rating: .satisfied, ctx: ctx, on: db)
            case 1: try await reply(i, daysBeforeDue: 5, rating: .basically, ctx: ctx, on: db)
            case 2: try await reply(i, daysBeforeDue: -6, rating: .satisfied, ctx: ctx, on: db)  // late
            case 3:
                try await reply(i, daysBeforeDue: 10, rating: .dissatisfied, ctx: ctx, on: db)
                if n > 6 { try await reply(i, daysBeforeDue: 3, rating: .basically, ctx: ctx, on: db) }  // answered again, then accepted
            case 4: break  // complex: six months, still running (or overdue when the spring item)
            default: try await reply(i, daysBeforeDue: 15, rating: nil, ctx: ctx, on: db)  // waiting for the rating
            }
            if i.firstRepliedOn != nil, n % 2 == 0 { i.publishedOn = i.firstRepliedOn?.adding(days: 20); try await i.update(on: db) }
        }
        if history {
            for n in 0..<6 {
                let i = try await item(
                    .deputy, "\(year - 1)-\(String(format: "%03d", n + 1))", suggestions[(n + 5) % suggestions.count], unit: u(n + 2),
                    assigned: lastSpring,
                    submitter: "\(person(n + 11))代表", ctx: ctx, on: db)
                try await reply(i, daysBeforeDue: n == 2 ? -12 : 8, rating: n == 4 ? .basically : .satisfied, ctx: ctx, on: db)
                i.publishedOn = i.firstRepliedOn?.adding(days: 15)
                try await i.update(on: db)
            }
        }
        for n in 0..<(history ? proposals.count : 3) {
            let i = try await item(
                .proposal, "政协\(year)-\(n + 21)", proposals[n], unit: u(n + 5), assigned: spring.adding(days: 3), submitter: "\(person(n + 7))委员",
                ctx: ctx,
                on: db)
            if n != 2 { try await reply(i, daysBeforeDue: 12 - n * 5, rating: n == 3 ? .dissatisfied : .satisfied, ctx: ctx, on: db) }
            if i.firstRepliedOn != nil, n % 2 == 1 { i.publishedOn = i.firstRepliedOn?.adding(days: 10); try await i.update(on: db) }
        }
        // 审计整改: last autumn's audit of one unit, its findings in the problem pool; one closed.
        let auditUnit = u(1)
        let audit = try await item(
            .audit, "某审报〔\(year)〕12号", "\(auditUnit.name)经济责任审计整改", unit: auditUnit, assigned: today.adding(days: -75),
            auditDue: today.adding(days: 15), submitter: "区审计局", ctx: ctx, on: db)
        let findings = [
            ("专项资金未按规定用途使用", "部分专项资金用于日常办公支出", "调整账目,收回资金,完善资金审批流程"),
            ("政府采购程序不规范", "两个项目未按规定公开招标", "修订采购内部制度,对相关人员开展培训"),
        ]
        for (n, f) in findings.enumerated() {
            let problem = try await ProblemService.create(
                ProblemInput(
                    unitCode: auditUnit.code, source: ProblemSource.audit.rawValue, title: f.0, description: f.1,
                    raisedOn: audit.assignedOn.description,
                    measures: [.init(text: f.2, due: today.adding(days: 15).description)]), actor: ctx.actor, on: db, now: ctx.now)
            let link = OversightFinding()
            link.$item.id = try audit.requireID()
            link.$problem.id = try problem.requireID()
            try await link.create(on: db)
            if n == 0 {
                for m in problem.measures { m.doneOn = today.adding(days: -10); m.note = "已完成"; try await m.update(on: db) }
                let pdf = AssessmentDemo.demoPDF("Fazhi demo audit rectification \(problem.number)")
                let file = try AttachmentService.accept(
                    .bytes(filename: "\(problem.number) 整改材料.pdf", data: pdf), maxBytes: pdf.count, into: app.fileStore)
                try await AttachmentService.attach(file, to: .problem, id: try problem.requireID(), by: "demo", at: ctx.now, on: db)
                try await ProblemService.report(problem, note: "整改措施已全部完成。", actor: ctx.actor, on: db, now: ctx.now)
                try await ProblemService.decide(problem, close: true, note: "经核查,整改到位,予以销号。", actor: ctx.actor, on: db, now: ctx.now)
            }
        }
        // 信访: waiting for acceptance, running, extended, answered with 复查 requested.
        for n in 0..<(history ? petitions.count : 3) {
            let received = today.adding(days: -[5, 40, 70, 90, 120][n])
            let i = try await item(
                .petition, "XF\(year)\(String(format: "%04d", n + 31))", petitions[n], unit: u(n + 3), assigned: received, submitter: person(n + 20),
                ctx: ctx, on: db)
            guard n > 0 else { continue }
            let accepted = received.adding(days: 6)
            i.acceptedOn = accepted
            if n == 2 { i.extensionDays = 20; i.extensionReason = "涉及多个部门,需联合调查核实。" }
            i.replyDueOn = try OversightClock.replyDue(
                channel: .petition, start: accepted, complex: false, extensionDays: i.extensionDays, auditDue: nil, settings: OversightConfig.active,
                engine: ctx.engine, rules: ctx.rules
            ).due
            i.dueOn = i.replyDueOn
            i.dueKind = "reply"
            i.registerDueOn = i.registerDueOn ?? accepted
            try await i.update(on: db)
            if n >= 3 { try await reply(i, daysBeforeDue: n == 4 ? 20 : 2, rating: .satisfied, ctx: ctx, on: db) }
            if n == 4, let answered = i.firstRepliedOn {
                i.reviewLevel = .recheck
                i.reviewRequestedOn = answered.adding(days: 12)
                i.closedOn = nil
                i.dueOn = try OversightClock.petitionReviewDue(requested: answered.adding(days: 12), engine: ctx.engine, rules: ctx.rules).due
                i.dueKind = "review"
                try await i.update(on: db)
            }
        }
        for n in 0..<(history ? hotline.count : 2) {
            let i = try await item(
                .hotline, "GD\(year)\(String(format: "%06d", 1200 + n))", hotline[n], unit: u(n),
                assigned: today.adding(days: -[2, 9, 15, 20, 30, 45][n]),
                submitter: "", ctx: ctx, on: db)
            if n > 0 { try await reply(i, daysBeforeDue: n == 3 ? -2 : 1, rating: n == 2 ? .dissatisfied : .satisfied, ctx: ctx, on: db) }
        }
    }

    private static func seedStudy(_ db: any Database, units: [OrgNode], ctx: StepContext, history: Bool) async throws {
        let today = ctx.today
        let topics = [
            ("《中华人民共和国行政复议法》", "区司法局 法制科长"), ("《法治宣传教育法》解读", "市委党校 教授"), ("《重大行政决策程序暂行条例》", "法律顾问 律师"),
            ("《行政执法监督条例》", "区司法局 副局长"), ("《优化营商环境条例》", "区发改局 局长"), ("习近平法治思想专题", "市委党校 教授"),
        ]
        let shown = history ? units : Array(units.prefix(2))
        for (k, unit) in shown.enumerated() {
            let staff = 12 + (k * 7) % 30
            let plan = StudyPlan()
            plan.$unit.id = try unit.requireID()
            plan.year = today.year
            plan.staffCount = staff
            plan.plannedSessions = 6
            plan.content = "全年开展会前学法 4 次、专题讲座 2 次,领导干部年度学法不少于 40 学时。"
            plan.createdBy = "demo"
            plan.updatedAt = ctx.now
            try await plan.create(on: db)
            for s in 0..<(2 + k % 4) {
                let session = StudySession()
                session.id = UUID()
                session.$unit.id = try unit.requireID()
                session.kind = s % 3 == 2 ? .lecture : (s % 3 == 1 && k % 2 == 0 ? .training : .preMeeting)
                session.heldOn = today.adding(days: -25 - s * 47 - k)
                session.year = session.heldOn.year
                session.topic = topics[(s + k) % topics.count].0
                session.speaker = topics[(s + k) % topics.count].1
                session.hoursTenths = session.kind == .training ? 40 : (session.kind == .lecture ? 20 : 10)
                let people = (0..<min(staff, 8 + s)).map { person(k * 31 + $0) }
                session.attendeeCount = people.count
                session.createdBy = "demo"
                session.createdAt = ctx.now
                try await session.create(on: db)
                for p in people {
                    let a = StudyAttendance()
                    a.$session.id = try session.requireID()
                    a.$unit.id = try unit.requireID()
                    a.year = session.year
                    a.person = p
                    a.hoursTenths = session.hoursTenths
                    try await a.create(on: db)
                }
            }
            // This year's exam: most sat, a few failed, one absent.
            for n in 0..<10 {
                let r = ExamResult()
                r.year = today.year
                r.$unit.id = try unit.requireID()
                r.person = person(k * 31 + n)
                r.score = n == 9 && k % 2 == 0 ? nil : 52 + (n * 13 + k * 7) % 48
                r.passed = (r.score ?? -1) >= OversightConfig.active.examPassMark
                try await r.create(on: db)
            }
        }
    }

    private static func seedAdvisers(_ db: any Database, units: [OrgNode], ctx: StepContext, history: Bool) async throws {
        let today = ctx.today
        let start = LocalDate(year: today.year, month: 1, day: 1) ?? today
        let end = LocalDate(year: today.year, month: 12, day: 31) ?? today
        let pool: [(String, AdviserKind, String, OrgNode?)] = [
            ("王立新", .external, "某某律师事务所", nil), ("陈晓梅", .external, "正衡律师事务所", nil), ("赵永刚", .publicLawyer, "区司法局", nil),
            ("林芳", .publicLawyer, units[0].name, units[0]),
        ]
        var advisers: [LegalAdviser] = []
        for (name, kind, firm, unit) in pool {
            let a = LegalAdviser()
            a.id = UUID()
            if let district = units[0].$parent.id { a.$district.id = district }
            a.name = name
            a.kind = kind
            a.firm = firm
            a.$unit.id = unit?.id
            a.contractFrom = kind == .external ? start : start.adding(days: -365)
            a.contractUntil = kind == .external ? end : end.adding(days: 730)
            a.fee = kind == .external ? "年度顾问费 8 万元" : ""
            a.createdBy = "demo"
            try await a.create(on: db)
            advisers.append(a)
        }
        // Opinions on the demo's adopted decisions and issued normative documents of this year (some, not all).
        let sql = try db.sql()
        let first = start.description
        let records = try await sql.raw(
            """
            SELECT id, lead_unit_id AS unit_id, title, 'decision' AS kind, started_on AS since FROM decisions WHERE adopted_on >= \(bind: first)
            UNION ALL SELECT id, unit_id, title, 'normative' AS kind, drafted_on AS since FROM normative_documents WHERE issued_on >= \(bind: first)
            ORDER BY kind, title
            """
        ).all()
        for (n, row) in records.enumerated() where n % 3 != 2 {
            let c = AdviserConsultation()
            c.$adviser.id = try advisers[n % 3].requireID()
            c.$unit.id = try row.decode(column: "unit_id", as: UUID.self)
            let kind = try row.decode(column: "kind", as: String.self)
            c.matter = kind == "decision" ? .decision : .normative
            c.recordID = try row.decode(column: "id", as: UUID.self)
            c.subject = "《\(try row.decode(column: "title", as: String.self))》合法性意见"
            let since = LocalDate(try row.decode(column: "since", as: String.self)) ?? start
            c.askedOn = max(since, start).adding(days: 5)
            c.answeredOn = min(c.askedOn.adding(days: 6), today)
            c.opinion = "经审查,草案制定主体适格、程序合法,建议对第三条的表述予以完善,明确责任分工。"
            c.createdBy = "demo"
            try await c.create(on: db)
        }
        let contracts = ["物业服务合同", "信息化系统运维合同", "法律顾问服务合同", "工程监理合同", "食堂委托经营合同"]
        for (k, unit) in (history ? units : Array(units.prefix(2))).enumerated() {
            for n in 0..<(1 + k % 3) {
                let c = ContractReview()
                c.$unit.id = try unit.requireID()
                c.title = "\(unit.name)\(contracts[(n + k) % contracts.count])"
                c.counterparty = ["某某物业管理有限公司", "某某信息技术有限公司", "某某工程咨询有限公司"][(n + k) % 3]
                c.amountCents = Int64(50_000 + (k * 37 + n * 11) % 90 * 10_000) * 100
                c.$adviser.id = advisers[(k + n) % 3].id
                let signed = today.adding(days: -30 - k * 9 - n * 20)
                let late = k == 3 && n == 0
                c.reviewedOn = late ? signed.adding(days: 4) : signed.adding(days: -5)
                c.signedOn = signed
                c.opinion = late ? "合同已签订,事后审查发现违约责任条款不对等,建议补充协议。" : "合同主体适格,条款基本完备,建议明确验收标准和违约责任。"
                c.createdBy = "demo"
                try await c.create(on: db)
            }
        }
    }

    private static func seedPufa(_ db: any Database, units: [OrgNode], ctx: StepContext, history: Bool) async throws {
        let today = ctx.today
        let laws = [
            ("《中华人民共和国行政处罚法》", "辖区商户、企业", "上门宣讲、发放资料", "3 月、9 月"), ("《法治宣传教育法》", "社区居民", "进社区法治讲座", "全年"),
            ("《中华人民共和国安全生产法》", "生产经营单位负责人", "专题培训、以案释法", "6 月安全生产月"), ("《优化营商环境条例》", "市场主体", "政策解读会", "第二季度"),
        ]
        for (k, unit) in (history ? units : Array(units.prefix(2))).enumerated() {
            for year in history ? [today.year - 1, today.year] : [today.year] {
                let list = PufaList()
                list.id = UUID()
                list.$unit.id = try unit.requireID()
                list.year = year
                list.publishedOn = LocalDate(year: year, month: 3, day: 10)
                if year < today.year {
                    list.score = 78 + (k * 7) % 20
                    list.ratedOn = LocalDate(year: year, month: 12, day: 28)
                    list.ratingNote = "清单落实较好,以案释法案例需进一步丰富。"
                }
                list.createdBy = "demo"
                try await list.create(on: db)
                for (n, law) in laws.prefix(3 + k % 2).enumerated() {
                    let item = PufaItem()
                    item.id = UUID()
                    item.$list.id = try list.requireID()
                    item.sort = n + 1
                    item.law = law.0
                    item.audience = law.1
                    item.method = law.2
                    item.schedule = law.3
                    try await item.create(on: db)
                    // This year the last item is still to do; last year everything was done.
                    guard year < today.year || n < 2 else { continue }
                    let a = PufaActivity()
                    a.$unit.id = try unit.requireID()
                    a.year = year
                    a.$item.id = item.id
                    a.kind = n == 2 ? .caseExplained : .activity
                    a.heldOn = min(LocalDate(year: year, month: 4 + n * 2, day: 15) ?? today, today)
                    a.title = n == 2 ? "某企业未落实安全生产责任被处罚案" : "\(law.0)宣讲活动"
                    a.audience = law.1
                    a.reach = 60 + (k * 13 + n * 29) % 400
                    a.summary = n == 2 ? "以本单位查处的典型案件为例,讲解违法情形、处罚依据和整改要求。" : "现场讲解重点条款,发放宣传资料,解答群众咨询。"
                    a.createdBy = "demo"
                    try await a.create(on: db)
                }
            }
        }
    }

    /// `fazhi demo grow`: copies of every supervision item (new numbers), study session with its
    /// attendees, consultation, contract and 普法 activity.
    static func grow(_ app: Application, factor: Int) async throws {
        func fresh<M: Model>(_ rows: [M]) throws -> [M] where M.IDValue == UUID {
            try rows.map {
                let x = try DemoGrow.clone($0)
                x.id = UUID()
                return x
            }
        }
        let db = app.db
        let items = try await OversightItem.query(on: db).all()
        let replies = try await OversightReply.query(on: db).all()
        let byItem = Dictionary(grouping: replies, by: { $0.$item.id })
        let sessions = try await StudySession.query(on: db).all()
        let attendances = Dictionary(grouping: try await StudyAttendance.query(on: db).all(), by: { $0.$session.id })
        let consultations = try await AdviserConsultation.query(on: db).all()
        let contracts = try await ContractReview.query(on: db).all()
        let activities = try await PufaActivity.query(on: db).all()
        for copy in 1..<max(factor, 1) {
            var newItems: [OversightItem] = [], newReplies: [OversightReply] = []
            for i in items {
                let x = try DemoGrow.clone(i)
                let id = UUID()
                x.id = id
                x.refNo = "\(i.refNo)-\(copy)"
                newItems.append(x)
                newReplies += try DemoGrow.cloneChildren(byItem[try i.requireID()], to: id) { $0.$item.id = $1 }
            }
            try await DemoGrow.insert(newItems, on: db)
            try await DemoGrow.insert(newReplies, on: db)
            var newSessions: [StudySession] = [], newAttendances: [StudyAttendance] = []
            for s in sessions {
                let x = try DemoGrow.clone(s)
                let id = UUID()
                x.id = id
                newSessions.append(x)
                newAttendances += try DemoGrow.cloneChildren(attendances[try s.requireID()], to: id) { $0.$session.id = $1 }
            }
            try await DemoGrow.insert(newSessions, on: db)
            try await DemoGrow.insert(newAttendances, on: db)
            try await DemoGrow.insert(try fresh(consultations), on: db)
            try await DemoGrow.insert(try fresh(contracts), on: db)
            try await DemoGrow.insert(try fresh(activities), on: db)
        }
    }
}
