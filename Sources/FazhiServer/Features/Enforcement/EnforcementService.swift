import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 行政执法案件: the register's writes. Each step checks the case's state, the statute and the
/// officers' certificates on the step's day, recomputes the stored clocks (`decision_due_on`,
/// `publish_due_on`) and is audited in the same transaction. Snapshots carry the handling facts,
/// never the party's personal data.
enum EnforcementService {
    typealias Context = StepContext

    static func find(_ id: UUID?, on db: any Database) async throws -> EnforcementCase {
        guard let id, let c = try await EnforcementCase.query(on: db).filter(\.$id == id).with(\.$unit).with(\.$officers).with(\.$matter).first()
        else { throw AppError.notFound("行政执法案件") }
        return c
    }

    static func clock(_ c: EnforcementCase, today: LocalDate, engine: DeadlineEngine, rules: DeadlineCatalogue) throws -> EnforcementClock {
        try EnforcementClock.compute(c.facts, today: today, engine: engine, rules: rules)
    }

    /// Keeps the stored dates after a change: the decision's while undecided, the publication's
    /// while a decision is unpublished, the withdrawal's while a revoked decision is still public.
    /// A date past every computable year stays empty (recomputed when the calendar grows).
    static func refreshDue(_ c: EnforcementCase, today: LocalDate, engine: DeadlineEngine, rules: DeadlineCatalogue) throws {
        let clock: EnforcementClock
        do { clock = try self.clock(c, today: today, engine: engine, rules: rules) } catch DeadlineError.beyondCalendar {
            c.decisionDueOn = nil
            c.publishDueOn = nil
            return
        } catch let e as DeadlineError {
            throw AppError.conflict("无法计算执法期限:\(e.description)")
        }
        c.decisionDueOn = c.decisionOn == nil && c.closedOn == nil ? clock.decisionDue : nil
        c.decideBy = clock.decisionDue
        c.publishBy = c.decisionOn != nil && c.outcome != .terminated ? clock.publishDue : nil
        if c.decisionOn != nil, c.outcome != .terminated, c.publishedOn == nil {
            c.publishDueOn = clock.publishDue
        } else if c.revokedOn != nil, c.publishedOn != nil, c.withdrawnOn == nil {
            c.publishDueOn = clock.step("penalty.withdraw")?.due
        } else {
            c.publishDueOn = nil
        }
    }

    static func nextNumber(year: Int, on db: any Database) async throws -> String {
        let prefix = "ZF-\(year)-"
        let last = try await EnforcementCase.query(on: db).filter(\.$number =~ prefix).sort(\.$number, .descending).first()
        let floor = last.flatMap { Int($0.number.dropFirst(prefix.count)) } ?? 0
        let n = try await NumberSequence.next("enforcement/\(year)", floor: floor, on: db)
        return prefix + String(format: "%05d", n)
    }

    // MARK: registering

    struct CaseInput {
        var type = "", matter = "", title = "", partyType = "", partyName = "", openedOn = "", officers: [String] = [], reviewFlag = ""
    }

