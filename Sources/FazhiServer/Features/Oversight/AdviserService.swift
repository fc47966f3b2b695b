import FazhiCore
import Fluent
import Vapor

/// 法律顾问: the adviser pool with contract periods, consultations by matter (linked to the decision or
/// normative document they concern), and the contract-review log.
enum AdviserService {
    typealias Context = StepContext

    struct AdviserInput: Sendable {
        var name = "", kind = "", firm = "", from = "", until = "", fee = ""
    }

    /// An adviser of `district`'s pool: the district government's (`unit` nil) or one of its units'.
    static func addAdviser(_ input: AdviserInput, district: UUID, unit: OrgNode?, _ ctx: Context, on db: any Database) async throws {
        var v = Validator()
        let name = v.text(input.name, field: "name", label: "姓名", max: 50)
        let kind = AdviserKind(rawValue: input.kind)
        if kind == nil { v.add("kind", "请选择类型") }
        let firm = v.text(input.firm, field: "firm", label: "律师事务所或所在部门", max: 100)
        if input.fee.trimmed.count > 100 { v.add("fee", "费用说明不能超过 100 个字符") }
        let from = LocalDate(input.from.trimmed), until = LocalDate(input.until.trimmed)
        if from == nil { v.add("from", "聘期开始日期应为 YYYY-MM-DD") }
        if until == nil { v.add("until", "聘期结束日期应为 YYYY-MM-DD") }
        if let from, let until, until < from { v.add("until", "聘期结束日期不能早于开始日期") }
        if let from, let until, from.adding(days: 3660) < until { v.add("until", "聘期不能超过十年") }
        try v.check()
        guard let kind, let from, let until else { return }
        let a = LegalAdviser()
        a.$district.id = district
        a.name = name ?? ""
        a.kind = kind
        a.firm = firm ?? ""
        a.$unit.id = unit?.id
        a.contractFrom = from
        a.contractUntil = until
        a.fee = input.fee.trimmed
        a.createdBy = ctx.actor.name
        try await db.writeTransaction { tx in
            try await a.create(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .create, entityType: .legalAdviser, entityID: a.name,
                after: ["kind": kind.rawValue, "firm": a.firm, "contract": "\(from) 至 \(until)"], at: ctx.now)
        }
    }

    /// The adviser by id, only from the pool of the unit's district (another district's is unknown).
    static func pooled(_ id: String, unit: OrgNode, on db: any Database) async throws -> LegalAdviser? {
        guard let id = UUID(uuidString: id), let district = unit.$parent.id else { return nil }
        return try await LegalAdviser.query(on: db).filter(\.$id == id).filter(\.$district.$id == district).first()
    }

    struct ConsultationInput: Sendable {
        var adviser = "", matter = "", record = "", subject = "", askedOn = "", answeredOn = "", opinion = ""
    }

    /// A record a consultation may concern (a decision or normative document of the unit), by id.
    typealias RecordCheck = @Sendable (ConsultationMatter, UUID, UUID, any Database) async throws -> Bool

