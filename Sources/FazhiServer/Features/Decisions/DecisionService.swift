import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 重大行政决策: the register's writes. Each step checks its input and the decision's state, writes
/// inside one transaction that first claims the version the page was read at, and is audited there.
/// Adoption is refused while any of the five gates is open, naming each.
enum DecisionService {
    typealias Context = StepContext

    static func find(_ id: UUID?, on db: any Database) async throws -> MajorDecision {
        guard let id, let d = try await MajorDecision.query(on: db).filter(\.$id == id).with(\.$leadUnit).with(\.$item).first() else {
            throw AppError.notFound("重大行政决策")
        }
        return d
    }

    /// The counts the gates read besides the decision's own fields, in two small queries.
    static func facts(_ d: MajorDecision, on db: any Database) async throws -> DecisionFacts {
        let id = try d.requireID()
        let experts = try await DecisionExpertOpinion.query(on: db).filter(\.$decision.$id == id).count()
        let meeting = try await DecisionMeetingOpinion.query(on: db).filter(\.$decision.$id == id).all()
        return d.facts(signedExpertOpinions: experts, meeting: meeting)
    }

    static func gates(_ d: MajorDecision, _ ctx: Context, on db: any Database) async throws -> [(DecisionProcedure, GateState)] {
        try gates(try await facts(d, on: db), ctx)
    }

    /// The gates from facts already gathered (the decision page has the opinions loaded).
    static func gates(_ facts: DecisionFacts, _ ctx: Context) throws -> [(DecisionProcedure, GateState)] {
        do {
            return try DecisionGates.states(facts, today: ctx.today, engine: ctx.engine, rules: ctx.rules)
        } catch let e as DeadlineError { throw AppError.conflict("无法计算决策程序期限:\(e.description)") }
    }

    static func nextNumber(year: Int, on db: any Database) async throws -> String {
        let prefix = "JC-\(year)-"
        let last = try await MajorDecision.query(on: db).filter(\.$number =~ prefix).sort(\.$number, .descending).first()
        let floor = last.flatMap { Int($0.number.dropFirst(prefix.count)) } ?? 0
        return prefix + String(format: "%03d", try await NumberSequence.next("decision/\(year)", floor: floor, on: db))
    }

    // MARK: starting

    struct StartInput {
        var title = "", category = "", item = "", draft = "", startedOn = ""
    }

    /// 启动 a decision for a lead unit (第十条、第十一条), from a catalogue item or on its own.
    static func start(_ input: StartInput, unit: OrgNode, _ ctx: Context, once: String?, on db: any Database) async throws -> MajorDecision {
        let unitID = try unit.requireID()
        var v = Validator()
        v.text(input.title, field: "title", label: "决策事项名称", max: 200)
        v.text(input.draft, field: "draft", label: "决策草案及说明", max: 20000)
        let category = DecisionCategory(rawValue: input.category)
        if category == nil { v.add("category", "请选择决策事项类别(第三条)") }
        var started: LocalDate?
        do { started = try ctx.date(input.startedOn, "startedOn", "启动日期") } catch let f as ValidationFailure {
            f.errors.forEach { v.add($0.field, $0.message) }
        }
        var item: DecisionCatalogueItem?
        if !input.item.isEmpty {
            if let id = UUID(uuidString: input.item), let found = try await DecisionCatalogueItem.find(id, on: db), found.$leadUnit.id == unitID {
                item = found
            } else {
                v.add("item", "目录事项不存在或不由本单位承办")
            }
        }
        try v.check()
        guard let category, let started else { return MajorDecision() }
        let d = MajorDecision()
        d.number = ""
        d.year = started.year
        d.$item.id = try item?.requireID()
        d.title = input.title.trimmed
        d.category = category
        d.$leadUnit.id = unitID
        d.$leadUnit.value = unit
        d.draft = input.draft.trimmed
        d.startedOn = started
        d.createdBy = ctx.actor.name
        d.version = 1
        d.createdAt = ctx.now
        let earlier: String? = try await db.writeTransaction { tx in
            if let once, let number = try await FormOnce.claim(once, kind: "decision", on: tx, now: ctx.now) { return number }
            d.number = try await nextNumber(year: started.year, on: tx)
            try await d.create(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .create, entityType: .decision, entityID: d.number, after: snapshot(d), at: ctx.now)
            if let once { try await FormOnce.record(once, result: d.number, on: tx) }
            return nil
        }
        guard let earlier else { return d }
        guard let first = try await MajorDecision.query(on: db).filter(\.$number == earlier).first() else {
            throw AppError.conflict("表单已提交过,但未找到当时登记的决策,请刷新页面后重新填写")
        }
        return first
    }

