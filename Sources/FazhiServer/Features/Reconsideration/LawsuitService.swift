import FazhiCore
import Fluent
import Vapor

/// 行政应诉: a unit's lawsuits, from the complaint's copy to the final judgment. The defendant unit
/// (and the office) records each step; every write is checked, audited in its transaction.
enum LawsuitService {
    typealias Context = StepContext

    static func find(_ id: UUID?, on db: any Database) async throws -> LawsuitCase {
        guard let id,
            let c = try await LawsuitCase.query(on: db).filter(\.$id == id).with(\.$unit).with(\.$hearings).with(\.$reconsideration).first()
        else {
            throw AppError.notFound("行政应诉案件")
        }
        return c
    }

    static func clock(_ c: LawsuitCase, today: LocalDate, engine: DeadlineEngine, rules: DeadlineCatalogue) throws -> LitigationClock {
        try LitigationClock.compute(
            complaintReceivedOn: c.complaintReceivedOn, answeredOn: c.answeredOn, firstInstanceServedOn: c.firstServedOn,
            isRuling: c.firstOutcome.map { !$0.isJudgment } ?? false, today: today, engine: engine, rules: rules)
    }

    static func refreshDue(_ c: LawsuitCase, today: LocalDate, engine: DeadlineEngine, rules: DeadlineCatalogue) {
        let clock = try? clock(c, today: today, engine: engine, rules: rules)
        // Once the court has decided, an answer never filed is history, not a due step.
        c.answerDueOn = c.answeredOn == nil && c.closedOn == nil && c.firstOutcome == nil ? clock?.answerBy : nil
    }

    static func snapshot(_ c: LawsuitCase) -> [String: String] {
        var s = [
            "number": c.number, "unit": c.$unit.id.uuidString, "court": c.court, "category": c.category.rawValue,
            "coDefendant": c.coDefendant ? "是" : "否", "complaintReceivedOn": c.complaintReceivedOn.description,
        ]
        let dates: [(String, LocalDate?)] = [
            ("answeredOn", c.answeredOn), ("answerDue", c.answerDueOn), ("firstServedOn", c.firstServedOn), ("appealFiledOn", c.appealFiledOn),
            ("secondServedOn", c.secondServedOn), ("suggestionOn", c.suggestionOn), ("suggestionRepliedOn", c.suggestionRepliedOn),
            ("closedOn", c.closedOn),
        ]
        for (key, date) in dates { s[key] = date?.description }
        s["firstOutcome"] = c.firstOutcome?.rawValue
        s["appealedBy"] = c.appealedBy
        s["secondOutcome"] = c.secondOutcome
        if let hearings = c.$hearings.value, !hearings.isEmpty {
            s["hearings"] = hearings.sorted { $0.hearingOn < $1.hearingOn }
                .map { "\($0.instance)|\($0.hearingOn)|\($0.appearance?.rawValue ?? "")|\($0.excuse?.rawValue ?? "")" }.joined(separator: ";")
        }
        return s
    }