    /// 立案 / 受理: the unit registers the case with its officers (two or more, valid that day).
    static func register(_ input: CaseInput, unit: OrgNode, _ ctx: Context, once: String?, on db: any Database) async throws -> EnforcementCase {
        let unitID = try unit.requireID()
        var v = Validator()
        let type = EnforcementCaseType(rawValue: input.type)
        if type == nil { v.add("type", "请选择执法类别") }
        v.text(input.title, field: "title", label: "案由(申请事项)", max: 200)
        let partyType = EnforcementPartyType(rawValue: input.partyType)
        if partyType == nil { v.add("partyType", "请选择当事人类型") }
        v.text(input.partyName, field: "partyName", label: "当事人", max: 100)
        v.text(input.reviewFlag, field: "reviewFlag", label: "法制审核事由", max: 200, required: false)
        var opened: LocalDate?
        do { opened = try ctx.date(input.openedOn, "openedOn", type?.openedLabel ?? "立案(受理)日期") } catch let f as ValidationFailure {
            f.errors.forEach { v.add($0.field, $0.message) }
        }
        var matter: EnforcementMatter?
        if !input.matter.isEmpty {
            if let id = UUID(uuidString: input.matter),
                let m = try await EnforcementMatter.query(on: db).filter(\.$id == id).filter(\.$unit.$id == unitID).filter(\.$kind == .power).first()
            {
                matter = m
                if let type, m.caseType != type { v.add("matter", "执法事项“\(m.name)”属于\(m.caseType.label),与所选类别不符") }
            } else {
                v.add("matter", "执法事项不在本单位的权责清单中")
            }
        }
        let officers = try await officers(input.officers, unit: unitID, on: db, v: &v)
        if let opened, v.errors.isEmpty, let problem = EnforcementRules.officersProblem(officers.map(\.standing), on: opened, act: "立案") {
            v.add("officers", problem)
        }
        try v.check()
        guard let type, let partyType, let opened else { return EnforcementCase() }
        let c = EnforcementCase()
        c.$unit.id = unitID
        c.$unit.value = unit
        c.type = type
        c.$matter.id = try matter?.requireID()
        c.title = input.title.trimmed
        c.partyType = partyType
        c.partyName = input.partyName.trimmed
        c.source = "register"
        c.openedOn = opened
        let flag = input.reviewFlag.trimmed
        c.reviewFlag = flag.isEmpty ? nil : flag
        c.reviewRequired = EnforcementRules.reviewRequired(listed: matter?.reviewListed ?? false, flagged: !flag.isEmpty, heard: false)
        c.hearingOffered = false
        c.extensionDays = 0
        c.createdBy = ctx.actor.name
        c.version = 1
        c.createdAt = ctx.now
        try refreshDue(c, today: ctx.today, engine: ctx.engine, rules: ctx.rules)
        let earlier: String? = try await db.writeTransaction { tx in
            if let once, let number = try await FormOnce.claim(once, kind: "enforcement_case", on: tx, now: ctx.now) { return number }
            c.number = try await nextNumber(year: opened.year, on: tx)
            try await c.create(on: tx)
            try await c.$officers.attach(officers, on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .create, entityType: .enforcementCase, entityID: c.number,
                after: snapshot(c, officers: officers.map(\.name)), at: ctx.now)
            if let once { try await FormOnce.record(once, result: c.number, on: tx) }
            return nil
        }
        guard let earlier else { return c }
        guard let first = try await EnforcementCase.query(on: db).filter(\.$number == earlier).first() else {
            throw AppError.conflict("表单已提交过,但未找到当时登记的案件,请刷新页面后重新填写")
        }
        return first
    }

    /// The unit's officers picked on a form (at least two, each once).
    private static func officers(_ raw: [String], unit: UUID, on db: any Database, v: inout FazhiCore.Validator) async throws -> [EnforcementOfficer]
    {
        let ids = Array(Set(raw.compactMap { UUID(uuidString: $0) }))
        if ids.count != Set(raw.filter { !$0.isEmpty }).count { v.add("officers", "承办人员无法识别") }
        if ids.count < 2 { v.add("officers", "请选择至少两名执法人员(《行政处罚法》第四十二条)") }
        guard !ids.isEmpty else { return [] }
        let found = try await EnforcementOfficer.query(on: db).filter(\.$id ~~ ids).filter(\.$unit.$id == unit).all()
        if found.count != ids.count { v.add("officers", "承办人员应为本单位登记的执法人员") }
        return found.sorted { $0.name < $1.name }
    }

    // MARK: steps

    /// Runs one change: checks done by the caller, mutates, recomputes the clocks, audits.
    private static func change(
        _ c: EnforcementCase, action: AuditAction, _ ctx: Context, allowClosed: Bool = false, on db: any Database,
        _ body: @escaping @Sendable (EnforcementCase, any Database) async throws -> Void
    ) async throws {
        if !allowClosed, let closed = c.closedOn { throw AppError.conflict("案件 \(c.number) 已于 \(closed) 结案,不能再办理此步骤") }
        let before = snapshot(c, officers: c.$officers.value?.map(\.name) ?? [])
        try await db.writeTransaction { tx in
            // Claim the version the checks saw first: a second writer who read it too is refused.
            try await VersionClaim.claim(table: EnforcementCase.schema, id: try c.requireID(), version: c.version, on: tx)
            try await body(c, tx)
            try refreshDue(c, today: ctx.today, engine: ctx.engine, rules: ctx.rules)
            c.version += 1
            try await c.update(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: action, entityType: .enforcementCase, entityID: c.number, before: before,
                after: snapshot(c, officers: c.$officers.value?.map(\.name) ?? []), at: ctx.now)
        }
    }

