import FazhiCore
import Fluent
import FluentSQL
import Vapor

extension NormativeSettings: RegisterSettingsFile {}

/// The settings in force (`Resources/Registers/normative.json`), read once at start-up.
enum NormativeConfig {
    static let settings = RegisterSettings<NormativeSettings>(file: "normative.json", label: "规范性文件设置文件")
    static var active: NormativeSettings { settings.active }
}

/// 行政规范性文件: the register's writes, each checked, in one transaction that claims the version the
/// page was read at, audited there. The stored dates (`review_due_on`, `filing_due_on`,
/// `evaluation_due_on`) are kept while their step is outstanding, so the scan reads them in SQL.
enum NormativeService {
    typealias Context = StepContext

    static func find(_ id: UUID?, on db: any Database) async throws -> NormativeDocument {
        guard let id, let d = try await NormativeDocument.query(on: db).filter(\.$id == id).with(\.$unit).first() else {
            throw AppError.notFound("规范性文件")
        }
        return d
    }

    struct DraftInput {
        var title = "", issuer = "", filingTarget = "", summary = "", draftedOn = ""
    }

    /// 起草: the unit registers its draft.
    static func create(_ input: DraftInput, unit: OrgNode, _ ctx: Context, once: String?, on db: any Database) async throws -> NormativeDocument {
        var v = Validator()
        v.text(input.title, field: "title", label: "文件名称", max: 200)
        v.text(input.issuer, field: "issuer", label: "制发机关", max: 100)
        v.text(input.summary, field: "summary", label: "主要内容和起草说明", max: 5000)
        let target = FilingTarget(rawValue: input.filingTarget)
        if target == nil { v.add("filingTarget", "请选择报备对象") }
        var drafted: LocalDate?
        do { drafted = try ctx.date(input.draftedOn, "draftedOn", "起草日期") } catch let f as ValidationFailure {
            f.errors.forEach { v.add($0.field, $0.message) }
        }
        try v.check()
        guard let target, let drafted else { return NormativeDocument() }
        let d = NormativeDocument()
        d.title = input.title.trimmed
        d.$unit.id = try unit.requireID()
        d.$unit.value = unit
        d.issuer = input.issuer.trimmed
        d.filingTarget = target
        d.summary = input.summary.trimmed
        d.draftedOn = drafted
        d.createdBy = ctx.actor.name
        d.version = 1
        d.createdAt = ctx.now
        let earlier: String? = try await db.writeTransaction { tx in
            if let once, let id = try await FormOnce.claim(once, kind: "normative", on: tx, now: ctx.now) { return id }
            try await d.create(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .create, entityType: .normativeDocument, entityID: d.title, after: snapshot(d), at: ctx.now)
            if let once { try await FormOnce.record(once, result: try d.requireID().uuidString, on: tx) }
            return nil
        }
        guard let earlier else { return d }
        return try await find(UUID(uuidString: earlier), on: db)
    }

    private static func change(
        _ d: NormativeDocument, action: AuditAction, _ ctx: Context, on db: any Database,
        _ body: @escaping @Sendable (NormativeDocument, any Database) async throws -> Void
    ) async throws {
        let before = snapshot(d)
        try await db.writeTransaction { tx in
            try await VersionClaim.claim(table: NormativeDocument.schema, id: try d.requireID(), version: d.version, on: tx)
            try await body(d, tx)
            d.version += 1
            try await d.update(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: action, entityType: .normativeDocument, entityID: d.regNo ?? d.title, before: before,
                after: snapshot(d), at: ctx.now)
        }
    }

    private static func deadline(_ body: () throws -> DeadlineEngine.Result, field: String) throws -> LocalDate {
        do { return try body().due } catch let e as DeadlineError { throw ValidationFailure([FieldError(field, e.description)]) }
    }

    private static func requireBeforeReview(_ d: NormativeDocument) throws {
        if d.reviewResult == .passed { throw AppError.conflict("已通过合法性审核,不能再修改征求意见情况") }
    }

