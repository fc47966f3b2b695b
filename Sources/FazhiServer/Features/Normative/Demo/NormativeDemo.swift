import FazhiCore
import Fluent
import Vapor

/// 演示规范性文件: about forty documents of the district's units in every state on today's date —
/// drafts, one open for comment, one in review and one that failed it, documents waiting for the
/// collective review, registration, issue and publication, one awaiting filing, one filed late and one
/// not filed past its period, documents in force (some 暂行 with two years, some expiring within six
/// months and one already evaluated), documents whose validity ran out, and last year's published
/// clean-up that repealed two and declared one void. Deterministic.
enum NormativeDemo {
    static let titles = [
        "城市道路挖掘管理办法", "建筑垃圾处置管理规定", "户外广告设施设置管理办法", "城市更新单元规划管理规定", "住房租赁补贴实施细则", "人才安居办法",
        "政府投资项目管理办法", "社区网格化管理办法", "中小企业发展专项资金管理办法", "公共资源交易管理办法", "停车场建设和管理办法",
        "燃气安全管理规定", "养老服务补贴管理办法", "老旧小区改造实施办法", "校外培训机构监管办法", "物业服务管理办法", "历史建筑保护办法",
        "生活垃圾分类管理办法", "河道管理办法", "城市绿化管理规定", "临时救助实施办法", "残疾人两项补贴发放办法", "重大行政决策程序规定",
        "行政执法公示办法", "政务数据共享管理办法", "工程建设项目审批管理规定", "突发事件应急预案管理办法", "安全生产责任制考核办法",
        "社会组织培育扶持办法", "文化产业扶持资金管理办法", "科技创新券管理办法", "产业用地管理办法", "地下空间开发利用管理办法",
        "共有产权住房管理办法", "工业区块线管理办法", "电动自行车停放充电管理规定", "夜间经济发展扶持办法", "农贸市场管理办法", "餐厨垃圾管理办法",
        "公共停车收费管理办法", "人行道停车管理规定",
    ]