    private static func currentClock(_ c: EnforcementCase, _ ctx: Context) throws -> EnforcementClock {
        do { return try clock(c, today: ctx.today, engine: ctx.engine, rules: ctx.rules) } catch let e as DeadlineError {
            throw AppError.conflict("无法计算执法期限:\(e.description)")
        }
    }

    /// Every act is done by two or more officers with certificates valid that day (第四十二条).
    private static func requireOfficers(_ c: EnforcementCase, on day: LocalDate, act: String) throws {
        let officers = c.$officers.value ?? []
        if let problem = EnforcementRules.officersProblem(officers.map(\.standing), on: day, act: act) {
            throw ValidationFailure([FieldError("date", problem + "。请先调整承办人员。")])
        }
    }

    private static func requireUndecided(_ c: EnforcementCase) throws {
        if let on = c.decisionOn { throw AppError.conflict("已于 \(on) 作出决定") }
    }

    /// 调整承办人员: two or more of the unit's officers, valid today.
    static func setOfficers(_ c: EnforcementCase, ids: [String], _ ctx: Context, on db: any Database) async throws {
        try requireUndecided(c)
        var v = Validator()
        let officers = try await officers(ids, unit: c.$unit.id, on: db, v: &v)
        if v.errors.isEmpty, let problem = EnforcementRules.officersProblem(officers.map(\.standing), on: ctx.today, act: "办案") {
            v.add("officers", problem)
        }
        try v.check()
        try await change(c, action: .enforcementOfficers, ctx, on: db) { c, tx in
            try await c.$officers.detachAll(on: tx)
            try await c.$officers.attach(officers, on: tx)
            c.$officers.value = officers
        }
    }

    /// 告知 (第四十四条): the intended penalty, its grounds and the rights to 陈述、申辩 — and to a
    /// hearing where 第六十三条 gives one (较大数额罚款、没收较大数额违法所得、降低资质等级、责令停产停业 …).
    static func notice(_ c: EnforcementCase, on text: String, hearing: Bool, _ ctx: Context, on db: any Database) async throws {
        guard c.type == .penalty else { throw AppError.conflict("告知陈述申辩权利只适用于行政处罚案件") }
        try requireUndecided(c)
        if let on = c.noticeOn { throw AppError.conflict("已于 \(on) 告知") }
        let d = try ctx.date(text, "date", "告知日期", after: c.openedOn, "立案日期")
        try requireOfficers(c, on: d, act: "告知")
        try await change(c, action: .enforcementNotice, ctx, on: db) { c, _ in
            c.noticeOn = d
            c.hearingOffered = hearing
        }
    }

    /// 当事人要求听证: within 5 working days of the notice (第六十四条第一项); a request after them is
    /// refused (the party waived the hearing by silence).
    static func hearingRequest(_ c: EnforcementCase, on text: String, _ ctx: Context, on db: any Database) async throws {
        try requireUndecided(c)
        guard c.hearingOffered, let notice = c.noticeOn else { throw AppError.conflict("未告知听证权利的案件不能登记听证申请") }
        if let on = c.hearingRequestedOn { throw AppError.conflict("当事人已于 \(on) 要求听证") }
        let d = try ctx.date(text, "date", "当事人要求听证日期", after: notice, "告知日期")
        if let last = try currentClock(c, ctx).hearingRequestDue, d > last {
            throw ValidationFailure([FieldError("date", "要求听证应当在告知后五个工作日内(\(last) 前)提出;\(d) 已逾期,视为放弃听证(《行政处罚法》第六十四条第一项)")])
        }
        try await change(c, action: .enforcementHearingRequest, ctx, on: db) { c, _ in c.hearingRequestedOn = d }
    }

