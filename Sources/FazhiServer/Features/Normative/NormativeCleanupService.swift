import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 清理: a round lists every document in force when it starts (one `INSERT … SELECT`); each gets a
/// conclusion; publishing needs all of them and ends the repealed and expired documents that day.
enum NormativeCleanupService {
    typealias Context = StepContext

    /// A round of `district` (another district's is not found).
    static func find(_ id: UUID?, district: UUID, on db: any Database) async throws -> NormativeCleanup {
        guard let id, let c = try await NormativeCleanup.query(on: db).filter(\.$id == id).filter(\.$district.$id == district).first() else {
            throw AppError.notFound("清理")
        }
        return c
    }

    /// A round of `district`: the documents its units issued that are in force on the first day.
    static func start(title: String, startedOn: String, dueOn: String, district: UUID, _ ctx: Context, on db: any Database) async throws
        -> NormativeCleanup
    {
        var v = Validator()
        v.text(title, field: "title", label: "清理名称", max: 100)
        try v.check()
        let started = try ctx.date(startedOn, "startedOn", "开始日期")
        let due = try ctx.plannedDate(dueOn, "dueOn", "计划完成日期", after: started, "开始日期")
        if try await NormativeCleanup.query(on: db).filter(\.$district.$id == district).filter(\.$publishedOn == nil).count() > 0 {
            throw ValidationFailure([FieldError("title", "上一轮清理尚未公布结果")])
        }
        let c = NormativeCleanup()
        c.id = UUID()
        c.$district.id = district
        c.year = started.year
        c.title = title.trimmed
        c.startedOn = started
        c.dueOn = due
        c.createdBy = ctx.actor.name
        c.version = 1
        let day = started.description
        try await db.writeTransaction { tx in
            try await c.create(on: tx)
            // Every document in force on the first day, in one statement (the same test as `inForce`).
            let cid = try c.requireID()
            let docs = try await tx.sql().raw(
                """
                SELECT id FROM normative_documents WHERE published_on IS NOT NULL AND ended_on IS NULL AND effective_on <= \(bind: day)
                AND (valid_until IS NULL OR valid_until >= \(bind: day))
                AND unit_id IN (SELECT id FROM org_nodes WHERE parent_id = \(bind: district))
                """
            ).all().map { try $0.decode(column: "id", as: UUID.self) }
            for doc in docs {
                let item = NormativeCleanupItem()
                item.$cleanup.id = cid
                item.$document.id = doc
                try await item.create(on: tx)
            }
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .create, entityType: .normativeCleanup, entityID: c.title,
                after: ["startedOn": day, "dueOn": due.description, "documents": String(docs.count)], at: ctx.now)
        }
        return c
    }

    /// The conclusions of several documents at once (`conclusion[itemID]`, `note[itemID]`).
    static func conclude(
        _ c: NormativeCleanup, conclusions: [String: String], notes: [String: String], _ ctx: Context, on db: any Database
    ) async throws {
        if c.publishedOn != nil { throw AppError.conflict("清理结果已公布") }
        let cid = try c.requireID()
        var v = Validator()
        var changes: [(UUID, CleanupConclusion, String?)] = []
        for (key, raw) in conclusions where !raw.isEmpty {
            guard let id = UUID(uuidString: key), let conclusion = CleanupConclusion(rawValue: raw) else {
                v.add("conclusion", "清理结论无法识别")
                continue
            }
            let note = (notes[key] ?? "").trimmed
            if note.count > 500 { v.add("note", "说明不能超过 500 个字符") }
            if conclusion != .keep, note.isEmpty { v.add("note", "修改、废止、宣布失效的须写明理由") }
            changes.append((id, conclusion, note.isEmpty ? nil : note))
        }
        if changes.isEmpty { v.add("conclusion", "请至少为一份文件选择清理结论") }
        try v.check()
        let chosen = changes
        let ids = chosen.map(\.0)
        let found = try await NormativeCleanupItem.query(on: db).filter(\.$id ~~ ids).filter(\.$cleanup.$id == cid).count()
        if found != Set(ids).count { throw ValidationFailure([FieldError("conclusion", "所选文件不在本轮清理中")]) }
        try await db.writeTransaction { tx in
            try await VersionClaim.claim(table: NormativeCleanup.schema, id: cid, version: c.version, on: tx)
            for (id, conclusion, note) in chosen {
                try await NormativeCleanupItem.query(on: tx).filter(\.$id == id).set(\.$conclusion, to: conclusion).set(\.$note, to: note).update()
            }
            c.version += 1
            try await c.update(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .cleanupConclude, entityType: .normativeCleanup, entityID: c.title,
                after: ["items": String(chosen.count)], at: ctx.now)
        }
    }

    /// 公布清理结果: every document concluded; 废止 and 宣布失效 end that day.
    static func publish(_ c: NormativeCleanup, on date: String, _ ctx: Context, on db: any Database) async throws {
        if c.publishedOn != nil { throw AppError.conflict("清理结果已公布") }
        let cid = try c.requireID()
        let day = try ctx.date(date, "date", "公布日期", after: c.startedOn, "开始日期")
        let open = try await NormativeCleanupItem.query(on: db).filter(\.$cleanup.$id == cid).filter(\.$conclusion == nil).count()
        if open > 0 { throw ValidationFailure([FieldError("date", "还有 \(open) 份文件没有清理结论")]) }
        try await db.writeTransaction { tx in
            try await VersionClaim.claim(table: NormativeCleanup.schema, id: cid, version: c.version, on: tx)
            for kind in [CleanupConclusion.repeal, .expire] {
                try await tx.sql().raw(
                    """
                    UPDATE normative_documents SET ended_on = \(bind: day.description), end_kind = \(bind: kind.rawValue),
                        end_note = \(bind: "\(c.title)公布\(kind.label)"), evaluation_due_on = NULL, version = version + 1
                    WHERE ended_on IS NULL AND id IN (SELECT document_id FROM normative_cleanup_items WHERE cleanup_id = \(bind: cid)
                        AND conclusion = \(bind: kind.rawValue))
                    """
                ).run()
            }
            c.publishedOn = day
            c.version += 1
            try await c.update(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .cleanupPublish, entityType: .normativeCleanup, entityID: c.title,
                after: ["publishedOn": day.description], at: ctx.now)
        }
    }
}
