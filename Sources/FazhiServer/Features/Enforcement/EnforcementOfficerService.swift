import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 执法人员和事项: a unit's officers with their certificates and trainings, and its public lists of
/// 权责事项 and 随机抽查事项. Every write is checked whole before anything is stored and audited in
/// the same transaction.
enum EnforcementOfficerService {
    struct OfficerInput {
        var name = "", certificateNumber = "", issuer = "", certificateType = "", issuedOn = "", validUntil = "", legalQualified = false
    }

    /// 登记执法人员 for a unit.
    static func addOfficer(_ input: OfficerInput, unit: OrgNode, _ ctx: StepContext, on db: any Database) async throws -> EnforcementOfficer {
        var v = Validator()
        v.text(input.name, field: "name", label: "姓名", max: 50)
        v.text(input.certificateNumber, field: "certificateNumber", label: "执法证号", max: 40)
        v.text(input.issuer, field: "issuer", label: "发证机关", max: 60)
        v.text(input.certificateType, field: "certificateType", label: "证件类型", max: 30, required: false)
        let validUntil = v.date(input.validUntil, field: "validUntil", label: "有效期至")
        var issuedOn: LocalDate?
        if !input.issuedOn.trimmed.isEmpty {
            issuedOn = v.date(input.issuedOn, field: "issuedOn", label: "发证日期")
            if let i = issuedOn, i > ctx.today { v.add("issuedOn", "发证日期 \(i) 不能晚于今天") }
            if let i = issuedOn, let until = validUntil, until < i { v.add("validUntil", "有效期至 \(until) 早于发证日期 \(i)") }
        }
        let number = input.certificateNumber.trimmed
        if !number.isEmpty, try await EnforcementOfficer.query(on: db).filter(\.$certificateNumber == number).first() != nil {
            v.add("certificateNumber", "执法证号 \(number) 已登记")
        }
        try v.check()
        let o = EnforcementOfficer()
        o.$unit.id = try unit.requireID()
        o.name = input.name.trimmed
        o.certificateNumber = number
        o.issuer = input.issuer.trimmed
        o.certificateType = input.certificateType.trimmed.isEmpty ? "行政执法证" : input.certificateType.trimmed
        o.issuedOn = issuedOn
        o.setValidUntil(validUntil ?? ctx.today, warnings: EnforcementConfig.active.certificateWarningDays)
        o.status = .active
        o.legalQualified = input.legalQualified
        o.version = 1
        o.createdAt = ctx.now
        try await db.writeTransaction { tx in
            try await o.create(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .create, entityType: .enforcementOfficer, entityID: o.certificateNumber, after: snapshot(o),
                at: ctx.now)
        }
        return o
    }

    /// 暂扣、注销 or restore a certificate from a day on (a suspension from a past day makes the acts
    /// after it unlawful to record; the day may not be in the future).
    static func setStatus(_ o: EnforcementOfficer, status: String, since text: String, _ ctx: StepContext, on db: any Database) async throws {
        guard let s = OfficerStatus(rawValue: status) else { throw ValidationFailure([FieldError("status", "请选择执法证状态")]) }
        let since = try ctx.date(text, "since", "生效日期")
        if s == o.status { throw AppError.conflict("执法证已是“\(s.label)”状态") }
        let before = snapshot(o)
        try await db.writeTransaction { tx in
            try await VersionClaim.claim(table: EnforcementOfficer.schema, id: try o.requireID(), version: o.version, on: tx)
            o.status = s
            o.statusSince = s == .active ? nil : since
            o.version += 1
            try await o.update(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .officerStatus, entityType: .enforcementOfficer, entityID: o.certificateNumber, before: before,
                after: snapshot(o), at: ctx.now)
        }
    }

    /// 换证: a renewed certificate's new expiry (and number, when it changed).
    static func renew(_ o: EnforcementOfficer, validUntil text: String, number: String, _ ctx: StepContext, on db: any Database) async throws {
        var v = Validator()
        let until = v.date(text, field: "validUntil", label: "新的有效期至")
        if let until, until <= o.validUntil { v.add("validUntil", "新的有效期至应晚于原有效期 \(o.validUntil)") }
        let newNumber = number.trimmed
        v.text(newNumber, field: "number", label: "新执法证号", max: 40, required: false)
        if !newNumber.isEmpty, newNumber != o.certificateNumber,
            try await EnforcementOfficer.query(on: db).filter(\.$certificateNumber == newNumber).first() != nil
        {
            v.add("number", "执法证号 \(newNumber) 已登记")
        }
        try v.check()
        guard let until else { return }
        let before = snapshot(o)
        try await db.writeTransaction { tx in
            try await VersionClaim.claim(table: EnforcementOfficer.schema, id: try o.requireID(), version: o.version, on: tx)
            o.setValidUntil(until, warnings: EnforcementConfig.active.certificateWarningDays)
            if !newNumber.isEmpty { o.certificateNumber = newNumber }
            o.issuedOn = ctx.today
            o.version += 1
            try await o.update(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .officerRenew, entityType: .enforcementOfficer, entityID: o.certificateNumber, before: before,
                after: snapshot(o), at: ctx.now)
        }
    }