    /// 通知听证: sent on a day (not after today), for a hearing at least 7 working days later
    /// (第六十四条第二项). The hearing's own date may be in the future.
    static func hearingSet(_ c: EnforcementCase, noticeOn: String, hearingOn: String, _ ctx: Context, on db: any Database) async throws {
        try requireUndecided(c)
        guard let requested = c.hearingRequestedOn else { throw AppError.conflict("当事人未要求听证") }
        if c.heardOn != nil { throw AppError.conflict("已举行听证") }
        let sent = try ctx.date(noticeOn, "noticeOn", "听证通知日期", after: requested, "要求听证日期")
        var v = Validator()
        guard let hearing = v.date(hearingOn, field: "hearingOn", label: "听证日期") else { try v.check(); return }
        let latest: LocalDate
        do {
            latest = try ctx.engine.due(DeadlineRequest(rule: try rule("penalty.hearingNotice", ctx), start: hearing)).due
        } catch let e as DeadlineError { throw ValidationFailure([FieldError("hearingOn", "听证日期无法计算:\(e.description)")]) }
        if let problem = EnforcementRules.hearingNoticeProblem(noticeOn: sent, hearingOn: hearing, latest: latest) {
            throw ValidationFailure([FieldError("hearingOn", problem)])
        }
        try await change(c, action: .enforcementHearingSet, ctx, on: db) { c, _ in
            c.hearingNoticeOn = sent
            c.hearingOn = hearing
        }
    }

    /// 举行听证 on the day set (or a later day if adjourned). A heard case needs the legal review
    /// before its decision (第五十八条第一款第二项).
    static func heard(_ c: EnforcementCase, on text: String, _ ctx: Context, on db: any Database) async throws {
        try requireUndecided(c)
        guard let set = c.hearingOn else { throw AppError.conflict("尚未通知听证") }
        if let on = c.heardOn { throw AppError.conflict("已于 \(on) 举行听证") }
        let d = try ctx.date(text, "date", "举行听证日期", after: set, "通知的听证日期")
        try requireOfficers(c, on: d, act: "听证")
        try await change(c, action: .enforcementHeard, ctx, on: db) { c, _ in
            c.heardOn = d
            c.reviewRequired = true
        }
    }

    /// 提交法制审核.
    static func reviewSubmit(_ c: EnforcementCase, on text: String, flag: String, _ ctx: Context, on db: any Database) async throws {
        try requireUndecided(c)
        if c.reviewResult == .passed { throw AppError.conflict("法制审核已通过") }
        if let on = c.reviewSubmittedOn, c.reviewResult == nil { throw AppError.conflict("已于 \(on) 提交法制审核,待审核") }
        let d = try ctx.date(text, "date", "提交审核日期", after: c.openedOn, "立案日期")
        let ground = flag.trimmed
        if !c.reviewRequired, ground.isEmpty {
            throw ValidationFailure([FieldError("flag", "本案不在法制审核目录清单内,提交审核请写明事由(重大公共利益、疑难复杂等,《行政处罚法》第五十八条)")])
        }
        if ground.count > 200 { throw ValidationFailure([FieldError("flag", "审核事由不能超过 200 个字符")]) }
        try await change(c, action: .enforcementReviewSubmit, ctx, on: db) { c, _ in
            c.reviewSubmittedOn = d
            c.reviewResult = nil
            c.reviewedOn = nil
            if !ground.isEmpty {
                c.reviewFlag = ground
                c.reviewRequired = true
            }
        }
    }

