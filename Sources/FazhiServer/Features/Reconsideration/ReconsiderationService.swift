import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 行政复议: the register's writes. Each step checks the case's state and the statute, recomputes
/// the clocks (kept in `organ_due_on`, `answer_due_on`, `decision_due_on`) and is audited in the same
/// transaction. Snapshots carry the handling facts, never the applicant's personal data.
enum ReconsiderationService {
    typealias Context = StepContext

    static func find(_ id: UUID?, on db: any Database) async throws -> ReconsiderationCase {
        guard let id, let c = try await ReconsiderationCase.query(on: db).filter(\.$id == id).with(\.$unit).with(\.$suspensions).first()
        else { throw AppError.notFound("行政复议案件") }
        return c
    }

    static func clock(_ c: ReconsiderationCase, today: LocalDate, engine: DeadlineEngine, rules: DeadlineCatalogue) throws
        -> ReconsiderationClock
    {
        try ReconsiderationClock.compute(c.facts, today: today, engine: engine, rules: rules)
    }

    /// Keeps the stored dates after a change: the organ's next open step, the respondent's answer
    /// date while its answer is outstanding, the decision date. A date past every computable year
    /// stays empty (recomputed when the calendar grows, `ReconsiderationDueDates`).
    ///
    /// An application still under review is stored as it will stand once the review ends without a
    /// decision — deemed accepted (第三十条第三款): silence is lawful, so the organ's next date is
    /// the copy to the respondent and the decision date counts from the review's end. Deciding
    /// earlier recomputes both. So the stored dates never go stale while nobody writes.
    static func refreshDue(_ c: ReconsiderationCase, today: LocalDate, engine: DeadlineEngine, rules: DeadlineCatalogue) throws {
        var clock: ReconsiderationClock
        do {
            clock = try self.clock(c, today: today, engine: engine, rules: rules)
            if case .acceptanceReview(let until) = clock.phase, c.closedOn == nil {
                clock = try self.clock(c, today: max(today, until.adding(days: 1)), engine: engine, rules: rules)
            }
        } catch DeadlineError.beyondCalendar {
            c.organDueOn = nil
            c.answerDueOn = nil
            return
        } catch let e as DeadlineError {
            throw AppError.conflict("无法计算复议期限:\(e.description)")
        }
        let open = c.closedOn == nil
        let decisionRules: Set = ["reconsideration.decision", "reconsideration.simplified"]
        // While suspended the decision date moves every day: it is stored again on resumption.
        let suspended = open && (c.$suspensions.value ?? []).contains { $0.resumedOn == nil }
        // A case accepted, or deemed accepted, has no acceptance step left to take.
        let pending = clock.steps.filter {
            $0.party == .organ && $0.doneOn == nil && !(clock.acceptedOn != nil && $0.rule == "reconsideration.accept")
                && !(suspended && decisionRules.contains($0.rule))
        }
        c.organDueOn = open ? pending.compactMap(\.due).min() : nil
        c.answerDueOn = open && c.answeredOn == nil ? clock.steps.first { $0.party == .respondent }?.due : nil
        c.decisionDueOn = suspended ? nil : clock.steps.first { decisionRules.contains($0.rule) }?.due
        if c.opinionOn != nil, let rule = rules.rule("reconsideration.opinionReply"), let on = c.opinionOn {
            c.opinionReplyDueOn = try? engine.due(DeadlineRequest(rule: rule, start: on)).due
        }
    }