    // MARK: steps

    /// Runs one change on the decision: claims its version, mutates, audits, in one transaction.
    private static func change(
        _ d: MajorDecision, action: AuditAction, _ ctx: Context, on db: any Database,
        _ body: @escaping @Sendable (MajorDecision, any Database) async throws -> Void
    ) async throws {
        if let archived = d.archivedOn { throw AppError.conflict("决策 \(d.number) 已于 \(archived) 归档,不能再修改") }
        let before = snapshot(d)
        try await db.writeTransaction { tx in
            try await VersionClaim.claim(table: MajorDecision.schema, id: try d.requireID(), version: d.version, on: tx)
            try await body(d, tx)
            d.version += 1
            try await d.update(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: action, entityType: .decision, entityID: d.number, before: before, after: snapshot(d), at: ctx.now)
        }
    }

    private static func requireUnadopted(_ d: MajorDecision, _ what: String) throws {
        if let on = d.adoptedOn { throw AppError.conflict("决策已于 \(on) 作出,不能再\(what)") }
    }

    private static func requireAdopted(_ d: MajorDecision) throws -> LocalDate {
        guard let on = d.adoptedOn else { throw AppError.conflict("决策尚未作出") }
        return on
    }

    private static func stepDate(_ text: String, _ field: String, _ label: String, _ ctx: Context, after: LocalDate? = nil, _ afterLabel: String = "")
        throws -> LocalDate
    {
        try ctx.date(text, field, label, after: after, afterLabel)
    }

    /// 说明程序不适用 (or withdraw the exemption with an empty reason): only where the law allows.
    static func exempt(_ d: MajorDecision, procedure raw: String, reason: String, _ ctx: Context, on db: any Database) async throws {
        try requireUnadopted(d, "调整程序")
        guard let p = DecisionProcedure(rawValue: raw) else { throw ValidationFailure([FieldError("procedure", "请选择程序")]) }
        let trimmed = reason.trimmed
        if !trimmed.isEmpty {
            if let problem = DecisionGates.exemptionProblem(p, reason: trimmed) { throw ValidationFailure([FieldError("reason", problem)]) }
            _ = try Validator.text(trimmed, field: "reason", label: "理由", max: 500)
        }
        try await change(d, action: .decisionExempt, ctx, on: db) { d, _ in d.setExemption(p, trimmed.isEmpty ? nil : trimmed) }
    }

    /// 向社会公开征求意见 (第十五条): from the day the draft is published, at least 30 days unless the
    /// shorter period's reason is stated. Opinions are taken on the public page while it runs.
    static func openComment(_ d: MajorDecision, from: String, until: String, shortReason: String, _ ctx: Context, on db: any Database) async throws {
        try requireUnadopted(d, "征求意见")
        if d.commentFrom != nil, d.openForComment(on: ctx.today) == false, let u = d.commentUntil, u < ctx.today {
            throw AppError.conflict("征求意见已于 \(u) 截止;需要再次征求意见的,请登记为座谈会等其他公众参与方式")
        }
        let start = try stepDate(from, "from", "征求意见开始日期", ctx, after: d.startedOn, "启动日期")
        let end = try ctx.plannedDate(until, "until", "征求意见截止日期", after: start, "开始日期")
        let reason = try Validator.text(shortReason, field: "shortReason", label: "缩短期限的理由", max: 500, required: false)
        let earliest: LocalDate
        do { earliest = try DecisionGates.earliestCommentEnd(from: start, engine: ctx.engine, rules: ctx.rules).due } catch let e as DeadlineError {
            throw ValidationFailure([FieldError("until", e.description)])
        }
        if end < earliest, reason == nil {
            throw ValidationFailure([FieldError("shortReason", "征求意见期限一般不少于30日(应至少到 \(earliest));缩短的,请说明理由(第十五条)")])
        }
        try await change(d, action: .decisionComment, ctx, on: db) { d, _ in
            d.commentFrom = start
            d.commentUntil = end
            d.commentShortReason = end < earliest ? reason : nil
            d.commentDays = start.days(until: end)
        }
    }