    /// 法制审核: by an officer of the unit with 法律职业资格 who is not on the case (第五十八条第三款:
    /// 初次从事法制审核的人员应当通过国家统一法律职业资格考试取得法律职业资格). A failed review
    /// sends the case back; it may be submitted again.
    static func review(
        _ c: EnforcementCase, on text: String, reviewer: String, result: String, opinion: String, _ ctx: Context, on db: any Database
    ) async throws {
        try requireUndecided(c)
        guard let submitted = c.reviewSubmittedOn, c.reviewResult == nil else { throw AppError.conflict("没有待审核的提交") }
        let d = try ctx.date(text, "date", "审核日期", after: submitted, "提交审核日期")
        var v = Validator()
        let r = LegalReviewResult(rawValue: result)
        if r == nil { v.add("result", "请选择审核结论") }
        v.text(opinion, field: "opinion", label: "审核意见", max: 2000)
        var officer: EnforcementOfficer?
        if let id = UUID(uuidString: reviewer), let o = try await EnforcementOfficer.find(id, on: db), o.$unit.id == c.$unit.id {
            officer = o
            if !o.legalQualified { v.add("reviewer", "\(o.name) 没有法律职业资格,不能担任法制审核人员(《行政处罚法》第五十八条第三款)") }
            if (c.$officers.value ?? []).contains(where: { $0.id == o.id }) { v.add("reviewer", "\(o.name) 是本案承办人员,不能审核本案") }
        } else {
            v.add("reviewer", "请选择本单位的法制审核人员")
        }
        try v.check()
        guard let r, let officer else { return }
        try await change(c, action: .enforcementReview, ctx, on: db) { c, _ in
            c.reviewedOn = d
            c.reviewResult = r
            c.$reviewer.id = try officer.requireID()
            c.reviewOpinion = opinion.trimmed
        }
    }

    /// 延长办案期限: once, approved, within the rule's limit — a licence by at most 10 working days
    /// (《行政许可法》第四十二条), a penalty only where a law, regulation or rule allows it (第六十条),
    /// named in `basis`.
    static func extend(_ c: EnforcementCase, days text: String, approver: String, basis: String, _ ctx: Context, on db: any Database)
        async throws
    {
        try requireUndecided(c)
        guard let ruleID = c.type.decisionRule else { throw AppError.conflict("\(c.type.label)没有法定办案期限,无需延长") }
        if c.extensionDays > 0 { throw AppError.conflict("已延长 \(c.extensionDays) 日") }
        let r = try rule(ruleID, ctx)
        var v = Validator()
        let max = r.extensionLimit?.max ?? 0
        let n = Int(text.trimmed)
        if n == nil || !(1...Swift.max(max, 1)).contains(n ?? 0) { v.add("days", "延长期限应为 1 到 \(max) \(r.unit.label)(\(r.basis))") }
        v.text(approver, field: "approver", label: "批准人", max: 50)
        v.text(basis, field: "basis", label: "延期依据和理由", max: 500)
        try v.check()
        guard let n else { return }
        if let due = try currentClock(c, ctx).decisionDue, ctx.today > due {
            throw AppError.conflict("办案期限已于 \(due) 届满,不能再延长")
        }
        try await change(c, action: .enforcementExtend, ctx, on: db) { c, _ in
            c.extensionDays = n
            c.extensionApprover = approver.trimmed
            c.extensionBasis = basis.trimmed
        }
    }

    struct Decision {
        var date = "", outcome = "", summary = "", fine = ""
    }

    /// 作出决定, behind every gate: the officers' certificates that day, the notice and the hearing
    /// (a penalty), the legal review (第五十八条).
    static func decide(_ c: EnforcementCase, _ input: Decision, _ ctx: Context, on db: any Database) async throws {
        try requireUndecided(c)
        let d = try ctx.date(input.date, "date", "决定日期", after: c.openedOn, c.type.openedLabel)
        var v = Validator()
        let outcome = EnforcementOutcome(rawValue: input.outcome)
        if outcome == nil { v.add("outcome", "请选择决定结果") }
        v.text(input.summary, field: "summary", label: "决定内容", max: 2000)
        let cents = input.fine.trimmed.isEmpty ? nil : Money.cents(input.fine)
        if !input.fine.trimmed.isEmpty, cents == nil { v.add("fine", "罚没款金额应为不超过 100 亿元、最多两位小数的数字") }
        try v.check()
        if outcome == .taken || outcome == .notTaken {
            if let problem = EnforcementRules.decisionProblem(
                c.facts, clock: try currentClock(c, ctx), reviewRequired: c.reviewRequired,
                reviewPassedOn: c.reviewResult == .passed ? c.reviewedOn : nil, on: d)
            {
                throw ValidationFailure([FieldError("date", problem)])
            }
        }
        try requireOfficers(c, on: d, act: "作出决定")
        try await change(c, action: .enforcementDecide, ctx, on: db) { c, _ in
            c.decisionOn = d
            c.outcome = outcome
            c.decisionSummary = input.summary.trimmed
            c.fineCents = cents
            if outcome == .terminated { c.closedOn = d }
        }
    }