    /// What the audit trail keeps of a case: the handling facts only.
    static func snapshot(_ c: ReconsiderationCase) -> [String: String] {
        var s = [
            "number": c.number, "unit": c.$unit.id.uuidString, "category": c.category.rawValue, "procedure": c.procedure.rawValue,
            "receivedOn": c.receivedOn.description, "extensionDays": String(c.extensionDays), "selfCorrected": c.selfCorrected ? "是" : "否",
        ]
        let dates: [(String, LocalDate?)] = [
            ("clarifySentOn", c.clarifySentOn), ("clarifyReceivedOn", c.clarifyReceivedOn), ("clarifiedOn", c.clarifiedOn),
            ("acceptedOn", c.acceptedOn), ("rejectedOn", c.rejectedOn), ("convertedOn", c.convertedOn), ("copySentOn", c.copySentOn),
            ("respondentReceivedOn", c.respondentReceivedOn), ("answeredOn", c.answeredOn), ("closedOn", c.closedOn),
            ("publishedOn", c.publishedOn), ("opinionOn", c.opinionOn), ("opinionRepliedOn", c.opinionRepliedOn),
            ("organDueOn", c.organDueOn), ("answerDueOn", c.answerDueOn), ("decisionDueOn", c.decisionDueOn),
        ]
        for (key, date) in dates { s[key] = date?.description }
        s["decision"] = c.decision?.rawValue
        s["extensionApprover"] = c.extensionApprover
        if let list = c.$suspensions.value, !list.isEmpty {
            s["suspensions"] = list.sorted { $0.suspendedOn < $1.suspendedOn }
                .map { "\($0.suspendedOn)–\($0.resumedOn?.description ?? "")|\($0.ground)" }.joined(separator: ";")
        }
        return s
    }

    /// `FY-2026-0012`: the year's next number, above every number already in the register.
    static func nextNumber(year: Int, on db: any Database) async throws -> String {
        let prefix = "FY-\(year)-"
        let last = try await ReconsiderationCase.query(on: db).filter(\.$number =~ prefix).sort(\.$number, .descending).first()
        let floor = last.flatMap { Int($0.number.dropFirst(prefix.count)) } ?? 0
        let n = try await NumberSequence.next("reconsideration/\(year)", floor: floor, on: db)
        return prefix + String(format: "%04d", n)
    }

    // MARK: registering

    /// 收到行政复议申请: the office registers it; the acceptance review (5 working days) starts.
    static func register(_ input: ReconsiderationCaseInput, _ ctx: Context, once: String?, on db: any Database) async throws
        -> ReconsiderationCase
    {
        let units = try await OrgNode.units(in: ctx.actor.units, on: db)
        let checked = try input.check(today: ctx.today, calendar: ctx.engine.calendar)
        guard let unit = units.first(where: { $0.code == checked.unitCode }) else {
            throw ValidationFailure([FieldError("unit", "请选择被申请人(本区的部门或办事处)")])
        }
        let c = ReconsiderationCase()
        c.$unit.id = try unit.requireID()
        c.$unit.value = unit
        c.applicantType = checked.applicantType
        c.applicantName = checked.applicant
        c.applicantIDNumber = checked.idNumber
        c.applicantContact = checked.contact
        c.category = checked.category
        c.act = checked.act
        c.claim = checked.claim
        c.lawVersion = "2023"
        c.procedure = checked.procedure
        c.source = "register"
        c.receivedOn = checked.receivedOn
        c.extensionDays = 0
        c.selfCorrected = false
        c.createdBy = ctx.actor.name
        c.version = 1
        c.$suspensions.value = []
        try refreshDue(c, today: ctx.today, engine: ctx.engine, rules: ctx.rules)
        let earlier: String? = try await db.writeTransaction { tx in
            if let once, let number = try await FormOnce.claim(once, kind: "reconsideration_case", on: tx, now: ctx.now) { return number }
            c.number = try await nextNumber(year: checked.receivedOn.year, on: tx)
            try await c.create(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .create, entityType: .reconsiderationCase, entityID: c.number, after: snapshot(c), at: ctx.now)
            if let once { try await FormOnce.record(once, result: c.number, on: tx) }
            return nil
        }
        guard let earlier else { return c }
        guard let first = try await ReconsiderationCase.query(on: db).filter(\.$number == earlier).first() else {
            throw AppError.conflict("表单已提交过,但未找到当时登记的案件,请刷新页面后重新填写")
        }
        return first
    }

    // MARK: steps