    static func seed(_ app: Application, history: Bool) async throws {
        let db = app.db
        guard try await NormativeDocument.query(on: db).count() == 0 else { return }
        let units = try await OrgNode.query(on: db).filter(\.$kind == .unit).sort(\.$sort).all()
        guard !units.isEmpty else { return }
        let today = app.clock.today
        let now = app.clock.now()
        let settings = NormativeConfig.active
        let engine = try await CalendarService.engine(on: db)
        var docs: [NormativeDocument] = []
        var serial: [Int: Int] = [:]
        let count = history ? titles.count : 12

        func base(_ i: Int, drafted: LocalDate) throws -> NormativeDocument {
            let u = units[i % units.count]
            let d = NormativeDocument()
            d.id = UUID()
            let provisional = i % 7 == 3
            d.title = "某区" + titles[i % titles.count].replacingOccurrences(of: "办法", with: provisional ? "暂行办法" : "办法")
            d.$unit.id = try u.requireID()
            d.issuer = i % 3 == 0 ? "某区人民政府" : u.name
            d.filingTarget = i % 3 == 0 ? .upper : .district
            d.summary = "为规范相关管理工作,依据有关法律、法规和规章,结合本区实际,制定本办法。"
            d.draftedOn = drafted
            d.createdBy = "demo"
            d.version = 1
            d.createdAt = now
            return d
        }
        /// Carries a document through review, registration and issue on `issued` (in force from the 1st of the next month).
        func issue(_ d: NormativeDocument, on issued: LocalDate, filedLate: Bool = false, filed: Bool = true) throws {
            d.commentFrom = d.draftedOn.adding(days: 10)
            d.commentUntil = d.draftedOn.adding(days: 40)
            d.reviewSubmittedOn = d.draftedOn.adding(days: 45)
            d.reviewedOn = (try? engine.calendar.adding(workdays: 8, to: d.draftedOn.adding(days: 45))) ?? d.draftedOn.adding(days: 56)
            d.reviewResult = .passed
            d.reviewOpinion = "经审核,制定主体、权限、程序合法,内容未违法减损公民、法人和其他组织合法权益或增加其义务。"
            d.collectiveOn = max(issued.adding(days: -10), d.reviewedOn ?? issued)
            d.collectiveRef = "区政府常务会议"
            let n = (serial[issued.year] ?? 0) + 1
            serial[issued.year] = n
            d.regNo = settings.number(year: issued.year, n: n)
            d.regYear = issued.year
            d.registeredOn = issued.adding(days: -3)
            d.docNo = "\(d.issuer == "某区人民政府" ? "某府" : "某\(String(d.issuer.prefix(2)))")〔\(issued.year)〕\(n + 10)号"
            d.issuedOn = issued
            d.publishedOn = issued.adding(days: 2)
            let effective = LocalDate(year: issued.month == 12 ? issued.year + 1 : issued.year, month: issued.month % 12 + 1, day: 1) ?? issued
            d.effectiveOn = effective
            let until = NormativeRules.validUntil(effective: effective, title: d.title, settings: settings)
            d.validUntil = until
            d.evaluationDueOn = NormativeRules.evaluationDue(validUntil: until, settings: settings)
            let due =
                (try? NormativeRules.filingDue(issued: issued, settings: settings, engine: engine).due) ?? issued.adding(days: settings.filingDays)
            d.filingBy = due
            if filed {
                d.filedOn = filedLate ? due.adding(days: 12) : issued.adding(days: 12)
                d.filingResult = .accepted
            } else {
                d.filingDueOn = due
            }
        }

        for i in 0..<count {
            // Spread over six years, newest first; the first few are this year's work in progress.
            let d: NormativeDocument
            switch i {
            case 0: d = try base(i, drafted: today.adding(days: -12))  // drafting
            case 1:
                d = try base(i, drafted: today.adding(days: -20))
                d.commentFrom = today.adding(days: -6)
                d.commentUntil = today.adding(days: 24)
            case 2:
                d = try base(i, drafted: today.adding(days: -60))
                d.commentFrom = today.adding(days: -50)
                d.commentUntil = today.adding(days: -20)
                d.reviewSubmittedOn = today.adding(days: -9)
                d.reviewDueOn = try? NormativeRules.reviewWindow(submitted: today.adding(days: -9), settings: settings, engine: engine).latest.due
            case 3:
                d = try base(i, drafted: today.adding(days: -90))
                d.commentExempt = "仅规范本机关内部审批流程,不涉及公民、法人和其他组织权利义务"
                d.reviewSubmittedOn = today.adding(days: -40)
                d.reviewedOn = today.adding(days: -28)
                d.reviewResult = .failed
                d.reviewOpinion = "第九条设定的保证金缺乏上位法依据,属于违法增加义务,应予删除;修改后重新送审。"
            case 4:
                d = try base(i, drafted: today.adding(days: -100))
                try issue(d, on: today.adding(days: -5), filed: false)
                d.publishedOn = nil
                d.issuedOn = nil
                d.docNo = nil
                d.effectiveOn = nil
                d.validUntil = nil
                d.evaluationDueOn = nil
                d.filingBy = nil
                d.filingDueOn = nil  // registered, waiting to be issued
            case 5:
                d = try base(i, drafted: today.adding(days: -120))
                try issue(d, on: today.adding(days: -6), filed: false)  // awaiting filing, in time
            case 6:
                d = try base(i, drafted: today.adding(days: -170))
                try issue(d, on: today.adding(days: -45), filed: false)  // not filed past its period
            case 7:
                d = try base(i, drafted: today.adding(days: -200))
                try issue(d, on: today.adding(days: -90), filedLate: true)  // filed late
            default:
                let yearsBack = (i - 8) % 6
                let issued = LocalDate(year: today.year - yearsBack, month: 1 + (i * 5) % 11, day: 10 + i % 15) ?? today
                d = try base(i, drafted: issued.adding(days: -150))
                try issue(d, on: min(issued, today.adding(days: -60)))
                if i % 9 == 0, let due = d.evaluationDueOn, due <= today {
                    d.evaluatedOn = due.adding(days: 10)
                    d.evaluation = "实施效果良好,拟于有效期届满前重新制发。"
                    d.evaluationDueOn = nil
                }
            }
            docs.append(d)
        }

        // Numbers follow the registration order within each year, as the office hands them out.
        var byYear: [Int: [NormativeDocument]] = [:]
        for d in docs where d.regYear != nil { byYear[d.regYear ?? 0, default: []].append(d) }
        for (year, list) in byYear {
            for (n, d) in list.sorted(by: { ($0.registeredOn ?? today) < ($1.registeredOn ?? today) }).enumerated() {
                d.regNo = settings.number(year: year, n: n + 1)
                if let docNo = d.docNo, let open = docNo.firstIndex(of: "〕") {
                    d.docNo = String(docNo[...open]) + "\(n + 11)号"
                }
            }
        }

        // Last year's clean-up: published on time, two repealed and one declared void.
        var cleanups: [NormativeCleanup] = [], items: [NormativeCleanupItem] = []
        if history {
            let c = NormativeCleanup()
            c.id = UUID()
            if let district = units.first?.$parent.id { c.$district.id = district }
            c.year = today.year - 1
            c.title = "\(today.year - 1) 年度规范性文件清理"
            c.startedOn = LocalDate(year: today.year - 1, month: 9, day: 1) ?? today
            c.dueOn = LocalDate(year: today.year - 1, month: 11, day: 30) ?? today
            c.publishedOn = LocalDate(year: today.year - 1, month: 11, day: 20)
            c.createdBy = "demo"
            c.version = 1
            cleanups.append(c)
            var ended = 0
            for d in docs where d.inForce(on: c.startedOn) {
                let item = NormativeCleanupItem()
                item.$cleanup.id = try c.requireID()
                item.$document.id = try d.requireID()
                let conclusion: CleanupConclusion = ended < 2 ? .repeal : (ended == 2 ? .expire : .keep)
                if conclusion != .keep {
                    ended += 1
                    d.endedOn = c.publishedOn
                    d.endKind = conclusion
                    d.endNote = "\(c.title)公布\(conclusion.label)"
                    d.evaluationDueOn = nil
                    item.note = conclusion == .repeal ? "上位法已修改,相关规定不再适用" : "调整对象已不存在"
                }
                item.conclusion = conclusion
                items.append(item)
            }
        }
        let rows: [any Model] = docs + cleanups + items
        try await db.writeTransaction { tx in
            for row in rows { try await row.create(on: tx) }
        }
    }
}