    /// 收到起诉状副本: registered by the defendant unit or the office; the 15-day answer starts.
    /// `reconsiderationNumber`: the 行政复议 case the suit follows (复议后起诉), by its number; it must be
    /// a decided case against the same unit.
    static func register(
        _ input: LawsuitInput, reconsiderationNumber: String, _ ctx: Context, allowedUnit: (UUID) -> Bool, on db: any Database
    ) async throws -> LawsuitCase {
        let checked = try input.check(today: ctx.today, calendar: ctx.engine.calendar)
        guard let unit = try await OrgNode.unit(code: checked.unitCode, in: ctx.actor.units, on: db) else {
            throw ValidationFailure([FieldError("unit", "请选择被告单位(本区的部门或办事处)")])
        }
        let unitID = try unit.requireID()
        guard allowedUnit(unitID) else { throw AppError.forbidden }
        var reconsideration: UUID?
        let wanted = reconsiderationNumber.trimmingCharacters(in: .whitespaces)
        if !wanted.isEmpty {
            guard let before = try await ReconsiderationCase.query(on: db).filter(\.$number == wanted).first(), before.$unit.id == unitID,
                before.decision != nil
            else {
                throw ValidationFailure([FieldError("reconsideration", "行政复议案号“\(String(wanted.prefix(40)))”不是本单位已作出决定的复议案件")])
            }
            reconsideration = try before.requireID()
        }
        if try await LawsuitCase.query(on: db).filter(\.$number == checked.number).count() > 0 {
            throw ValidationFailure([FieldError("number", "案号“\(checked.number)”已经登记过")])
        }
        let c = LawsuitCase()
        c.number = checked.number
        c.$unit.id = unitID
        c.$unit.value = unit
        c.coDefendant = input.coDefendant
        c.$reconsideration.id = reconsideration
        c.plaintiffType = checked.plaintiffType
        c.plaintiffName = checked.plaintiff
        c.category = checked.category
        c.act = checked.act
        c.court = checked.court
        c.complaintReceivedOn = checked.complaintReceivedOn
        c.source = "register"
        c.createdBy = ctx.actor.name
        c.version = 1
        c.$hearings.value = []
        refreshDue(c, today: ctx.today, engine: ctx.engine, rules: ctx.rules)
        try await db.writeTransaction { tx in
            try await c.create(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .create, entityType: .lawsuitCase, entityID: c.number, after: snapshot(c), at: ctx.now)
        }
        return c
    }

    private static func change(
        _ c: LawsuitCase, action: AuditAction, _ ctx: Context, allowClosed: Bool = false, on db: any Database,
        _ body: @escaping @Sendable (LawsuitCase, any Database) async throws -> Void
    ) async throws {
        if !allowClosed, let closed = c.closedOn { throw AppError.conflict("案件 \(c.number) 已于 \(closed) 结案") }
        let before = snapshot(c)
        try await db.writeTransaction { tx in
            try await VersionClaim.claim(table: LawsuitCase.schema, id: try c.requireID(), version: c.version, on: tx)
            try await body(c, tx)
            try await c.$hearings.load(on: tx)
            refreshDue(c, today: ctx.today, engine: ctx.engine, rules: ctx.rules)
            c.version += 1
            try await c.update(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: action, entityType: .lawsuitCase, entityID: c.number, before: before, after: snapshot(c),
                at: ctx.now)
        }
    }

    /// 提交答辩状和证据 (第六十七条第一款).
    static func answered(_ c: LawsuitCase, on text: String, _ ctx: Context, on db: any Database) async throws {
        if let on = c.answeredOn { throw AppError.conflict("已于 \(on) 提交答辩状") }
        let d = try ctx.date(text, "date", "提交答辩状日期", after: c.complaintReceivedOn, "收到起诉状副本日期")
        try await change(c, action: .lawsuitAnswer, ctx, on: db) { c, _ in c.answeredOn = d }
    }