    /// Runs one change: checks done by the caller, mutates, recomputes the clocks, audits.
    private static func change(
        _ c: ReconsiderationCase, action: AuditAction, _ ctx: Context, allowClosed: Bool = false, on db: any Database,
        _ body: @escaping @Sendable (ReconsiderationCase, any Database) async throws -> Void
    ) async throws {
        if !allowClosed, let closed = c.closedOn { throw AppError.conflict("案件 \(c.number) 已于 \(closed) 审结,不能再办理此步骤") }
        let before = snapshot(c)
        try await db.writeTransaction { tx in
            // The checks above were made on the case as read; claim that version first, so a second
            // writer who read the same version (a double click, two staff) is refused, not applied twice.
            try await VersionClaim.claim(table: ReconsiderationCase.schema, id: try c.requireID(), version: c.version, on: tx)
            try await body(c, tx)
            try await c.$suspensions.load(on: tx)
            try refreshDue(c, today: ctx.today, engine: ctx.engine, rules: ctx.rules)
            c.version += 1
            try await c.update(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: action, entityType: .reconsiderationCase, entityID: c.number,
                before: before, after: snapshot(c), at: ctx.now)
        }
    }

    private static func currentClock(_ c: ReconsiderationCase, _ ctx: Context) throws -> ReconsiderationClock {
        do { return try clock(c, today: ctx.today, engine: ctx.engine, rules: ctx.rules) } catch let e as DeadlineError {
            throw AppError.conflict("无法计算复议期限:\(e.description)")
        }
    }

    private static func requireUndecided(_ c: ReconsiderationCase) throws {
        if let on = c.acceptedOn { throw AppError.conflict("已于 \(on) 受理") }
        if let on = c.rejectedOn { throw AppError.conflict("已于 \(on) 决定不予受理") }
    }

    /// 补正通知 (第三十一条第一款): once, within 5 working days of receipt, naming what to supply.
    static func clarify(_ c: ReconsiderationCase, items: String, on text: String, _ ctx: Context, on db: any Database) async throws {
        try requireUndecided(c)
        if let on = c.clarifySentOn { throw AppError.conflict("补正通知应当一次性送达(第三十一条),本案已于 \(on) 通知") }
        var v = Validator()
        v.text(items, field: "items", label: "补正事项和理由", max: 1000)
        try v.check()
        let sent = try ctx.date(text, "date", "补正通知日期", after: c.receivedOn, "收到申请日期")
        if let rule = ctx.rules.rule("reconsideration.clarify"),
            let limit = try? ctx.engine.due(DeadlineRequest(rule: rule, start: c.receivedOn)).due,
            sent > limit
        {
            throw ValidationFailure([FieldError("date", "补正通知须在收到申请之日起 5 个工作日内发出(第三十一条第一款),本案最迟 \(limit);已超过的,应当依据现有材料审查受理")])
        }
        try await change(c, action: .caseClarify, ctx, on: db) { c, _ in
            c.clarifySentOn = sent
            c.clarifyItems = items.trimmed
        }
    }

    /// The applicant received the 补正通知: its 10 working days count from here.
    static func clarifyReceived(_ c: ReconsiderationCase, on text: String, _ ctx: Context, on db: any Database) async throws {
        guard let sent = c.clarifySentOn else { throw AppError.conflict("本案没有发出补正通知") }
        if let on = c.clarifyReceivedOn { throw AppError.conflict("已记录申请人于 \(on) 收到补正通知") }
        let d = try ctx.date(text, "date", "申请人收到补正通知日期", after: sent, "补正通知日期")
        try await change(c, action: .caseClarifyReceived, ctx, on: db) { c, _ in c.clarifyReceivedOn = d }
    }

    /// 收到补正材料: the acceptance review runs again from this day (第三十一条).
    static func clarified(_ c: ReconsiderationCase, on text: String, _ ctx: Context, on db: any Database) async throws {
        guard let sent = c.clarifySentOn else { throw AppError.conflict("本案没有发出补正通知") }
        if let on = c.clarifiedOn { throw AppError.conflict("已于 \(on) 收到补正材料") }
        let d = try ctx.date(text, "date", "收到补正材料日期", after: c.clarifyReceivedOn ?? sent, "收到补正通知日期")
        if case .clarificationLapsed(let due) = try currentClock(c, ctx).phase, d > due {
            throw ValidationFailure([FieldError("date", "补正期限 \(due) 已过,无正当理由逾期不补正的视为放弃行政复议申请(第三十一条第二款)")])
        }
        try await change(c, action: .caseClarified, ctx, on: db) { c, _ in c.clarifiedOn = d }
    }

