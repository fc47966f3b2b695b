import FazhiCore
import Fluent
import Vapor

/// 演示重大行政决策: the expert pool; this year's catalogue (agreed and published) with decisions at
/// every gate on today's date — one adopted and published, one open for public comment with opinions,
/// one ready to adopt with its opinions answered, one blocked by a missing legality review before its
/// meeting, one whose legality review failed; with `history`, last year's catalogue and adopted
/// decisions with execution reports and a post-decision evaluation.
enum DecisionsDemo {
    static let pool: [(String, String, String)] = [
        ("周明远", "城乡规划", "市规划设计研究院"), ("林晓雯", "行政法学", "市委党校法学教研部"), ("郑国栋", "交通工程", "某大学交通学院"),
        ("何丽君", "社会保障", "市社会科学院"), ("黄志诚", "财政金融", "某会计师事务所"), ("陈思远", "环境工程", "某大学环境学院"),
        ("吴海峰", "律师实务", "某律师事务所"), ("许文静", "公共管理", "某大学公共管理学院"),
    ]

    static let opinions = [
        "建议停车收费按时段差异化,夜间居民停车给予优惠。", "老旧小区周边停车位严重不足,建议先增加车位再调价。", "支持调整,但应同步公布收费依据和成本测算。",
        "建议设置 15 分钟免费停车时段,方便接送学生。", "调价幅度过大,建议分两年逐步实施。", "希望收费收入用于停车设施建设,并每年公开使用情况。",
    ]