    /// 送达 (第六十一条): after the decision.
    static func serve(_ c: EnforcementCase, on text: String, _ ctx: Context, on db: any Database) async throws {
        guard let decided = c.decisionOn else { throw AppError.conflict("尚未作出决定") }
        if let on = c.servedOn { throw AppError.conflict("已于 \(on) 送达") }
        let d = try ctx.date(text, "date", "送达日期", after: decided, "决定日期")
        try requireOfficers(c, on: d, act: "送达")
        try await change(c, action: .enforcementServe, ctx, on: db) { c, _ in c.servedOn = d }
    }

    /// 执行完毕 (罚款缴纳、许可证发放、强制措施执行 …).
    static func execute(_ c: EnforcementCase, on text: String, _ ctx: Context, on db: any Database) async throws {
        guard let decided = c.decisionOn else { throw AppError.conflict("尚未作出决定") }
        if let on = c.executedOn { throw AppError.conflict("已于 \(on) 执行完毕") }
        let d = try ctx.date(text, "date", "执行完毕日期", after: c.servedOn ?? decided, c.servedOn == nil ? "决定日期" : "送达日期")
        try await change(c, action: .enforcementExecute, ctx, on: db) { c, _ in c.executedOn = d }
    }

    /// 事后公示: the decision on the public page, the party masked.
    static func publish(_ c: EnforcementCase, on text: String, _ ctx: Context, on db: any Database) async throws {
        guard let decided = c.decisionOn, c.outcome != .terminated else { throw AppError.conflict("没有需要公示的执法决定") }
        if let on = c.publishedOn { throw AppError.conflict("已于 \(on) 公示") }
        let d = try ctx.date(text, "date", "公示日期", after: decided, "决定日期")
        try await change(c, action: .enforcementPublish, ctx, allowClosed: true, on: db) { c, _ in c.publishedOn = d }
    }

    /// 决定被变更、撤销、确认违法或者确认无效 (by reconsideration, a court or the unit itself): a
    /// published decision is then withdrawn within 3 working days with the reason (第四十八条第二款).
    static func revoke(_ c: EnforcementCase, on text: String, reason: String, _ ctx: Context, on db: any Database) async throws {
        guard let decided = c.decisionOn, c.outcome != .terminated else { throw AppError.conflict("尚未作出决定") }
        if let on = c.revokedOn { throw AppError.conflict("已于 \(on) 登记变更或撤销") }
        let d = try ctx.date(text, "date", "变更或撤销日期", after: decided, "决定日期")
        var v = Validator()
        v.text(reason, field: "reason", label: "变更或撤销的理由", max: 500)
        try v.check()
        try await change(c, action: .enforcementRevoke, ctx, allowClosed: true, on: db) { c, _ in
            c.revokedOn = d
            c.revokeReason = reason.trimmed
        }
    }

    /// 撤回公示 with the reason shown on the public page.
    static func withdraw(_ c: EnforcementCase, on text: String, _ ctx: Context, on db: any Database) async throws {
        guard let revoked = c.revokedOn, c.publishedOn != nil else { throw AppError.conflict("只有已公示且被变更或撤销的决定需要撤回") }
        if let on = c.withdrawnOn { throw AppError.conflict("已于 \(on) 撤回") }
        let d = try ctx.date(text, "date", "撤回日期", after: revoked, "变更或撤销日期")
        try await change(c, action: .enforcementWithdraw, ctx, allowClosed: true, on: db) { c, _ in c.withdrawnOn = d }
    }