    /// 视为放弃: the applicant's 10 working days passed without 补正 (第三十一条第二款); the case ends.
    static func lapse(_ c: ReconsiderationCase, _ ctx: Context, on db: any Database) async throws {
        guard case .clarificationLapsed(let due) = try currentClock(c, ctx).phase else {
            throw AppError.conflict("补正期限尚未届满(或补正期限尚未起算),不能按视为放弃结案")
        }
        try await change(c, action: .caseLapse, ctx, on: db) { c, _ in
            c.closedOn = ctx.today
            c.decisionNote = "申请人在补正期限 \(due) 内无正当理由未补正,视为放弃行政复议申请(《行政复议法》第三十一条第二款)"
        }
    }

    /// 受理 (第三十条): within the review; the procedure chosen now (简易程序 where 第五十三条 allows).
    static func accept(_ c: ReconsiderationCase, on text: String, procedure: String, _ ctx: Context, on db: any Database) async throws {
        try requireUndecided(c)
        let clock = try currentClock(c, ctx)
        switch clock.phase {
        case .awaitingClarification, .clarificationLapsed: throw AppError.conflict("申请人尚未补正,不能受理")
        default: break
        }
        guard let picked = ReconsiderationProcedure(rawValue: procedure) else {
            throw ValidationFailure([FieldError("procedure", "请选择审理程序")])
        }
        let d = try ctx.date(text, "date", "受理日期", after: c.clarifiedOn ?? c.receivedOn, "收到申请(补正材料)日期")
        if let reviewEnd = clock.step("reconsideration.accept")?.due, d > reviewEnd {
            throw ValidationFailure([
                FieldError("date", "受理审查期限 \(reviewEnd) 已过:期限内未作出不予受理决定的,自届满之日起视为受理(第三十条第三款),请填 \(reviewEnd) 或更早的日期")
            ])
        }
        try await change(c, action: .caseAccept, ctx, on: db) { c, _ in
            c.acceptedOn = d
            c.procedure = picked
        }
    }

    /// 不予受理 (第三十条第二款): within the review, with the reasons.
    static func reject(_ c: ReconsiderationCase, on text: String, reason: String, _ ctx: Context, on db: any Database) async throws {
        try requireUndecided(c)
        let clock = try currentClock(c, ctx)
        var v = Validator()
        v.text(reason, field: "reason", label: "不予受理的理由", max: 1000)
        try v.check()
        let d = try ctx.date(text, "date", "不予受理决定日期", after: c.clarifiedOn ?? c.receivedOn, "收到申请(补正材料)日期")
        if let reviewEnd = clock.step("reconsideration.accept")?.due, d > reviewEnd {
            throw ValidationFailure([FieldError("date", "受理审查期限 \(reviewEnd) 已过,本案已视为受理(第三十条第三款);不符合受理条件的,应当决定驳回行政复议申请(第三十三条)")])
        }
        try await change(c, action: .caseReject, ctx, on: db) { c, _ in
            c.rejectedOn = d
            c.rejectReason = reason.trimmed
            c.closedOn = d
        }
    }

    private static func requireAccepted(_ c: ReconsiderationCase, _ ctx: Context) throws -> (LocalDate, ReconsiderationClock) {
        let clock = try currentClock(c, ctx)
        guard let accepted = clock.acceptedOn else { throw AppError.conflict("案件尚未受理") }
        return (accepted, clock)
    }

    /// 简易程序转为普通程序 (第五十五条).
    static func convert(_ c: ReconsiderationCase, on text: String, _ ctx: Context, on db: any Database) async throws {
        let (accepted, _) = try requireAccepted(c, ctx)
        guard c.procedure == .simplified, c.convertedOn == nil else { throw AppError.conflict("只有适用简易程序的案件可以转为普通程序") }
        let d = try ctx.date(text, "date", "转为普通程序日期", after: accepted, "受理日期")
        try await change(c, action: .caseConvert, ctx, on: db) { c, _ in c.convertedOn = d }
    }

