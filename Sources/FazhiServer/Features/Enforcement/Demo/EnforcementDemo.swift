import FazhiCore
import Fluent
import Vapor

/// 演示行政执法: for every enforcing unit, its officers (some certificates lapsing within 30 or 90
/// days, one expired, one suspended, some short of this year's training hours, one or two with
/// 法律职业资格), its public lists, last year's cases of every type and outcome (with a revoked and
/// withdrawn decision), and this year's cases in every clock state on today's date — a penalty past
/// its 90 days, a hearing pending, a legal review that blocks the decision, a failed review, a
/// disclosure overdue, a withdrawal overdue. Deterministic (seeded).
enum EnforcementDemo {
    /// Which units enforce, with the kinds of act they do most: the district's 城管, 规划土地监察,
    /// 经济服务 (market and licensing), 城市建设, 社会建设 (with a 行政确认), 土地整备 (行政征收) and the
    /// two 办事处 (综合行政执法) — every type of act. Units not in the district are skipped; a district
    /// without any of them uses its first three units.
    static let profiles: [String: [EnforcementCaseType]] = [
        "csglj": [.penalty, .penalty, .coercion, .inspection], "ghtdjcdd": [.penalty, .coercion, .inspection],
        "jjfwj": [.licensing, .licensing, .inspection, .penalty], "csjsj": [.licensing, .inspection, .penalty],
        "shjsj": [.inspection, .licensing, .other], "bsc-a": [.penalty, .inspection], "bsc-b": [.penalty, .inspection],
        "tdzbzx": [.levy, .inspection],
    ]

    static let matters: [EnforcementCaseType: [(String, String)]] = [
        .penalty: [
            ("对擅自占用城市道路行为的处罚", "《城市道路管理条例》第二十七条、第四十二条"), ("对违法建设行为的处罚", "《中华人民共和国城乡规划法》第六十四条"),
            ("对未按规定处置建筑垃圾的处罚", "《城市建筑垃圾管理规定》第二十二条"), ("对无照经营行为的处罚", "《无证无照经营查处办法》第十三条"),
        ],
        .licensing: [
            ("建筑工程施工许可", "《中华人民共和国建筑法》第七条"), ("城市道路占用、挖掘许可", "《城市道路管理条例》第二十九条、第三十条"),
            ("户外广告设施设置许可", "《城市市容和环境卫生管理条例》第十一条"),
        ],
        .coercion: [("查封、扣押涉案物品", "《中华人民共和国行政强制法》第九条、第二十二条"), ("强制拆除违法建筑", "《中华人民共和国城乡规划法》第六十八条")],
        .inspection: [("建设工程质量安全检查", "《建设工程质量管理条例》第四十七条"), ("经营场所安全检查", "《中华人民共和国安全生产法》第六十五条")],
        .levy: [("国有土地上房屋征收决定", "《国有土地上房屋征收与补偿条例》第八条、第十三条"), ("征收补偿决定", "《国有土地上房屋征收与补偿条例》第二十六条")],
        .other: [("工伤认定(行政确认)", "《工伤保险条例》第十七条、第二十条")],
    ]

    static let spotChecks = [("建筑施工工地扬尘防治抽查", "《中华人民共和国大气污染防治法》第六十九条"), ("户外广告设施安全抽查", "《城市市容和环境卫生管理条例》第十一条")]

    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕")
    static let given = ["伟", "芳", "敏", "静", "强", "磊", "军", "洋", "建华", "志强", "晓东", "海燕", "立新", "文博"]
    static let companies = ["某建筑工程有限公司", "某餐饮管理有限公司", "某物业服务有限公司", "某商贸有限公司", "某广告传媒有限公司"]

    struct Builder {
        var rng: SeededGenerator
        let calendar: WorkCalendar
        let today: LocalDate
        let warnings: [Int]
        var officers: [EnforcementOfficer] = []
        var trainings: [EnforcementTraining] = []
        var matters: [EnforcementMatter] = []
        var cases: [EnforcementCase] = []
        var links: [(EnforcementCase, [EnforcementOfficer])] = []
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