    static func seed(_ app: Application, history: Bool) async throws {
        let db = app.db
        guard try await DecisionCatalogue.query(on: db).count() == 0 else { return }
        let units = try await OrgNode.query(on: db).filter(\.$kind == .unit).sort(\.$sort).all()
        guard !units.isEmpty, let district = try await Districts.first(on: db)?.id else { return }
        let today = app.clock.today
        let now = app.clock.now()
        func unit(_ code: String, _ fallback: Int) -> OrgNode { units.first { $0.code == code } ?? units[fallback % units.count] }

        var pool: [DecisionExpert] = []
        for (name, field, employer) in Self.pool {
            let e = DecisionExpert()
            e.id = UUID()
            e.$district.id = district
            e.name = name
            e.field = field
            e.employer = employer
            e.active = true
            e.createdAt = now
            pool.append(e)
        }

        var catalogues: [DecisionCatalogue] = [], items: [DecisionCatalogueItem] = [], decisions: [MajorDecision] = []
        var expertOpinions: [DecisionExpertOpinion] = [], meeting: [DecisionMeetingOpinion] = [], reports: [DecisionExecutionReport] = []
        var publicOpinions: [ConsultationOpinion] = []

        func catalogue(_ year: Int, approved: LocalDate?, published: LocalDate?) -> DecisionCatalogue {
            let c = DecisionCatalogue()
            c.id = UUID()
            c.$district.id = district
            c.year = year
            c.partyApprovedOn = approved
            c.publishedOn = published
            c.publishBy = LocalDate(year: year, month: 3, day: 31) ?? today
            c.version = 1
            c.createdBy = "demo"
            c.createdAt = now
            catalogues.append(c)
            return c
        }
        func item(_ c: DecisionCatalogue, _ title: String, _ category: DecisionCategory, _ u: OrgNode, planned: LocalDate) throws
            -> DecisionCatalogueItem
        {
            let i = DecisionCatalogueItem()
            i.id = UUID()
            i.$catalogue.id = try c.requireID()
            i.title = title
            i.category = category
            i.$leadUnit.id = try u.requireID()
            // A catalogue item is planned within its year.
            i.plannedOn = min(planned, LocalDate(year: c.year, month: 12, day: 31) ?? planned)
            i.sort = items.filter { $0.$catalogue.id == c.id }.count + 1
            items.append(i)
            return i
        }
        func decision(_ i: DecisionCatalogueItem, _ u: OrgNode, started: LocalDate, draft: String) throws -> MajorDecision {
            let d = MajorDecision()
            d.id = UUID()
            d.year = started.year
            d.number = "JC-\(started.year)-" + String(format: "%03d", decisions.filter { $0.year == started.year }.count + 1)
            d.$item.id = try i.requireID()
            d.title = i.title
            d.category = i.category
            d.$leadUnit.id = try u.requireID()
            d.draft = draft
            d.startedOn = started
            d.createdBy = "demo"
            d.version = 1
            d.createdAt = now
            decisions.append(d)
            return d
        }
        func experts(_ d: MajorDecision, _ picks: [Int], on day: LocalDate) throws {
            for p in picks {
                let o = DecisionExpertOpinion()
                o.$decision.id = try d.requireID()
                o.$expert.id = try pool[p % pool.count].requireID()
                o.signedOn = day
                o.summary = "方案总体可行;建议细化实施步骤,明确资金来源和进度安排。"
                o.noInterest = true
                o.createdBy = "demo"
                expertOpinions.append(o)
            }
        }
        func held(_ d: MajorDecision, on day: LocalDate, against: Int = 0) throws {
            d.meetingKind = .executive
            d.meetingOn = day
            d.meetingRef = "区政府常务会议纪要〔\(day.year)〕\(day.month * 2 + 1)号"
            d.headConclusion = "原则同意,按会议意见修改后印发实施。"
            let names = ["区长", "常务副区长", "副区长(分管)", "副区长", "区政府办主任"]
            for (n, who) in names.enumerated() {
                let o = DecisionMeetingOpinion()
                o.$decision.id = try d.requireID()
                o.participant = who
                o.position = n < against ? .disagree : .agree
                o.remark = n < against ? "建议暂缓,待资金测算更充分后再议。" : ""
                o.sort = n + 1
                meeting.append(o)
            }
        }
        func legal(_ d: MajorDecision, submitted: LocalDate, reviewed: LocalDate, _ result: LegalityResult) {
            d.legalSubmittedOn = submitted
            d.legalReviewedOn = reviewed
            d.legalResult = result
            d.legalOpinion =
                result == .failed
                ? "草案第八条设定的罚款超出上位法规定的种类和幅度,第十二条减损当事人权利缺乏法律依据,不得提交讨论;请修改后重新送审。"
                : "经审查,草案制定主体适格,权限、程序合法,内容未与上位法相抵触。已听取法律顾问意见。"
        }

        let year = today.year
        let jan = LocalDate(year: year, month: 1, day: 20) ?? today
        let thisYear = catalogue(year, approved: jan, published: jan.adding(days: 14))
        // 1. Adopted and published: every procedure on file, execution reported.
        let i1 = try item(thisYear, "老旧小区改造三年行动计划(\(year)—\(year + 2)年)", .plan, unit("csjsj", 0), planned: today.adding(days: -40))
        let d1 = try decision(
            i1, unit("csjsj", 0), started: today.adding(days: -200), draft: "为改善老旧小区居住条件,拟用三年时间完成 86 个老旧小区改造……(起草说明:依据国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见。)")
        d1.commentFrom = today.adding(days: -180)
        d1.commentUntil = today.adding(days: -138)
        d1.hearingNoticeOn = today.adding(days: -165)
        d1.hearingOn = today.adding(days: -150)
        try experts(d1, [0, 3, 7], on: today.adding(days: -130))
        d1.riskReportOn = today.adding(days: -120)
        d1.riskControllable = true
        d1.riskSummary = "主要风险为施工扰民和居民意见分歧;已制定分批施工、逐栋议事的预案,风险可控。"
        legal(d1, submitted: today.adding(days: -100), reviewed: today.adding(days: -85), .passed)
        try held(d1, on: today.adding(days: -70))
        d1.adoptedOn = today.adding(days: -70)
        d1.partyReportOn = today.adding(days: -65)
        d1.publishedOn = today.adding(days: -55)
        d1.publishRef = "区政府门户网站;区政府文件〔\(year)〕12号"
        d1.opinionUseNote = "共收到公众意见 23 条,采纳 9 条(增设无障碍设施、加装电梯优先等),部分采纳 6 条;专家建议的分期实施安排已采纳。"
        d1.feedbackOn = today.adding(days: -130)
        let r1 = DecisionExecutionReport()
        r1.$decision.id = try d1.requireID()
        r1.reportedOn = today.adding(days: -10)
        r1.summary = "已完成首批 28 个小区的改造方案设计,开工 12 个。"
        r1.createdBy = "demo"
        reports.append(r1)

        // 2. Open for public comment, with opinions coming in.
        let i2 = try item(thisYear, "中心城区机动车停车收费标准调整方案", .policy, unit("jjfwj", 1), planned: today.adding(days: 60))
        let d2 = try decision(
            i2, unit("jjfwj", 1), started: today.adding(days: -30),
            draft: "拟对中心城区道路停车泊位实行分区域、分时段差异化收费:一类区域白天首小时 6 元……(起草说明:现行标准制定于 2015 年,已不能发挥价格调节作用。)")
        d2.commentFrom = today.adding(days: -10)
        d2.commentUntil = today.adding(days: 30)
        try experts(d2, [2], on: today.adding(days: -5))
        for (n, text) in opinions.enumerated() {
            let o = ConsultationOpinion()
            o.$decision.id = try d2.requireID()
            o.receipt = "YJ-\(year)-" + String(format: "%05d", n + 1) + "-DEMO"
            o.submittedOn = today.adding(days: -9 + n)
            o.name = n % 2 == 0 ? nil : "市民\(n)"
            o.body = text
            o.createdAt = now
            publicOpinions.append(o)
        }

        // 3. Ready to adopt: every gate done, its public opinions answered, the feedback not yet published.
        let i3 = try item(thisYear, "公共文化设施免费开放实施办法", .policy, unit("shjsj", 2), planned: today.adding(days: 15))
        let d3 = try decision(i3, unit("shjsj", 2), started: today.adding(days: -120), draft: "区属公共图书馆、文化馆、美术馆基本服务项目全部免费开放……")
        d3.commentFrom = today.adding(days: -90)
        d3.commentUntil = today.adding(days: -50)
        d3.riskExempt = "实施办法扩大免费服务范围,不会对社会稳定、公共安全造成不利影响"
        try experts(d3, [3, 7], on: today.adding(days: -45))
        legal(d3, submitted: today.adding(days: -40), reviewed: today.adding(days: -25), .amended)
        try held(d3, on: today.adding(days: -3), against: 1)
        for (n, text) in ["建议延长周末开放时间。", "希望增加少儿阅读空间。", "免费开放后应加强安保。"].enumerated() {
            let o = ConsultationOpinion()
            o.$decision.id = try d3.requireID()
            o.receipt = "YJ-\(year)-" + String(format: "%05d", 100 + n) + "-DEMO"
            o.submittedOn = today.adding(days: -80 + n)
            o.body = text
            o.theme = n == 2 ? "安全管理" : "开放服务"
            o.response = n == 0 ? .adopted : (n == 1 ? .partly : .rejected)
            o.reason = n == 0 ? "" : (n == 1 ? "在现有馆舍条件下增设少儿阅读角" : "安保要求已在《公共文化设施管理规定》中明确,本办法不再重复")
            o.createdAt = now
            publicOpinions.append(o)
        }

        // 4. Blocked: its meeting is set, but the draft never went to legality review.
        let i4 = try item(thisYear, "社区养老服务设施布局规划", .plan, unit("shjsj", 3), planned: today.adding(days: 30))
        let d4 = try decision(i4, unit("shjsj", 3), started: today.adding(days: -75), draft: "按照“15 分钟养老服务圈”要求,规划新增社区养老服务中心 12 处……")
        d4.otherParticipationOn = today.adding(days: -40)
        d4.otherParticipation = "召开街道、社区和养老机构座谈会 3 场,走访老年人家庭 60 户"
        try experts(d4, [1, 3], on: today.adding(days: -30))
        d4.riskReportOn = today.adding(days: -20)
        d4.riskControllable = true
        d4.riskSummary = "选址可能引发邻避矛盾;已制定公示和协商预案。"
        d4.meetingKind = .executive
        d4.meetingOn = today.adding(days: 10)

        // 5. Legality review failed: back to the lead unit.
        let i5 = try item(thisYear, "河道综合整治工程建设管理办法", .project, unit("csglj", 4), planned: today.adding(days: 45))
        let d5 = try decision(i5, unit("csglj", 4), started: today.adding(days: -70), draft: "为规范河道综合整治工程建设管理……第八条 违反本办法的,处五万元以上十万元以下罚款……")
        d5.commentFrom = today.adding(days: -65)
        d5.commentUntil = today.adding(days: -24)
        legal(d5, submitted: today.adding(days: -20), reviewed: today.adding(days: -8), .failed)
        d5.feedbackOn = today.adding(days: -20)

        // Not started yet (its planned date ahead).
        _ = try item(thisYear, "区级政府投资项目管理办法(修订)", .policy, unit("czj", 5), planned: LocalDate(year: year, month: 12, day: 31) ?? today)

        if history {
            let last = year - 1
            let lastJan = LocalDate(year: last, month: 1, day: 25) ?? today
            let lastYear = catalogue(last, approved: lastJan, published: LocalDate(year: last, month: 4, day: 8))
            for (n, (title, category, code)) in [
                ("生活垃圾分类实施方案", DecisionCategory.policy, "csglj"), ("区域教育设施专项规划", .plan, "jyj"), ("城市更新单元计划管理办法", .policy, "ghtdjcdd"),
            ].enumerated() {
                let u = unit(code, n)
                let planned = LocalDate(year: last, month: 6 + n * 2, day: 30) ?? today
                let i = try item(lastYear, title, category, u, planned: planned)
                let started = planned.adding(days: -150)
                let d = try decision(i, u, started: started, draft: "\(title)(草案)……")
                d.commentFrom = started.adding(days: 10)
                d.commentUntil = started.adding(days: n == 2 ? 30 : 52)
                if n == 2 { d.commentShortReason = "城市更新项目须在年度计划申报截止前报批,经区政府同意缩短征求意见期限" }
                if n == 1 { d.expertExempt = "规划编制已由市级部门组织技术审查,决策事项专业性论证已完成" } else { try experts(d, [n, n + 4], on: started.adding(days: 60)) }
                d.riskReportOn = started.adding(days: 70)
                d.riskControllable = true
                d.riskSummary = "风险可控。"
                legal(d, submitted: started.adding(days: 80), reviewed: started.adding(days: 95), .passed)
                try held(d, on: started.adding(days: 110))
                d.adoptedOn = started.adding(days: 110)
                d.partyReportOn = started.adding(days: 114)
                d.publishedOn = started.adding(days: 125)
                d.publishRef = "区政府门户网站"
                d.opinionUseNote = "公众意见和专家论证意见已逐条研究,采纳情况见起草说明附件。"
                d.feedbackOn = started.adding(days: 50)
                if n == 0 {
                    d.evaluatedOn = LocalDate(year: last, month: 12, day: 15)
                    d.evaluator = "某大学公共政策研究中心(第三方)"
                    d.evaluation = "分类投放覆盖率达到 92%,居民知晓率较高;建议加强厨余垃圾后端处理能力。"
                }
                let r = DecisionExecutionReport()
                r.$decision.id = try d.requireID()
                r.reportedOn = (d.publishedOn ?? started).adding(days: 90)
                r.summary = "按计划推进,完成年度目标。"
                r.createdBy = "demo"
                reports.append(r)
            }
        }

        for d in decisions {
            if let from = d.commentFrom, let until = d.commentUntil { d.commentDays = from.days(until: until) }
        }
        let rows: [any Model] = pool + catalogues + items + decisions + expertOpinions + meeting + reports + publicOpinions
        try await db.writeTransaction { tx in
            for row in rows { try await row.create(on: tx) }
        }
    }
}