    /// 发送申请书副本 to the respondent (第四十八条、第五十四条).
    static func copySent(_ c: ReconsiderationCase, on text: String, _ ctx: Context, on db: any Database) async throws {
        let (accepted, _) = try requireAccepted(c, ctx)
        if let on = c.copySentOn { throw AppError.conflict("已于 \(on) 发送申请书副本") }
        let d = try ctx.date(text, "date", "发送副本日期", after: accepted, "受理日期")
        try await change(c, action: .caseCopy, ctx, on: db) { c, _ in c.copySentOn = d }
    }

    /// The respondent received the copy: its answer period counts from here.
    static func copyReceived(_ c: ReconsiderationCase, on text: String, _ ctx: Context, on db: any Database) async throws {
        guard let sent = c.copySentOn else { throw AppError.conflict("尚未发送申请书副本") }
        if let on = c.respondentReceivedOn { throw AppError.conflict("已记录被申请人于 \(on) 收到副本") }
        let d = try ctx.date(text, "date", "被申请人收到副本日期", after: sent, "发送副本日期")
        try await change(c, action: .caseCopyReceived, ctx, on: db) { c, _ in c.respondentReceivedOn = d }
    }

    /// 被申请人书面答复并提交证据 (第四十八条): the respondent unit (or the office for it) records it.
    static func answered(_ c: ReconsiderationCase, on text: String, _ ctx: Context, on db: any Database) async throws {
        guard let received = c.respondentReceivedOn else { throw AppError.conflict("尚未记录被申请人收到申请书副本的日期,答复期限未起算") }
        if let on = c.answeredOn { throw AppError.conflict("已于 \(on) 提交答复") }
        let d = try ctx.date(text, "date", "提交答复日期", after: received, "收到副本日期")
        try await change(c, action: .caseAnswer, ctx, on: db) { c, _ in c.answeredOn = d }
    }

    /// 延长审理期限 (第六十二条第一款): normal procedure, once, at most 30 days, approved by the head of
    /// the 复议机构 before the period ends and notified in writing.
    static func extend(
        _ c: ReconsiderationCase, days: String, approver: String, on text: String, reason: String, _ ctx: Context, on db: any Database
    ) async throws {
        let (accepted, clock) = try requireAccepted(c, ctx)
        guard c.facts.effectiveProcedure == .normal else { throw AppError.conflict("适用简易程序的案件不得延长审理期限(第六十二条第二款)") }
        guard c.extensionDays == 0 else { throw AppError.conflict("本案已延长 \(c.extensionDays) 日;延长以一次为限,最多不超过三十日(第六十二条第一款)") }
        var v = Validator()
        let n = Int(days.trimmed).flatMap { (1...30).contains($0) ? $0 : nil }
        if n == nil { v.add("days", "延长期限应为 1 到 30 日(第六十二条第一款)") }
        v.text(approver, field: "approver", label: "批准人(行政复议机构负责人)", max: 50)
        v.text(reason, field: "reason", label: "延长理由(情况复杂的具体情形)", max: 500)
        try v.check()
        guard let n else { throw ValidationFailure(v.errors) }
        let d = try ctx.date(text, "date", "批准日期", after: accepted, "受理日期")
        if let due = clock.step("reconsideration.decision")?.due, d > due {
            throw ValidationFailure([FieldError("date", "延长须在审理期限 \(due) 届满前批准并书面告知当事人(第六十二条第一款)")])
        }
        try await change(c, action: .caseExtend, ctx, on: db) { c, _ in
            c.extensionDays = n
            c.extensionOn = d
            c.extensionApprover = approver.trimmed
            c.extensionReason = reason.trimmed
        }
    }