        mutating func officer(_ unit: OrgNode, index: Int, validUntil: LocalDate, legal: Bool, status: OfficerStatus = .active) throws
            -> EnforcementOfficer
        {
            serial += 1
            let o = EnforcementOfficer()
            o.id = UUID()
            o.$unit.id = try unit.requireID()
            o.name = "\(pick(surnames))\(pick(given))"
            o.certificateNumber = "ZF" + String(format: "%08d", 44_030_000 + serial)
            o.issuer = "省人民政府"
            o.certificateType = "行政执法证"
            o.issuedOn = validUntil.adding(days: -5 * 365)
            o.setValidUntil(validUntil, warnings: warnings)
            o.status = status
            o.statusSince = status == .active ? nil : today.adding(days: -40)
            o.legalQualified = legal
            o.version = 1
            o.createdAt = Date(timeIntervalSince1970: 1_767_225_600)
            officers.append(o)
            // This year's and last year's trainings: most reach the requirement, every fourth (last
            // year every fifth) falls short.
            for (year, target, months) in [
                (today.year, index % 4 == 3 ? 24 : 64, max(1, today.month - 1)), (today.year - 1, index % 5 == 4 ? 32 : 64, 12),
            ] {
                var hours = 0, month = 1
                while hours < target, month <= months {
                    guard let day = LocalDate(year: year, month: month, day: 15) else { break }
                    let t = EnforcementTraining()
                    t.$officer.id = try o.requireID()
                    t.heldOn = day
                    t.year = day.year
                    t.title = pick(["行政处罚法专题培训", "执法全过程记录实务", "行政执法监督条例解读", "案卷制作规范", "法制审核要点"])
                    t.hours = pick([8, 12, 16])
                    t.createdBy = "demo-seed"
                    trainings.append(t)
                    hours += t.hours
                    month += 2
                }
            }
            return o
        }

        mutating func make(
            _ unit: OrgNode, type: EnforcementCaseType, opened: LocalDate, team: [EnforcementOfficer], matter: EnforcementMatter?
        ) throws -> EnforcementCase {
            let c = EnforcementCase()
            c.id = UUID()
            c.$unit.id = try unit.requireID()
            c.type = type
            c.$matter.id = matter?.id
            c.title = matter?.name.replacingOccurrences(of: "对", with: "").replacingOccurrences(of: "的处罚", with: "") ?? "\(type.label)事项"
            let person = chance(450)
            c.partyType = person ? .person : .organization
            c.partyName = person ? "\(pick(surnames))\(pick(given))" : pick(companies)
            c.source = "register"
            c.openedOn = opened
            c.reviewRequired = matter?.reviewListed ?? false
            c.hearingOffered = false
            c.extensionDays = 0
            c.createdBy = "demo-seed"
            c.version = 1
            c.createdAt = Date(timeIntervalSince1970: 1_767_225_600)
            cases.append(c)
            links.append((c, team))
            return c
        }

        /// A finished case: noticed (a penalty), reviewed where required, decided, served, executed,
        /// published on time (mostly), closed.
        mutating func finish(_ c: EnforcementCase, reviewer: EnforcementOfficer?) {
            var day = after(Int.random(in: 8...25, using: &rng), c.openedOn)
            if c.type == .penalty {
                c.noticeOn = day
                day = after(6, day)
            }
            // A few penalties run past their 90 days (第六十条); a few listed cases were decided
            // without the review (as an imported historical file may show).
            if c.type == .penalty, chance(60) { day = after(2, c.openedOn.adding(days: 90)) }
            if c.reviewRequired, let reviewer, !chance(40) {
                c.reviewSubmittedOn = day
                c.reviewedOn = after(2, day)
                c.reviewResult = .passed
                c.$reviewer.id = reviewer.id
                c.reviewOpinion = "主体适格,事实清楚,证据确凿,程序合法,适用依据正确,裁量适当"
                day = after(3, day)
            }
            c.decisionOn = day
            let roll = Int.random(in: 0..<100, using: &rng)
            c.outcome = roll < 78 ? .taken : roll < 94 ? .notTaken : .terminated
            if c.outcome == .terminated {
                c.decisionSummary = "经调查,违法事实不能成立,撤销立案"
                c.closedOn = day
                return
            }
            switch c.type {
            case .penalty:
                c.decisionSummary = c.outcome == .taken ? "责令改正,并处罚款" : "违法行为轻微并及时改正,没有造成危害后果,不予行政处罚"
                if c.outcome == .taken { c.fineCents = Int64(pick([2000, 5000, 10000, 30000, 50000])) * 100 }
            case .licensing: c.decisionSummary = c.outcome == .taken ? "准予许可,有效期三年" : "申请材料不符合法定条件,不予许可"
            case .coercion: c.decisionSummary = c.outcome == .taken ? "依法采取强制措施" : "解除强制措施"
            case .levy: c.decisionSummary = c.outcome == .taken ? "作出征收补偿决定" : "不予征收"
            case .other: c.decisionSummary = c.outcome == .taken ? "认定为工伤" : "不予认定工伤"
            case .inspection: c.decisionSummary = c.outcome == .taken ? "检查发现问题,责令限期整改" : "检查未发现问题"
            }
            c.servedOn = after(Int.random(in: 0...3, using: &rng), day)
            let late = chance(80)
            c.publishedOn = after(late ? (c.type.publishRule == "enforcement.publishDecision" ? 9 : 23) : Int.random(in: 1...5, using: &rng), day)
            c.executedOn = after(Int.random(in: 3...12, using: &rng), c.servedOn ?? day)
            c.closedOn = after(2, c.executedOn ?? day)
        }
    }

