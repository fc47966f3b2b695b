import FazhiCore
import Fluent
import FluentSQL
import Vapor

extension OversightSettings: RegisterSettingsFile {}

/// The settings in force (`Resources/Registers/oversight.json`), read once at start-up.
enum OversightConfig {
    static let settings = RegisterSettings<OversightSettings>(file: "oversight.json", label: "行政监督设置文件")
    static var active: OversightSettings { settings.active }
}

/// 督办件: every write checked, in one transaction that claims the version the page was read at,
/// audited there. `due_on` always holds the clock that runs now, so the scan reads it in SQL.
enum OversightService {
    typealias Context = StepContext

    static func find(_ id: UUID?, on db: any Database) async throws -> OversightItem {
        guard let id, let item = try await OversightItem.query(on: db).filter(\.$id == id).with(\.$unit).first() else {
            throw AppError.notFound("督办件")
        }
        return item
    }

    static func coUnits(of id: UUID, on db: any Database) async throws -> [OrgNode] {
        try await OversightCoUnit.query(on: db).filter(\.$item.$id == id).with(\.$unit).all().map(\.unit).sorted { $0.sort < $1.sort }
    }

    static func snapshot(_ i: OversightItem) -> [String: String] {
        [
            "channel": i.channel.rawValue, "refNo": i.refNo, "title": i.title, "assigned": i.assignedOn.description,
            "due": i.dueOn?.description ?? "", "round": String(i.round), "satisfaction": i.satisfaction?.rawValue ?? "",
            "closed": i.closedOn?.description ?? "",
        ]
    }

    struct NewItem: Sendable {
        var channel = "", refNo = "", title = "", summary = "", submitter = "", assignedOn = "", complex = false, auditDue = ""
        var coUnits: [String] = []
    }

    private static func deadline(_ body: () throws -> DeadlineEngine.Result, field: String) throws -> LocalDate {
        do { return try body().due } catch let e as DeadlineError { throw ValidationFailure([FieldError(field, e.description)]) }
    }

    /// The item's first clock: a petition's 登记告知 (15 日) until it is accepted; otherwise the reply
    /// (or, for audit, the rectification) due date.
    static func startClock(_ item: OversightItem, _ ctx: Context) throws {
        if item.channel == .petition {
            item.registerDueOn = try deadline(
                { try OversightClock.petitionRegisterDue(received: item.assignedOn, engine: ctx.engine, rules: ctx.rules) }, field: "assignedOn")
            item.dueOn = item.registerDueOn
            item.dueKind = "register"
            return
        }
        let due = try deadline(
            {
                try OversightClock.replyDue(
                    channel: item.channel, start: item.assignedOn, complex: item.complex, auditDue: item.auditDueOn, settings: OversightConfig.active,
                    engine: ctx.engine, rules: ctx.rules)
            }, field: item.channel == .audit ? "auditDue" : "assignedOn")
        item.replyDueOn = due
        item.dueOn = due
        item.dueKind = item.channel == .audit ? "rectify" : "reply"
    }