    /// 登记培训: a day, a title and whole 学时 (1–200).
    static func addTraining(_ o: EnforcementOfficer, heldOn: String, title: String, hours: String, _ ctx: StepContext, on db: any Database)
        async throws
    {
        var v = Validator()
        let day = v.date(heldOn, field: "heldOn", label: "培训日期")
        if let day, day > ctx.today { v.add("heldOn", "培训日期 \(day) 不能晚于今天") }
        v.text(title, field: "title", label: "培训名称", max: 100)
        let h = Int(hours.trimmed)
        if h == nil || !(1...200).contains(h ?? 0) { v.add("hours", "学时应为 1 到 200 的整数") }
        try v.check()
        guard let day, let h else { return }
        let t = EnforcementTraining()
        t.$officer.id = try o.requireID()
        t.heldOn = day
        t.year = day.year
        t.title = title.trimmed
        t.hours = h
        t.createdBy = ctx.actor.name
        try await db.writeTransaction { tx in
            try await t.create(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .officerTraining, entityType: .enforcementOfficer, entityID: o.certificateNumber,
                after: ["heldOn": day.description, "title": t.title, "hours": String(h)], at: ctx.now)
        }
    }

    /// 登记执法事项 on a unit's public lists.
    static func addMatter(
        unit: OrgNode, kind: String, caseType: String, name: String, basis: String, reviewListed: Bool, _ ctx: StepContext, on db: any Database
    ) async throws {
        var v = Validator()
        let k = MatterKind(rawValue: kind)
        if k == nil { v.add("kind", "请选择事项类别") }
        let t = EnforcementCaseType(rawValue: caseType)
        if t == nil { v.add("caseType", "请选择执法类别") }
        v.text(name, field: "name", label: "事项名称", max: 200)
        v.text(basis, field: "basis", label: "执法依据", max: 500)
        try v.check()
        guard let k, let t else { return }
        let unitID = try unit.requireID()
        let m = EnforcementMatter()
        m.$unit.id = unitID
        m.kind = k
        m.caseType = t
        m.name = name.trimmed
        m.basis = basis.trimmed
        m.reviewListed = k == .power && reviewListed
        try await db.writeTransaction { tx in
            let last = try await EnforcementMatter.query(on: tx).filter(\.$unit.$id == unitID).sort(\.$sort, .descending).first()
            m.sort = (last?.sort ?? 0) + 1
            try await m.create(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .create, entityType: .enforcementMatter, entityID: m.name,
                after: ["kind": k.rawValue, "caseType": t.rawValue, "basis": m.basis, "reviewListed": String(m.reviewListed)], at: ctx.now)
        }
    }

    static func snapshot(_ o: EnforcementOfficer) -> [String: String] {
        [
            "name": o.name, "certificateNumber": o.certificateNumber, "issuer": o.issuer, "certificateType": o.certificateType,
            "issuedOn": o.issuedOn?.description ?? "", "validUntil": o.validUntil.description, "status": o.status.rawValue,
            "statusSince": o.statusSince?.description ?? "", "legalQualified": String(o.legalQualified),
        ]
    }

    /// 培训学时 per officer for a year, summed in the database.
    static func hours(year: Int, officers: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !officers.isEmpty else { return [:] }
        let rows = try await db.sql().raw(
            """
            SELECT officer_id, CAST(SUM(hours) AS BIGINT) AS h FROM enforcement_trainings WHERE year = \(bind: year)
              AND officer_id IN (\(SQLList(officers.map { SQLBind($0) })))
            GROUP BY officer_id
            """
        ).all()
        var out: [UUID: Int] = [:]
        for row in rows { out[try row.decode(column: "officer_id", as: UUID.self)] = Int(try row.decode(column: "h", as: Int64.self)) }
        return out
    }
}
