import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// The yearly 决策事项目录 and the expert pool: the district government's side of the register, kept
/// by the legal office. Every write in one audited transaction.
enum DecisionCatalogueService {
    typealias Context = StepContext

    /// The year's catalogue, made on first use with the publication due by 31 March (a local
    /// practice: the catalogue is published in the first quarter; the date can be changed).
    static func catalogue(year: Int, district: UUID, _ ctx: Context, on db: any Database) async throws -> DecisionCatalogue {
        if let c = try await find(year: year, district: district, on: db) { return c }
        guard LocalDate.plausibleYears.contains(year), let due = LocalDate(year: year, month: 3, day: 31) else {
            throw AppError.badRequest("年度无效", field: "year")
        }
        let c = DecisionCatalogue()
        c.$district.id = district
        c.year = year
        c.publishBy = due
        c.version = 1
        c.createdBy = ctx.actor.name
        c.createdAt = ctx.now
        do {
            try await db.writeTransaction { tx in
                try await c.create(on: tx)
                try await AuditService.record(
                    on: tx, actor: ctx.actor, action: .create, entityType: .decisionCatalogue, entityID: String(year),
                    after: ["publishBy": due.description], at: ctx.now)
            }
            return c
        } catch {
            // Two first visitors at once: the unique year keeps one; the other reads it below.
        }
        guard let stored = try await find(year: year, district: district, on: db) else {
            throw AppError.conflict("目录创建失败,请重试")
        }
        return stored
    }

    /// The district's catalogue of a year, if made.
    static func find(year: Int, district: UUID, on db: any Database) async throws -> DecisionCatalogue? {
        try await DecisionCatalogue.query(on: db).filter(\.$district.$id == district).filter(\.$year == year).first()
    }

    private static func change(
        _ c: DecisionCatalogue, action: AuditAction, _ ctx: Context, after: [String: String], on db: any Database,
        _ body: @escaping @Sendable (DecisionCatalogue, any Database) async throws -> Void
    ) async throws {
        try await db.writeTransaction { tx in
            try await VersionClaim.claim(table: DecisionCatalogue.schema, id: try c.requireID(), version: c.version, on: tx)
            try await body(c, tx)
            c.version += 1
            try await c.update(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: action, entityType: .decisionCatalogue, entityID: String(c.year), after: after, at: ctx.now)
        }
    }

    struct ItemInput {
        var title = "", category = "", unit = "", plannedOn = ""
    }

    /// 增加目录事项 — before publication; afterwards the catalogue is adjusted the same way and the
    /// adjustment published again (第三条第三款: 目录可以根据实际情况调整).
    static func addItem(_ c: DecisionCatalogue, _ input: ItemInput, _ ctx: Context, on db: any Database) async throws {
        var v = Validator()
        v.text(input.title, field: "title", label: "事项名称", max: 200)
        let category = DecisionCategory(rawValue: input.category)
        if category == nil { v.add("category", "请选择类别") }
        let unit = try await OrgNode.unit(code: input.unit, in: ctx.actor.units, on: db)
        if unit == nil { v.add("unit", "请选择承办单位") }
        let planned = v.date(input.plannedOn, field: "plannedOn", label: "计划完成时间")
        if let planned, planned.year != c.year { v.add("plannedOn", "计划完成时间应在 \(c.year) 年内") }
        try v.check()
        guard let category, let unit, let planned else { return }
        let unitID = try unit.requireID(), catalogueID = try c.requireID()
        let title = input.title.trimmed
        try await change(
            c, action: .catalogueItem, ctx, after: ["title": title, "unit": unit.name, "plannedOn": planned.description], on: db
        ) { _, tx in
            let sort = try await DecisionCatalogueItem.query(on: tx).filter(\.$catalogue.$id == catalogueID).count()
            let item = DecisionCatalogueItem()
            item.$catalogue.id = catalogueID
            item.title = title
            item.category = category
            item.$leadUnit.id = unitID
            item.plannedOn = planned
            item.sort = sort + 1
            try await item.create(on: tx)
        }
    }

    /// 经同级党委同意 (第三条第三款).
    static func approve(_ c: DecisionCatalogue, on date: String, _ ctx: Context, on db: any Database) async throws {
        if try await DecisionCatalogueItem.query(on: db).filter(\.$catalogue.$id == c.requireID()).count() == 0 {
            throw ValidationFailure([FieldError("date", "目录还没有事项")])
        }
        let day = try ctx.date(date, "date", "党委同意日期")
        try await change(c, action: .catalogueApprove, ctx, after: ["partyApprovedOn": day.description], on: db) { c, _ in c.partyApprovedOn = day }
    }

