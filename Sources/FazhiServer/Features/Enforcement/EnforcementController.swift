import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 行政执法案件: the list, registering a case, one case with its clocks, gates and steps, and its
/// 全过程记录 with their files.
struct EnforcementController: RouteCollection {
    static let steps = [
        "officers", "notice", "hearing-request", "hearing-set", "heard", "review-submit", "review", "extend", "decide", "serve", "execute",
        "publish", "revoke", "withdraw", "close",
    ]

    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("enforcement")
        r.on(.GET, policy: .viewEnforcement, use: index)
        r.on(.GET, "new", policy: .handleEnforcement, use: new)
        r.on(.POST, policy: .handleEnforcement, use: create)
        r.on(.GET, ":enforcementID", policy: .viewEnforcement, use: show)
        for step in Self.steps {
            r.on(.POST, ":enforcementID", .constant(step), policy: .handleEnforcement, use: { try await self.step(req: $0, step) })
        }
        r.upload(":enforcementID", "records", policy: .handleEnforcement, use: addRecord)
        r.on(.GET, ":enforcementID", "records", ":fileID", policy: .viewEnforcement, use: download)
    }

    // MARK: list

    struct Filter: Content {
        var year: Int?
        var unit: String?
        var type: String?
        var state: String?
        var q: String?
        /// The cases an indicator counted in `year` (its denominator): `review`, `publish`, `decide`.
        var rate: String?
    }

    static let stateFilters: [(String, String)] = [
        ("", "全部"), ("open", "办理中"), ("decision_overdue", "办案期限已过"), ("review_pending", "待法制审核(决定受阻)"), ("hearing", "听证中"),
        ("publish_due", "待公示"), ("publish_overdue", "公示逾期"), ("withdraw_due", "待撤回公示"), ("closed", "已结案"),
    ]

    static let pageSize = 100

    /// The cases the caller may see (`viewEnforcement` scope), filtered in SQL.
    static func filtered(on db: any Database, scope: RowScope, filter: Filter, today: LocalDate) async throws -> QueryBuilder<EnforcementCase> {
        var q = EnforcementCase.query(on: db).scoped(scope, unit: \.$unit.$id)
        if let code = filter.unit, !code.isEmpty {
            let unit = try await OrgNode.query(on: db).filter(\.$code == code).first()
            q = q.filter(\.$unit.$id == (unit?.id ?? RowScope.noUnit))
        }
        if let year = filter.year, let first = LocalDate(year: year, month: 1, day: 1), let last = LocalDate(year: year, month: 12, day: 31) {
            // An indicator's drill-down: exactly the cases its denominator counted (EnforcementIndicatorService).
            switch filter.rate ?? "" {
            case "review": q = q.filter(\.$decisionOn >= first).filter(\.$decisionOn <= last).filter(\.$reviewRequired == true)
            case "publish":
                q = q.filter(\.$decisionOn >= first).filter(\.$decisionOn <= last).filter(\.$publishBy != nil)
                    .group(.or) { $0.filter(\.$publishedOn != nil).filter(\.$publishBy < today) }
            case "decide":
                q = q.filter(\.$type == .penalty).filter(\.$decideBy != nil).group(.or) { g in
                    g.group(.and) { $0.filter(\.$decisionOn >= first).filter(\.$decisionOn <= last) }
                    g.group(.and) {
                        $0.filter(\.$decisionOn == nil).filter(\.$closedOn == nil).filter(\.$decideBy >= first).filter(\.$decideBy <= last)
                            .filter(\.$decideBy < today)
                    }
                }
            default: q = q.filter(\.$openedOn >= first).filter(\.$openedOn <= last)
            }
        }
        if let raw = filter.type, let type = EnforcementCaseType(rawValue: raw) { q = q.filter(\.$type == type) }
        if let text = filter.q?.trimmed, !text.isEmpty {
            q = q.group(.or) { $0.filter(column: "number", containsLiterally: text).filter(column: "title", containsLiterally: text) }
        }
        switch filter.state ?? "" {
        case "open": q = q.filter(\.$closedOn == nil)
        case "decision_overdue": q = q.filter(\.$decisionOn == nil).filter(\.$closedOn == nil).filter(\.$decisionDueOn < today)
        case "review_pending":
            q = q.filter(\.$reviewRequired == true).filter(\.$decisionOn == nil).filter(\.$closedOn == nil)
                .group(.or) { $0.filter(\.$reviewResult == nil).filter(\.$reviewResult == .failed) }
        case "hearing": q = q.filter(\.$hearingRequestedOn != nil).filter(\.$heardOn == nil).filter(\.$decisionOn == nil)
        case "publish_due": q = q.filter(\.$publishDueOn != nil).filter(\.$publishedOn == nil)
        case "publish_overdue": q = q.filter(\.$publishDueOn < today).filter(\.$publishedOn == nil)
        case "withdraw_due": q = q.filter(\.$publishDueOn != nil).filter(\.$revokedOn != nil)
        case "closed": q = q.filter(\.$closedOn != nil)
        default: break
        }
        return q
    }

    @Sendable func index(req: Request) async throws -> View {
        var filter = (try? req.query.decode(Filter.self)) ?? Filter()
        if req.url.query == nil || req.url.query == "" { filter.state = "open" }
        if let year = filter.year, !LocalDate.plausibleYears.contains(year) { throw AppError.badRequest("年度无效", field: "year") }
        if let rate = filter.rate, !["", "review", "publish", "decide"].contains(rate) { throw AppError.badRequest("指标无效", field: "rate") }
        let page = try req.pageNumber()
        let scope = try req.requireUser().scope(.viewEnforcement)
        let today = req.clock.today
        let query = try await Self.filtered(on: req.db, scope: scope, filter: filter, today: today)
        let total = try await query.copy().count()
        let cases = try await query.with(\.$unit).sort(\.$openedOn, .descending).sort(\.$number, .descending)
            .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        let rows: [EnforcementListContext.Row] = try cases.map { c in
            let (state, code) = Self.state(c, today: today)
            return .init(
                number: c.number, href: "/enforcement/\(try c.requireID().uuidString)", unit: c.unit.name, type: c.type.label,
                title: String(c.title.prefix(60)), opened: c.openedOn.description,
                due: (c.decisionOn == nil ? c.decisionDueOn : c.publishDueOn)?.description ?? "—", state: state, stateCode: code)
        }
        let load = try await EnforcementStats.workload(scope: scope, today: today, on: req.db)
        let tiles: [EnforcementListContext.Tile] = [
            .init(label: "办理中", value: load.open, href: "/enforcement?state=open", urgent: false),
            .init(label: "办案期限已过", value: load.decisionOverdue, href: "/enforcement?state=decision_overdue", urgent: load.decisionOverdue > 0),
            .init(label: "待法制审核(决定受阻)", value: load.reviewPending, href: "/enforcement?state=review_pending", urgent: false),
            .init(label: "公示逾期", value: load.publishOverdue, href: "/enforcement?state=publish_overdue", urgent: load.publishOverdue > 0),
        ]
        let units = try await OrgNode.choices(for: scope, on: req.db)
        return try await req.view.render(
            "enforcement/list",
            EnforcementListContext(
                layout: LayoutContext(req, title: "行政执法", active: "enforcement"),
                tabs: .init(active: "cases", canHandle: req.may(.handleEnforcement)),
                rows: rows, total: total, pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: total),
                years: [OptionContext(value: "", label: "全部年度", selected: filter.year == nil)]
                    + (2024...today.year).reversed().map { OptionContext(value: String($0), label: "\($0) 年", selected: filter.year == $0) },
                units: [OptionContext(value: "", label: "全部单位", selected: (filter.unit ?? "").isEmpty)]
                    + units.map { OptionContext(value: $0.code, label: $0.name, selected: filter.unit == $0.code) },
                types: [OptionContext(value: "", label: "全部类别", selected: (filter.type ?? "").isEmpty)]
                    + EnforcementCaseType.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: filter.type == $0.rawValue) },
                states: Self.stateFilters.map { OptionContext(value: $0.0, label: $0.1, selected: (filter.state ?? "") == $0.0) },
                query: filter.q ?? "", tiles: tiles, canRegister: req.may(.handleEnforcement),
                countedNote: Self.countedNote(filter)))
    }

    /// What an indicator's drill-down shows.
    static func countedNote(_ filter: Filter) -> String {
        guard let year = filter.year else { return "" }
        switch filter.rate ?? "" {
        case "review": return "\(year) 年作出决定的须法制审核案件(法制审核覆盖率的分母)"
        case "publish": return "\(year) 年作出、已公示或公示期限已届满的执法决定(公示及时率的分母)"
        case "decide": return "\(year) 年作出决定和办案期限届满仍未决定的行政处罚案件(90日办结率的分母)"
        default: return ""
        }
    }

    /// The case's state in words and as a badge code, from the stored dates.
    static func state(_ c: EnforcementCase, today: LocalDate) -> (String, String) {
        if let revoked = c.revokedOn, c.publishedOn != nil, c.withdrawnOn == nil, let due = c.publishDueOn {
            return due < today
                ? ("\(revoked) 决定被变更或撤销,撤回公示逾期(应于 \(due) 前)", "overdue") : ("\(revoked) 决定被变更或撤销,待撤回公示(\(due) 前)", "due_soon")
        }
        if let closed = c.closedOn { return ("\(closed) 已结案", "closed") }
        if let decided = c.decisionOn {
            if let due = c.publishDueOn, c.publishedOn == nil {
                return due < today ? ("\(decided) 已决定,公示逾期(应于 \(due) 前)", "overdue") : ("\(decided) 已决定,待公示(\(due) 前)", "due_soon")
            }
            return ("\(decided) 已决定,待送达执行", "running")
        }
        if c.reviewRequired, c.reviewResult != .passed {
            if c.reviewResult == .failed { return ("法制审核未通过,已退回", "overdue") }
            return (c.reviewSubmittedOn == nil ? "须法制审核,尚未提交" : "法制审核中", "waiting")
        }
        if c.hearingRequestedOn != nil, c.heardOn == nil { return ("听证程序中", "paused") }
        if let due = c.decisionDueOn, due < today { return ("办案期限已过(\(due))", "overdue") }
        return ("办理中", "on_time")
    }

    // MARK: registering

    struct NewForm: Content {
        var type: String?, matter: String?, title: String?, partyType: String?, partyName: String?, openedOn: String?, officers: [String]?
        var reviewFlag: String?, unit: String?, formOnce: String?
    }

    @Sendable func new(req: Request) async throws -> View {
        struct Query: Content { var unit: String? }
        var form = NewForm()
        form.unit = (try? req.query.decode(Query.self))?.unit
        return try await renderNew(req, form: form, errors: [], once: nil)
    }

    private func renderNew(_ req: Request, form: NewForm, errors: [FieldError], once: String?) async throws -> View {
        let scope = try req.requireUser().scope(.handleEnforcement)
        var fields: [CaseStepForm.Field] = []
        var unitID = scope.ownUnit
        if scope.spansUnits {
            let units = try await OrgNode.units(in: scope, on: req.db)
            fields.append(
                .select(
                    "unit", "执法单位",
                    [OptionContext(value: "", label: "请选择", selected: (form.unit ?? "").isEmpty)]
                        + units.map { OptionContext(value: $0.code, label: $0.name, selected: form.unit == $0.code) }))
            unitID = units.first { $0.code == form.unit }?.id
            // The office first picks the unit: its officers and lists make the rest of the form.
            if unitID == nil {
                return try await req.view.render(
                    "enforcement/new",
                    EnforcementNewContext(
                        layout: LayoutContext(req, title: "登记行政执法案件", active: "enforcement"), fields: fields, errors: .init(errors), once: "",
                        noOfficers: false, pickUnit: true))
            }
        }
        var officers: [EnforcementOfficer] = [], matters: [EnforcementMatter] = []
        if let unitID {
            officers = try await EnforcementOfficer.query(on: req.db).filter(\.$unit.$id == unitID).filter(\.$status == .active).sort(\.$name).all()
            matters = try await EnforcementMatter.query(on: req.db).filter(\.$unit.$id == unitID).filter(\.$kind == .power).sort(\.$sort).all()
        }
        let matterOptions: [OptionContext] = matters.map { m in
            let note = m.reviewListed ? ",须法制审核" : ""
            return OptionContext(
                value: m.id?.uuidString ?? "", label: "\(m.name)(\(m.caseType.label)\(note))", selected: form.matter == m.id?.uuidString)
        }
        let picked = Set(form.officers ?? [])
        fields += [
            .select(
                "type", "执法类别",
                [OptionContext(value: "", label: "请选择", selected: (form.type ?? "").isEmpty)]
                    + EnforcementCaseType.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: form.type == $0.rawValue) }),
            .init(
                name: "matter", label: "执法事项(权责清单)", kind: "select", value: "",
                options: [OptionContext(value: "", label: "不在清单中", selected: (form.matter ?? "").isEmpty)] + matterOptions, required: false),
            .init(name: "title", label: "案由(申请事项)", kind: "text", value: form.title ?? "", options: [], required: true),
            .select(
                "partyType", "当事人类型",
                EnforcementPartyType.allCases.map {
                    OptionContext(value: $0.rawValue, label: $0.label, selected: (form.partyType ?? "person") == $0.rawValue)
                }),
            .init(name: "partyName", label: "当事人(姓名或名称)", kind: "text", value: form.partyName ?? "", options: [], required: true),
            .init(
                name: "openedOn", label: "立案(受理)日期", kind: "date", value: form.openedOn ?? req.clock.today.description, options: [], required: true),
            .checks(
                "officers", "承办执法人员(至少两名,须持有效执法证)",
                officers.map { o in Self.officerOption(o, today: req.clock.today, selected: picked.contains(o.id?.uuidString ?? "")) }),
            .init(
                name: "reviewFlag", label: "需法制审核的事由(不在目录清单内但涉及重大公共利益、疑难复杂等时填写)", kind: "text", value: form.reviewFlag ?? "", options: [],
                required: false),
        ]
        return try await req.view.render(
            "enforcement/new",
            EnforcementNewContext(
                layout: LayoutContext(req, title: "登记行政执法案件", active: "enforcement"), fields: fields, errors: .init(errors),
                once: once ?? FormOnce.token(), noOfficers: unitID != nil && officers.count < 2, pickUnit: false))
    }

    /// An officer as a choice: name, certificate and whether it is valid today.
    static func officerOption(_ o: EnforcementOfficer, today: LocalDate, selected: Bool) -> OptionContext {
        let lapsed = o.standing.problem(on: today) == nil ? "" : ",已失效"
        let legal = o.legalQualified ? ",具有法律职业资格" : ""
        return OptionContext(
            value: o.id?.uuidString ?? "", label: "\(o.name)(\(o.certificateNumber),有效期至 \(o.validUntil)\(lapsed)\(legal))", selected: selected)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(NewForm.self)
        do {
            guard let unit = try await req.targetUnit(.handleEnforcement, code: form.unit) else {
                throw ValidationFailure([FieldError("unit", "请选择执法单位")])
            }
            try req.authorize(.handleEnforcement, .unit(try unit.requireID()))
            let input = EnforcementService.CaseInput(
                type: form.type ?? "", matter: form.matter ?? "", title: form.title ?? "", partyType: form.partyType ?? "",
                partyName: form.partyName ?? "", openedOn: form.openedOn ?? "", officers: form.officers ?? [], reviewFlag: form.reviewFlag ?? "")
            let c = try await EnforcementService.register(
                input, unit: unit, try await StepContext.of(req), once: FormOnce.parse(form.formOnce), on: req.db)
            return req.redirect(to: "/enforcement/\(try c.requireID().uuidString)?notice=saved")
        } catch let failure as ValidationFailure {
            let response = try await renderNew(req, form: form, errors: failure.errors, once: form.formOnce).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    // MARK: one case

    private func find(_ req: Request, _ action: Action) async throws -> EnforcementCase {
        let c = try await EnforcementService.find(req.parameters.get("enforcementID", as: UUID.self), on: req.db)
        try req.authorize(action, .unit(c.$unit.id))
        return c
    }

    @Sendable func show(req: Request) async throws -> View {
        try await render(req, try await find(req, .viewEnforcement), errors: [])
    }

    private func render(_ req: Request, _ c: EnforcementCase, errors: [FieldError]) async throws -> View {
        let engine = try await CalendarService.engine(on: req.db)
        let today = req.clock.today
        let clock = try? EnforcementService.clock(c, today: today, engine: engine, rules: req.application.deadlineRules)
        let id = try c.requireID().uuidString
        let handles = req.may(.handleEnforcement, .unit(c.$unit.id))
        let officers = c.$officers.value ?? []
        var facts: [EnforcementCaseContext.Fact] = [
            .init(label: "执法单位", value: c.unit.name),
            .init(label: "执法类别", value: c.type.label + (c.matter.map { ",事项:\($0.name)(\($0.basis))" } ?? "")),
            .init(label: "当事人", value: "\(c.partyName)(\(c.partyType.label))"),
            .init(label: c.type.openedLabel.replacingOccurrences(of: "日期", with: ""), value: c.openedOn.description),
            .init(
                label: "承办人员",
                value: officers.map { o in
                    "\(o.name)(\(o.certificateNumber)"
                        + (o.standing.problem(on: today).map { ",\($0.replacingOccurrences(of: o.name + " ", with: ""))" } ?? "") + ")"
                }
                .joined(separator: "、")),
            .init(
                label: "法制审核",
                value: c.reviewRequired
                    ? "须审核("
                        + [c.matter?.reviewListed == true ? "列入目录清单" : nil, c.reviewFlag, c.heardOn != nil ? "经过听证(第五十八条第一款第二项)" : nil]
                        .compactMap { $0 }.joined(separator: ";") + ")"
                        + (c.reviewResult.map { ";\(c.reviewedOn?.description ?? "") \($0.label):\(c.reviewOpinion ?? "")" }
                            ?? (c.reviewSubmittedOn.map { ";\($0) 已提交,待审核" } ?? ""))
                    : "不属于重大执法决定"),
        ]
        if let n = c.noticeOn { facts.append(.init(label: "告知", value: "\(n) 告知陈述、申辩权利" + (c.hearingOffered ? "和听证权利" : ""))) }
        if let r = c.hearingRequestedOn {
            facts.append(
                .init(
                    label: "听证",
                    value: "\(r) 当事人要求听证" + (c.hearingOn.map { ";\(c.hearingNoticeOn?.description ?? "") 通知,\($0) 举行" } ?? "")
                        + (c.heardOn.map { ";\($0) 已举行" } ?? "")))
        }
        if c.extensionDays > 0 {
            facts.append(.init(label: "延长期限", value: "延长 \(c.extensionDays) 日,\(c.extensionApprover ?? "") 批准;依据和理由:\(c.extensionBasis ?? "")"))
        }
        if let d = c.decisionOn, let o = c.outcome {
            facts.append(
                .init(
                    label: "决定",
                    value: "\(d) \(o.label(for: c.type)):\(c.decisionSummary ?? "")" + (c.fineCents.map { ";罚没款 \(Money.text($0))" } ?? "")))
        }
        if let p = c.publishedOn { facts.append(.init(label: "公示", value: "\(p) 已公示(当事人显示为“\(c.maskedParty)”)")) }
        if let r = c.revokedOn {
            facts.append(.init(label: "变更或撤销", value: "\(r):\(c.revokeReason ?? "")" + (c.withdrawnOn.map { ";\($0) 已撤回公示" } ?? "")))
        }
        let steps: [CaseStepRow] = (clock?.steps ?? []).map { s in
            .init(
                name: s.name, party: s.party.label, due: ProvisionalDisplay.text(s.due, calendar: engine.calendar, empty: "待起算"),
                done: s.doneOn?.description ?? "", state: s.note ?? s.status?.label ?? (s.due == nil ? "尚未起算" : ""),
                stateCode: s.note != nil ? "closed" : s.status?.code ?? "waiting", basis: s.basis)
        }
        // The decision gate, said before the user tries: why no decision may be recorded today.
        var gate: String?
        if c.decisionOn == nil, c.closedOn == nil, let clock {
            gate =
                EnforcementRules.decisionProblem(
                    c.facts, clock: clock, reviewRequired: c.reviewRequired, reviewPassedOn: c.reviewResult == .passed ? c.reviewedOn : nil, on: today
                )
                ?? EnforcementRules.officersProblem(officers.map(\.standing), on: today, act: "今天作出决定")
        }
        let records = try await EnforcementRecord.query(on: req.db).filter(\.$enforcementCase.$id == c.requireID()).sort(\.$recordedOn).sort(
            \.$createdAt
        ).all()
        let files = try await AttachmentService.files(of: .enforcementRecord, ids: records.compactMap(\.id), on: req.db)
        let names = try await ActorNames.lookup(records.map(\.createdBy), on: req.db)
        let forms = handles ? try await Self.forms(c, clock: clock, today: today, id: id, on: req.db) : []
        let (state, code) = Self.state(c, today: today)
        return try await req.view.render(
            "enforcement/case",
            EnforcementCaseContext(
                layout: LayoutContext(req, title: "执法案件 \(c.number)", active: "enforcement"), id: id, number: c.number, title: c.title, state: state,
                stateCode: code, gate: gate, provisional: (clock?.steps.compactMap(\.provisional).first)?.reason, facts: facts, steps: steps,
                forms: forms,
                records: records.map { r in
                    .init(
                        step: EnforcementRecordStep(rawValue: r.step)?.label ?? r.step, on: r.recordedOn.description, av: r.avReference ?? "",
                        note: r.note,
                        files: (files[r.id ?? RowScope.noUnit] ?? []).map { f in
                            .init(name: f.filename, href: "/enforcement/\(id)/records/\(f.id?.uuidString ?? "")", sha: String(f.sha256.prefix(12)))
                        }, by: ActorNames.display(r.createdBy, known: names))
                },
                recordSteps: EnforcementRecordStep.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: false) },
                canHandle: handles && c.closedOn == nil, maxUpload: req.fazhi.maxUploadMB, errors: .init(errors), today: today.description))
    }

    /// The step forms the case allows now.
    static func forms(_ c: EnforcementCase, clock: EnforcementClock?, today: LocalDate, id: String, on db: any Database) async throws
        -> [CaseStepForm]
    {
        let t = today.description
        var steps = CaseStepForms(base: "/enforcement/\(id)/")
        let undecided = c.decisionOn == nil && c.closedOn == nil
        // The unit's officers in post: the reviewers to choose from and the officers form, one query.
        let unitOfficers =
            undecided
            ? try await EnforcementOfficer.query(on: db).filter(\.$unit.$id == c.$unit.id).filter(\.$status == .active).sort(\.$name).all() : []
        let onCase = Set((c.$officers.value ?? []).compactMap(\.id))
        if undecided {
            if c.type == .penalty, c.noticeOn == nil {
                steps.add(
                    "notice", "告知", "作出行政处罚决定前,告知拟作出的处罚内容及事实、理由、依据,并告知陈述、申辩权利;属第六十三条情形的同时告知听证权利(《行政处罚法》第四十四条、第六十三条)。",
                    [.date("告知日期", t), .checkbox("hearing", "已告知听证权利(较大数额罚款、没收较大数额违法所得、降低资质等级、吊销许可证件、责令停产停业等)")], "记录告知", primary: true)
            }
            if c.hearingOffered, c.hearingRequestedOn == nil, let last = clock?.hearingRequestDue {
                // Shown after the window too: a request made in time may be recorded later.
                steps.add(
                    "hearing-request", "当事人要求听证",
                    "当事人应当在告知后五个工作日内(\(last) 前)提出(第六十四条第一项);逾期未提出的视为放弃听证。", [.date("要求听证日期", min(today, last).description)], "记录听证申请")
            }
            if c.hearingRequestedOn != nil, c.heardOn == nil {
                if c.hearingOn == nil {
                    steps.add(
                        "hearing-set", "通知听证", "应当在举行听证的七个工作日前通知当事人听证的时间、地点(第六十四条第二项、第八十五条)。",
                        [.date(named: "noticeOn", "通知日期", t), .date(named: "hearingOn", "听证日期", "")], "记录通知", primary: true)
                } else {
                    steps.add(
                        "heard", "举行听证", "听证结束后,听证笔录是作出决定的根据(第六十五条)。经过听证的案件须经法制审核(第五十八条)。", [.date("听证日期", c.hearingOn?.description ?? t)], "记录已举行",
                        primary: true)
                }
            }
            if c.reviewResult != .passed, c.reviewSubmittedOn == nil || c.reviewResult == .failed {
                steps.add(
                    "review-submit", c.reviewResult == .failed ? "重新提交法制审核" : "提交法制审核",
                    c.reviewRequired ? "本案须经法制审核,审核通过前不得作出决定(《行政处罚法》第五十八条)。" : "不在目录清单内的案件,涉及重大公共利益或疑难复杂的,写明事由后提交审核。",
                    [.date("提交日期", t)] + (c.reviewRequired ? [] : [.text("flag", "审核事由")]), "提交审核", primary: c.reviewRequired)
            }
            if c.reviewSubmittedOn != nil, c.reviewResult == nil {
                let reviewers = unitOfficers.filter(\.legalQualified)
                steps.add(
                    "review", "法制审核", "由具有法律职业资格、未承办本案的法制审核人员审核:执法主体、权限、程序、事实、证据、法律适用、裁量基准(第五十八条)。",
                    [
                        .date("审核日期", t),
                        .select(
                            "reviewer", "审核人员",
                            [OptionContext(value: "", label: "请选择", selected: true)]
                                + reviewers.filter { !onCase.contains($0.id ?? RowScope.noUnit) }.map {
                                    OptionContext(value: $0.id?.uuidString ?? "", label: $0.name, selected: false)
                                }),
                        .select(
                            "result", "审核结论", LegalReviewResult.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: false) }),
                        .text("opinion", "审核意见", long: true),
                    ], "记录审核结论", primary: true)
            }
            if let ruleDue = clock?.decisionDue, c.extensionDays == 0, today <= ruleDue {
                steps.add(
                    "extend", "延长办案期限",
                    c.type == .licensing
                        ? "二十个工作日内不能作出决定的,经本行政机关负责人批准,可以延长十个工作日,并将延长理由告知申请人(《行政许可法》第四十二条)。"
                        : "法律、法规、规章规定可以延长的,经负责人批准延长,写明依据(《行政处罚法》第六十条)。",
                    [
                        .init(name: "days", label: c.type == .licensing ? "延长工作日数" : "延长天数", kind: "number", value: "", options: [], required: true),
                        .text("approver", "批准人"), .text("basis", "延期依据和理由", long: true),
                    ], "记录延期")
            }
            steps.add(
                "decide", "作出决定", "各项前置程序完成后作出决定;决定书载明救济途径。撤销立案或终止的,选择“终止”。",
                [
                    .date("决定日期", t),
                    .select(
                        "outcome", "决定结果",
                        EnforcementOutcome.allCases.map { OptionContext(value: $0.rawValue, label: $0.label(for: c.type), selected: false) }),
                    .text("summary", "决定内容(将随公示发布,勿写当事人个人信息)", long: true),
                ] + (c.type == .penalty ? [.text("fine", "罚没款金额(元,无则不填)", required: false)] : []), "记录决定", primary: true,
                confirm: "决定登记后不能撤回;公示期限从决定日起算。")
            steps.add(
                "officers", "调整承办人员", "执法人员离岗或执法证失效时更换;至少两名持有效执法证的人员。",
                [
                    .checks(
                        "officers", "承办人员",
                        unitOfficers.map { o in Self.officerOption(o, today: today, selected: onCase.contains(o.id ?? RowScope.noUnit)) })
                ], "保存")
        }
        if let decided = c.decisionOn, c.outcome != .terminated {
            if c.servedOn == nil {
                steps.add("serve", "送达", "决定书应当在宣告后当场交付当事人;当事人不在场的,在七个工作日内送达(第六十一条)。", [.date("送达日期", max(decided, today).description)], "记录送达")
            }
            if c.publishedOn == nil {
                steps.add(
                    "publish", "公示执法决定", "行政许可、行政处罚决定自作出之日起 7 个工作日内公示,其他 20 个工作日内(国办发〔2018〕118号);自然人当事人姓名自动隐去。", [.date("公示日期", t)],
                    "记录公示", primary: c.publishDueOn.map { $0 <= today } ?? false)
            }
            if c.executedOn == nil, c.closedOn == nil {
                steps.add("execute", "执行完毕", "罚款自收到决定书之日起十五日内缴纳(第六十七条);许可证件已发放;强制措施已执行。", [.date("执行完毕日期", t)], "记录执行")
            }
            if c.closedOn == nil, !(c.type == .penalty && c.outcome == .taken && c.executedOn == nil) {
                steps.add("close", "结案", "执行完毕(或无需执行)后结案归档。", [.date("结案日期", t)], "结案", confirm: "结案后不能再办理办案步骤。")
            }
            if c.revokedOn == nil {
                steps.add(
                    "revoke", "决定被变更或撤销", "经复议、诉讼或自行纠正,决定被变更、撤销、确认违法或无效的,已公示的应当在三个工作日内撤回并说明理由(第四十八条第二款)。",
                    [.date("变更或撤销日期", t), .text("reason", "理由", long: true)], "登记")
            } else if c.publishedOn != nil, c.withdrawnOn == nil {
                steps.add("withdraw", "撤回公示", "撤回后公示页面显示撤回理由。", [.date("撤回日期", t)], "记录撤回", primary: true)
            }
        }
        return steps.forms
    }

    struct StepForm: Content {
        var date: String?, hearing: String?, noticeOn: String?, hearingOn: String?, flag: String?, reviewer: String?, result: String?
        var opinion: String?, days: String?, approver: String?, basis: String?, outcome: String?, summary: String?, fine: String?
        var reason: String?, officers: [String]?
    }

    func step(req: Request, _ step: String) async throws -> Response {
        let c = try await find(req, .handleEnforcement)
        let form = try req.content.decode(StepForm.self)
        let ctx = try await StepContext.of(req)
        let date = form.date ?? ""
        return try await req.attempt(
            success: "/enforcement/\(try c.requireID().uuidString)?notice=saved",
            render: { errors in try await render(req, try await EnforcementService.find(c.id, on: req.db), errors: errors) }
        ) {
            typealias S = EnforcementService
            switch step {
            case "officers": try await S.setOfficers(c, ids: form.officers ?? [], ctx, on: req.db)
            case "notice": try await S.notice(c, on: date, hearing: form.hearing == "1", ctx, on: req.db)
            case "hearing-request": try await S.hearingRequest(c, on: date, ctx, on: req.db)
            case "hearing-set": try await S.hearingSet(c, noticeOn: form.noticeOn ?? "", hearingOn: form.hearingOn ?? "", ctx, on: req.db)
            case "heard": try await S.heard(c, on: date, ctx, on: req.db)
            case "review-submit": try await S.reviewSubmit(c, on: date, flag: form.flag ?? "", ctx, on: req.db)
            case "review":
                try await S.review(
                    c, on: date, reviewer: form.reviewer ?? "", result: form.result ?? "", opinion: form.opinion ?? "", ctx, on: req.db)
            case "extend": try await S.extend(c, days: form.days ?? "", approver: form.approver ?? "", basis: form.basis ?? "", ctx, on: req.db)
            case "decide":
                try await S.decide(
                    c, .init(date: date, outcome: form.outcome ?? "", summary: form.summary ?? "", fine: form.fine ?? ""), ctx, on: req.db)
            case "serve": try await S.serve(c, on: date, ctx, on: req.db)
            case "execute": try await S.execute(c, on: date, ctx, on: req.db)
            case "publish": try await S.publish(c, on: date, ctx, on: req.db)
            case "revoke": try await S.revoke(c, on: date, reason: form.reason ?? "", ctx, on: req.db)
            case "withdraw": try await S.withdraw(c, on: date, ctx, on: req.db)
            case "close": try await S.close(c, on: date, ctx, on: req.db)
            default: throw AppError.notFound("操作")
            }
        }
    }

    // MARK: records

    @Sendable func addRecord(req: Request) async throws -> Response {
        let c = try await find(req, .handleEnforcement)
        let maxBytes = req.fazhi.maxUploadMB * 1024 * 1024
        let ctx = try await StepContext.of(req)
        return try await req.attempt(
            success: "/enforcement/\(try c.requireID().uuidString)?notice=saved#records",
            render: { errors in try await render(req, try await EnforcementService.find(c.id, on: req.db), errors: errors) }
        ) {
            let upload = try await StreamedUpload.receive(req, maxBytes: maxBytes, store: req.application.fileStore)
            defer { upload.file?.discard() }
            var stored: AttachmentService.Stored?
            if let file = upload.file, file.size > 0 {
                stored = try AttachmentService.accept(.received(file), maxBytes: maxBytes, into: req.application.fileStore)
            }
            try await EnforcementService.addRecord(
                c, step: upload.fields["step"] ?? "", on: upload.fields["recordedOn"] ?? "", avReference: upload.fields["avReference"] ?? "",
                note: upload.fields["note"] ?? "", file: stored, ctx, on: req.db)
        }
    }

    @Sendable func download(req: Request) async throws -> Response {
        let c = try await find(req, .viewEnforcement)
        let file = try await AttachmentService.file(req.parameters.get("fileID", as: UUID.self), of: .enforcementRecord, on: req.db)
        guard let record = try await EnforcementRecord.find(file.ownerID, on: req.db), record.$enforcementCase.id == c.id else {
            throw AppError.notFound("记录文件")
        }
        return try .attachment(req, file)
    }
}