    /// 征求意见: the draft published for comment (a document touching the public's rights and duties, 37号).
    static func comment(_ d: NormativeDocument, from: String, until: String, _ ctx: Context, on db: any Database) async throws {
        try requireBeforeReview(d)
        let start = try ctx.date(from, "from", "征求意见开始日期", after: d.draftedOn, "起草日期")
        let end = try ctx.plannedDate(until, "until", "截止日期", after: start, "开始日期")
        try await change(d, action: .normativeComment, ctx, on: db) { d, _ in
            d.commentFrom = start
            d.commentUntil = end
            d.commentExempt = nil
        }
    }

    /// 不征求意见的理由 (the document does not touch the public's rights and duties).
    static func commentExempt(_ d: NormativeDocument, reason: String, _ ctx: Context, on db: any Database) async throws {
        try requireBeforeReview(d)
        let why = try Validator.text(reason, field: "reason", label: "理由", max: 500)
        if (why ?? "").count < 6 { throw ValidationFailure([FieldError("reason", "请写明不向社会征求意见的理由(至少 6 个字)")]) }
        try await change(d, action: .normativeComment, ctx, on: db) { d, _ in
            d.commentFrom = nil
            d.commentUntil = nil
            d.commentExempt = why
        }
    }

    /// 送请合法性审核 (115号): after the comment period (or its stated exemption); again after a failed review.
    static func reviewSubmit(_ d: NormativeDocument, on date: String, _ ctx: Context, on db: any Database) async throws {
        if d.reviewResult == .passed { throw AppError.conflict("已通过合法性审核") }
        if d.reviewSubmittedOn != nil, d.reviewResult == nil { throw AppError.conflict("已送审,等待审核意见") }
        let day = try ctx.date(date, "date", "送审日期", after: d.draftedOn, "起草日期")
        if d.commentExempt == nil {
            guard let until = d.commentUntil else {
                throw ValidationFailure([FieldError("date", "请先向社会公开征求意见,或写明不征求意见的理由(国办发〔2018〕37号)")])
            }
            if until >= day { throw ValidationFailure([FieldError("date", "征求意见 \(until) 截止后才能送审")]) }
        }
        let settings = NormativeConfig.active
        let latest = try deadline({ try NormativeRules.reviewWindow(submitted: day, settings: settings, engine: ctx.engine).latest }, field: "date")
        try await change(d, action: .normativeReviewSubmit, ctx, on: db) { d, _ in
            d.reviewSubmittedOn = day
            d.reviewDueOn = latest
            d.reviewedOn = nil
            d.reviewResult = nil
            d.reviewOpinion = nil
            d.reviewShortReason = nil
        }
    }

    /// 合法性审核意见 by the legal office: not sooner than the minimum (一般不少于5个工作日) unless the
    /// shorter time is explained; the opinion's day closes the clock.
    static func review(
        _ d: NormativeDocument, on date: String, result raw: String, opinion: String, shortReason: String, _ ctx: Context, on db: any Database
    ) async throws {
        guard let submitted = d.reviewSubmittedOn, d.reviewResult == nil else { throw AppError.conflict("没有待审核的送审稿") }
        let day = try ctx.date(date, "date", "审核意见日期", after: submitted, "送审日期")
        guard let result = NormativeReviewResult(rawValue: raw) else { throw ValidationFailure([FieldError("result", "请选择审核结论")]) }
        let written = try Validator.text(opinion, field: "opinion", label: "审核意见", max: 5000)
        let reason = try Validator.text(shortReason, field: "shortReason", label: "审核时间不足的理由", max: 500, required: false)
        let settings = NormativeConfig.active
        let earliest = try deadline(
            { try NormativeRules.reviewWindow(submitted: submitted, settings: settings, engine: ctx.engine).earliest }, field: "date")
        if day < earliest, reason == nil {
            throw ValidationFailure([
                FieldError("shortReason", "审核时间一般不少于 \(settings.reviewMinWorkdays) 个工作日(\(earliest) 起);提前出具意见的请说明理由")
            ])
        }
        try await change(d, action: .normativeReview, ctx, on: db) { d, _ in
            d.reviewedOn = day
            d.reviewResult = result
            d.reviewOpinion = written
            d.reviewShortReason = day < earliest ? reason : nil
            d.reviewDueOn = nil
        }
    }