    /// 听证会 (第十六条、第十七条): the materials' delivery and the hearing's day (may be ahead).
    static func hearing(_ d: MajorDecision, noticeOn: String, hearingOn: String, _ ctx: Context, on db: any Database) async throws {
        try requireUnadopted(d, "安排听证")
        let notice = try stepDate(noticeOn, "noticeOn", "送达听证材料日期", ctx, after: d.startedOn, "启动日期")
        let day = try ctx.plannedDate(hearingOn, "hearingOn", "听证会日期", after: notice, "送达日期")
        let latest: LocalDate
        do { latest = try DecisionGates.latestHearingNotice(hearing: day, engine: ctx.engine, rules: ctx.rules).due } catch let e as DeadlineError {
            throw ValidationFailure([FieldError("hearingOn", e.description)])
        }
        if notice > latest {
            throw ValidationFailure([FieldError("noticeOn", "听证材料应当提前7日送达听证参加人(第十七条):听证会 \(day) 的材料应不晚于 \(latest) 送达;请改期")])
        }
        try await change(d, action: .decisionHearing, ctx, on: db) { d, _ in
            d.hearingNoticeOn = notice
            d.hearingOn = day
        }
    }

    /// 座谈会、实地走访、问卷调查、民意调查 (第十四条).
    static func participation(_ d: MajorDecision, on date: String, what: String, _ ctx: Context, on db: any Database) async throws {
        try requireUnadopted(d, "登记公众参与")
        let day = try stepDate(date, "date", "日期", ctx, after: d.startedOn, "启动日期")
        let note = try Validator.text(what, field: "what", label: "方式和参加对象", max: 500)
        try await change(d, action: .decisionParticipation, ctx, on: db) { d, _ in
            d.otherParticipationOn = day
            d.otherParticipation = note
        }
    }

    /// 专家论证意见 (第二十条、第二十一条): one signed opinion of an expert from the pool, who declares no
    /// direct interest in the decision.
    static func expertOpinion(
        _ d: MajorDecision, expert raw: String, signedOn: String, summary: String, noInterest: Bool, _ ctx: Context, on db: any Database
    ) async throws {
        try requireUnadopted(d, "登记专家意见")
        var v = Validator()
        var expert: DecisionExpert?
        if let id = UUID(uuidString: raw), let found = try await DecisionExpert.find(id, on: db),
            found.$district.id == (try await Districts.of(unit: d.$leadUnit.id, on: db))
        {
            expert = found
        }
        if expert == nil { v.add("expert", "请从专家库中选择专家") } else if expert?.active != true { v.add("expert", "该专家已不在专家库中") }
        if !noInterest { v.add("noInterest", "与决策事项有直接利害关系的专家不得参加论证(第二十一条);请确认专家已声明无利害关系") }
        v.text(summary, field: "summary", label: "论证意见摘要", max: 2000)
        try v.check()
        let day = try stepDate(signedOn, "signedOn", "签署日期", ctx, after: d.startedOn, "启动日期")
        guard let expert else { return }
        let decisionID = try d.requireID(), expertID = try expert.requireID()
        if try await DecisionExpertOpinion.query(on: db).filter(\.$decision.$id == decisionID).filter(\.$expert.$id == expertID).count() > 0 {
            throw ValidationFailure([FieldError("expert", "已登记 \(expert.name) 的论证意见")])
        }
        try await change(d, action: .decisionExpertOpinion, ctx, on: db) { d, tx in
            let o = DecisionExpertOpinion()
            o.$decision.id = decisionID
            o.$expert.id = expertID
            o.signedOn = day
            o.summary = summary.trimmed
            o.noInterest = true
            o.createdBy = ctx.actor.name
            try await o.create(on: tx)
        }
    }

