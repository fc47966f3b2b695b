import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 行政规范性文件: the list, drafting, one document with its clocks and steps.
struct NormativeController: RouteCollection {
    /// The drafting unit's steps (`handleNormative` on its unit).
    static let unitSteps = ["comment", "comment-exempt", "review-submit", "collective", "issue", "publish", "file", "evaluate"]
    /// The legal office's steps (`reviewNormative`).
    static let officeSteps = ["review", "register", "filing-result", "end"]

    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("normative")
        r.on(.GET, policy: .viewNormative, use: index)
        r.on(.GET, "new", policy: .handleNormative, use: new)
        r.on(.POST, policy: .handleNormative, use: create)
        r.on(.GET, ":documentID", policy: .viewNormative, use: show)
        for step in Self.unitSteps {
            r.on(.POST, ":documentID", .constant(step), policy: .handleNormative, use: { try await self.step(req: $0, step) })
        }
        for step in Self.officeSteps {
            r.on(.POST, ":documentID", .constant(step), policy: .reviewNormative, use: { try await self.step(req: $0, step) })
        }
    }

    struct Filter: Content {
        var status: String?
        var q: String?
        /// The registration year; with `rate`, the year of the indicator's drill-down.
        var year: Int?
        /// An indicator's drill-down: `review` (issued in the year), `filing` (filing period ended or filed in it).
        var rate: String?
        var unit: String?
    }

    static let statuses: [(String, String)] = [
        ("", "全部"), ("drafting", "起草、征求意见中"), ("review", "合法性审核中"), ("failed", "审核未通过"), ("pending_issue", "待登记、印发"),
        ("filing_due", "待报备"), ("filing_late", "报备逾期"), ("in_force", "现行有效"), ("expiring", "将到期(待评估)"), ("ended", "已废止、失效"),
    ]

    static let pageSize = 50

    /// The documents the caller may see, filtered in SQL. `in_force` is the same test as `inForce`.
    static func filtered(on db: any Database, scope: RowScope, filter: Filter, today: LocalDate) async throws -> QueryBuilder<NormativeDocument> {
        var q = NormativeDocument.query(on: db).scoped(scope, unit: \.$unit.$id)
        if let code = filter.unit, !code.isEmpty {
            let unit = try await OrgNode.query(on: db).filter(\.$code == code).first()
            q = q.filter(\.$unit.$id == (unit?.id ?? RowScope.noUnit))
        }
        if let text = filter.q?.trimmed, !text.isEmpty {
            q = q.group(.or) {
                $0.filter(column: "title", containsLiterally: text).filter(column: "reg_no", containsLiterally: text)
                    .filter(column: "doc_no", containsLiterally: text).filter(column: "issuer", containsLiterally: text)
            }
        }
        if let year = filter.year, let first = LocalDate(year: year, month: 1, day: 1), let last = LocalDate(year: year, month: 12, day: 31) {
            switch filter.rate ?? "" {
            case "review": q = q.filter(\.$issuedOn >= first).filter(\.$issuedOn <= last)
            case "filing":
                q = q.filter(\.$filingBy >= first).filter(\.$filingBy <= last).group(.or) { $0.filter(\.$filedOn != nil).filter(\.$filingBy < today) }
            default: q = q.filter(\.$regYear == year)
            }
        }
        switch filter.status ?? "" {
        case "drafting": q = q.filter(\.$reviewSubmittedOn == nil)
        case "review": q = q.filter(\.$reviewSubmittedOn != nil).filter(\.$reviewResult == nil)
        case "failed": q = q.filter(\.$reviewResult == .failed)
        case "pending_issue": q = q.filter(\.$reviewResult == .passed).filter(\.$issuedOn == nil)
        case "filing_due": q = q.filter(\.$filingDueOn != nil)
        case "filing_late": q = q.filter(\.$filingDueOn < today)
        case "in_force": q = inForce(q, on: today)
        case "expiring": q = inForce(q, on: today).filter(\.$evaluationDueOn != nil).filter(\.$evaluationDueOn <= today.adding(days: 31))
        case "ended": q = q.group(.or) { $0.filter(\.$endedOn != nil).filter(\.$validUntil < today) }
        default: break
        }
        return q
    }

    static func inForce(_ q: QueryBuilder<NormativeDocument>, on day: LocalDate) -> QueryBuilder<NormativeDocument> {
        q.filter(\.$publishedOn != nil).filter(\.$endedOn == nil).filter(\.$effectiveOn <= day).group(.or) {
            $0.filter(\.$validUntil == nil).filter(\.$validUntil >= day)
        }
    }

    /// The document's state in words and as a badge code.
    static func state(_ d: NormativeDocument, today: LocalDate) -> (String, String) {
        if let e = d.endedOn { return ("\(e) \(d.endKind?.label ?? "废止")", "closed") }
        if let v = d.validUntil, v < today { return ("有效期已于 \(v) 届满", "closed") }
        if let due = d.filingDueOn { return due < today ? ("报备逾期(应于 \(due) 前)", "overdue") : ("待报备(\(due) 前)", "due_soon") }
        if d.publishedOn != nil, d.inForce(on: today) {
            if let e = d.evaluationDueOn, e <= today.adding(days: 31) { return ("现行有效,\(e) 前评估(\(d.validUntil?.description ?? "") 到期)", "due_soon") }
            return ("现行有效", "on_time")
        }
        if d.issuedOn != nil { return d.publishedOn == nil ? ("已印发,待公开发布", "due_soon") : ("已发布,\(d.effectiveOn?.description ?? "") 施行", "running") }
        if d.registeredOn != nil { return ("已登记 \(d.regNo ?? ""),待印发", "running") }
        if d.collectiveOn != nil { return ("集体审议通过,待统一登记", "running") }
        if d.reviewResult == .passed { return ("审核通过,待集体审议", "running") }
        if d.reviewResult == .failed { return ("审核未通过,修改后重新送审", "overdue") }
        if let due = d.reviewDueOn { return due < today ? ("审核超过期限(\(due))", "overdue") : ("合法性审核中(\(due) 前)", "waiting") }
        return ("起草中", "on_time")
    }

    @Sendable func index(req: Request) async throws -> View {
        let filter = (try? req.query.decode(Filter.self)) ?? Filter()
        if let s = filter.status, !Self.statuses.contains(where: { $0.0 == s }) { throw AppError.badRequest("状态无效", field: "status") }
        if let year = filter.year, !LocalDate.plausibleYears.contains(year) { throw AppError.badRequest("年度无效", field: "year") }
        if let rate = filter.rate, !["", "review", "filing"].contains(rate) { throw AppError.badRequest("指标无效", field: "rate") }
        let page = try req.pageNumber()
        let today = req.clock.today
        let query = try await Self.filtered(on: req.db, scope: try req.requireUser().scope(.viewNormative), filter: filter, today: today)
        let total = try await query.copy().count()
        let docs = try await query.with(\.$unit).sort(\.$draftedOn, .descending).sort(\.$title)
            .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        return try await req.view.render(
            "normative/list",
            NormativeListContext(
                layout: LayoutContext(req, title: "行政规范性文件", active: "normative"),
                tabs: .init(active: "documents", reviews: req.may(.reviewNormative)),
                rows: try docs.map { d in
                    let (state, code) = Self.state(d, today: today)
                    return .init(
                        href: "/normative/\(try d.requireID().uuidString)", regNo: d.regNo ?? "", docNo: d.docNo ?? "", title: d.title,
                        unit: d.unit.name,
                        issued: d.issuedOn?.description ?? "", validUntil: d.validUntil?.description ?? "", state: state, stateCode: code)
                }, total: total, pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: total),
                statuses: Self.statuses.map { OptionContext(value: $0.0, label: $0.1, selected: (filter.status ?? "") == $0.0) },
                query: filter.q ?? "", canDraft: req.may(.handleNormative)))
    }

    struct NewForm: Content {
        var unit: String?, title: String?, issuer: String?, filingTarget: String?, summary: String?, draftedOn: String?, formOnce: String?
    }

    @Sendable func new(req: Request) async throws -> View {
        try await renderNew(req, form: NewForm(), errors: [])
    }

    private func renderNew(_ req: Request, form: NewForm, errors: [FieldError]) async throws -> View {
        let scope = try req.requireUser().scope(.handleNormative)
        var fields: [CaseStepForm.Field] = []
        if scope.spansUnits {
            let units = try await OrgNode.units(in: scope, on: req.db)
            fields.append(
                .select(
                    "unit", "起草单位",
                    [OptionContext(value: "", label: "请选择", selected: (form.unit ?? "").isEmpty)]
                        + units.map { OptionContext(value: $0.code, label: $0.name, selected: form.unit == $0.code) }))
        }
        fields += [
            .init(name: "title", label: "文件名称(暂行、试行文件有效期较短)", kind: "text", value: form.title ?? "", options: [], required: true),
            .init(name: "issuer", label: "制发机关", kind: "text", value: form.issuer ?? "", options: [], required: true),
            .select(
                "filingTarget", "报备对象",
                FilingTarget.allCases.map {
                    OptionContext(value: $0.rawValue, label: $0.label, selected: (form.filingTarget ?? "district") == $0.rawValue)
                }),
            .init(name: "summary", label: "主要内容和起草说明", kind: "textarea", value: form.summary ?? "", options: [], required: true),
            .init(name: "draftedOn", label: "起草日期", kind: "date", value: form.draftedOn ?? req.clock.today.description, options: [], required: true),
        ]
        return try await req.view.render(
            "normative/new",
            NormativeNewContext(
                layout: LayoutContext(req, title: "起草规范性文件", active: "normative"), fields: fields, errors: .init(errors),
                once: form.formOnce ?? FormOnce.token()))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(NewForm.self)
        do {
            guard let unit = try await req.targetUnit(.handleNormative, code: form.unit) else {
                throw ValidationFailure([FieldError("unit", "请选择起草单位")])
            }
            try req.authorize(.handleNormative, .unit(try unit.requireID()))
            let d = try await NormativeService.create(
                .init(
                    title: form.title ?? "", issuer: form.issuer ?? "", filingTarget: form.filingTarget ?? "", summary: form.summary ?? "",
                    draftedOn: form.draftedOn ?? ""), unit: unit, try await StepContext.of(req), once: FormOnce.parse(form.formOnce), on: req.db)
            return req.redirect(to: "/normative/\(try d.requireID().uuidString)?notice=saved")
        } catch let failure as ValidationFailure {
            let response = try await renderNew(req, form: form, errors: failure.errors).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    private func find(_ req: Request, _ action: Action) async throws -> NormativeDocument {
        let d = try await NormativeService.find(req.parameters.get("documentID", as: UUID.self), on: req.db)
        try req.authorize(action, .unit(d.$unit.id))
        return d
    }

    @Sendable func show(req: Request) async throws -> View {
        try await render(req, try await find(req, .viewNormative), errors: [])
    }

    private func render(_ req: Request, _ d: NormativeDocument, errors: [FieldError]) async throws -> View {
        let today = req.clock.today
        let engine = try await CalendarService.engine(on: req.db)
        let handles = req.may(.handleNormative, .unit(d.$unit.id))
        let reviews = req.may(.reviewNormative)
        let settings = NormativeConfig.active
        func day(_ x: LocalDate?) -> String { x.map { ProvisionalDisplay.text($0, calendar: engine.calendar, empty: "") } ?? "" }
        var facts: [NormativeDocumentContext.Fact] = [
            .init(label: "起草单位", value: d.unit.name), .init(label: "制发机关", value: d.issuer), .init(label: "报备对象", value: d.filingTarget.label),
            .init(label: "起草日期", value: d.draftedOn.description),
        ]
        if let no = d.regNo { facts.append(.init(label: "统一登记编号", value: "\(no)(\(d.registeredOn?.description ?? "") 登记)")) }
        if let no = d.docNo { facts.append(.init(label: "文号", value: no)) }
        if let o = d.reviewOpinion {
            facts.append(
                .init(
                    label: "合法性审核意见",
                    value: "\(d.reviewedOn?.description ?? "") \(d.reviewResult?.label ?? ""):\(o)"
                        + (d.reviewShortReason.map { "(提前出具的理由:\($0))" } ?? "")))
        }
        for note in try await RegisterModules.recordNotes(for: try d.requireID(), on: req.db) {
            facts.append(.init(label: note.label, value: note.value))
        }
        if let c = d.collectiveOn { facts.append(.init(label: "集体审议", value: "\(c) \(d.collectiveRef ?? "")")) }
        if let v = d.validUntil {
            facts.append(
                .init(
                    label: "有效期",
                    value: "\(d.effectiveOn?.description ?? "") 起施行,有效期至 \(v)" + (NormativeRules.isProvisional(title: d.title) ? "(暂行、试行文件)" : "")))
        }
        if let r = d.filingResult { facts.append(.init(label: "备案审查", value: "\(r.label)" + (d.filingNote.map { ":\($0)" } ?? ""))) }
        if let e = d.evaluation { facts.append(.init(label: "到期前评估", value: "\(d.evaluatedOn?.description ?? "") \(e)")) }
        if let e = d.endedOn { facts.append(.init(label: d.endKind?.label ?? "废止", value: "\(e) \(d.endNote ?? "")")) }
        var clocks: [CaseStepRow] = []
        if let s = d.reviewSubmittedOn, let window = try? NormativeRules.reviewWindow(submitted: s, settings: settings, engine: engine) {
            clocks.append(
                .init(
                    name: "合法性审核", party: "司法局(法治办)", due: "\(day(window.earliest.due)) 至 \(day(window.latest.due))",
                    done: d.reviewedOn?.description ?? "",
                    state: d.reviewedOn != nil ? "已出具" : (window.latest.due < today ? "已超期" : "审核中"),
                    stateCode: d.reviewedOn != nil ? "closed" : (window.latest.due < today ? "overdue" : "waiting"),
                    basis: "国办发〔2018〕115号;一般不少于 \(settings.reviewMinWorkdays) 个工作日,最长不超过 \(settings.reviewMaxWorkdays) 个工作日"))
        }
        if let by = d.filingBy {
            let late = d.filedOn.map { $0 > by } ?? (by < today)
            clocks.append(
                .init(
                    name: "报备", party: d.unit.name, due: day(by), done: d.filedOn?.description ?? "",
                    state: d.filedOn == nil ? (late ? "逾期未报备" : "待报备") : (late ? "逾期报备" : "按时报备"),
                    stateCode: late ? "overdue" : (d.filedOn == nil ? "due_soon" : "closed"), basis: "印发之日起 \(settings.filingDays) 日内报备(本地规定,可配置)"))
        }
        if let e = d.evaluationDueOn ?? d.evaluatedOn, let v = d.validUntil {
            clocks.append(
                .init(
                    name: "到期前评估", party: d.unit.name, due: e.description, done: d.evaluatedOn?.description ?? "",
                    state: d.evaluatedOn != nil ? "已评估" : (e < today ? "应评估" : "未到期"),
                    stateCode: d.evaluatedOn != nil ? "closed" : (e < today ? "overdue" : "waiting"),
                    basis: "有效期届满(\(v))前 \(settings.evaluationMonthsBefore) 个月评估,需要继续施行的重新制发"))
        }
        let (state, code) = Self.state(d, today: today)
        return try await req.view.render(
            "normative/document",
            NormativeDocumentContext(
                layout: LayoutContext(req, title: d.title, active: "normative"), title: d.title, regNo: d.regNo ?? "", state: state, stateCode: code,
                facts: facts, summary: d.summary, steps: clocks,
                forms: Self.forms(d, today: today, handles: handles && d.endedOn == nil, reviews: reviews && d.endedOn == nil), errors: .init(errors))
        )
    }

    static func forms(_ d: NormativeDocument, today: LocalDate, handles: Bool, reviews: Bool) -> [CaseStepForm] {
        let t = today.description
        var steps = CaseStepForms(base: "/normative/\(d.id?.uuidString ?? "")/")
        if handles, d.reviewResult != .passed, d.reviewSubmittedOn == nil || d.reviewResult == .failed {
            steps.add(
                "comment", "向社会公开征求意见", "涉及公民、法人和其他组织权利义务的,应当向社会公开征求意见(国办发〔2018〕37号)。",
                [.date(named: "from", "开始日期", d.commentFrom?.description ?? t), .date(named: "until", "截止日期", d.commentUntil?.description ?? "")],
                "保存", primary: d.commentFrom == nil && d.commentExempt == nil)
            steps.add("comment-exempt", "不征求意见", "不涉及公众权利义务等情形,写明不向社会征求意见的理由。", [.text("reason", "理由", long: true)], "保存")
            steps.add(
                "review-submit", d.reviewResult == .failed ? "修改后重新送审" : "送请合法性审核", "未经合法性审核或审核未通过的,不得提交集体审议(国办发〔2018〕115号)。",
                [.date("送审日期", t)], "送审", primary: d.commentUntil.map { $0 < today } ?? (d.commentExempt != nil))
        }
        if reviews, d.reviewSubmittedOn != nil, d.reviewResult == nil {
            steps.add(
                "review", "合法性审核意见", "审核制定主体、权限、内容和程序;不得违法减损权利、增加义务。",
                [
                    .date("审核意见日期", t),
                    .select(
                        "result", "审核结论", NormativeReviewResult.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: false) }),
                    .text("opinion", "审核意见", long: true), .text("shortReason", "审核时间不足最短时限的理由(足够的不填)", required: false),
                ], "出具意见", primary: true)
        }
        if handles, d.reviewResult == .passed, d.registeredOn == nil {
            steps.add(
                "collective", "集体审议", "经制定机关常务会议、办公会议等集体审议决定。", [.date("审议日期", t), .text("ref", "会议及纪要编号")], "记录审议",
                primary: d.collectiveOn == nil)
        }
        if reviews, d.collectiveOn != nil, d.registeredOn == nil {
            steps.add("register", "统一登记、统一编号", "登记后按年度顺序编号(“三统一”),编号不重复。", [.date("登记日期", t)], "登记编号", primary: true)
        }
        if handles, d.registeredOn != nil, d.issuedOn == nil {
            steps.add(
                "issue", "统一印发", "印发后计算报备期限和有效期(暂行、试行文件有效期较短)。",
                [.date("印发日期", t), .text("docNo", "文号"), .date(named: "effectiveOn", "施行日期", "")], "记录印发", primary: true,
                confirm: "印发后文号、施行日期不能再改。")
        }
        if handles, d.issuedOn != nil, d.publishedOn == nil {
            steps.add("publish", "公开发布", "未经公布的规范性文件,不得作为行政管理依据。", [.date("发布日期", t)], "记录发布", primary: true)
        }
        if handles, d.issuedOn != nil, d.filedOn == nil {
            steps.add(
                "file", "报备", "向\(d.filingTarget.label)报送备案。", [.date("报备日期", t)], "记录报备",
                primary: d.filingDueOn.map { $0 <= today.adding(days: 7) } ?? false)
        }
        if reviews, d.filedOn != nil, d.filingResult == nil {
            steps.add(
                "filing-result", "备案审查结果", "审查发现问题的,要求制定机关纠正。",
                [
                    .date("审查日期", t),
                    .select("result", "审查结果", FilingResult.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: false) }),
                    .text("note", "审查意见(要求纠正的必填)", required: false, long: true),
                ], "登记")
        }
        if handles, d.publishedOn != nil, d.evaluatedOn == nil {
            steps.add(
                "evaluate", "到期前评估", "有效期届满前评估实施情况,需要继续施行的,重新履行制定程序。", [.date("评估日期", t), .text("note", "评估结论", long: true)], "登记评估",
                primary: d.evaluationDueOn.map { $0 <= today } ?? false)
        }
        if reviews, d.publishedOn != nil, d.endedOn == nil {
            steps.add(
                "end", "废止或宣布失效", "清理以外的废止(制定机关决定)或宣布失效(如上位法修改)。",
                [
                    .date("日期", t),
                    .select(
                        "kind", "类型", [CleanupConclusion.repeal, .expire].map { OptionContext(value: $0.rawValue, label: $0.label, selected: false) }),
                    .text("note", "依据和理由", long: true),
                ], "登记", confirm: "废止或失效后文件不再现行有效。")
        }
        return steps.forms.filter(\.primary) + steps.forms.filter { !$0.primary }
    }

    struct StepForm: Content {
        var date: String?, from: String?, until: String?, reason: String?, result: String?, opinion: String?, shortReason: String?, ref: String?
        var docNo: String?, effectiveOn: String?, note: String?, kind: String?
    }

    func step(req: Request, _ step: String) async throws -> Response {
        let d = try await find(req, Self.officeSteps.contains(step) ? .viewNormative : .handleNormative)
        let form = try req.content.decode(StepForm.self)
        let ctx = try await StepContext.of(req)
        let date = form.date ?? ""
        return try await req.attempt(
            success: "/normative/\(try d.requireID().uuidString)?notice=saved",
            render: { errors in try await render(req, try await NormativeService.find(d.id, on: req.db), errors: errors) }
        ) {
            typealias S = NormativeService
            switch step {
            case "comment": try await S.comment(d, from: form.from ?? "", until: form.until ?? "", ctx, on: req.db)
            case "comment-exempt": try await S.commentExempt(d, reason: form.reason ?? "", ctx, on: req.db)
            case "review-submit": try await S.reviewSubmit(d, on: date, ctx, on: req.db)
            case "review":
                try await S.review(
                    d, on: date, result: form.result ?? "", opinion: form.opinion ?? "", shortReason: form.shortReason ?? "", ctx, on: req.db)
            case "collective": try await S.collective(d, on: date, ref: form.ref ?? "", ctx, on: req.db)
            case "register": try await S.register(d, on: date, ctx, on: req.db)
            case "issue": try await S.issue(d, .init(date: date, docNo: form.docNo ?? "", effectiveOn: form.effectiveOn ?? ""), ctx, on: req.db)
            case "publish": try await S.publish(d, on: date, ctx, on: req.db)
            case "file": try await S.file(d, on: date, ctx, on: req.db)
            case "filing-result": try await S.filingResult(d, on: date, result: form.result ?? "", note: form.note ?? "", ctx, on: req.db)
            case "evaluate": try await S.evaluate(d, on: date, note: form.note ?? "", ctx, on: req.db)
            case "end": try await S.end(d, on: date, kind: form.kind ?? "", note: form.note ?? "", ctx, on: req.db)
            default: throw AppError.notFound("操作")
            }
        }
    }
}