    /// 结案: after the decision (and its execution, where it is executed).
    static func close(_ c: EnforcementCase, on text: String, _ ctx: Context, on db: any Database) async throws {
        guard let decided = c.decisionOn else { throw AppError.conflict("尚未作出决定,不能结案") }
        if c.outcome == .taken, c.type == .penalty, c.executedOn == nil { throw AppError.conflict("处罚决定尚未执行完毕,不能结案") }
        let d = try ctx.date(text, "date", "结案日期", after: c.executedOn ?? decided, c.executedOn == nil ? "决定日期" : "执行完毕日期")
        try await change(c, action: .enforcementClose, ctx, on: db) { c, _ in c.closedOn = d }
    }

    // MARK: records

    /// 全过程记录: a stage's document (sealed by its SHA-256 in the shared store) and/or an AV
    /// recording's number in the unit's archive, with a note.
    static func addRecord(
        _ c: EnforcementCase, step: String, on text: String, avReference: String, note: String, file: AttachmentService.Stored?,
        _ ctx: Context, on db: any Database
    ) async throws {
        var v = Validator()
        let s = EnforcementRecordStep(rawValue: step)
        if s == nil { v.add("step", "请选择环节") }
        let av = avReference.trimmed
        v.text(av, field: "avReference", label: "录音录像编号", max: 60, required: false)
        v.text(note, field: "note", label: "说明", max: 500, required: false)
        if file == nil, av.isEmpty { v.add("file", "请上传文书或填写录音录像编号") }
        try v.check()
        let d = try ctx.date(text, "recordedOn", "记录日期", after: c.openedOn, "立案(受理)日期")
        guard let s else { return }
        let r = EnforcementRecord()
        r.$enforcementCase.id = try c.requireID()
        r.step = s.rawValue
        r.recordedOn = d
        r.avReference = av.isEmpty ? nil : av
        r.note = note.trimmed
        r.createdBy = ctx.actor.name
        r.createdAt = ctx.now
        try await db.writeTransaction { tx in
            try await r.create(on: tx)
            var after = ["step": s.rawValue, "avReference": av]
            if let file {
                try await AttachmentService.attach(file, to: .enforcementRecord, id: try r.requireID(), by: ctx.actor.name, at: ctx.now, on: tx)
                after["file"] = file.filename
                after["sha256"] = file.sha256
            }
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .enforcementRecord, entityType: .enforcementCase, entityID: c.number, after: after, at: ctx.now)
        }
    }

    // MARK: helpers

    private static func rule(_ id: String, _ ctx: Context) throws -> DeadlineRule {
        guard let r = ctx.rules.rule(id) else { throw AppError.conflict("期限规则目录中没有“\(id)”") }
        return r
    }

    static func snapshot(_ c: EnforcementCase, officers: [String]) -> [String: String] {
        func d(_ x: LocalDate?) -> String { x?.description ?? "" }
        return [
            "type": c.type.rawValue, "openedOn": c.openedOn.description, "officers": officers.joined(separator: "、"),
            "reviewRequired": String(c.reviewRequired), "reviewFlag": c.reviewFlag ?? "", "noticeOn": d(c.noticeOn),
            "hearingOffered": String(c.hearingOffered), "hearingRequestedOn": d(c.hearingRequestedOn), "hearingNoticeOn": d(c.hearingNoticeOn),
            "hearingOn": d(c.hearingOn), "heardOn": d(c.heardOn), "reviewSubmittedOn": d(c.reviewSubmittedOn), "reviewedOn": d(c.reviewedOn),
            "reviewResult": c.reviewResult?.rawValue ?? "", "extensionDays": String(c.extensionDays), "extensionApprover": c.extensionApprover ?? "",
            "decisionOn": d(c.decisionOn), "outcome": c.outcome?.rawValue ?? "", "fineCents": c.fineCents.map(String.init) ?? "",
            "servedOn": d(c.servedOn), "executedOn": d(c.executedOn), "publishedOn": d(c.publishedOn), "revokedOn": d(c.revokedOn),
            "withdrawnOn": d(c.withdrawnOn), "closedOn": d(c.closedOn), "decisionDueOn": d(c.decisionDueOn), "publishDueOn": d(c.publishDueOn),
        ]
    }
}