    /// 风险评估报告 (第二十二条至第二十四条).
    static func risk(_ d: MajorDecision, on date: String, controllable: String, summary: String, _ ctx: Context, on db: any Database) async throws {
        try requireUnadopted(d, "登记风险评估")
        let day = try stepDate(date, "date", "评估报告日期", ctx, after: d.startedOn, "启动日期")
        guard controllable == "yes" || controllable == "no" else { throw ValidationFailure([FieldError("controllable", "请选择评估结论")]) }
        let note = try Validator.text(summary, field: "summary", label: "风险点、防范措施和处置预案", max: 2000)
        try await change(d, action: .decisionRisk, ctx, on: db) { d, _ in
            d.riskReportOn = day
            d.riskControllable = controllable == "yes"
            d.riskSummary = note
        }
    }

    /// 送请合法性审查 (第二十七条): again after a 不合法 opinion (the earlier opinion is cleared).
    static func legalSubmit(_ d: MajorDecision, on date: String, shortReason: String, _ ctx: Context, on db: any Database) async throws {
        try requireUnadopted(d, "送审")
        if d.legalResult?.passes == true { throw AppError.conflict("已通过合法性审查") }
        if d.legalSubmittedOn != nil, d.legalResult == nil { throw AppError.conflict("已送审,等待审查意见") }
        let day = try stepDate(date, "date", "送审日期", ctx, after: d.startedOn, "启动日期")
        let reason = try Validator.text(shortReason, field: "shortReason", label: "审查时间不足七个工作日的理由", max: 500, required: false)
        try await change(d, action: .decisionLegalSubmit, ctx, on: db) { d, _ in
            d.legalSubmittedOn = day
            d.legalShortReason = reason
            d.legalReviewedOn = nil
            d.legalResult = nil
            d.legalOpinion = nil
        }
    }

    /// 合法性审查意见 (第二十八条), by the legal office.
    static func legalReview(_ d: MajorDecision, on date: String, result raw: String, opinion: String, _ ctx: Context, on db: any Database)
        async throws
    {
        try requireUnadopted(d, "审查")
        guard let submitted = d.legalSubmittedOn, d.legalResult == nil else { throw AppError.conflict("没有待审查的送审稿") }
        let day = try stepDate(date, "date", "审查意见日期", ctx, after: submitted, "送审日期")
        guard let result = LegalityResult(rawValue: raw) else { throw ValidationFailure([FieldError("result", "请选择审查结论")]) }
        let text = try Validator.text(opinion, field: "opinion", label: "审查意见", max: 5000)
        try await change(d, action: .decisionLegalReview, ctx, on: db) { d, _ in
            d.legalReviewedOn = day
            d.legalResult = result
            d.legalOpinion = text
        }
    }