    /// 中止 (第三十九条): the decision period stops from the next day, with its ground.
    static func suspend(_ c: ReconsiderationCase, on text: String, ground: String, _ ctx: Context, on db: any Database) async throws {
        let (accepted, _) = try requireAccepted(c, ctx)
        let list = c.suspensions
        if list.contains(where: { $0.resumedOn == nil }) { throw AppError.conflict("本案正在中止中,请先记录恢复审理") }
        var v = Validator()
        v.text(ground, field: "ground", label: "中止事由(第三十九条)", max: 200)
        try v.check()
        let last = list.compactMap(\.resumedOn).max()
        let d = try ctx.date(text, "date", "中止日期", after: last ?? accepted, last == nil ? "受理日期" : "上次恢复审理日期")
        let id = try c.requireID()
        try await change(c, action: .caseSuspend, ctx, on: db) { _, tx in
            let s = ReconsiderationSuspensionRecord()
            s.$reconsideration.id = id
            s.suspendedOn = d
            s.ground = ground.trimmed
            try await s.create(on: tx)
        }
    }

    /// 恢复审理: the decision period runs again the day after.
    static func resume(_ c: ReconsiderationCase, on text: String, _ ctx: Context, on db: any Database) async throws {
        guard let open = c.suspensions.first(where: { $0.resumedOn == nil }) else { throw AppError.conflict("本案没有中止") }
        let d = try ctx.date(text, "date", "恢复审理日期", after: open.suspendedOn, "中止日期")
        try await change(c, action: .caseResume, ctx, on: db) { _, tx in
            open.resumedOn = d
            try await open.update(on: tx)
        }
    }

    /// 作出行政复议决定 (or 终止, 调解, 和解后撤回): the case is concluded.
    static func decide(
        _ c: ReconsiderationCase, decision: String, on text: String, note: String, selfCorrected: Bool, _ ctx: Context, on db: any Database
    ) async throws {
        let (accepted, _) = try requireAccepted(c, ctx)
        if c.suspensions.contains(where: { $0.resumedOn == nil }), decision != ReconsiderationDecision.terminated.rawValue {
            throw AppError.conflict("本案正在中止中:恢复审理后作出决定,或决定终止(第四十一条)")
        }
        var v = Validator()
        let picked = ReconsiderationDecision(rawValue: decision)
        if picked == nil { v.add("decision", "请选择决定类型") }
        v.text(note, field: "note", label: "决定要点", max: 2000, required: false)
        try v.check()
        guard let picked else { throw ValidationFailure(v.errors) }
        if selfCorrected, ![.mediated, .settledWithdrawn, .terminated].contains(picked) {
            throw ValidationFailure([FieldError("selfCorrected", "“被申请人自行纠正”只用于调解、和解后撤回或终止的案件")])
        }
        let d = try ctx.date(text, "date", "决定日期", after: accepted, "受理日期")
        if let last = c.suspensions.compactMap(\.resumedOn).max(), d < last {
            throw ValidationFailure([FieldError("date", "决定日期不能早于恢复审理日期 \(last)")])
        }
        try await change(c, action: .caseDecide, ctx, on: db) { c, _ in
            c.decision = picked
            c.closedOn = d
            c.selfCorrected = selfCorrected
            c.decisionNote = note.trimmed.isEmpty ? nil : note.trimmed
        }
    }

    /// 公开 the decision (personal data masked in what is published).
    static func publish(_ c: ReconsiderationCase, on text: String, _ ctx: Context, on db: any Database) async throws {
        guard let closed = c.closedOn, c.decision != nil else { throw AppError.conflict("作出决定后才能公开决定书") }
        if let on = c.publishedOn { throw AppError.conflict("已于 \(on) 公开") }
        let d = try ctx.date(text, "date", "公开日期", after: closed, "决定日期")
        try await change(c, action: .casePublish, ctx, allowClosed: true, on: db) { c, _ in c.publishedOn = d }
    }

    /// 行政复议意见书 (第七十六条): to the respondent, which reports its correction within 60 days.
    static func opinion(_ c: ReconsiderationCase, on text: String, content: String, _ ctx: Context, on db: any Database) async throws {
        let (accepted, _) = try requireAccepted(c, ctx)
        if let on = c.opinionOn { throw AppError.conflict("已于 \(on) 制发行政复议意见书") }
        var v = Validator()
        v.text(content, field: "content", label: "意见书内容(发现的违法或者不当情形和纠正意见)", max: 2000)
        try v.check()
        let d = try ctx.date(text, "date", "意见书送达日期", after: accepted, "受理日期")
        try await change(c, action: .caseOpinion, ctx, allowClosed: true, on: db) { c, _ in
            c.opinionOn = d
            c.opinionText = content.trimmed
        }
    }