    /// 集体审议: only a draft that passed the legality review (115号: 未经审核或审核未通过的,不得提交集体审议).
    static func collective(_ d: NormativeDocument, on date: String, ref: String, _ ctx: Context, on db: any Database) async throws {
        guard d.reviewResult == .passed, let reviewed = d.reviewedOn else {
            throw ValidationFailure([FieldError("date", "未经合法性审核或者审核未通过的,不得提交集体审议(国办发〔2018〕115号)")])
        }
        if d.registeredOn != nil { throw AppError.conflict("已统一登记,不能再修改集体审议") }
        let day = try ctx.date(date, "date", "集体审议日期", after: reviewed, "审核意见日期")
        let minutes = try Validator.text(ref, field: "ref", label: "会议及纪要编号", max: 100)
        try await change(d, action: .normativeCollective, ctx, on: db) { d, _ in
            d.collectiveOn = day
            d.collectiveRef = minutes
        }
    }

    /// 统一登记、统一编号 by the legal office: the next number of the year, allocated in the same
    /// transaction (the sequence row is locked; the number is unique in the table besides).
    static func register(_ d: NormativeDocument, on date: String, _ ctx: Context, on db: any Database) async throws {
        guard let collective = d.collectiveOn else { throw ValidationFailure([FieldError("date", "集体审议通过后才能统一登记")]) }
        if let no = d.regNo { throw AppError.conflict("已登记为 \(no)") }
        let day = try ctx.date(date, "date", "登记日期", after: collective, "集体审议日期")
        let settings = NormativeConfig.active
        try await change(d, action: .normativeRegister, ctx, on: db) { d, tx in
            let floor = try await NormativeDocument.query(on: tx).filter(\.$regYear == day.year).count()
            let n = try await NumberSequence.next("normative/\(day.year)", floor: floor, on: tx)
            d.regNo = settings.number(year: day.year, n: n)
            d.regYear = day.year
            d.registeredOn = day
        }
    }

    struct IssueInput {
        var date = "", docNo = "", effectiveOn = ""
    }

    /// 统一印发: its 文号 and the day it takes effect; from it the validity, the evaluation before
    /// expiry and the filing period follow.
    static func issue(_ d: NormativeDocument, _ input: IssueInput, _ ctx: Context, on db: any Database) async throws {
        guard let registered = d.registeredOn else { throw ValidationFailure([FieldError("date", "统一登记编号后才能印发")]) }
        if d.issuedOn != nil { throw AppError.conflict("已印发") }
        let day = try ctx.date(input.date, "date", "印发日期", after: registered, "登记日期")
        let number = try Validator.text(input.docNo, field: "docNo", label: "文号", max: 60)
        let effective = try ctx.plannedDate(input.effectiveOn, "effectiveOn", "施行日期", after: day, "印发日期")
        let settings = NormativeConfig.active
        let until = NormativeRules.validUntil(effective: effective, title: d.title, settings: settings)
        let filing = try deadline({ try NormativeRules.filingDue(issued: day, settings: settings, engine: ctx.engine) }, field: "date")
        try await change(d, action: .normativeIssue, ctx, on: db) { d, _ in
            d.issuedOn = day
            d.docNo = number
            d.effectiveOn = effective
            d.validUntil = until
            d.evaluationDueOn = NormativeRules.evaluationDue(validUntil: until, settings: settings)
            d.filingBy = filing
            d.filingDueOn = filing
        }
    }

    /// 公开发布 (37号: 未经公布的不得作为行政管理依据).
    static func publish(_ d: NormativeDocument, on date: String, _ ctx: Context, on db: any Database) async throws {
        guard let issued = d.issuedOn else { throw ValidationFailure([FieldError("date", "印发后才能公开发布")]) }
        if d.publishedOn != nil { throw AppError.conflict("已公开发布") }
        let day = try ctx.date(date, "date", "发布日期", after: issued, "印发日期")
        try await change(d, action: .normativePublish, ctx, on: db) { d, _ in d.publishedOn = day }
    }

