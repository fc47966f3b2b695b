import FazhiCore
import Fluent
import Vapor

/// 谁执法谁普法 (中办发〔2017〕31号; 法治宣传教育法): a unit's yearly responsibility list, the activities
/// and 以案释法 cases carrying it out with their evidence, and the year-end 履职评议.
enum PufaService {
    typealias Context = StepContext

    static func find(_ id: UUID?, on db: any Database) async throws -> PufaList {
        guard let id, let list = try await PufaList.query(on: db).filter(\.$id == id).with(\.$unit).first() else { throw AppError.notFound("普法责任清单") }
        return list
    }

    static func createList(unit: OrgNode, year: String, _ ctx: Context, on db: any Database) async throws -> PufaList {
        guard let y = Int(year.trimmed), LocalDate.plausibleYears.contains(y) else { throw ValidationFailure([FieldError("year", "年度无效")]) }
        let unitID = try unit.requireID()
        return try await db.writeTransaction { tx in
            if let existing = try await PufaList.query(on: tx).filter(\.$unit.$id == unitID).filter(\.$year == y).first() { return existing }
            let list = PufaList()
            list.$unit.id = unitID
            list.year = y
            list.createdBy = ctx.actor.name
            try await list.create(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .create, entityType: .pufaList, entityID: "\(unit.name) \(y) 年度", at: ctx.now)
            return list
        }
    }

    struct ItemInput: Sendable {
        var law = "", audience = "", method = "", schedule = ""
    }

    static func addItem(_ list: PufaList, _ input: ItemInput, _ ctx: Context, on db: any Database) async throws {
        if list.score != nil { throw AppError.conflict("已完成履职评议,清单不能再修改") }
        var v = Validator()
        let law = v.text(input.law, field: "law", label: "法律法规", max: 200)
        let audience = v.text(input.audience, field: "audience", label: "普法对象", max: 200)
        let method = v.text(input.method, field: "method", label: "普法方式", max: 200)
        let schedule = v.text(input.schedule, field: "schedule", label: "时间安排", max: 100)
        try v.check()
        let listID = try list.requireID()
        try await db.writeTransaction { tx in
            let count = try await PufaItem.query(on: tx).filter(\.$list.$id == listID).count()
            if count >= 200 { throw AppError.conflict("一份清单最多 200 项") }
            let item = PufaItem()
            item.$list.id = listID
            item.sort = count + 1
            item.law = law ?? ""
            item.audience = audience ?? ""
            item.method = method ?? ""
            item.schedule = schedule ?? ""
            try await item.create(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .update, entityType: .pufaList, entityID: "\(list.unit.name) \(list.year) 年度",
                after: ["item": item.law], at: ctx.now)
        }
    }

    static func publish(_ list: PufaList, _ ctx: Context, on db: any Database) async throws {
        if list.publishedOn != nil { throw AppError.conflict("清单已公布") }
        let listID = try list.requireID()
        if try await PufaItem.query(on: db).filter(\.$list.$id == listID).count() == 0 { throw AppError.conflict("清单还没有事项,不能公布") }
        try await db.writeTransaction { tx in
            list.publishedOn = ctx.today
            try await list.update(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .oversightPublish, entityType: .pufaList, entityID: "\(list.unit.name) \(list.year) 年度", at: ctx.now
            )
        }
    }

    struct ActivityInput: Sendable {
        var item = "", kind = "", heldOn = "", title = "", audience = "", reach = "", summary = ""
    }

    static func addActivity(_ list: PufaList, _ input: ActivityInput, file: AttachmentService.Stored?, _ ctx: Context, on db: any Database)
        async throws
    {
        var v = Validator()
        let kind = PufaActivityKind(rawValue: input.kind)
        if kind == nil { v.add("kind", "请选择类型") }
        let title = v.text(input.title, field: "title", label: kind == .caseExplained ? "案例名称" : "活动名称", max: 200)
        let audience = v.text(input.audience, field: "audience", label: "对象", max: 200)
        let reach = Int(input.reach.trimmed)
        if reach == nil || !(0...10_000_000).contains(reach ?? -1) { v.add("reach", "覆盖人次应为 0 到 10000000 的整数") }
        let summary = v.text(input.summary, field: "summary", label: kind == .caseExplained ? "案情和释法要点" : "活动内容", max: 5000)
        var held: LocalDate?
        do { held = try ctx.date(input.heldOn, "heldOn", "日期") } catch let f as ValidationFailure { f.errors.forEach { v.add($0.field, $0.message) } }
        if let held, held.year != list.year { v.add("heldOn", "日期应在 \(list.year) 年度内") }
        var itemID: UUID?
        if !input.item.isEmpty {
            itemID = UUID(uuidString: input.item)
            let listID = try list.requireID()
            if let id = itemID, try await PufaItem.query(on: db).filter(\.$id == id).filter(\.$list.$id == listID).count() == 0 { itemID = nil }
            if itemID == nil { v.add("item", "清单事项无效") }
        }
        try v.check()
        guard let kind, let held, let reach else { return }
        let a = PufaActivity()
        a.$unit.id = list.$unit.id
        a.year = list.year
        a.$item.id = itemID
        a.kind = kind
        a.heldOn = held
        a.title = title ?? ""
        a.audience = audience ?? ""
        a.reach = reach
        a.summary = summary ?? ""
        a.createdBy = ctx.actor.name
        try await db.writeTransaction { tx in
            try await a.create(on: tx)
            if let file {
                try await AttachmentService.attach(file, to: .pufaActivity, id: try a.requireID(), by: ctx.actor.name, at: ctx.now, on: tx)
            }
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .create, entityType: .pufaActivity, entityID: "\(held) \(a.title)",
                after: ["kind": kind.rawValue, "reach": String(reach), "evidence": file?.filename ?? ""], at: ctx.now)
        }
    }

    /// 履职评议: the office's year-end score (0–100) with its remarks, after the year has ended.
    static func rate(_ list: PufaList, score: String, note: String, _ ctx: Context, on db: any Database) async throws {
        var v = Validator()
        let s = Int(score.trimmed)
        if s == nil || !(0...100).contains(s ?? -1) { v.add("score", "评议得分应为 0 到 100 的整数") }
        let remark = v.text(note, field: "note", label: "评议意见", max: 2000)
        if ctx.today.year <= list.year, ctx.today.month < 12 { v.add("score", "履职评议在年底(12 月起)进行") }
        try v.check()
        let before = list.score.map { ["score": String($0)] }
        try await db.writeTransaction { tx in
            list.score = s
            list.ratedOn = ctx.today
            list.ratingNote = remark
            try await list.update(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .pufaRate, entityType: .pufaList, entityID: "\(list.unit.name) \(list.year) 年度", before: before,
                after: ["score": String(s ?? 0)], at: ctx.now)
        }
    }
}