    /// 开庭通知: the hearing, the day the notice arrived and the head who is to appear. A future date
    /// is allowed here (it is the court's date); the notice's own date is not after today.
    static func addHearing(
        _ c: LawsuitCase, instance: String, hearingOn: String, noticeOn: String, headName: String, _ ctx: Context, on db: any Database
    ) async throws {
        var v = Validator()
        let level = Int(instance.trimmed).flatMap { [1, 2].contains($0) ? $0 : nil }
        if level == nil { v.add("instance", "审级应为一审或二审") }
        let hearing = v.date(hearingOn, field: "hearingOn", label: "开庭日期")
        v.text(headName, field: "headName", label: "拟出庭负责人", max: 50, required: false)
        try v.check()
        guard let level, let hearing else { throw ValidationFailure(v.errors) }
        if hearing < c.complaintReceivedOn { throw ValidationFailure([FieldError("hearingOn", "开庭日期不能早于收到起诉状副本日期 \(c.complaintReceivedOn)")]) }
        if level == 2, c.appealFiledOn == nil { throw ValidationFailure([FieldError("instance", "尚未登记上诉,不能登记二审开庭")]) }
        let notice = noticeOn.trimmed.isEmpty ? nil : try ctx.date(noticeOn, "noticeOn", "收到出庭通知日期", after: c.complaintReceivedOn, "收到起诉状副本日期")
        if let notice, notice > hearing { throw ValidationFailure([FieldError("noticeOn", "收到出庭通知日期不能晚于开庭日期")]) }
        let id = try c.requireID()
        try await change(c, action: .lawsuitHearing, ctx, on: db) { _, tx in
            let h = CourtHearingRecord()
            h.$lawsuit.id = id
            h.instance = level
            h.hearingOn = hearing
            h.noticeReceivedOn = notice
            h.headName = headName.trimmed
            try await h.create(on: tx)
        }
    }

    /// 出庭情况 after the hearing: a head (正职/副职/分管) appeared, or a valid excuse with its ground
    /// (规定第八条、第九条), or only staff.
    static func recordAppearance(
        _ c: LawsuitCase, hearing id: UUID?, appearance: String, headName: String, excuse: String, note: String, _ ctx: Context,
        on db: any Database
    ) async throws {
        guard let h = c.hearings.first(where: { $0.id == id }) else { throw AppError.notFound("开庭记录") }
        if h.appearance != nil { throw AppError.conflict("已记录 \(h.hearingOn) 开庭的出庭情况") }
        if h.hearingOn > ctx.today { throw AppError.conflict("开庭日期 \(h.hearingOn) 尚未到,开庭后再记录出庭情况") }
        var v = Validator()
        let a = CourtAppearance(rawValue: appearance)
        if a == nil { v.add("appearance", "请选择出庭情况") }
        let e = excuse.isEmpty ? nil : AppearanceExcuse(rawValue: excuse)
        if !excuse.isEmpty, e == nil { v.add("excuse", "未出庭理由无法识别") }
        v.text(headName, field: "headName", label: "出庭负责人姓名职务", max: 50, required: a?.isHead == true)
        v.text(note, field: "note", label: "理由说明和证明材料", max: 500, required: a == .excused)
        try v.check()
        guard let a else { throw ValidationFailure(v.errors) }
        if let problem = CourtHearing(hearingOn: h.hearingOn, noticeReceivedOn: h.noticeReceivedOn, appearance: a, excuse: e).problem {
            throw ValidationFailure([FieldError("excuse", problem)])
        }
        try await change(c, action: .lawsuitAppearance, ctx, on: db) { _, tx in
            h.appearance = a
            h.excuse = e
            if !headName.trimmed.isEmpty { h.headName = headName.trimmed }
            h.excuseNote = note.trimmed.isEmpty ? nil : note.trimmed
            try await h.update(on: tx)
        }
    }

    /// 一审裁判 served on the defendant: the appeal window (15 days, a ruling 10) starts.
    static func judgment(_ c: LawsuitCase, outcome: String, servedOn: String, _ ctx: Context, on db: any Database) async throws {
        if let o = c.firstOutcome { throw AppError.conflict("已记录一审裁判:\(o.label)") }
        guard let picked = JudgmentOutcome(rawValue: outcome) else { throw ValidationFailure([FieldError("outcome", "请选择一审裁判结果")]) }
        let d = try ctx.date(servedOn, "date", "裁判文书送达日期", after: c.complaintReceivedOn, "收到起诉状副本日期")
        try await change(c, action: .lawsuitJudgment, ctx, on: db) { c, _ in
            c.firstOutcome = picked
            c.firstServedOn = d
            if picked == .withdrawn { c.closedOn = d }
        }
    }