    /// 安排会议 / 记录会议 (第三十条): the meeting's kind and day (may be set ahead), and once held its
    /// minutes' reference, the head's conclusion and, where it goes against the majority, the reason given.
    static func meeting(
        _ d: MajorDecision, kind raw: String, on date: String, ref: String, conclusion: String, contrary: String, _ ctx: Context, on db: any Database
    ) async throws {
        try requireUnadopted(d, "修改会议记录")
        guard let kind = DecisionMeetingKind(rawValue: raw) else { throw ValidationFailure([FieldError("kind", "请选择会议类型")]) }
        let day = try ctx.plannedDate(date, "meetingOn", "会议日期", after: d.startedOn, "启动日期")
        let held = day <= ctx.today
        let minutes = try Validator.text(ref, field: "ref", label: "会议纪要编号", max: 100, required: false)
        let head = try Validator.text(conclusion, field: "conclusion", label: "行政首长的决定", max: 2000, required: false)
        let reason = try Validator.text(contrary, field: "contrary", label: "与多数意见不一致的理由", max: 2000, required: false)
        if !held, head != nil { throw ValidationFailure([FieldError("conclusion", "会议尚未举行,不能记录决定")]) }
        if d.legalResult?.passes != true {
            throw ValidationFailure([FieldError("meetingOn", "未经合法性审查或经审查不合法的,不得提交讨论(第二十六条)")])
        }
        try await change(d, action: .decisionMeeting, ctx, on: db) { d, _ in
            d.meetingKind = kind
            d.meetingOn = day
            d.meetingRef = minutes
            d.headConclusion = head
            d.contraryReason = reason
        }
    }

    /// One participant's position (第三十条: 不同意见应当载明).
    static func meetingOpinion(_ d: MajorDecision, participant: String, position raw: String, remark: String, _ ctx: Context, on db: any Database)
        async throws
    {
        try requireUnadopted(d, "记录会议意见")
        guard let meeting = d.meetingOn, meeting <= ctx.today else { throw AppError.conflict("会议尚未举行") }
        var v = Validator()
        v.text(participant, field: "participant", label: "姓名(职务)", max: 50)
        v.text(remark, field: "remark", label: "发言要点", max: 1000, required: raw != MeetingPosition.agree.rawValue)
        let position = MeetingPosition(rawValue: raw)
        if position == nil { v.add("position", "请选择意见") }
        try v.check()
        guard let position else { return }
        let id = try d.requireID()
        try await change(d, action: .decisionMeetingOpinion, ctx, on: db) { _, tx in
            let sort = try await DecisionMeetingOpinion.query(on: tx).filter(\.$decision.$id == id).count()
            let o = DecisionMeetingOpinion()
            o.$decision.id = id
            o.participant = participant.trimmed
            o.position = position
            o.remark = remark.trimmed
            o.sort = sort + 1
            try await o.create(on: tx)
        }
    }

    /// 作出决策: only with every gate done or lawfully exempted; the refusal names each open gate.
    static func adopt(_ d: MajorDecision, on date: String, _ ctx: Context, on db: any Database) async throws {
        try requireUnadopted(d, "重复作出")
        let day = try stepDate(date, "date", "决策日期", ctx, after: d.meetingOn ?? d.startedOn, d.meetingOn == nil ? "启动日期" : "会议日期")
        let open = try await gates(d, ctx, on: db).compactMap { p, s -> String? in
            if case .open(let why) = s { return "\(p.label):\(why)" }
            return nil
        }
        if !open.isEmpty { throw ValidationFailure(open.map { FieldError("date", $0) }) }
        try await change(d, action: .decisionAdopt, ctx, on: db) { d, _ in d.adoptedOn = day }
    }

    /// 向同级党委请示报告 (第三十一条).
    static func partyReport(_ d: MajorDecision, on date: String, _ ctx: Context, on db: any Database) async throws {
        let adopted = try requireAdopted(d)
        let day = try stepDate(date, "date", "请示报告日期", ctx, after: d.meetingOn ?? adopted, "会议日期")
        try await change(d, action: .decisionPartyReport, ctx, on: db) { d, _ in d.partyReportOn = day }
    }

    /// 公布 (第三十二条) with the note on how public and expert opinions were used.
    static func publish(_ d: MajorDecision, on date: String, ref: String, note: String, _ ctx: Context, on db: any Database) async throws {
        let adopted = try requireAdopted(d)
        if d.partyReportOn == nil { throw ValidationFailure([FieldError("date", "决策出台前应当向同级党委请示报告(第三十一条),请先登记")]) }
        let day = try stepDate(date, "date", "公布日期", ctx, after: adopted, "决策日期")
        let where_ = try Validator.text(ref, field: "ref", label: "公布载体(政府网站、公报等)和文号", max: 200)
        let how = try Validator.text(note, field: "note", label: "公众意见、专家论证意见的研究采纳情况", max: 5000)
        try await change(d, action: .decisionPublish, ctx, on: db) { d, _ in
            d.publishedOn = day
            d.publishRef = where_
            d.opinionUseNote = how
        }
    }