    /// The unit reports its correction under the 意见书.
    static func opinionReplied(_ c: ReconsiderationCase, on text: String, _ ctx: Context, on db: any Database) async throws {
        guard let sent = c.opinionOn else { throw AppError.conflict("本案没有制发行政复议意见书") }
        if let on = c.opinionRepliedOn { throw AppError.conflict("已于 \(on) 报送纠正情况") }
        let d = try ctx.date(text, "date", "报送纠正情况日期", after: sent, "意见书送达日期")
        try await change(c, action: .caseOpinionReply, ctx, allowClosed: true, on: db) { c, _ in c.opinionRepliedOn = d }
    }

    /// 待办 the register's open work, in one query (the home page asks on every visit): for a unit its
    /// answers due and overdue, correction reports overdue, lawsuits' answers overdue and hearings
    /// without a named head; for the office also the organ's overdue steps.
    struct Workload {
        var casesOpen = 0, answersOverdue = 0, answersOpen = 0, organOverdue = 0, opinionsOverdue = 0
        var suitsOpen = 0, suitAnswersOverdue = 0, hearingsWithoutHead = 0, suggestionsOpen = 0
    }

    static func workload(scope: RowScope, today: LocalDate, on db: any Database) async throws -> Workload {
        let t = today.description
        let rc = scope.unitCondition("unit_id") ?? "1 = 1"
        let ls = scope.unitCondition("l.unit_id") ?? "1 = 1"
        let query: SQLQueryString = """
            SELECT
              (SELECT COUNT(*) FROM reconsideration_cases WHERE \(rc) AND closed_on IS NULL) AS cases_open,
              (SELECT COUNT(*) FROM reconsideration_cases WHERE \(rc) AND closed_on IS NULL AND answered_on IS NULL AND answer_due_on < \(bind: t)) AS answers_overdue,
              (SELECT COUNT(*) FROM reconsideration_cases WHERE \(rc) AND closed_on IS NULL AND answered_on IS NULL AND answer_due_on IS NOT NULL) AS answers_open,
              (SELECT COUNT(*) FROM reconsideration_cases WHERE \(rc) AND closed_on IS NULL AND organ_due_on < \(bind: t)) AS organ_overdue,
              (SELECT COUNT(*) FROM reconsideration_cases WHERE \(rc) AND opinion_replied_on IS NULL AND opinion_reply_due_on < \(bind: t)) AS opinions_overdue,
              (SELECT COUNT(*) FROM lawsuit_cases l WHERE \(ls) AND l.closed_on IS NULL) AS suits_open,
              (SELECT COUNT(*) FROM lawsuit_cases l WHERE \(ls) AND l.suggestion_on IS NOT NULL AND l.suggestion_replied_on IS NULL) AS suggestions_open,
              (SELECT COUNT(*) FROM lawsuit_cases l WHERE \(ls) AND l.closed_on IS NULL AND l.answered_on IS NULL AND l.answer_due_on < \(bind: t)) AS suit_answers_overdue,
              (SELECT COUNT(DISTINCT h.lawsuit_id) FROM lawsuit_hearings h JOIN lawsuit_cases l ON l.id = h.lawsuit_id
                 WHERE \(ls) AND h.appearance IS NULL AND h.head_name = '' AND h.hearing_on >= \(bind: t)) AS hearings_without_head
            """
        guard let row = try await db.sql().raw(query).first() else { return Workload() }
        func n(_ column: String) throws -> Int { Int(try row.decode(column: column, as: Int64.self)) }
        return Workload(
            casesOpen: try n("cases_open"), answersOverdue: try n("answers_overdue"), answersOpen: try n("answers_open"),
            organOverdue: try n("organ_overdue"),
            opinionsOverdue: try n("opinions_overdue"), suitsOpen: try n("suits_open"),
            suitAnswersOverdue: try n("suit_answers_overdue"), hearingsWithoutHead: try n("hearings_without_head"),
            suggestionsOpen: try n("suggestions_open"))
    }
}