    /// 上诉: by either party within the window (第八十五条); none filed by its end, the judgment is final.
    static func appeal(_ c: LawsuitCase, by: String, filedOn: String, _ ctx: Context, on db: any Database) async throws {
        guard let served = c.firstServedOn, c.firstOutcome != nil else { throw AppError.conflict("尚未记录一审裁判") }
        if c.appealFiledOn != nil { throw AppError.conflict("已登记上诉") }
        guard ["plaintiff", "defendant"].contains(by) else { throw ValidationFailure([FieldError("by", "请选择上诉人")]) }
        let d = try ctx.date(filedOn, "date", "上诉日期", after: served, "一审送达日期")
        if by == "defendant", let limit = try? clock(c, today: ctx.today, engine: ctx.engine, rules: ctx.rules).appealBy, d > limit {
            throw ValidationFailure([FieldError("date", "上诉期限为 \(limit)(《行政诉讼法》第八十五条),已经届满")])
        }
        try await change(c, action: .lawsuitAppeal, ctx, on: db) { c, _ in
            c.appealedBy = by
            c.appealFiledOn = d
        }
    }

    /// 二审结果, or the first-instance judgment final without appeal: the case is closed.
    static func close(_ c: LawsuitCase, secondOutcome: String, on text: String, _ ctx: Context, on db: any Database) async throws {
        guard let served = c.firstServedOn, c.firstOutcome != nil else { throw AppError.conflict("尚未记录一审裁判") }
        if c.appealFiledOn != nil {
            guard let second = SecondInstanceOutcome(rawValue: secondOutcome) else {
                throw ValidationFailure([FieldError("secondOutcome", "请选择二审结果")])
            }
            let d = try ctx.date(text, "date", "二审裁判送达日期", after: c.appealFiledOn, "上诉日期")
            try await change(c, action: .lawsuitSecond, ctx, on: db) { c, _ in
                c.secondOutcome = second.rawValue
                c.secondServedOn = d
                c.closedOn = d
            }
        } else {
            let limit = try? clock(c, today: ctx.today, engine: ctx.engine, rules: ctx.rules).appealBy
            if let limit, ctx.today <= limit { throw AppError.conflict("上诉期限 \(limit) 尚未届满,届满后未上诉的再结案") }
            let d = try ctx.date(text, "date", "结案日期", after: served, "一审送达日期")
            try await change(c, action: .close, ctx, on: db) { c, _ in c.closedOn = d }
        }
    }

    /// 司法建议 received, with the reply date the court set.
    static func suggestion(_ c: LawsuitCase, on text: String, content: String, replyBy: String, _ ctx: Context, on db: any Database) async throws {
        if let on = c.suggestionOn { throw AppError.conflict("已于 \(on) 登记司法建议") }
        var v = Validator()
        v.text(content, field: "content", label: "司法建议内容", max: 2000)
        let due = v.date(replyBy, field: "replyBy", label: "法院要求的回复期限")
        try v.check()
        let d = try ctx.date(text, "date", "收到司法建议日期", after: c.complaintReceivedOn, "收到起诉状副本日期")
        guard let due, due > d else { throw ValidationFailure([FieldError("replyBy", "回复期限应在收到日期之后")]) }
        try await change(c, action: .lawsuitSuggestion, ctx, allowClosed: true, on: db) { c, _ in
            c.suggestionOn = d
            c.suggestionText = content.trimmed
            c.suggestionReplyDueOn = due
        }
    }

    static func suggestionReplied(_ c: LawsuitCase, on text: String, _ ctx: Context, on db: any Database) async throws {
        guard let received = c.suggestionOn else { throw AppError.conflict("本案没有司法建议") }
        if let on = c.suggestionRepliedOn { throw AppError.conflict("已于 \(on) 回复") }
        let d = try ctx.date(text, "date", "回复日期", after: received, "收到司法建议日期")
        try await change(c, action: .lawsuitSuggestionReply, ctx, allowClosed: true, on: db) { c, _ in c.suggestionRepliedOn = d }
    }
}