    /// 归类并答复 several public opinions at once: a theme, the answer and its reason.
    static func answerOpinions(
        _ d: MajorDecision, ids raw: [String], theme: String, response: String, reason: String, _ ctx: Context, on db: any Database
    )
        async throws
    {
        guard let until = d.commentUntil, until < ctx.today else { throw AppError.conflict("征求意见截止后才能答复") }
        if d.feedbackOn != nil { throw AppError.conflict("反馈情况已公布,不能再修改") }
        var v = Validator()
        let ids = raw.compactMap { UUID(uuidString: $0) }
        if ids.isEmpty || ids.count != raw.filter({ !$0.isEmpty }).count { v.add("opinions", "请勾选要答复的意见") }
        v.text(theme, field: "theme", label: "意见归类", max: 100)
        let answer = OpinionResponse(rawValue: response)
        if answer == nil { v.add("response", "请选择采纳情况") }
        v.text(reason, field: "reason", label: "理由", max: 1000, required: answer != .adopted)
        try v.check()
        guard let answer else { return }
        let decisionID = try d.requireID()
        let found = try await ConsultationOpinion.query(on: db).filter(\.$id ~~ ids).filter(\.$decision.$id == decisionID).count()
        if found != Set(ids).count { throw ValidationFailure([FieldError("opinions", "所选意见不属于本决策")]) }
        try await change(d, action: .opinionAnswer, ctx, on: db) { _, tx in
            try await ConsultationOpinion.query(on: tx).filter(\.$id ~~ ids).filter(\.$decision.$id == decisionID)
                .set(\.$theme, to: theme.trimmed).set(\.$response, to: answer).set(\.$reason, to: reason.trimmed).update()
        }
    }

    /// 公布意见反馈: every opinion answered, then the submitters may look up theirs.
    static func publishFeedback(_ d: MajorDecision, on date: String, _ ctx: Context, on db: any Database) async throws {
        guard let until = d.commentUntil else { throw AppError.conflict("没有公开征求意见") }
        if d.feedbackOn != nil { throw AppError.conflict("反馈情况已公布") }
        let day = try stepDate(date, "date", "公布日期", ctx, after: until, "征求意见截止日期")
        let unanswered = try await ConsultationOpinion.query(on: db).filter(\.$decision.$id == d.requireID()).filter(\.$response == nil).count()
        if unanswered > 0 { throw ValidationFailure([FieldError("date", "还有 \(unanswered) 条意见未归类答复")]) }
        try await change(d, action: .decisionFeedback, ctx, on: db) { d, _ in d.feedbackOn = day }
    }

    /// 执行情况报告 (第三十四条).
    static func execution(_ d: MajorDecision, on date: String, summary: String, _ ctx: Context, on db: any Database) async throws {
        let adopted = try requireAdopted(d)
        let day = try stepDate(date, "date", "报告日期", ctx, after: adopted, "决策日期")
        let text = try Validator.text(summary, field: "summary", label: "执行情况", max: 5000)
        let id = try d.requireID()
        try await change(d, action: .decisionExecution, ctx, on: db) { _, tx in
            let r = DecisionExecutionReport()
            r.$decision.id = id
            r.reportedOn = day
            r.summary = text ?? ""
            r.createdBy = ctx.actor.name
            try await r.create(on: tx)
        }
    }