    static func seed(_ app: Application, history: Bool) async throws {
        let db = app.db
        guard try await EnforcementOfficer.query(on: db).count() == 0 else { return }
        let all = try await OrgNode.query(on: db).filter(\.$kind == .unit).sort(\.$sort).all()
        var enforcing = all.filter { profiles[$0.code] != nil }
        if enforcing.isEmpty { enforcing = Array(all.prefix(3)) }
        guard !enforcing.isEmpty else { return }
        let engine = try await CalendarService.engine(on: db)
        let today = app.clock.today
        var b = Builder(
            rng: SeededGenerator(seed: 2026_1201), calendar: engine.calendar, today: today, warnings: EnforcementConfig.active.certificateWarningDays)
        for (u, unit) in enforcing.enumerated() {
            let types = profiles[unit.code] ?? [.penalty, .inspection]
            // Officers: certificates valid for years, one lapsing within 30 days, one within 90, one
            // expired but still in post, one suspended (in every second unit).
            var team: [EnforcementOfficer] = []
            for i in 0..<(history ? 8 : 5) {
                let until: LocalDate =
                    switch i {
                    case 2: today.adding(days: 20 + u)
                    case 3: today.adding(days: 70 + u)
                    case 4 where u % 2 == 0: today.adding(days: -5)
                    default: today.adding(days: 400 + 90 * i + u)
                    }
                team.append(
                    try b.officer(unit, index: i, validUntil: until, legal: i == 1 || i == 6, status: i == 7 && u % 2 == 1 ? .suspended : .active))
            }
            // Its lists: the powers of its kinds (the first of each listed for legal review) and two spot checks.
            var powers: [EnforcementMatter] = []
            for type in Set(types).sorted(by: { $0.rawValue < $1.rawValue }) {
                for (i, (name, basis)) in (matters[type] ?? []).enumerated() {
                    let m = EnforcementMatter()
                    m.id = UUID()
                    m.$unit.id = try unit.requireID()
                    m.kind = .power
                    m.caseType = type
                    m.name = name
                    m.basis = basis
                    m.reviewListed = i == 0 && type != .inspection
                    m.sort = b.matters.count + 1
                    b.matters.append(m)
                    powers.append(m)
                }
            }
            for (name, basis) in spotChecks {
                let m = EnforcementMatter()
                m.id = UUID()
                m.$unit.id = try unit.requireID()
                m.kind = .spotCheck
                m.caseType = .inspection
                m.name = name
                m.basis = basis
                m.reviewListed = false
                m.sort = b.matters.count + 1
                b.matters.append(m)
            }
            let valid = team.filter { $0.standing.problem(on: today) == nil && !$0.legalQualified }
            let reviewer = team.first { $0.legalQualified }
            func pair(_ k: Int) -> [EnforcementOfficer] { [valid[k % valid.count], valid[(k + 1) % valid.count]] }
            // Last year's cases (and this year's until three months ago): every type and outcome.
            if history, let january = LocalDate(year: today.year - 1, month: 1, day: 6), engine.calendar.contains(january) {
                var day = january
                var k = 0
                while day < today.adding(days: -100) {
                    let type = b.pick(types)
                    let matter = powers.filter { $0.caseType == type }
                    let c = try b.make(unit, type: type, opened: day, team: pair(k), matter: matter.isEmpty ? nil : b.pick(matter))
                    b.finish(c, reviewer: reviewer)
                    if k == 7, c.outcome == .taken, let published = c.publishedOn {
                        c.revokedOn = b.after(20, published)
                        c.revokeReason = "经行政复议,该决定被撤销"
                        c.withdrawnOn = b.after(1, c.revokedOn ?? published)
                    }
                    k += 1
                    day = b.after(Int.random(in: 4...9, using: &b.rng), day)
                }
            }
            try openCases(&b, unit: unit, types: types, powers: powers, team: pair, reviewer: reviewer, today: today)
        }
        try await write(b, app: app, engine: engine)
        if history { try await fileReview(app, engine: engine) }
    }