    /// 报备: submitted to the filing organ.
    static func file(_ d: NormativeDocument, on date: String, _ ctx: Context, on db: any Database) async throws {
        guard let issued = d.issuedOn else { throw ValidationFailure([FieldError("date", "印发后才能报备")]) }
        if d.filedOn != nil { throw AppError.conflict("已报备") }
        let day = try ctx.date(date, "date", "报备日期", after: issued, "印发日期")
        try await change(d, action: .normativeFile, ctx, on: db) { d, _ in
            d.filedOn = day
            d.filingDueOn = nil
        }
    }

    /// 备案审查结果, by the legal office.
    static func filingResult(_ d: NormativeDocument, on date: String, result raw: String, note: String, _ ctx: Context, on db: any Database)
        async throws
    {
        guard let filed = d.filedOn else { throw ValidationFailure([FieldError("date", "尚未报备")]) }
        _ = try ctx.date(date, "date", "审查日期", after: filed, "报备日期")
        guard let result = FilingResult(rawValue: raw) else { throw ValidationFailure([FieldError("result", "请选择审查结果")]) }
        let written = try Validator.text(note, field: "note", label: "审查意见", max: 2000, required: result == .corrected)
        try await change(d, action: .normativeFilingResult, ctx, on: db) { d, _ in
            d.filingResult = result
            d.filingNote = written
        }
    }

    /// 到期前评估: the document's effect, and whether it should go on (then a new one is made) or lapse.
    static func evaluate(_ d: NormativeDocument, on date: String, note: String, _ ctx: Context, on db: any Database) async throws {
        guard d.publishedOn != nil, d.endedOn == nil else { throw AppError.conflict("只有现行有效的文件需要评估") }
        let day = try ctx.date(date, "date", "评估日期", after: d.issuedOn, "印发日期")
        let written = try Validator.text(note, field: "note", label: "评估结论", max: 2000)
        try await change(d, action: .normativeEvaluate, ctx, on: db) { d, _ in
            d.evaluatedOn = day
            d.evaluation = written
            d.evaluationDueOn = nil
        }
    }

    /// 废止 or 宣布失效 outside a clean-up round (the issuer's decision, or 人大常委会 撤销).
    static func end(_ d: NormativeDocument, on date: String, kind raw: String, note: String, _ ctx: Context, on db: any Database) async throws {
        guard d.publishedOn != nil, d.endedOn == nil else { throw AppError.conflict("只有已发布且未废止的文件可以废止") }
        guard let kind = CleanupConclusion(rawValue: raw), kind == .repeal || kind == .expire else {
            throw ValidationFailure([FieldError("kind", "请选择废止或宣布失效")])
        }
        let day = try ctx.date(date, "date", "日期", after: d.publishedOn, "发布日期")
        let written = try Validator.text(note, field: "note", label: "依据和理由", max: 1000)
        try await change(d, action: .normativeEnd, ctx, on: db) { d, _ in
            d.endedOn = day
            d.endKind = kind
            d.endNote = written
            d.evaluationDueOn = nil
        }
    }

    static func snapshot(_ d: NormativeDocument) -> [String: String] {
        func t(_ x: LocalDate?) -> String { x?.description ?? "" }
        return [
            "title": d.title, "regNo": d.regNo ?? "", "docNo": d.docNo ?? "", "comment": "\(t(d.commentFrom))~\(t(d.commentUntil))",
            "reviewSubmitted": t(d.reviewSubmittedOn), "reviewResult": d.reviewResult?.rawValue ?? "", "collective": t(d.collectiveOn),
            "issued": t(d.issuedOn), "published": t(d.publishedOn), "effective": t(d.effectiveOn), "validUntil": t(d.validUntil),
            "filed": t(d.filedOn),
            "filingResult": d.filingResult?.rawValue ?? "", "evaluated": t(d.evaluatedOn), "ended": t(d.endedOn),
            "endKind": d.endKind?.rawValue ?? "",
        ]
    }
}