    /// 决策后评估 (第三十六条): not by the unit that did the main pre-decision assessment.
    static func evaluate(_ d: MajorDecision, on date: String, evaluator: String, summary: String, _ ctx: Context, on db: any Database) async throws {
        let adopted = try requireAdopted(d)
        let day = try stepDate(date, "date", "评估日期", ctx, after: adopted, "决策日期")
        let who = try Validator.text(evaluator, field: "evaluator", label: "评估机构", max: 100)
        if who == d.leadUnit.name {
            throw ValidationFailure([FieldError("evaluator", "承担主要论证评估工作的单位不得作为后评估的第三方(第三十六条)")])
        }
        let text = try Validator.text(summary, field: "summary", label: "评估结论", max: 5000)
        try await change(d, action: .decisionEvaluate, ctx, on: db) { d, _ in
            d.evaluatedOn = day
            d.evaluator = who
            d.evaluation = text
        }
    }

    /// The documents the file still lacks (第三十三条), by one grouped count of the decision's files.
    static func missingDocuments(_ d: MajorDecision, on db: any Database) async throws -> [DecisionDocument] {
        let rows = try await db.sql().raw(
            "SELECT DISTINCT owner_type FROM attachments WHERE owner_id = \(bind: try d.requireID())"
        ).all()
        return missing(d, present: Set(try rows.map { try $0.decode(column: "owner_type", as: String.self) }))
    }

    /// The documents the decision's procedures require (`DecisionDocument.required`).
    static func requiredDocuments(_ d: MajorDecision) -> [DecisionDocument] {
        DecisionDocument.required(exempted: Set(d.exempted.keys), published: d.publishedOn != nil, evaluated: d.evaluatedOn != nil)
    }

    /// Of them, those without a file among `present` (attachment owner codes).
    static func missing(_ d: MajorDecision, present: Set<String>) -> [DecisionDocument] {
        requiredDocuments(d).filter { !present.contains(AttachmentOwner.decision($0).code) }
    }

    /// 归档 (第三十三条): only a complete file, after publication.
    static func archive(_ d: MajorDecision, on date: String, _ ctx: Context, on db: any Database) async throws {
        let adopted = try requireAdopted(d)
        guard d.publishedOn != nil else { throw AppError.conflict("决策公布后归档") }
        let day = try stepDate(date, "date", "归档日期", ctx, after: adopted, "决策日期")
        let missing = try await missingDocuments(d, on: db)
        if !missing.isEmpty { throw ValidationFailure([FieldError("date", "案卷不完整,缺少:" + missing.map(\.label).joined(separator: "、"))]) }
        try await change(d, action: .decisionArchive, ctx, on: db) { d, _ in d.archivedOn = day }
    }

    /// One document of the decision's file.
    static func addFile(_ d: MajorDecision, document raw: String, file: AttachmentService.Stored?, _ ctx: Context, on db: any Database) async throws {
        guard let document = DecisionDocument(rawValue: raw) else { throw ValidationFailure([FieldError("document", "请选择材料类别")]) }
        guard let file else { throw ValidationFailure([FieldError("file", "请选择要上传的文件")]) }
        let id = try d.requireID()
        try await change(d, action: .decisionFile, ctx, on: db) { _, tx in
            try await AttachmentService.attach(file, to: .decision(document), id: id, by: ctx.actor.name, at: ctx.now, on: tx)
        }
    }

    static func snapshot(_ d: MajorDecision) -> [String: String] {
        func t(_ x: LocalDate?) -> String { x?.description ?? "" }
        return [
            "number": d.number, "title": d.title, "category": d.category.rawValue, "startedOn": t(d.startedOn),
            "exempt": d.exempted.keys.map(\.rawValue).sorted().joined(separator: ","), "comment": "\(t(d.commentFrom))~\(t(d.commentUntil))",
            "hearing": t(d.hearingOn), "risk": t(d.riskReportOn), "legalSubmitted": t(d.legalSubmittedOn),
            "legalResult": d.legalResult?.rawValue ?? "", "meeting": t(d.meetingOn), "adopted": t(d.adoptedOn), "published": t(d.publishedOn),
            "feedback": t(d.feedbackOn), "evaluated": t(d.evaluatedOn), "archived": t(d.archivedOn),
        ]
    }
}
