import FazhiCore
import FazhiOffice
import Fluent
import Vapor

/// 行政复议登记簿: the case list, registering an application, one case with its clocks and the
/// steps of the 复议机构 and of the respondent unit, its letters (.docx), and the import of
/// historical cases.
struct ReconsiderationController: RouteCollection {
    let maxUploadMB: Int

    static let organSteps = [
        "clarify", "clarify-received", "clarified", "lapse", "accept", "reject", "convert", "copy", "copy-received", "extend", "suspend",
        "resume", "decide", "publish", "opinion",
    ]
    static let respondentSteps = ["answer", "opinion-reply"]

    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("reconsideration")
        r.on(.GET, policy: .viewCases, use: index)
        r.on(.GET, "new", policy: .handleReconsideration, use: new)
        r.on(.POST, policy: .handleReconsideration, use: create)
        r.on(.GET, "import", policy: .handleReconsideration, use: importPage)
        r.on(
            .POST, "import", policy: .handleReconsideration, body: .collect(maxSize: ByteCount(value: (maxUploadMB + 1) * 1024 * 1024)),
            use: importFile)
        r.on(.GET, ":caseID", policy: .viewCases, use: show)
        for step in Self.organSteps {
            r.on(.POST, ":caseID", .constant(step), policy: .handleReconsideration, use: { try await self.step(req: $0, step) })
        }
        for step in Self.respondentSteps {
            r.on(.POST, ":caseID", .constant(step), policy: .respondCase, use: { try await self.step(req: $0, step) })
        }
        r.on(.GET, ":caseID", "letters", ":kind", policy: .handleReconsideration, use: letter)
    }

    // MARK: list

    struct Filter: Content {
        var year: Int?
        var unit: String?
        var state: String?
        var q: String?
        /// The cases a rate counts (`correction`, `comprehensive`, `concluded`) in `year` of closing.
        var rate: String?
    }

    static let stateFilters: [(String, String)] = [
        ("", "全部"), ("open", "办理中"), ("review", "受理审查中"), ("clarifying", "待补正"), ("awaiting_answer", "待被申请人答复"),
        ("answer_overdue", "答复逾期"), ("organ_overdue", "复议机构期限已过"), ("suspended", "中止中"), ("extended", "已延期"),
        ("closed", "已审结"), ("opinion_open", "意见书待报送纠正情况"),
    ]

    static let pageSize = 100

    /// The cases the caller may see (`viewCases` scope: the office all, a unit those it is respondent
    /// in), filtered in SQL.
    static func filtered(on db: any Database, scope: RowScope, filter: Filter, today: LocalDate, calendar: WorkCalendar) async throws
        -> QueryBuilder<ReconsiderationCase>
    {
        var q = ReconsiderationCase.query(on: db)
        q = q.scoped(scope, unit: \.$unit.$id)
        if let code = filter.unit, !code.isEmpty {
            let unit = try await OrgNode.query(on: db).filter(\.$code == code).first()
            q = q.filter(\.$unit.$id == (unit?.id ?? RowScope.noUnit))
        }
        if let year = filter.year, let first = LocalDate(year: year, month: 1, day: 1), let last = LocalDate(year: year, month: 12, day: 31) {
            if let rate = filter.rate, !rate.isEmpty {
                // The cases a rate counts, under the definitions in force (`CaseRateConfig`).
                let d = CaseRateConfig.active
                q = q.filter(\.$decision != nil).filter(\.$closedOn >= first).filter(\.$closedOn <= last)
                switch rate {
                case "correction":
                    q = q.filter(\.$decision ~~ Array(d.correction.numerator))
                case "comprehensive":
                    let counted = Array(d.comprehensiveCorrection.numerator)
                    q =
                        d.countsSelfCorrected
                        ? q.group(.or) { $0.filter(\.$decision ~~ counted).filter(\.$selfCorrected == true) } : q.filter(\.$decision ~~ counted)
                default:
                    if let below = d.correction.denominator { q = q.filter(\.$decision ~~ Array(below)) }
                }
            } else {
                q = q.filter(\.$receivedOn >= first).filter(\.$receivedOn <= last)
            }
        }
        if let text = filter.q?.trimmed, !text.isEmpty {
            let t = String(text.prefix(100))
            q = q.group(.or) { $0.filter(column: "number", containsLiterally: t).filter(column: "act", containsLiterally: t) }
        }
        switch filter.state ?? "" {
        case "open": q = q.filter(\.$closedOn == nil)
        case "review":
            // Within the 5 working days of review (from receipt or from the 补正材料), not yet decided.
            // Received on or after the 5th working day before today: its review ends today or later.
            var earliest = today
            for _ in 0..<5 {
                guard let day = (try? calendar.lastWorkday(onOrBefore: earliest.adding(days: -1))) ?? nil else { break }
                earliest = day
            }
            q = q.filter(\.$closedOn == nil).filter(\.$acceptedOn == nil).filter(\.$rejectedOn == nil)
                .group(.or) { $0.filter(\.$clarifySentOn == nil).filter(\.$clarifiedOn != nil) }
                .filter(
                    .sql(embed: "COALESCE(reconsideration_cases.clarified_on, reconsideration_cases.received_on) >= \(bind: earliest.description)"))
        case "clarifying": q = q.filter(\.$closedOn == nil).filter(\.$clarifySentOn != nil).filter(\.$clarifiedOn == nil)
        case "awaiting_answer": q = q.filter(\.$closedOn == nil).filter(\.$answeredOn == nil).filter(\.$copySentOn != nil)
        case "answer_overdue": q = q.filter(\.$closedOn == nil).filter(\.$answeredOn == nil).filter(\.$answerDueOn < today)
        case "organ_overdue": q = q.filter(\.$closedOn == nil).filter(\.$organDueOn < today)
        case "suspended":
            q = q.filter(\.$closedOn == nil).filter(
                .sql(embed: "reconsideration_cases.id IN (SELECT case_id FROM reconsideration_suspensions WHERE resumed_on IS NULL)"))
        case "extended": q = q.filter(\.$extensionDays > 0)
        case "closed": q = q.filter(\.$closedOn != nil)
        case "opinion_open": q = q.filter(\.$opinionOn != nil).filter(\.$opinionRepliedOn == nil)
        default: break
        }
        return q
    }

    @Sendable func index(req: Request) async throws -> View {
        var filter = (try? req.query.decode(Filter.self)) ?? Filter()
        if req.url.query == nil || req.url.query == "" { filter.state = "open" }
        if let year = filter.year, !LocalDate.plausibleYears.contains(year) { throw AppError.badRequest("年度无效", field: "year") }
        let page = try req.pageNumber()
        let user = try req.requireUser()
        let scope = user.scope(.viewCases)
        let today = req.clock.today
        let engine = try await CalendarService.engine(on: req.db)
        let rules = req.application.deadlineRules
        let query = try await Self.filtered(on: req.db, scope: scope, filter: filter, today: today, calendar: engine.calendar)
        let total = try await query.copy().count()
        let cases = try await query.with(\.$unit).sort(\.$receivedOn, .descending).sort(\.$number, .descending)
            .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        try await cases.loadChildren(\.$suspensions, on: req.db)
        let rows: [CaseListContext.Row] = try cases.map { c in
            let clock = try? ReconsiderationService.clock(c, today: today, engine: engine, rules: rules)
            return .init(
                number: c.number, href: "/reconsideration/\(try c.requireID().uuidString)", unit: c.unit.name, category: c.category.label,
                act: String(c.act.prefix(60)), received: c.receivedOn.description,
                due: c.closedOn == nil ? (c.decisionDueOn ?? c.organDueOn)?.description ?? "—" : "—",
                state: clock.map { Self.phaseLabel($0, c, today: today) } ?? "期限无法计算",
                stateCode: clock.map { Self.phaseCode($0, c, today: today) } ?? "unknown",
                outcome: c.decision?.label ?? (c.rejectedOn != nil ? "不予受理" : ""))
        }
        let load = try await ReconsiderationService.workload(scope: scope, today: today, on: req.db)
        let tiles: [CaseListContext.Tile] = [
            .init(label: "办理中", value: load.casesOpen, href: "/reconsideration?state=open", urgent: false),
            .init(label: "被申请人答复逾期", value: load.answersOverdue, href: "/reconsideration?state=answer_overdue", urgent: load.answersOverdue > 0),
            .init(label: "复议机构期限已过", value: load.organOverdue, href: "/reconsideration?state=organ_overdue", urgent: load.organOverdue > 0),
            .init(label: "意见书纠正情况逾期", value: load.opinionsOverdue, href: "/reconsideration?state=opinion_open", urgent: load.opinionsOverdue > 0),
        ]
        let units = try await OrgNode.choices(for: scope, on: req.db)
        var counted = ""
        if let rate = filter.rate, !rate.isEmpty, let year = filter.year {
            counted =
                rate == "concluded"
                ? "\(year) 年审结的案件(纠错率的分母)" : rate == "comprehensive" ? "\(year) 年审结案件中计入综合纠错率分子的案件" : "\(year) 年审结案件中计入纠错率分子的案件"
        }
        return try await req.view.render(
            "reconsideration/list",
            CaseListContext(
                layout: LayoutContext(req, title: "行政复议", active: "reconsideration"), kind: "reconsideration", heading: "行政复议案件",
                intro: "区人民政府作为行政复议机关办理的案件(《行政复议法》第二十四条):受理审查 5 个工作日,被申请人 10 个工作日内答复,60 日内作出决定(简易程序 30 日),中止期间不计。",
                rows: rows, total: total, pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: total),
                years: Self.yearOptions(filter.year, today: today),
                units: [OptionContext(value: "", label: "全部被申请人", selected: (filter.unit ?? "").isEmpty)]
                    + units.map { OptionContext(value: $0.code, label: $0.name, selected: filter.unit == $0.code) },
                states: Self.stateFilters.map { OptionContext(value: $0.0, label: $0.1, selected: (filter.state ?? "") == $0.0) },
                query: filter.q ?? "", counts: [:], tiles: tiles, canRegister: req.may(.handleReconsideration),
                canImport: req.may(.handleReconsideration), canRates: req.may(.viewCaseRates), countedNote: counted))
    }

    static func yearOptions(_ picked: Int?, today: LocalDate) -> [OptionContext] {
        [OptionContext(value: "", label: "全部年度", selected: picked == nil)]
            + (2024...today.year).reversed().map { OptionContext(value: String($0), label: "\($0) 年", selected: picked == $0) }
    }

    /// The badge style: overdue when the organ's or the respondent's step is late.
    static func phaseCode(_ clock: ReconsiderationClock, _ c: ReconsiderationCase, today: LocalDate) -> String {
        if c.closedOn == nil, c.answeredOn == nil, let due = c.answerDueOn, due < today { return "overdue" }
        if c.closedOn == nil, let due = c.organDueOn, due < today { return "overdue" }
        return phaseCode(clock.phase)
    }

    static func phaseCode(_ phase: ReconsiderationPhase) -> String {
        switch phase {
        case .awaitingClarification: "waiting"
        case .clarificationLapsed: "overdue"
        case .acceptanceReview: "running"
        case .rejected: "closed"
        case .hearing(let status): status.code
        case .suspended: "paused"
        case .closed: "closed"
        }
    }

    /// The phase, and for an open accepted case whose respondent has not answered, that too.
    static func phaseLabel(_ clock: ReconsiderationClock, _ c: ReconsiderationCase, today: LocalDate) -> String {
        var label = clock.phase.label
        if c.closedOn == nil, c.answeredOn == nil, let due = c.answerDueOn {
            label += due < today ? ";被申请人逾期未答复(答复期限 \(due))" : ";被申请人答复期限 \(due)"
        }
        if clock.deemedAccepted, clock.acceptedOn != nil, c.rejectedOn == nil { label += "(视为受理)" }
        return label
    }

    // MARK: register

    static func unitOptions(_ req: Request, picked: String) async throws -> [OptionContext] {
        let units = try await req.nameableUnits()
        return [OptionContext(value: "", label: "请选择", selected: picked.isEmpty)]
            + units.map { OptionContext(value: $0.code, label: $0.name, selected: $0.code == picked) }
    }

    static func options<E: RawRepresentable & CaseIterable>(_ type: E.Type, _ label: (E) -> String, picked: String) -> [OptionContext]
    where E.RawValue == String {
        E.allCases.map { OptionContext(value: $0.rawValue, label: label($0), selected: $0.rawValue == picked) }
    }

    @Sendable func new(req: Request) async throws -> View {
        try await renderNew(
            req, form: ["receivedOn": req.clock.today.description, "applicantType": "natural_person", "procedure": "normal"], errors: [])
    }

    private func renderNew(_ req: Request, form: [String: String], errors: [FieldError], once: String? = nil) async throws -> View {
        func text(_ name: String, _ label: String, required: Bool = true, long: Bool = false) -> CaseStepForm.Field {
            .init(name: name, label: label, kind: long ? "textarea" : "text", value: form[name] ?? "", options: [], required: required)
        }
        let fields: [CaseStepForm.Field] = [
            .init(name: "receivedOn", label: "收到申请日期", kind: "date", value: form["receivedOn"] ?? "", options: [], required: true),
            .init(
                name: "unit", label: "被申请人", kind: "select", value: "", options: try await Self.unitOptions(req, picked: form["unit"] ?? ""),
                required: true),
            .init(
                name: "applicantType", label: "申请人类型", kind: "select", value: "",
                options: Self.options(ReconsiderationApplicantType.self, \.label, picked: form["applicantType"] ?? ""), required: true),
            text("applicant", "申请人姓名或名称"), text("idNumber", "证件号码或统一社会信用代码", required: false),
            text("contact", "联系方式(电话、地址)", required: false),
            .init(
                name: "category", label: "被申请行政行为类别", kind: "select", value: "",
                options: [OptionContext(value: "", label: "请选择", selected: (form["category"] ?? "").isEmpty)]
                    + Self.options(ContestedActCategory.self, \.label, picked: form["category"] ?? ""), required: true),
            text("act", "被申请行政行为(文书名称和文号)"), text("claim", "行政复议请求", long: true),
            .init(
                name: "procedure", label: "审理程序(可在受理时再定)", kind: "select", value: "",
                options: Self.options(ReconsiderationProcedure.self, \.label, picked: form["procedure"] ?? "normal"), required: true),
        ]
        return try await req.view.render(
            "reconsideration/new",
            CaseNewContext(
                layout: LayoutContext(req, title: "登记行政复议申请", active: "reconsideration"), kind: "reconsideration",
                heading: "登记行政复议申请", action: "/reconsideration", fields: fields, errors: .init(errors), once: once ?? FormOnce.token()))
    }

    struct NewForm: Content {
        var receivedOn: String?, unit: String?, applicantType: String?, applicant: String?, idNumber: String?, contact: String?
        var category: String?, act: String?, claim: String?, procedure: String?, formOnce: String?

        var values: [String: String] {
            [
                "receivedOn": receivedOn ?? "", "unit": unit ?? "", "applicantType": applicantType ?? "", "applicant": applicant ?? "",
                "idNumber": idNumber ?? "", "contact": contact ?? "", "category": category ?? "", "act": act ?? "", "claim": claim ?? "",
                "procedure": procedure ?? "",
            ]
        }
    }

    static func context(_ req: Request) async throws -> StepContext { try await StepContext.of(req) }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(NewForm.self)
        do {
            let input = ReconsiderationCaseInput(
                receivedOn: form.receivedOn ?? "", unitCode: form.unit ?? "", applicantType: form.applicantType ?? "",
                applicant: form.applicant ?? "", idNumber: form.idNumber ?? "", contact: form.contact ?? "", category: form.category ?? "",
                act: form.act ?? "", claim: form.claim ?? "", procedure: form.procedure ?? "")
            let c = try await ReconsiderationService.register(input, try await Self.context(req), once: FormOnce.parse(form.formOnce), on: req.db)
            return req.redirect(to: "/reconsideration/\(try c.requireID().uuidString)?notice=saved")
        } catch let failure as ValidationFailure {
            let response = try await renderNew(req, form: form.values, errors: failure.errors, once: form.formOnce).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    // MARK: one case

    private func find(_ req: Request, _ action: Action) async throws -> ReconsiderationCase {
        let c = try await ReconsiderationService.find(req.parameters.get("caseID", as: UUID.self), on: req.db)
        try req.authorize(action, .unit(c.$unit.id))
        return c
    }

    @Sendable func show(req: Request) async throws -> View {
        try await render(req, try await find(req, .viewCases), errors: [])
    }

    private func render(_ req: Request, _ c: ReconsiderationCase, errors: [FieldError]) async throws -> View {
        let engine = try await CalendarService.engine(on: req.db)
        let rules = req.application.deadlineRules
        let today = req.clock.today
        let clock = try? ReconsiderationService.clock(c, today: today, engine: engine, rules: rules)
        let id = try c.requireID().uuidString
        let organ = req.may(.handleReconsideration)
        let respondent = req.may(.respondCase, .unit(c.$unit.id))
        let seesApplicant = organ || respondent
        var facts: [CaseDetailContext.Fact] = [
            .init(label: "被申请人", value: c.unit.name),
            .init(
                label: "申请人",
                value: seesApplicant
                    ? "\(c.applicantName)(\(c.applicantType.label))" + (c.applicantIDNumber.isEmpty ? "" : ",证件号码 \(c.applicantIDNumber)")
                        + (c.applicantContact.isEmpty ? "" : ",\(c.applicantContact)")
                    : "\(c.maskedApplicant)(\(c.applicantType.label))"),
            .init(label: "被申请行政行为", value: "\(c.act)(\(c.category.label))"),
            .init(label: "行政复议请求", value: c.claim),
            .init(label: "收到申请", value: c.receivedOn.description),
            .init(label: "适用法律", value: "《中华人民共和国行政复议法》(\(c.lawVersion) 年修订)"),
            .init(label: "审理程序", value: c.procedure.label + (c.convertedOn.map { ",\($0) 转为普通程序(第五十五条)" } ?? "")),
        ]
        if let items = c.clarifyItems { facts.append(.init(label: "补正事项", value: items)) }
        if let reason = c.rejectReason { facts.append(.init(label: "不予受理理由", value: reason)) }
        if c.extensionDays > 0 {
            facts.append(
                .init(
                    label: "延长审理期限",
                    value:
                        "延长 \(c.extensionDays) 日,\(c.extensionApprover ?? "") 于 \(c.extensionOn?.description ?? "") 批准;理由:\(c.extensionReason ?? "")")
            )
        }
        for s in c.suspensions.sorted(by: { $0.suspendedOn < $1.suspendedOn }) {
            facts.append(.init(label: "中止", value: "\(s.suspendedOn) 起中止(\(s.ground))" + (s.resumedOn.map { ",\($0) 恢复审理" } ?? ",尚未恢复")))
        }
        if let d = c.decision {
            facts.append(
                .init(
                    label: "决定", value: "\(c.closedOn?.description ?? "") \(d.label)(\(d.article))" + (c.selfCorrected ? ";被申请人已自行纠正" : "")))
        } else if c.closedOn != nil, let note = c.decisionNote {
            facts.append(.init(label: "结案", value: note))
        }
        if let note = c.decisionNote, c.decision != nil { facts.append(.init(label: "决定要点", value: note)) }
        if let p = c.publishedOn { facts.append(.init(label: "决定书公开", value: "\(p) 公开(申请人信息已隐去:\(c.maskedApplicant))")) }
        if let o = c.opinionOn {
            facts.append(
                .init(
                    label: "行政复议意见书",
                    value: "\(o) 送达:\(c.opinionText ?? "");纠正情况报送期限 \(c.opinionReplyDueOn?.description ?? "—")(第七十六条)"
                        + (c.opinionRepliedOn.map { ",\($0) 已报送" } ?? ",尚未报送")))
        }
        let steps: [CaseStepRow] = (clock?.steps ?? []).map { s in
            // Deemed accepted: the review ended without a decision, which the law treats as acceptance.
            let deemed = s.rule == "reconsideration.accept" && s.doneOn == nil && clock?.deemedAccepted == true && clock?.acceptedOn != nil
            return .init(
                name: s.name, party: s.party.label, due: ProvisionalDisplay.text(s.due, calendar: engine.calendar, empty: "待起算"),
                done: deemed ? (s.due?.description ?? "") : s.doneOn?.description ?? "",
                state: deemed ? "期限内未决定,视为受理(第三十条第三款)" : s.status?.label ?? (s.due == nil ? "尚未起算" : ""),
                stateCode: deemed ? "closed" : s.status?.code ?? "waiting", basis: s.basis)
        }
        var letters: [CaseDetailContext.Letter] = []
        if organ {
            let base = "/reconsideration/\(id)/letters/"
            if clock?.acceptedOn != nil, c.rejectedOn == nil { letters.append(.init(label: "受理通知书", href: base + "acceptance")) }
            if c.clarifySentOn != nil { letters.append(.init(label: "补正通知书", href: base + "clarify")) }
            if c.copySentOn != nil { letters.append(.init(label: "提出答复通知书", href: base + "answer")) }
            if c.extensionDays > 0 { letters.append(.init(label: "延期审理通知书", href: base + "extension")) }
            if c.decision != nil { letters.append(.init(label: "行政复议决定书", href: base + "decision")) }
            if c.opinionOn != nil { letters.append(.init(label: "行政复议意见书", href: base + "opinion")) }
        }
        let forms = clock.map { Self.forms(c, clock: $0, organ: organ, respondent: respondent, today: today, id: id) } ?? []
        return try await req.view.render(
            "reconsideration/case",
            CaseDetailContext(
                layout: LayoutContext(req, title: "复议案件 \(c.number)", active: "reconsideration"), kind: "reconsideration", id: id,
                number: c.number, heading: "行政复议案件",
                phase: clock.map { Self.phaseLabel($0, c, today: today) } ?? "期限无法计算:届满日超出已导入的工作日历",
                phaseCode: clock.map { Self.phaseCode($0, c, today: today) } ?? "unknown",
                provisional: c.closedOn == nil ? clock?.steps.compactMap(\.provisional).first?.reason : nil, facts: facts, steps: steps, hearings: [],
                letters: letters,
                forms: forms, errors: .init(errors), today: today.description))
    }

    /// The step forms the case allows now, for who is looking.
    static func forms(
        _ c: ReconsiderationCase, clock: ReconsiderationClock, organ: Bool, respondent: Bool, today: LocalDate, id: String
    ) -> [CaseStepForm] {
        let t = today.description
        let path = "/reconsideration/\(id)/"
        var steps = CaseStepForms(base: path)
        let open = c.closedOn == nil
        if organ && open {
            switch clock.phase {
            case .acceptanceReview(let until) where c.acceptedOn == nil:
                steps.add(
                    "accept", "受理", "受理审查期限至 \(until);期限内未决定不予受理的,自届满之日起视为受理(第三十条第三款)。政府信息公开、事实清楚且争议不大的案件等可以适用简易程序(第五十三条)。",
                    [.date("受理日期", t), .select("procedure", "审理程序", options(ReconsiderationProcedure.self, \.label, picked: c.procedure.rawValue))],
                    "受理", primary: true)
                steps.add(
                    "reject", "不予受理", "不符合第三十条第一款规定的,在审查期限内决定不予受理并说明理由;属于其他机关管辖的,告知申请人。", [.date("决定日期", t), .text("reason", "理由", long: true)],
                    "决定不予受理")
                if c.clarifySentOn == nil, let by = clock.step("reconsideration.accept")?.due, today <= by {
                    steps.add(
                        "clarify", "补正通知", "申请材料不齐全或者表述不清楚的,自收到申请之日起 5 个工作日内书面通知补正,一次性载明需要补正的事项(第三十一条)。",
                        [.date("通知日期", t), .text("items", "需要补正的事项", long: true)], "发出补正通知")
                }
            case .awaitingClarification(let due):
                if c.clarifyReceivedOn == nil {
                    steps.add("clarify-received", "申请人收到补正通知", "申请人自收到补正通知之日起 10 个工作日内补正(第三十一条第一款)。", [.date("收到日期", t)], "记录")
                }
                steps.add("clarified", "收到补正材料", "收到补正材料后重新进行受理审查。" + (due.map { "补正期限 \($0)。" } ?? ""), [.date("收到日期", t)], "记录", primary: true)
            case .clarificationLapsed(let due):
                steps.add(
                    "lapse", "逾期未补正", "补正期限 \(due) 已过,申请人无正当理由逾期不补正的,视为放弃行政复议申请,并记录在案(第三十一条第二款)。", [], "按视为放弃结案", primary: true,
                    confirm: "结案后本案不能再办理;申请人有正当理由的逾期补正,请勿结案。")
            default:
                break
            }
            if clock.acceptedOn != nil {
                if c.procedure == .simplified, c.convertedOn == nil {
                    steps.add("convert", "转为普通程序", "认为不宜适用简易程序的,经行政复议机构负责人批准,可以转为普通程序审理(第五十五条)。", [.date("转换日期", t)], "转为普通程序")
                }
                if c.copySentOn == nil {
                    let due = clock.step(c.facts.effectiveProcedure == .simplified ? "reconsideration.simplifiedCopy" : "reconsideration.copy")?.due
                    steps.add(
                        "copy", "发送申请书副本", "应当在 \(due?.description ?? "期限") 前将申请书副本发送被申请人(第四十八条;简易程序 3 个工作日,第五十四条)。", [.date("发送日期", t)], "记录发送",
                        primary: true)
                } else if c.respondentReceivedOn == nil {
                    steps.add("copy-received", "被申请人收到副本", "被申请人的答复期限自收到申请书副本之日起计算。", [.date("收到日期", t)], "记录")
                }
                let suspended = c.suspensions.contains { $0.resumedOn == nil }
                if suspended {
                    steps.add("resume", "恢复审理", "中止的原因消除后,及时恢复审理并书面告知当事人(第四十条)。", [.date("恢复日期", t)], "恢复审理", primary: true)
                } else {
                    steps.add("suspend", "中止审理", "有第三十九条规定情形之一的中止审理,中止期间不计入审理期限;应当书面告知当事人。", [.date("中止日期", t), .text("ground", "中止事由")], "中止审理")
                }
                if c.facts.effectiveProcedure == .normal, c.extensionDays == 0 {
                    steps.add(
                        "extend", "延长审理期限", "情况复杂、不能在规定期限内作出决定的,经行政复议机构负责人批准,可以适当延长并书面告知当事人,延长期限最多不超过三十日(第六十二条第一款)。",
                        [
                            .init(name: "days", label: "延长天数(1–30)", kind: "number", value: "30", options: [], required: true),
                            .date("批准日期", t), .text("approver", "批准人"), .text("reason", "理由"),
                        ], "延长")
                }
                steps.add(
                    "decide", "作出决定", "决定类型依《行政复议法》第六十三条至第六十九条、第七十三条、第七十四条、第四十一条。",
                    [
                        .select(
                            "decision", "决定类型",
                            [OptionContext(value: "", label: "请选择", selected: true)]
                                + ReconsiderationDecision.allCases.map {
                                    OptionContext(value: $0.rawValue, label: "\($0.label)(\($0.article))", selected: false)
                                }),
                        .date("决定日期", t), .text("note", "决定要点", required: false, long: true),
                        .init(name: "selfCorrected", label: "被申请人已自行纠正(调解、和解撤回或终止的案件)", kind: "checkbox", value: "1", options: [], required: false),
                    ], "作出决定", primary: !suspended, confirm: "作出决定后本案审结,计入纠错率,决定类型和日期不能再修改;请核对。")
            }
        }
        if organ, clock.acceptedOn != nil, c.opinionOn == nil {
            steps.add(
                "opinion", "制发行政复议意见书", "发现被申请人或者其他下级行政机关的有关行政行为违法或者不当的,可以制发意见书;有关机关应当自收到之日起 60 日内报送纠正情况(第七十六条)。",
                [.date("送达日期", t), .text("content", "违法或者不当情形和纠正意见", long: true)], "制发意见书")
        }
        if organ, c.decision != nil, c.publishedOn == nil {
            steps.add("publish", "公开决定书", "公开时隐去自然人申请人的姓名和个人信息。", [.date("公开日期", t)], "记录公开")
        }
        if respondent && open && c.answeredOn == nil && c.respondentReceivedOn != nil {
            steps.add(
                "answer", "提交书面答复和证据",
                "被申请人应当自收到申请书副本之日起 10 个工作日内(简易程序 5 个工作日)提出书面答复,并提交作出行政行为的证据、依据和其他有关材料;逾期未答复的,视为该行政行为没有证据、依据(第四十八条、第七十条)。答复期限:\(c.answerDueOn?.description ?? "—")。",
                [.date("提交日期", t)], "记录已提交答复", primary: true)
        }
        if respondent, c.opinionOn != nil, c.opinionRepliedOn == nil {
            steps.add(
                "opinion-reply", "报送纠正情况", "自收到意见书之日起 60 日内(\(c.opinionReplyDueOn?.description ?? "—"))将纠正情况报送行政复议机构(第七十六条)。", [.date("报送日期", t)],
                "记录已报送", primary: true)
        }
        return steps.forms
    }

    struct StepForm: Content {
        var date: String?, items: String?, procedure: String?, reason: String?, days: String?, approver: String?, ground: String?
        var decision: String?, note: String?, selfCorrected: String?, content: String?
    }

    func step(req: Request, _ step: String) async throws -> Response {
        let c = try await find(req, Self.respondentSteps.contains(step) ? .respondCase : .handleReconsideration)
        let form = try req.content.decode(StepForm.self)
        let ctx = try await Self.context(req)
        let date = form.date ?? ""
        return try await req.attempt(
            success: "/reconsideration/\(try c.requireID().uuidString)?notice=saved",
            render: { errors in try await render(req, try await ReconsiderationService.find(c.id, on: req.db), errors: errors) }
        ) {
            typealias S = ReconsiderationService
            switch step {
            case "clarify": try await S.clarify(c, items: form.items ?? "", on: date, ctx, on: req.db)
            case "clarify-received": try await S.clarifyReceived(c, on: date, ctx, on: req.db)
            case "clarified": try await S.clarified(c, on: date, ctx, on: req.db)
            case "lapse": try await S.lapse(c, ctx, on: req.db)
            case "accept": try await S.accept(c, on: date, procedure: form.procedure ?? "", ctx, on: req.db)
            case "reject": try await S.reject(c, on: date, reason: form.reason ?? "", ctx, on: req.db)
            case "convert": try await S.convert(c, on: date, ctx, on: req.db)
            case "copy": try await S.copySent(c, on: date, ctx, on: req.db)
            case "copy-received": try await S.copyReceived(c, on: date, ctx, on: req.db)
            case "answer": try await S.answered(c, on: date, ctx, on: req.db)
            case "extend":
                try await S.extend(c, days: form.days ?? "", approver: form.approver ?? "", on: date, reason: form.reason ?? "", ctx, on: req.db)
            case "suspend": try await S.suspend(c, on: date, ground: form.ground ?? "", ctx, on: req.db)
            case "resume": try await S.resume(c, on: date, ctx, on: req.db)
            case "decide":
                try await S.decide(
                    c, decision: form.decision ?? "", on: date, note: form.note ?? "", selfCorrected: form.selfCorrected == "1", ctx, on: req.db)
            case "publish": try await S.publish(c, on: date, ctx, on: req.db)
            case "opinion": try await S.opinion(c, on: date, content: form.content ?? "", ctx, on: req.db)
            case "opinion-reply": try await S.opinionReplied(c, on: date, ctx, on: req.db)
            default: throw AppError.notFound("操作")
            }
        }
    }

    // MARK: letters

    @Sendable func letter(req: Request) async throws -> Response {
        let c = try await find(req, .handleReconsideration)
        let kind = req.parameters.get("kind") ?? ""
        guard let action = AuditAction.reconsiderationLetters[kind] else { throw AppError.notFound("文书") }
        let engine = try await CalendarService.engine(on: req.db)
        let clock = try? ReconsiderationService.clock(c, today: req.clock.today, engine: engine, rules: req.application.deadlineRules)
        let organ = try await OrgNode.query(on: req.db).filter(\.$kind == .district).sort(\.$sort).first()
        let (name, blocks) = try ReconsiderationLetters.letter(kind, case: c, clock: clock, organ: organ?.name ?? "区人民政府")
        let data = try DOCX.write(blocks, title: name)
        try await AuditService.record(
            on: req.db, actor: .user(try req.requireUser()), action: action, entityType: .reconsiderationCase, entityID: c.number,
            at: req.clock.now())
        return .download(data, name: "\(c.number)\(name).docx", type: Response.docxType, fallback: "\(c.number)-\(kind).docx")
    }

    // MARK: import

    @Sendable func importPage(req: Request) async throws -> View {
        try await renderImport(req, errors: [], imported: nil)
    }

    private func renderImport(_ req: Request, errors: [FieldError], imported: Int?) async throws -> View {
        try await req.view.render(
            "reconsideration/import",
            CaseImportContext(
                layout: LayoutContext(req, title: "导入历史复议案件", active: "reconsideration"),
                columns: ReconsiderationImport.columns.map { .init(label: $0.label, required: $0.required, help: $0.help) },
                errors: .init(errors), imported: imported))
    }

    struct ImportForm: Content { var file: File? }

    @Sendable func importFile(req: Request) async throws -> Response {
        let form = try req.content.decode(ImportForm.self)
        do {
            guard let file = form.file, file.data.readableBytes > 0 else { throw ValidationFailure([FieldError("file", "请选择要导入的文件(.xlsx 或 .csv)")]) }
            let rows = try UploadedTable.rows(Data(file.data.readableBytesView), filename: file.filename)
            let count = try await ReconsiderationImportService.run(rows, source: file.filename, try await Self.context(req), on: req.db)
            return try await renderImport(req, errors: [], imported: count).encodeResponse(for: req)
        } catch let failure as ValidationFailure {
            let response = try await renderImport(req, errors: failure.errors, imported: nil).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }
}