    /// 登记交办: the office registers an item with its lead and co-units.
    static func create(_ input: NewItem, unit: OrgNode, _ ctx: Context, once: String?, on db: any Database) async throws -> OversightItem {
        var v = Validator()
        let channel = OversightChannel(rawValue: input.channel)
        if channel == nil { v.add("channel", "请选择来源") }
        v.text(input.refNo, field: "refNo", label: channel?.refLabel ?? "编号", max: 60)
        v.text(input.title, field: "title", label: "标题", max: 200)
        let summary = v.text(input.summary, field: "summary", label: "主要内容", max: 5000, required: false)
        if input.submitter.trimmed.count > 100 { v.add("submitter", "提出人不能超过 100 个字符") }
        var assigned: LocalDate?
        do { assigned = try ctx.date(input.assignedOn, "assignedOn", channel?.startLabel ?? "交办日期") } catch let f as ValidationFailure {
            f.errors.forEach { v.add($0.field, $0.message) }
        }
        var auditDue: LocalDate?
        if channel == .audit {
            if let a = assigned {
                do { auditDue = try ctx.plannedDate(input.auditDue, "auditDue", "整改期限", after: a.adding(days: 1), "交办日期的次日") } catch let f
                    as ValidationFailure
                { f.errors.forEach { v.add($0.field, $0.message) } }
            } else if input.auditDue.trimmed.isEmpty {
                v.add("auditDue", "请填写审计报告规定的整改期限")
            }
        }
        let codes = Array(Set(input.coUnits.map(\.trimmed).filter { !$0.isEmpty }))
        let co =
            codes.isEmpty
            ? [] : try await OrgNode.query(on: db).filter(\.$kind == .unit).filter(\.$code ~~ codes).all().filter { ctx.actor.units.includes($0.id) }
        if co.count != codes.count { v.add("coUnits", "协办单位无效") }
        if co.contains(where: { $0.id == unit.id }) { v.add("coUnits", "协办单位不能包括主办单位") }
        try v.check()
        guard let channel, let assigned else { throw ValidationFailure([FieldError("channel", "请选择来源")]) }
        let item = OversightItem()
        item.channel = channel
        item.refNo = input.refNo.trimmed
        item.title = input.title.trimmed
        item.summary = summary ?? ""
        item.submitter = input.submitter.trimmed
        item.$unit.id = try unit.requireID()
        item.$unit.value = unit
        item.assignedOn = assigned
        item.year = assigned.year
        item.complex = input.complex && (channel == .deputy || channel == .proposal)
        item.auditDueOn = auditDue
        item.extensionDays = 0
        item.round = 1
        item.createdBy = ctx.actor.name
        item.version = 1
        item.createdAt = ctx.now
        try startClock(item, ctx)
        let earlier: String? = try await db.writeTransaction { tx in
            if let once, let id = try await FormOnce.claim(once, kind: "oversight", on: tx, now: ctx.now) { return id }
            if try await OversightItem.query(on: tx).filter(\.$channel == channel).filter(\.$refNo == item.refNo).count() > 0 {
                throw ValidationFailure([FieldError("refNo", "\(channel.label)“\(item.refNo)”已经登记过")])
            }
            try await item.create(on: tx)
            for u in co {
                let link = OversightCoUnit()
                link.$item.id = try item.requireID()
                link.$unit.id = try u.requireID()
                try await link.create(on: tx)
            }
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .create, entityType: .oversightItem, entityID: "\(channel.label) \(item.refNo)",
                after: snapshot(item),
                at: ctx.now)
            if let once { try await FormOnce.record(once, result: try item.requireID().uuidString, on: tx) }
            return nil
        }
        guard let earlier else { return item }
        return try await find(UUID(uuidString: earlier), on: db)
    }

    private static func change(
        _ item: OversightItem, action: AuditAction, _ ctx: Context, on db: any Database,
        _ body: @escaping @Sendable (OversightItem, any Database) async throws -> Void
    ) async throws {
        let before = snapshot(item)
        try await db.writeTransaction { tx in
            try await VersionClaim.claim(table: OversightItem.schema, id: try item.requireID(), version: item.version, on: tx)
            try await body(item, tx)
            item.version += 1
            try await item.update(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: action, entityType: .oversightItem, entityID: "\(item.channel.label) \(item.refNo)", before: before,
                after: snapshot(item), at: ctx.now)
        }
    }

    private static func requireOpen(_ item: OversightItem) throws {
        if item.closedOn != nil { throw AppError.conflict("该督办件已办结") }
    }

    /// 信访 受理: the handling clock (60 日, 第三十四条) starts.
    static func accept(_ item: OversightItem, on date: String, _ ctx: Context, on db: any Database) async throws {
        guard item.channel == .petition else { throw AppError.conflict("只有信访事项需要受理") }
        if item.acceptedOn != nil { throw AppError.conflict("已受理") }
        let day = try ctx.date(date, "date", "受理日期", after: item.assignedOn, "收到日期")
        let due = try deadline(
            {
                try OversightClock.replyDue(
                    channel: .petition, start: day, complex: false, auditDue: nil, settings: OversightConfig.active, engine: ctx.engine,
                    rules: ctx.rules)
            }, field: "date")
        try await change(item, action: .oversightAccept, ctx, on: db) { i, _ in
            i.acceptedOn = day
            i.replyDueOn = due
            i.dueOn = due
            i.dueKind = "reply"
        }
    }

    /// 信访 延长办理期限: at most 30 日 in all, with the reason told to the petitioner (第三十四条), before the answer.
    static func extend(_ item: OversightItem, days: String, reason: String, _ ctx: Context, on db: any Database) async throws {
        guard item.channel == .petition, let accepted = item.acceptedOn else { throw AppError.conflict("受理后的信访事项才能延长办理期限") }
        if item.firstRepliedOn != nil { throw AppError.conflict("已出具处理意见,不能再延长") }
        let limit = OversightClock.petitionExtensionLimit(rules: ctx.rules)
        var v = Validator()
        let n = Int(days.trimmed)
        if n == nil || !(1...limit).contains(n ?? 0) || (n ?? 0) + item.extensionDays > limit {
            v.add("days", "延长天数应为 1 到 \(limit - item.extensionDays) 日(合计不超过 \(limit) 日,信访工作条例第三十四条)")
        }
        let why = v.text(reason, field: "reason", label: "延期理由", max: 500)
        try v.check()
        guard let n else { return }
        let total = item.extensionDays + n
        let due = try deadline(
            {
                try OversightClock.replyDue(
                    channel: .petition, start: accepted, complex: false, extensionDays: total, auditDue: nil, settings: OversightConfig.active,
                    engine: ctx.engine, rules: ctx.rules)
            }, field: "days")
        try await change(item, action: .oversightExtend, ctx, on: db) { i, _ in
            i.extensionDays = total
            i.extensionReason = why
            i.replyDueOn = due
            i.dueOn = due
        }
    }

    /// 答复 (or, for audit, 整改情况报告): the round's reply; the submitter's rating is asked next.
    static func reply(
        _ item: OversightItem, on date: String, content: String, result: String, file: AttachmentService.Stored?, _ ctx: Context, on db: any Database
    ) async throws {
        try requireOpen(item)
        if item.channel == .petition, item.acceptedOn == nil { throw AppError.conflict("请先受理") }
        guard item.dueKind == "reply" || item.dueKind == "second_reply" || item.dueKind == "rectify" else {
            throw AppError.conflict("本轮已答复,等待满意度评价")
        }
        let after = item.acceptedOn ?? item.assignedOn
        let day = try ctx.date(date, "date", "答复日期", after: after, item.channel == .petition ? "受理日期" : "交办日期")
        var v = Validator()
        let text = v.text(content, field: "content", label: item.channel == .audit ? "整改情况" : "答复内容", max: 5000)
        if result.trimmed.count > 100 { v.add("result", "办理结果不能超过 100 个字符") }
        try v.check()
        let due = item.dueOn ?? day
        try await change(item, action: .oversightReply, ctx, on: db) { i, tx in
            let r = OversightReply()
            r.$item.id = try i.requireID()
            r.round = i.round
            r.repliedOn = day
            r.dueOn = due
            r.content = text ?? ""
            r.result = result.trimmed
            r.createdBy = ctx.actor.name
            try await r.create(on: tx)
            if let file {
                try await AttachmentService.attach(file, to: .oversightReply, id: try r.requireID(), by: ctx.actor.name, at: ctx.now, on: tx)
            }
            if i.round == 1 { i.firstRepliedOn = day }
            i.dueOn = nil
            i.dueKind = nil
        }
    }

    /// 满意度评价 of the latest reply: 满意 / 基本满意 closes the item, 不满意 after the first reply
    /// reopens it for a second reply (`secondReplyDays`).
    static func rate(_ item: OversightItem, satisfaction: String, on date: String, note: String, _ ctx: Context, on db: any Database) async throws {
        try requireOpen(item)
        guard item.channel.asksSatisfaction else { throw AppError.conflict("审计整改不做满意度评价,审计发现问题全部销号后办结") }
        guard let reply = try await OversightReply.query(on: db).filter(\.$item.$id == item.requireID()).filter(\.$round == item.round).first(),
            reply.satisfaction == nil
        else { throw AppError.conflict("本轮尚未答复,不能评价") }
        var v = Validator()
        let s = Satisfaction(rawValue: satisfaction)
        if s == nil { v.add("satisfaction", "请选择满意、基本满意或不满意") }
        let remark = v.text(note, field: "note", label: "评价意见", max: 1000, required: s == .dissatisfied)
        try v.check()
        let day = try ctx.date(date, "date", "评价日期", after: reply.repliedOn, "答复日期")
        guard let s else { return }
        let outcome = SatisfactionLoop.outcome(s, round: item.round)
        let second =
            outcome == .reopen
            ? try deadline({ try OversightClock.secondReplyDue(rated: day, settings: OversightConfig.active, engine: ctx.engine) }, field: "date")
            : nil
        try await change(item, action: .oversightRate, ctx, on: db) { i, tx in
            reply.satisfaction = s
            reply.ratedOn = day
            reply.ratingNote = remark
            try await reply.update(on: tx)
            switch outcome {
            case .close:
                i.satisfaction = s
                i.closedOn = day
                i.dueOn = nil
                i.dueKind = nil
            case .reopen:
                i.round += 1
                i.dueOn = second
                i.dueKind = "second_reply"
            }
        }
    }

    /// 审计发现问题: one finding becomes a problem of the problem pool (the lead unit rectifies it
    /// there with its measures); the item closes once all are closed.
    static func addFinding(
        _ item: OversightItem, title: String, description: String, measure: String, due: String, _ ctx: Context, on db: any Database
    ) async throws {
        try requireOpen(item)
        guard item.channel == .audit else { throw AppError.conflict("只有审计整改事项登记审计发现问题") }
        let input = ProblemInput(
            unitCode: item.unit.code, source: ProblemSource.audit.rawValue, title: title, description: description,
            raisedOn: item.assignedOn.description,
            measures: [.init(text: measure, due: due)])
        try await change(item, action: .oversightFinding, ctx, on: db) { i, tx in
            let problem = try await ProblemService.create(input, actor: ctx.actor, on: tx, now: ctx.now)
            let link = OversightFinding()
            link.$item.id = try i.requireID()
            link.$problem.id = try problem.requireID()
            try await link.create(on: tx)
        }
    }

    /// The findings' problems with their state.
    static func findings(of id: UUID, on db: any Database) async throws -> [Problem] {
        try await OversightFinding.query(on: db).filter(\.$item.$id == id).with(\.$problem).all().map(\.problem).sorted { $0.number < $1.number }
    }

    /// 审计整改办结: after the rectification report, once every finding's problem is closed (销号).
    static func close(_ item: OversightItem, on date: String, _ ctx: Context, on db: any Database) async throws {
        try requireOpen(item)
        guard item.channel == .audit else { throw AppError.conflict("建议、提案、信访和热线工单经满意度评价后办结") }
        guard let reported = item.firstRepliedOn else { throw AppError.conflict("请先报送整改情况报告") }
        let open = try await findings(of: try item.requireID(), on: db).filter { $0.status != .closed }
        if !open.isEmpty {
            throw AppError.conflict("还有 \(open.count) 个审计发现问题未销号:" + open.map { "\($0.number) \($0.title)" }.joined(separator: ";"))
        }
        let day = try ctx.date(date, "date", "办结日期", after: reported, "整改报告日期")
        try await change(item, action: .close, ctx, on: db) { i, _ in
            i.closedOn = day
            i.dueOn = nil
            i.dueKind = nil
        }
    }

    /// 答复公开: a 建议 or 提案's reply on the public list (the submitter's name is not shown when a person).
    static func publish(_ item: OversightItem, _ ctx: Context, on db: any Database) async throws {
        guard item.channel.publishesReplies else { throw AppError.conflict("只有人大代表建议和政协提案的答复向社会公开") }
        guard item.firstRepliedOn != nil else { throw AppError.conflict("答复后才能公开") }
        if item.publishedOn != nil { throw AppError.conflict("已公开") }
        try await change(item, action: .oversightPublish, ctx, on: db) { i, _ in i.publishedOn = ctx.today }
    }

    /// 请求复查 (or, after a 复查 opinion, 复核): within 30 日 of the answer (第三十五条、第三十六条); the
    /// 30-day clock for the opinion runs.
    static func reviewRequest(_ item: OversightItem, on date: String, _ ctx: Context, on db: any Database) async throws {
        guard item.channel == .petition, item.closedOn != nil || item.firstRepliedOn != nil else {
            throw AppError.conflict("出具处理意见后,信访人才能请求复查")
        }
        if item.reviewLevel == .reexamine { throw AppError.conflict("复核意见为最终意见,不能再请求") }
        if item.reviewLevel != nil, item.reviewAnsweredOn == nil { throw AppError.conflict("复查(复核)正在办理") }
        let level: PetitionReview = item.reviewLevel == nil ? .recheck : .reexamine
        guard let answered = item.reviewAnsweredOn ?? item.firstRepliedOn else { return }
        let day = try ctx.date(date, "date", "请求日期", after: answered, level == .recheck ? "处理意见日期" : "复查意见日期")
        let latest = try deadline(
            { try OversightClock.petitionReviewRequestBy(answered: answered, engine: ctx.engine, rules: ctx.rules) }, field: "date")
        if day > latest {
            throw ValidationFailure([FieldError("date", "请求\(level.label)的期限已于 \(latest) 届满(收到意见之日起 30 日,信访工作条例第三十五条、第三十六条)")])
        }
        let due = try deadline({ try OversightClock.petitionReviewDue(requested: day, engine: ctx.engine, rules: ctx.rules) }, field: "date")
        try await change(item, action: .oversightReviewRequest, ctx, on: db) { i, _ in
            i.reviewLevel = level
            i.reviewRequestedOn = day
            i.reviewAnsweredOn = nil
            i.reviewNote = nil
            i.closedOn = nil
            i.dueOn = due
            i.dueKind = "review"
        }
    }

    /// 复查 / 复核意见 (written answer to the petitioner).
    static func reviewAnswer(_ item: OversightItem, on date: String, note: String, _ ctx: Context, on db: any Database) async throws {
        guard let requested = item.reviewRequestedOn, item.reviewAnsweredOn == nil, let level = item.reviewLevel else {
            throw AppError.conflict("没有正在办理的复查(复核)")
        }
        let day = try ctx.date(date, "date", "\(level.label)意见日期", after: requested, "请求日期")
        let text = try Validator.text(note, field: "note", label: "\(level.label)意见", max: 3000)
        try await change(item, action: .oversightReviewAnswer, ctx, on: db) { i, _ in
            i.reviewAnsweredOn = day
            i.reviewNote = text
            i.closedOn = day
            i.dueOn = nil
            i.dueKind = nil
        }
    }

    /// 导入: all rows or none; an item already registered (same channel and number) fails its row.
    static func importItems(_ rows: [OversightImport.ItemRow], _ ctx: Context, on db: any Database) async throws -> Int {
        let units = try await OrgNode.units(in: ctx.actor.units, on: db)
        func unit(_ key: String) -> OrgNode? { units.first { $0.code == key || $0.name == key } }
        var items: [(OversightItem, [UUID])] = []
        var errors: [FieldError] = []
        for row in rows {
            guard let lead = unit(row.unitKey), let leadID = lead.id else { continue }
            let item = OversightItem()
            item.channel = row.channel
            item.refNo = row.refNo
            item.title = row.title
            item.summary = row.summary
            item.submitter = row.submitter
            item.$unit.id = leadID
            item.assignedOn = row.assignedOn
            item.year = row.assignedOn.year
            item.complex = row.complex && (row.channel == .deputy || row.channel == .proposal)
            item.auditDueOn = row.auditDue
            item.extensionDays = 0
            item.round = 1
            item.createdBy = ctx.actor.name
            item.version = 1
            item.createdAt = ctx.now
            do { try startClock(item, ctx) } catch let f as ValidationFailure {
                errors.append(FieldError("file", "第 \(row.line) 行:" + f.errors.map(\.message).joined(separator: ";")))
                continue
            }
            items.append((item, row.coUnitKeys.compactMap { unit($0)?.id }))
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let imported = items
        return try await db.writeTransaction { tx in
            var clashes: [String] = []
            for (item, _) in imported
            where try await OversightItem.query(on: tx).filter(\.$channel == item.channel).filter(\.$refNo == item.refNo).count() > 0 {
                clashes.append("\(item.channel.label)“\(item.refNo)”")
            }
            if !clashes.isEmpty { throw ValidationFailure([FieldError("file", "以下督办件已经登记过,未导入任何一行:" + clashes.prefix(20).joined(separator: "、"))]) }
            for (item, co) in imported {
                try await item.create(on: tx)
                for u in co {
                    let link = OversightCoUnit()
                    link.$item.id = try item.requireID()
                    link.$unit.id = u
                    try await link.create(on: tx)
                }
            }
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .import, entityType: .oversightItem, entityID: "导入 \(imported.count) 件",
                after: ["count": String(imported.count)], at: ctx.now)
            return imported.count
        }
    }
}
