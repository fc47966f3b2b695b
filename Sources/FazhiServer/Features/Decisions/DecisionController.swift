import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 重大行政决策: the list, starting a decision, one decision with its five gates and steps, its
/// documents and the archive check.
struct DecisionController: RouteCollection {
    /// The lead unit's steps (`handleDecision` on its unit).
    static let unitSteps = ["exempt", "comment", "hearing", "participation", "expert", "risk", "legal-submit", "answer", "feedback", "execution"]
    /// The district government's and legal office's steps (`governDecisions`).
    static let officeSteps = ["legal-review", "meeting", "meeting-opinion", "adopt", "party-report", "publish", "evaluate", "archive"]

    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("decisions")
        r.on(.GET, policy: .viewDecisions, use: index)
        r.on(.GET, "new", policy: .handleDecision, use: new)
        r.on(.POST, policy: .handleDecision, use: create)
        r.on(.GET, ":decisionID", policy: .viewDecisions, use: show)
        for step in Self.unitSteps {
            r.on(.POST, ":decisionID", .constant(step), policy: .handleDecision, use: { try await self.step(req: $0, step) })
        }
        for step in Self.officeSteps {
            r.on(.POST, ":decisionID", .constant(step), policy: .governDecisions, use: { try await self.step(req: $0, step) })
        }
        r.upload(":decisionID", "files", policy: .handleDecision, use: addFile)
        r.on(.GET, ":decisionID", "files", ":fileID", policy: .viewDecisions, use: download)
    }

    // MARK: list

    struct Filter: Content {
        var year: Int?
        var stage: String?
        var q: String?
        /// An indicator's drill-down: the decisions its denominator counted in `year` (`adopted`, `comment`).
        var rate: String?
        /// A lead unit's code (the office's filter; a unit sees only its own anyway).
        var unit: String?
    }

    static let stages: [(String, String)] = [
        ("", "全部"), ("drafting", "论证征求意见中"), ("consulting", "公开征求意见中"), ("review", "合法性审查中"), ("meeting", "待集体讨论"),
        ("adopted", "已决策待公布"), ("published", "已公布"), ("archived", "已归档"),
    ]

    static let pageSize = 50

    /// The stage of a decision in words and as a badge code, from its stored dates.
    static func stage(_ d: MajorDecision, today: LocalDate) -> (String, String) {
        if let a = d.archivedOn { return ("\(a) 已归档", "closed") }
        if let p = d.publishedOn { return ("\(p) 已公布", "closed") }
        if let a = d.adoptedOn { return ("\(a) 已决策,待公布", "running") }
        if d.openForComment(on: today) { return ("公开征求意见中(\(d.commentUntil?.description ?? "") 截止)", "running") }
        if let m = d.meetingOn { return m > today ? ("定于 \(m) 集体讨论", "waiting") : ("\(m) 已讨论,待作出决策", "due_soon") }
        if d.legalResult == .failed { return ("合法性审查不合法,须修改后重新送审", "overdue") }
        if d.legalResult != nil { return ("已通过合法性审查,待集体讨论", "due_soon") }
        if d.legalSubmittedOn != nil { return ("合法性审查中", "waiting") }
        return ("论证、征求意见中", "on_time")
    }

    static func filtered(on db: any Database, scope: RowScope, filter: Filter, today: LocalDate) async throws -> QueryBuilder<MajorDecision> {
        var q = MajorDecision.query(on: db).scoped(scope, unit: \.$leadUnit.$id)
        if let code = filter.unit, !code.isEmpty {
            let unit = try await OrgNode.query(on: db).filter(\.$code == code).first()
            q = q.filter(\.$leadUnit.$id == (unit?.id ?? RowScope.noUnit))
        }
        if let year = filter.year, let first = LocalDate(year: year, month: 1, day: 1), let last = LocalDate(year: year, month: 12, day: 31) {
            // The indicators' drill-down counts by the day the rate looks at (DecisionIndicatorService).
            switch filter.rate ?? "" {
            case "adopted": q = q.filter(\.$adoptedOn >= first).filter(\.$adoptedOn <= last)
            case "comment": q = q.filter(\.$commentUntil >= first).filter(\.$commentUntil <= last).filter(\.$commentUntil < today)
            default: q = q.filter(\.$year == year)
            }
        }
        if let text = filter.q?.trimmed, !text.isEmpty {
            q = q.group(.or) { $0.filter(column: "number", containsLiterally: text).filter(column: "title", containsLiterally: text) }
        }
        switch filter.stage ?? "" {
        case "drafting": q = q.filter(\.$adoptedOn == nil).filter(\.$legalSubmittedOn == nil)
        case "consulting": q = q.filter(\.$commentFrom <= today).filter(\.$commentUntil >= today)
        case "review": q = q.filter(\.$adoptedOn == nil).filter(\.$legalSubmittedOn != nil).filter(\.$meetingOn == nil)
        case "meeting": q = q.filter(\.$adoptedOn == nil).filter(\.$legalResult != nil).filter(\.$legalResult != .failed)
        case "adopted": q = q.filter(\.$adoptedOn != nil).filter(\.$publishedOn == nil)
        case "published": q = q.filter(\.$publishedOn != nil).filter(\.$archivedOn == nil)
        case "archived": q = q.filter(\.$archivedOn != nil)
        default: break
        }
        return q
    }

    @Sendable func index(req: Request) async throws -> View {
        let filter = (try? req.query.decode(Filter.self)) ?? Filter()
        if let year = filter.year, !LocalDate.plausibleYears.contains(year) { throw AppError.badRequest("年度无效", field: "year") }
        if let stage = filter.stage, !Self.stages.contains(where: { $0.0 == stage }) { throw AppError.badRequest("状态无效", field: "stage") }
        if let rate = filter.rate, !["", "adopted", "comment"].contains(rate) { throw AppError.badRequest("指标无效", field: "rate") }
        let page = try req.pageNumber()
        let today = req.clock.today
        let query = try await Self.filtered(on: req.db, scope: try req.requireUser().scope(.viewDecisions), filter: filter, today: today)
        let total = try await query.copy().count()
        let rows = try await query.with(\.$leadUnit).sort(\.$startedOn, .descending).sort(\.$number, .descending)
            .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        return try await req.view.render(
            "decisions/list",
            DecisionListContext(
                layout: LayoutContext(req, title: "重大行政决策", active: "decisions"), tabs: Self.tabs(req, "decisions"),
                rows: try rows.map { d in
                    let (stage, code) = Self.stage(d, today: today)
                    return .init(
                        number: d.number, href: "/decisions/\(try d.requireID().uuidString)", unit: d.leadUnit.name, title: d.title,
                        category: d.category.label, started: d.startedOn.description, stage: stage, stageCode: code)
                },
                total: total, pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: total),
                years: [OptionContext(value: "", label: "全部年度", selected: filter.year == nil)]
                    + (2024...today.year + 1).reversed().map { OptionContext(value: String($0), label: "\($0) 年", selected: filter.year == $0) },
                stages: Self.stages.map { OptionContext(value: $0.0, label: $0.1, selected: (filter.stage ?? "") == $0.0) }, query: filter.q ?? "",
                canStart: req.may(.handleDecision)))
    }

    static func tabs(_ req: Request, _ active: String) -> DecisionTabs {
        DecisionTabs(active: active, governs: req.may(.governDecisions))
    }

    // MARK: starting

    struct NewForm: Content {
        var unit: String?, item: String?, title: String?, category: String?, draft: String?, startedOn: String?, formOnce: String?
    }

    @Sendable func new(req: Request) async throws -> View {
        struct Query: Content { var item: String? }
        var form = NewForm()
        if let raw = (try? req.query.decode(Query.self))?.item, let id = UUID(uuidString: raw),
            let item = try await DecisionCatalogueItem.query(on: req.db).filter(\.$id == id).with(\.$leadUnit).first()
        {
            form.item = raw
            form.title = item.title
            form.category = item.category.rawValue
            form.unit = item.leadUnit.code
        }
        return try await renderNew(req, form: form, errors: [])
    }

    private func renderNew(_ req: Request, form: NewForm, errors: [FieldError]) async throws -> View {
        let scope = try req.requireUser().scope(.handleDecision)
        var fields: [CaseStepForm.Field] = []
        if scope.spansUnits {
            let units = try await OrgNode.units(in: scope, on: req.db)
            fields.append(
                .select(
                    "unit", "决策承办单位",
                    [OptionContext(value: "", label: "请选择", selected: (form.unit ?? "").isEmpty)]
                        + units.map { OptionContext(value: $0.code, label: $0.name, selected: form.unit == $0.code) }))
        }
        // The catalogue items of this and next year the caller's units lead and no decision follows yet.
        var items = DecisionCatalogueItem.query(on: req.db).join(
            DecisionCatalogue.self, on: \DecisionCatalogueItem.$catalogue.$id == \DecisionCatalogue.$id
        )
        .filter(DecisionCatalogue.self, \.$year >= req.clock.today.year).with(\.$leadUnit)
        items = items.scoped(scope, unit: \.$leadUnit.$id)
        let open = try await items.sort(\.$sort).limit(200).all()
        fields += [
            .init(
                name: "item", label: "决策事项目录中的事项", kind: "select", value: "",
                options: [OptionContext(value: "", label: "不在目录中(目录外事项经决策机关同意后启动)", selected: (form.item ?? "").isEmpty)]
                    + open.map { i in
                        OptionContext(value: i.id?.uuidString ?? "", label: "\(i.title)(\(i.leadUnit.name))", selected: form.item == i.id?.uuidString)
                    }, required: false),
            .init(name: "title", label: "决策事项名称", kind: "text", value: form.title ?? "", options: [], required: true),
            .select(
                "category", "类别(第三条)",
                [OptionContext(value: "", label: "请选择", selected: (form.category ?? "").isEmpty)]
                    + DecisionCategory.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: form.category == $0.rawValue) }),
            .init(
                name: "draft", label: "决策草案及起草说明(征求意见时在公众页面展示)", kind: "textarea", value: form.draft ?? "", options: [], required: true),
            .init(
                name: "startedOn", label: "启动日期", kind: "date", value: form.startedOn ?? req.clock.today.description, options: [], required: true),
        ]
        return try await req.view.render(
            "decisions/new",
            DecisionNewContext(
                layout: LayoutContext(req, title: "启动重大行政决策", active: "decisions"), fields: fields, errors: .init(errors),
                once: form.formOnce ?? FormOnce.token()))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(NewForm.self)
        do {
            guard let unit = try await req.targetUnit(.handleDecision, code: form.unit) else {
                throw ValidationFailure([FieldError("unit", "请选择决策承办单位")])
            }
            try req.authorize(.handleDecision, .unit(try unit.requireID()))
            let d = try await DecisionService.start(
                .init(
                    title: form.title ?? "", category: form.category ?? "", item: form.item ?? "", draft: form.draft ?? "",
                    startedOn: form.startedOn ?? ""), unit: unit, try await StepContext.of(req), once: FormOnce.parse(form.formOnce), on: req.db)
            return req.redirect(to: "/decisions/\(try d.requireID().uuidString)?notice=saved")
        } catch let failure as ValidationFailure {
            let response = try await renderNew(req, form: form, errors: failure.errors).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    // MARK: one decision

    private func find(_ req: Request, _ action: Action) async throws -> MajorDecision {
        let d = try await DecisionService.find(req.parameters.get("decisionID", as: UUID.self), on: req.db)
        try req.authorize(action, .unit(d.$leadUnit.id))
        return d
    }

    @Sendable func show(req: Request) async throws -> View {
        try await render(req, try await find(req, .viewDecisions), errors: [])
    }

    private func render(_ req: Request, _ d: MajorDecision, errors: [FieldError]) async throws -> View {
        let ctx = try await StepContext.of(req)
        let id = try d.requireID()
        let idText = id.uuidString
        let today = ctx.today
        let handles = req.may(.handleDecision, .unit(d.$leadUnit.id)) && d.archivedOn == nil
        let governs = req.may(.governDecisions) && d.archivedOn == nil
        var facts: [DecisionPageContext.Fact] = [
            .init(label: "承办单位", value: d.leadUnit.name), .init(label: "类别", value: d.category.label),
            .init(label: "目录事项", value: d.item.map { "\($0.title)(计划 \($0.plannedOn) 前完成)" } ?? "目录外事项"),
            .init(label: "启动日期", value: d.startedOn.description),
        ]
        if let p = d.otherParticipation { facts.append(.init(label: "座谈、走访等", value: "\(d.otherParticipationOn?.description ?? "") \(p)")) }
        if let s = d.riskSummary { facts.append(.init(label: "风险评估", value: s)) }
        if let o = d.legalOpinion {
            facts.append(
                .init(
                    label: "合法性审查意见",
                    value: "\(d.legalSubmittedOn?.description ?? "") 送审,\(d.legalReviewedOn?.description ?? "") \(d.legalResult?.label ?? ""):\(o)"
                        + (d.legalShortReason.map { "(审查时间不足七个工作日的理由:\($0))" } ?? "")))
        } else if let s = d.legalSubmittedOn {
            facts.append(.init(label: "合法性审查", value: "\(s) 已送审,待审查意见"))
        }
        let notes = try await RegisterModules.recordNotes(for: id, on: req.db)
        for note in notes { facts.append(.init(label: note.label, value: note.value)) }
        if let m = d.meetingOn {
            facts.append(
                .init(
                    label: "集体讨论",
                    value: "\(m) \(d.meetingKind?.label ?? "")" + (d.meetingRef.map { ",纪要 \($0)" } ?? "")
                        + (d.headConclusion.map { ";行政首长决定:\($0)" } ?? "")
                        + (d.contraryReason.map { ";与多数意见不一致的理由:\($0)" } ?? "")))
        }
        if let a = d.adoptedOn { facts.append(.init(label: "作出决策", value: a.description)) }
        if let p = d.partyReportOn { facts.append(.init(label: "向党委请示报告", value: p.description)) }
        if let p = d.publishedOn {
            facts.append(.init(label: "公布", value: "\(p) \(d.publishRef ?? "");意见采纳情况:\(d.opinionUseNote ?? "")"))
        }
        if let e = d.evaluatedOn { facts.append(.init(label: "决策后评估", value: "\(e) \(d.evaluator ?? ""):\(d.evaluation ?? "")")) }
        if let a = d.archivedOn { facts.append(.init(label: "归档", value: a.description)) }

        let experts = try await DecisionExpertOpinion.query(on: req.db).filter(\.$decision.$id == id).with(\.$expert).sort(\.$signedOn).all()
        let meeting = try await DecisionMeetingOpinion.query(on: req.db).filter(\.$decision.$id == id).sort(\.$sort).all()
        // The gates read the opinions just loaded, not a second time.
        let gates = try DecisionService.gates(d.facts(signedExpertOpinions: experts.count, meeting: meeting), ctx)
        let executions = try await DecisionExecutionReport.query(on: req.db).filter(\.$decision.$id == id).sort(\.$reportedOn).all()
        // The public's opinions: the unanswered first, 200 at a time (an open draft may draw thousands;
        // the rest are counted, and each answer brings the next unanswered ones onto the page).
        let shown = 200
        let opinionTotal = try await ConsultationOpinion.query(on: req.db).filter(\.$decision.$id == id).count()
        let opinionOpen = try await ConsultationOpinion.query(on: req.db).filter(\.$decision.$id == id).filter(\.$response == nil).count()
        var opinions = try await ConsultationOpinion.query(on: req.db).filter(\.$decision.$id == id).filter(\.$response == nil).sort(\.$createdAt)
            .limit(shown).all()
        if opinions.count < shown {
            opinions += try await ConsultationOpinion.query(on: req.db).filter(\.$decision.$id == id).filter(\.$response != nil)
                .sort(\.$theme).sort(\.$createdAt).limit(shown - opinions.count).all()
        }
        let files = try await Attachment.query(on: req.db).filter(\.$ownerID == id).filter(\.$ownerType =~ "decision_").sort(\.$uploadedAt).all()
        let missing = DecisionService.missing(d, present: Set(files.map(\.ownerType)))
        let required = DecisionService.requiredDocuments(d)
        let documents: [DecisionPageContext.Document] = DecisionDocument.allCases.compactMap { doc in
            let own = files.filter { $0.ownerType == AttachmentOwner.decision(doc).code }
            guard !own.isEmpty || required.contains(doc) else { return nil }
            return .init(
                label: doc.label,
                files: own.map {
                    .init(name: $0.filename, href: "/decisions/\(idText)/files/\($0.id?.uuidString ?? "")", sha: String($0.sha256.prefix(12)))
                },
                missing: missing.contains(doc))
        }
        let (stage, code) = Self.stage(d, today: today)
        let openCount = gates.filter { if case .open = $0.1 { return true } else { return false } }.count
        return try await req.view.render(
            "decisions/decision",
            DecisionPageContext(
                layout: LayoutContext(req, title: "重大行政决策 \(d.number)", active: "decisions"), id: idText, number: d.number, title: d.title,
                stage: stage, stageCode: code, facts: facts,
                gates: gates.map { p, s in
                    .init(procedure: p.label, state: s.text, stateCode: s.code, basis: p.basis, exemptible: p.exemption != nil)
                }, openGates: d.adoptedOn == nil ? openCount : 0, draft: d.draft,
                experts: experts.map {
                    .init(
                        on: $0.signedOn.description, who: "\($0.expert.name)(\($0.expert.field),\($0.expert.employer))", text: $0.summary, mark: "已签名"
                    )
                },
                meeting: meeting.map { .init(on: "", who: $0.participant, text: $0.remark, mark: $0.position.label) },
                executions: executions.map { .init(on: $0.reportedOn.description, who: $0.createdBy, text: $0.summary, mark: "") },
                opinions: opinions.map {
                    .init(
                        id: $0.id?.uuidString ?? "", receipt: $0.receipt, on: $0.submittedOn.description, body: $0.body, theme: $0.theme ?? "",
                        response: self.responseText($0))
                },
                opinionTotal: opinionTotal, opinionOpen: opinionOpen,
                canAnswer: handles && d.feedbackOn == nil && (d.commentUntil.map { $0 < today } ?? false),
                responses: OpinionResponse.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: false) },
                documents: documents, missing: missing.map(\.label),
                documentKinds: DecisionDocument.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: false) },
                canUpload: handles,
                forms: try await Self.forms(d, gates: gates, today: today, handles: handles, governs: governs, notes: notes, on: req.db),
                errors: .init(errors), maxUpload: req.fazhi.maxUploadMB))
    }

    private func responseText(_ o: ConsultationOpinion) -> String {
        guard let r = o.response else { return "" }
        guard let reason = o.reason, !reason.isEmpty else { return r.label }
        return "\(r.label):\(reason)"
    }

    /// The step forms the decision allows now, the lead unit's and the office's.
    static func forms(
        _ d: MajorDecision, gates: [(DecisionProcedure, GateState)], today: LocalDate, handles: Bool, governs: Bool, notes: [RecordNote] = [],
        on db: any Database
    ) async throws -> [CaseStepForm] {
        let t = today.description
        var steps = CaseStepForms(base: "/decisions/\(try d.requireID().uuidString)/")
        let undecided = d.adoptedOn == nil
        func isOpen(_ p: DecisionProcedure) -> Bool {
            gates.contains { if $0.0 == p, case .open = $0.1 { return true } else { return false } }
        }
        if undecided, handles {
            if d.commentFrom == nil || d.openForComment(on: today) {
                steps.add(
                    "comment", d.commentFrom == nil ? "向社会公开征求意见" : "调整征求意见期限",
                    "公布决策草案及其说明,征求意见期限一般不少于30日;因情况紧急等需要缩短的,予以说明(第十五条)。期间公众可在公众页面提交意见。",
                    [
                        .date(named: "from", "开始日期", d.commentFrom?.description ?? t),
                        .date(named: "until", "截止日期", d.commentUntil?.description ?? ""),
                        .text("shortReason", "不足30日的理由(足30日的不填)", required: false),
                    ], "公开征求意见", primary: isOpen(.participation))
            }
            steps.add(
                "hearing", "听证会", "涉及群众切身利益或存在较大分歧的,可以召开听证会;提前7日向听证参加人送达决策草案及说明等材料(第十六条、第十七条)。",
                [.date(named: "noticeOn", "送达材料日期", t), .date(named: "hearingOn", "听证会日期", "")], "登记听证会")
            steps.add(
                "participation", "座谈会、实地走访等", "通过座谈会、实地走访、书面征求意见、问卷调查、民意调查等方式听取意见(第十四条)。",
                [.date("日期", t), .text("what", "方式和参加对象")], "登记")
            let district = try await Districts.of(unit: d.$leadUnit.id, on: db) ?? RowScope.noUnit
            let pool = try await DecisionExpert.query(on: db).filter(\.$district.$id == district).filter(\.$active == true).sort(\.$field)
                .sort(\.$name).limit(500).all()
            steps.add(
                "expert", "专家论证意见", "专业性、技术性较强的决策事项,组织专家论证;专家提供书面论证意见并签字(第二十条);与决策事项有直接利害关系的专家不得参加(第二十一条)。",
                [
                    .select(
                        "expert", "专家(专家库)",
                        [OptionContext(value: "", label: "请选择", selected: true)]
                            + pool.map {
                                OptionContext(value: $0.id?.uuidString ?? "", label: "\($0.name)(\($0.field),\($0.employer))", selected: false)
                            }),
                    .date(named: "signedOn", "签署日期", t), .text("summary", "论证意见摘要", long: true),
                    .checkbox("noInterest", "专家已书面声明与决策事项无直接利害关系"),
                ], "登记专家意见", primary: isOpen(.expert) && d.expertExempt == nil)
            steps.add(
                "risk", "风险评估", "决策实施可能对社会稳定、公共安全等造成不利影响的,应当组织风险评估,形成评估报告;风险不可控的,调整草案等确保可控后方可决策(第二十二条至第二十四条)。",
                [
                    .date("评估报告日期", d.riskReportOn?.description ?? t),
                    .select(
                        "controllable", "评估结论",
                        [
                            OptionContext(value: "", label: "请选择", selected: true), OptionContext(value: "yes", label: "风险可控", selected: false),
                            OptionContext(value: "no", label: "风险不可控", selected: false),
                        ]), .text("summary", "风险点、防范措施和处置预案", long: true),
                ], d.riskReportOn == nil ? "登记风险评估" : "更新风险评估", primary: isOpen(.risk) && d.riskExempt == nil)
            if d.legalSubmittedOn == nil || d.legalResult == .failed {
                steps.add(
                    "legal-submit", d.legalResult == .failed ? "修改后重新送请合法性审查" : "送请合法性审查",
                    "提请讨论前送司法行政部门进行合法性审查,一般不少于7个工作日;不得以征求意见等替代(第二十五条至第二十七条)。",
                    [.date("送审日期", t), .text("shortReason", "距会议不足七个工作日的理由(时间充足的不填)", required: false)], "送审",
                    primary: d.legalSubmittedOn == nil)
            }
            steps.add(
                "exempt", "说明程序不适用", "公众参与(依法不予公开的)、专家论证(专业性技术性不强的)、风险评估(不会造成不利影响的)可以不适用,须写明理由;合法性审查和集体讨论决定不得免除。清空理由即撤销。",
                [
                    .select(
                        "procedure", "程序",
                        DecisionProcedure.allCases.filter { $0.exemption != nil }.map {
                            OptionContext(value: $0.rawValue, label: "\($0.label):\($0.exemption ?? "")", selected: false)
                        }), .text("reason", "理由", required: false, long: true),
                ], "保存")
        }
        if undecided, governs {
            if d.legalSubmittedOn != nil, d.legalResult == nil {
                steps.add(
                    "legal-review", "合法性审查意见",
                    "审查决策草案的制定权限、程序、内容是否合法;应当听取法律顾问、公职律师的意见(第二十八条)。"
                        + (notes.isEmpty ? "本决策尚未登记法律顾问、公职律师的意见。" : "法律顾问、公职律师的意见见上方。"),
                    [
                        .date("审查意见日期", t),
                        .select(
                            "result", "审查结论", LegalityResult.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: false) }),
                        .text("opinion", "审查意见", long: true),
                    ], "出具意见", primary: true)
            }
            if d.legalResult?.passes == true {
                steps.add(
                    "meeting", d.meetingOn == nil ? "安排集体讨论" : "记录集体讨论",
                    "经区政府常务会议或全体会议讨论;行政首长在集体讨论的基础上作出决定,与多数人意见不一致的,在会上说明理由(第三十条)。会议尚未举行的,只填类型和日期。",
                    [
                        .select(
                            "kind", "会议",
                            DecisionMeetingKind.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: d.meetingKind == $0) }),
                        .date(named: "meetingOn", "会议日期", d.meetingOn?.description ?? ""), .text("ref", "会议纪要编号", required: false),
                        .text("conclusion", "行政首长的决定", required: false, long: true),
                        .text("contrary", "与多数意见不一致时说明的理由", required: false, long: true),
                    ], "保存", primary: d.meetingOn == nil)
            }
            if let m = d.meetingOn, m <= today {
                steps.add(
                    "meeting-opinion", "会议组成人员意见", "逐人记录;不同意见应当载明(第三十条)。",
                    [
                        .text("participant", "姓名(职务)"),
                        .select(
                            "position", "意见", MeetingPosition.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: false) }),
                        .text("remark", "发言要点(不同意或保留的必填)", required: false),
                    ], "记录")
            }
            steps.add(
                "adopt", "作出决策", "五项法定程序均已履行(或依法说明不适用)后才能登记决策;尚未完成的程序将逐项列出。", [.date("决策日期", t)], "登记决策",
                primary: gates.allSatisfy { if case .open = $0.1 { return false } else { return true } },
                confirm: "决策登记后不能撤回,请确认各项程序材料已齐全。")
        }
        if let adopted = d.adoptedOn {
            if governs, d.partyReportOn == nil {
                steps.add(
                    "party-report", "向党委请示报告", "决策出台前按照规定向同级党委请示报告(第三十一条)。", [.date("请示报告日期", max(adopted, today).description)], "登记", primary: true)
            }
            if governs, d.publishedOn == nil, d.partyReportOn != nil {
                steps.add(
                    "publish", "公布决策", "通过政府公报、政府网站等及时公布;对公众、专家意见的研究采纳情况作出说明(第三十二条)。",
                    [.date("公布日期", t), .text("ref", "公布载体和文号"), .text("note", "公众意见、专家论证意见的研究采纳情况", long: true)], "登记公布", primary: true)
            }
            if handles {
                steps.add("execution", "执行情况报告", "决策执行单位按规定向决策机关报告执行情况(第三十四条)。", [.date("报告日期", t), .text("summary", "执行情况", long: true)], "提交报告")
            }
            if governs, d.evaluatedOn == nil {
                steps.add(
                    "evaluate", "决策后评估", "未达到预期效果、公众意见较多或决策机关认为有必要的,组织后评估;可委托第三方,但不得是承担主要论证评估工作的单位(第三十六条)。",
                    [.date("评估日期", t), .text("evaluator", "评估机构"), .text("summary", "评估结论", long: true)], "登记评估")
            }
            if governs, d.publishedOn != nil, d.archivedOn == nil {
                steps.add("archive", "归档", "决策过程记录和材料完整归档(第三十三条);案卷不完整的不能归档。", [.date("归档日期", t)], "归档", confirm: "归档后决策不能再修改。")
            }
        }
        if handles, let until = d.commentUntil, until < today, d.feedbackOn == nil {
            steps.add(
                "feedback", "公布意见反馈", "全部意见归类答复后公布;提交人可凭回执编号查询其意见的处理情况。", [.date("公布日期", t)], "公布反馈", primary: d.adoptedOn != nil)
        }
        // What is due now first: the primary steps, then the rest in their order.
        return steps.forms.filter(\.primary) + steps.forms.filter { !$0.primary }
    }

    struct StepForm: Content {
        var date: String?, from: String?, until: String?, shortReason: String?, noticeOn: String?, hearingOn: String?, what: String?
        var expert: String?, signedOn: String?, summary: String?, noInterest: String?, controllable: String?, result: String?, opinion: String?
        var kind: String?, meetingOn: String?, ref: String?, conclusion: String?, contrary: String?, participant: String?, position: String?
        var remark: String?, note: String?, evaluator: String?, procedure: String?, reason: String?, opinions: [String]?, theme: String?
        var response: String?
    }

    func step(req: Request, _ step: String) async throws -> Response {
        let d = try await find(req, Self.officeSteps.contains(step) ? .viewDecisions : .handleDecision)
        let form = try req.content.decode(StepForm.self)
        let ctx = try await StepContext.of(req)
        let date = form.date ?? ""
        let anchor = step == "answer" ? "#opinions" : ""
        return try await req.attempt(
            success: "/decisions/\(try d.requireID().uuidString)?notice=saved\(anchor)",
            render: { errors in try await render(req, try await DecisionService.find(d.id, on: req.db), errors: errors) }
        ) {
            typealias S = DecisionService
            switch step {
            case "exempt": try await S.exempt(d, procedure: form.procedure ?? "", reason: form.reason ?? "", ctx, on: req.db)
            case "comment":
                try await S.openComment(d, from: form.from ?? "", until: form.until ?? "", shortReason: form.shortReason ?? "", ctx, on: req.db)
            case "hearing": try await S.hearing(d, noticeOn: form.noticeOn ?? "", hearingOn: form.hearingOn ?? "", ctx, on: req.db)
            case "participation": try await S.participation(d, on: date, what: form.what ?? "", ctx, on: req.db)
            case "expert":
                try await S.expertOpinion(
                    d, expert: form.expert ?? "", signedOn: form.signedOn ?? "", summary: form.summary ?? "", noInterest: form.noInterest == "1", ctx,
                    on: req.db)
            case "risk": try await S.risk(d, on: date, controllable: form.controllable ?? "", summary: form.summary ?? "", ctx, on: req.db)
            case "legal-submit": try await S.legalSubmit(d, on: date, shortReason: form.shortReason ?? "", ctx, on: req.db)
            case "legal-review": try await S.legalReview(d, on: date, result: form.result ?? "", opinion: form.opinion ?? "", ctx, on: req.db)
            case "meeting":
                try await S.meeting(
                    d, kind: form.kind ?? "", on: form.meetingOn ?? "", ref: form.ref ?? "", conclusion: form.conclusion ?? "",
                    contrary: form.contrary ?? "", ctx, on: req.db)
            case "meeting-opinion":
                try await S.meetingOpinion(
                    d, participant: form.participant ?? "", position: form.position ?? "", remark: form.remark ?? "", ctx, on: req.db)
            case "adopt": try await S.adopt(d, on: date, ctx, on: req.db)
            case "party-report": try await S.partyReport(d, on: date, ctx, on: req.db)
            case "publish": try await S.publish(d, on: date, ref: form.ref ?? "", note: form.note ?? "", ctx, on: req.db)
            case "answer":
                try await S.answerOpinions(
                    d, ids: form.opinions ?? [], theme: form.theme ?? "", response: form.response ?? "", reason: form.reason ?? "", ctx, on: req.db)
            case "feedback": try await S.publishFeedback(d, on: date, ctx, on: req.db)
            case "execution": try await S.execution(d, on: date, summary: form.summary ?? "", ctx, on: req.db)
            case "evaluate": try await S.evaluate(d, on: date, evaluator: form.evaluator ?? "", summary: form.summary ?? "", ctx, on: req.db)
            case "archive": try await S.archive(d, on: date, ctx, on: req.db)
            default: throw AppError.notFound("操作")
            }
        }
    }

    // MARK: documents

    @Sendable func addFile(req: Request) async throws -> Response {
        let d = try await find(req, .handleDecision)
        let maxBytes = req.fazhi.maxUploadMB * 1024 * 1024
        let ctx = try await StepContext.of(req)
        return try await req.attempt(
            success: "/decisions/\(try d.requireID().uuidString)?notice=saved#documents",
            render: { errors in try await render(req, try await DecisionService.find(d.id, on: req.db), errors: errors) }
        ) {
            let upload = try await StreamedUpload.receive(req, maxBytes: maxBytes, store: req.application.fileStore)
            defer { upload.file?.discard() }
            var stored: AttachmentService.Stored?
            if let file = upload.file, file.size > 0 {
                stored = try AttachmentService.accept(.received(file), maxBytes: maxBytes, into: req.application.fileStore)
            }
            try await DecisionService.addFile(d, document: upload.fields["document"] ?? "", file: stored, ctx, on: req.db)
        }
    }

    @Sendable func download(req: Request) async throws -> Response {
        let d = try await find(req, .viewDecisions)
        guard let fileID = req.parameters.get("fileID", as: UUID.self), let file = try await Attachment.find(fileID, on: req.db),
            file.ownerID == d.id, DecisionDocument.allCases.contains(where: { AttachmentOwner.decision($0).code == file.ownerType })
        else { throw AppError.notFound("决策材料") }
        return try .attachment(req, file)
    }
}