    /// 向社会公布 — only once the Party committee has agreed.
    static func publish(_ c: DecisionCatalogue, on date: String, _ ctx: Context, on db: any Database) async throws {
        guard let approved = c.partyApprovedOn else { throw ValidationFailure([FieldError("date", "目录经同级党委同意后才能向社会公布(第三条第三款)")]) }
        let day = try ctx.date(date, "date", "公布日期", after: approved, "党委同意日期")
        try await change(c, action: .cataloguePublish, ctx, after: ["publishedOn": day.description], on: db) { c, _ in c.publishedOn = day }
    }

    // MARK: experts

    struct ExpertInput {
        var name = "", field = "", employer = ""
    }

    /// 专家库 adds an expert.
    static func addExpert(_ input: ExpertInput, district: UUID, _ ctx: Context, on db: any Database) async throws {
        var v = Validator()
        v.text(input.name, field: "name", label: "姓名", max: 50)
        v.text(input.field, field: "field", label: "专业领域", max: 100)
        v.text(input.employer, field: "employer", label: "工作单位", max: 100)
        try v.check()
        let e = DecisionExpert()
        e.$district.id = district
        e.name = input.name.trimmed
        e.field = input.field.trimmed
        e.employer = input.employer.trimmed
        e.active = true
        e.createdAt = ctx.now
        try await db.writeTransaction { tx in
            try await e.create(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .create, entityType: .decisionExpert, entityID: e.name,
                after: ["name": e.name, "field": e.field, "employer": e.employer], at: ctx.now)
        }
    }

    /// Takes an expert out of the pool (or back in); their signed opinions stay.
    static func setActive(_ id: UUID?, active: Bool, district: UUID, _ ctx: Context, on db: any Database) async throws {
        guard let id, let e = try await DecisionExpert.find(id, on: db), e.$district.id == district else { throw AppError.notFound("专家") }
        try await db.writeTransaction { tx in
            try await DecisionExpert.query(on: tx).filter(\.$id == id).set(\.$active, to: active).update()
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .update, entityType: .decisionExpert, entityID: e.name,
                before: ["active": String(e.active)], after: ["active": String(active)], at: ctx.now)
        }
    }
}

/// 公众意见: what anyone may send on an open draft, without signing in, and what they may look up.
enum ConsultationService {
    struct Submission {
        var name = "", contact = "", body = ""
    }

    /// Takes one opinion while the comment period runs and gives its receipt number: `YJ-2026-00042-K7QF`
    /// — the sequence for order, four random letters so that nobody reads others' answers by counting.
    static func submit(_ d: MajorDecision, _ s: Submission, once: String?, today: LocalDate, now: Date, on db: any Database) async throws -> String {
        guard d.openForComment(on: today) else { throw AppError.conflict("该草案当前不在征求意见期内") }
        var v = Validator()
        v.text(s.body, field: "body", label: "意见内容", max: 3000)
        if s.body.trimmed.count < 5, !s.body.trimmed.isEmpty { v.add("body", "意见内容至少 5 个字") }
        v.text(s.name, field: "name", label: "姓名", max: 50, required: false)
        v.text(s.contact, field: "contact", label: "联系方式", max: 100, required: false)
        try v.check()
        let decisionID = try d.requireID()
        let code = String(Tokens.random(bytes: 6).uppercased().filter { $0.isLetter && $0 != "O" && $0 != "I" }.prefix(4))
        return try await db.writeTransaction { tx in
            if let once, let earlier = try await FormOnce.claim(once, kind: "decision_opinion", on: tx, now: now) { return earlier }
            let n = try await NumberSequence.next("decision-opinion/\(today.year)", floor: 0, on: tx)
            let receipt = "YJ-\(today.year)-\(String(format: "%05d", n))-\(code.padding(toLength: 4, withPad: "X", startingAt: 0))"
            let o = ConsultationOpinion()
            o.$decision.id = decisionID
            o.receipt = receipt
            o.submittedOn = today
            o.name = s.name.trimmed.isEmpty ? nil : s.name.trimmed
            o.contact = s.contact.trimmed.isEmpty ? nil : s.contact.trimmed
            o.body = s.body.trimmed
            o.createdAt = now
            try await o.create(on: tx)
            try await AuditService.record(
                on: tx, actor: .system("公众"), action: .opinionSubmit, entityType: .consultationOpinion, entityID: receipt,
                after: ["decision": d.number, "length": String(o.body.count)], at: now)
            if let once { try await FormOnce.record(once, result: receipt, on: tx) }
            return receipt
        }
    }

    static func normalise(_ receipt: String) -> String {
        receipt.uppercased().filter { !$0.isWhitespace }
    }

    /// The opinion with this receipt, with its decision.
    static func lookup(_ receipt: String, on db: any Database) async throws -> ConsultationOpinion? {
        let r = normalise(receipt)
        guard r.count <= 40, !r.isEmpty else { return nil }
        return try await ConsultationOpinion.query(on: db).filter(\.$receipt == r).with(\.$decision).first()
    }
}