    /// Last year's 案卷评查: four files per unit drawn with a fixed seed and scored, a few failing.
    static func fileReview(_ app: Application, engine: DeadlineEngine) async throws {
        let ctx = StepContext(actor: .system("demo-seed"), engine: engine, rules: app.deadlineRules, today: app.clock.today, now: app.clock.now())
        guard let district = try await Districts.first(on: app.db)?.requireID() else { return }
        let round = try await CaseFileReviewService.draw(
            year: app.clock.today.year - 1, perUnit: "4", seed: "20261201", district: district, ctx, on: app.db)
        let items = try await CaseFileReviewItem.query(on: app.db).filter(\.$round.$id == (try round.requireID())).with(\.$enforcementCase).all()
        for (i, item) in items.sorted(by: { $0.enforcementCase.number < $1.enforcementCase.number }).enumerated() {
            var points: [String: String] = [:], reasons: [String: String] = [:]
            if i % 3 == 1 { points["documents"] = "4"; reasons["documents"] = "处罚决定书未载明履行方式和期限" }
            if i % 4 == 2 { points["archive"] = "5"; reasons["archive"] = "现场执法音像记录未随卷归档" }
            if i % 7 == 3 {
                points["procedure"] = "15"; reasons["procedure"] = "未告知听证权利"
                points["facts"] = "8"; reasons["facts"] = "现场检查笔录缺少当事人签名"
            }
            try await CaseFileReviewService.score(
                item, round: round, points: points, reasons: reasons, number: item.enforcementCase.number, ctx, on: app.db)
        }
    }