    static func addConsultation(_ input: ConsultationInput, unit: OrgNode, recordExists: RecordCheck, _ ctx: Context, on db: any Database)
        async throws
    {
        var v = Validator()
        let adviser = try await pooled(input.adviser, unit: unit, on: db)
        if adviser == nil { v.add("adviser", "请选择法律顾问") }
        let matter = ConsultationMatter(rawValue: input.matter)
        if matter == nil { v.add("matter", "请选择事项类别") }
        let subject = v.text(input.subject, field: "subject", label: "咨询事项", max: 200)
        let opinion = v.text(input.opinion, field: "opinion", label: "法律意见", max: 5000)
        var asked: LocalDate?, answered: LocalDate?
        do {
            asked = try ctx.date(input.askedOn, "askedOn", "提请日期")
            if let asked { answered = try ctx.date(input.answeredOn, "answeredOn", "出具意见日期", after: asked, "提请日期") }
        } catch let f as ValidationFailure { f.errors.forEach { v.add($0.field, $0.message) } }
        var recordID: UUID?
        if !input.record.trimmed.isEmpty {
            recordID = UUID(uuidString: input.record.trimmed)
            if let m = matter, let id = recordID, m == .decision || m == .normative {
                if try await !recordExists(m, id, try unit.requireID(), db) { v.add("record", "所选\(m.label)不存在或不属于本单位") }
            } else {
                v.add("record", "只有重大行政决策和规范性文件可以关联记录")
            }
        }
        if let adviser, let asked, !(adviser.contractFrom...adviser.contractUntil).contains(asked) {
            v.add("adviser", "\(adviser.name) 的聘期为 \(adviser.contractFrom) 至 \(adviser.contractUntil),提请日期不在聘期内")
        }
        try v.check()
        guard let adviser, let matter, let asked, let answered else { return }
        let c = AdviserConsultation()
        c.$adviser.id = try adviser.requireID()
        c.$unit.id = try unit.requireID()
        c.matter = matter
        c.recordID = recordID
        c.subject = subject ?? ""
        c.askedOn = asked
        c.answeredOn = answered
        c.opinion = opinion ?? ""
        c.createdBy = ctx.actor.name
        try await db.writeTransaction { tx in
            try await c.create(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .create, entityType: .adviserConsultation, entityID: c.subject,
                after: ["adviser": adviser.name, "matter": matter.rawValue, "answered": answered.description], at: ctx.now)
        }
    }

    struct ContractInput: Sendable {
        var title = "", counterparty = "", amount = "", adviser = "", reviewedOn = "", opinion = "", signedOn = ""
    }

    /// 合同审查: a contract with its review (by an adviser, on a day) and its signing; a review after the
    /// signing is recorded as such and not counted as reviewed before signing.
    static func addContract(_ input: ContractInput, unit: OrgNode, _ ctx: Context, on db: any Database) async throws {
        var v = Validator()
        let title = v.text(input.title, field: "title", label: "合同名称", max: 200)
        let party = v.text(input.counterparty, field: "counterparty", label: "合同相对方", max: 200)
        var cents: Int64?
        if !input.amount.trimmed.isEmpty {
            cents = Money.cents(input.amount)
            if cents == nil { v.add("amount", "合同金额应为不超过一百亿元的数字,最多两位小数") }
        }
        let adviser = try await pooled(input.adviser, unit: unit, on: db)
        if !input.adviser.isEmpty, adviser == nil { v.add("adviser", "法律顾问无效") }
        var reviewed: LocalDate?, signed: LocalDate?
        do {
            if !input.reviewedOn.trimmed.isEmpty { reviewed = try ctx.date(input.reviewedOn, "reviewedOn", "审查日期") }
            if !input.signedOn.trimmed.isEmpty { signed = try ctx.date(input.signedOn, "signedOn", "签订日期") }
        } catch let f as ValidationFailure { f.errors.forEach { v.add($0.field, $0.message) } }
        if reviewed == nil, signed == nil { v.add("reviewedOn", "请填写审查日期或签订日期") }
        let opinion = v.text(input.opinion, field: "opinion", label: "审查意见", max: 3000, required: reviewed != nil)
        try v.check()
        let (reviewedOn, signedOn) = (reviewed, signed)
        let c = ContractReview()
        c.$unit.id = try unit.requireID()
        c.title = title ?? ""
        c.counterparty = party ?? ""
        c.amountCents = cents
        c.$adviser.id = adviser?.id
        c.reviewedOn = reviewed
        c.opinion = opinion ?? ""
        c.signedOn = signed
        c.createdBy = ctx.actor.name
        try await db.writeTransaction { tx in
            try await c.create(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .create, entityType: .contractReview, entityID: c.title,
                after: ["reviewed": reviewedOn?.description ?? "", "signed": signedOn?.description ?? ""], at: ctx.now)
        }
    }
}