    /// This year's open cases, one in every clock state, in each enforcing unit (the penalty states
    /// only where the unit imposes penalties).
    static func openCases(
        _ b: inout Builder, unit: OrgNode, types: [EnforcementCaseType], powers: [EnforcementMatter], team: (Int) -> [EnforcementOfficer],
        reviewer: EnforcementOfficer?, today: LocalDate
    ) throws {
        func matter(_ type: EnforcementCaseType, listed: Bool? = nil) -> EnforcementMatter? {
            powers.first { $0.caseType == type && (listed == nil || $0.reviewListed == listed) }
        }
        let d = b
        if types.contains(.penalty) {
            // 办案期限已过: filed 100 days ago, still undecided.
            _ = try b.make(unit, type: .penalty, opened: today.adding(days: -100), team: team(0), matter: matter(.penalty, listed: false))
            // 告知后听证申请期内.
            let a = try b.make(unit, type: .penalty, opened: today.adding(days: -30), team: team(1), matter: matter(.penalty, listed: false))
            a.noticeOn = d.workdays(2, before: today)
            a.hearingOffered = true
            // 已要求听证,下周举行.
            let h = try b.make(unit, type: .penalty, opened: today.adding(days: -45), team: team(2), matter: matter(.penalty, listed: false))
            h.noticeOn = d.workdays(12, before: today)
            h.hearingOffered = true
            h.hearingRequestedOn = d.workdays(10, before: today)
            h.hearingNoticeOn = d.workdays(3, before: today)
            h.hearingOn = d.after(6, today)
            // 听证后待法制审核,决定受阻.
            let r = try b.make(unit, type: .penalty, opened: today.adding(days: -60), team: team(3), matter: matter(.penalty, listed: true))
            r.noticeOn = d.workdays(25, before: today)
            r.hearingOffered = true
            r.hearingRequestedOn = d.workdays(22, before: today)
            r.hearingNoticeOn = d.workdays(20, before: today)
            r.hearingOn = d.workdays(8, before: today)
            r.heardOn = r.hearingOn
            r.reviewRequired = true
            r.reviewSubmittedOn = d.workdays(2, before: today)
            // 法制审核未通过,已退回.
            let f = try b.make(unit, type: .penalty, opened: today.adding(days: -50), team: team(4), matter: matter(.penalty, listed: true))
            f.noticeOn = d.workdays(15, before: today)
            f.reviewSubmittedOn = d.workdays(6, before: today)
            f.reviewedOn = d.workdays(4, before: today)
            f.reviewResult = .failed
            f.$reviewer.id = reviewer?.id
            f.reviewOpinion = "证据不足:现场检查笔录缺少当事人签名,请补充调查"
        }
        // 已决定未公示(逾期): decided 12 working days ago.
        let p = try b.make(unit, type: types[0], opened: today.adding(days: -40), team: team(5), matter: matter(types[0], listed: false))
        if p.type == .penalty { p.noticeOn = d.workdays(20, before: today) }
        p.decisionOn = d.workdays(12, before: today)
        p.outcome = .taken
        p.decisionSummary = ["penalty": "责令改正,并处罚款", "licensing": "准予许可", "levy": "作出征收补偿决定"][p.type.rawValue] ?? "作出决定"
        if p.type == .penalty { p.fineCents = 2_000_000 }
        p.servedOn = d.workdays(10, before: today)
        // 已决定待公示(期限内).
        let q = try b.make(unit, type: types[0], opened: today.adding(days: -20), team: team(6), matter: matter(types[0], listed: false))
        if q.type == .penalty { q.noticeOn = d.workdays(10, before: today) }
        q.decisionOn = d.workdays(1, before: today)
        q.outcome = .notTaken
        q.decisionSummary =
            ["penalty": "违法行为轻微并及时改正,不予行政处罚", "licensing": "申请材料不符合法定条件,不予许可", "levy": "不予征收"][q.type.rawValue] ?? "不予作出"
        // 已公示后被撤销,撤回逾期.
        let w = try b.make(unit, type: types[0], opened: today.adding(days: -90), team: team(7), matter: matter(types[0], listed: false))
        if w.type == .penalty { w.noticeOn = today.adding(days: -70) }
        w.decisionOn = d.workdays(40, before: today)
        w.outcome = .taken
        w.decisionSummary = "责令限期改正"
        w.servedOn = w.decisionOn
        w.publishedOn = d.workdays(37, before: today)
        w.revokedOn = d.workdays(6, before: today)
        w.revokeReason = "经行政复议,该决定被确认违法"
        // 许可受理中(临期).
        if types.contains(.licensing) {
            _ = try b.make(unit, type: .licensing, opened: d.workdays(18, before: today), team: team(8), matter: matter(.licensing))
        }
        // 检查中.
        if types.contains(.inspection) {
            _ = try b.make(unit, type: .inspection, opened: d.workdays(3, before: today), team: team(9), matter: matter(.inspection))
        }
    }

    /// Numbers the cases in order of opening, keeps their stored dates and writes everything in batches.
    static func write(_ b: Builder, app: Application, engine: DeadlineEngine) async throws {
        let today = app.clock.today
        var next: [Int: Int] = [:]
        for c in b.cases.sorted(by: { ($0.openedOn, $0.title) < ($1.openedOn, $1.title) }) {
            let n = (next[c.openedOn.year] ?? 0) + 1
            next[c.openedOn.year] = n
            c.number = "ZF-\(c.openedOn.year)-" + String(format: "%05d", n)
            try? EnforcementService.refreshDue(c, today: today, engine: engine, rules: app.deadlineRules)
        }
        try await app.db.writeTransaction { tx in
            for start in stride(from: 0, to: b.officers.count, by: 100) {
                try await Array(b.officers[start..<min(b.officers.count, start + 100)]).create(on: tx)
            }
            for start in stride(from: 0, to: b.trainings.count, by: 100) {
                try await Array(b.trainings[start..<min(b.trainings.count, start + 100)]).create(on: tx)
            }
            for start in stride(from: 0, to: b.matters.count, by: 100) {
                try await Array(b.matters[start..<min(b.matters.count, start + 100)]).create(on: tx)
            }
            for start in stride(from: 0, to: b.cases.count, by: 100) {
                try await Array(b.cases[start..<min(b.cases.count, start + 100)]).create(on: tx)
            }
            var links: [EnforcementCaseOfficer] = []
            for (c, team) in b.links {
                for o in team {
                    let l = EnforcementCaseOfficer()
                    l.$enforcementCase.id = try c.requireID()
                    l.$officer.id = try o.requireID()
                    links.append(l)
                }
            }
            for start in stride(from: 0, to: links.count, by: 100) { try await Array(links[start..<min(links.count, start + 100)]).create(on: tx) }
        }
    }
}
