import FazhiCore
import Fluent
import Vapor

/// 行政应诉登记簿: the lawsuits against the district's units, registering one from the complaint's
/// copy, and one lawsuit with its answer date, hearings (who appeared), judgment, appeal and 司法建议.
/// A unit registers and runs its own; the office all.
struct LawsuitController: RouteCollection {
    static let steps = ["answer", "hearing", "judgment", "appeal", "close", "suggestion", "suggestion-reply"]

    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("litigation")
        r.on(.GET, policy: .viewCases, use: index)
        r.on(.GET, "new", policy: .respondCase, use: new)
        r.on(.POST, policy: .respondCase, use: create)
        r.on(.GET, ":lawsuitID", policy: .viewCases, use: show)
        for step in Self.steps {
            r.on(.POST, ":lawsuitID", .constant(step), policy: .respondCase, use: { try await self.step(req: $0, step) })
        }
        r.on(.POST, ":lawsuitID", "hearings", ":hearingID", "appearance", policy: .respondCase, use: { try await self.step(req: $0, "appearance") })
    }

    struct Filter: Content {
        var year: Int?
        var unit: String?
        var state: String?
        var q: String?
        /// The lawsuits a rate counts in `year` of first-instance service: `loss`, `judged`.
        var rate: String?
    }

    static let stateFilters: [(String, String)] = [
        ("", "全部"), ("open", "未结案"), ("answer_due", "待提交答辩状"), ("answer_overdue", "答辩逾期"), ("upcoming", "待开庭"),
        ("no_head", "开庭未确定出庭负责人"), ("appeal", "二审中"), ("suggestion_open", "司法建议待回复"), ("closed", "已结案"),
    ]

    static func filtered(on db: any Database, scope: RowScope, filter: Filter, today: LocalDate) async throws -> QueryBuilder<LawsuitCase> {
        var q = LawsuitCase.query(on: db)
        q = q.scoped(scope, unit: \.$unit.$id)
        if let code = filter.unit, !code.isEmpty {
            let unit = try await OrgNode.query(on: db).filter(\.$code == code).first()
            q = q.filter(\.$unit.$id == (unit?.id ?? RowScope.noUnit))
        }
        if let year = filter.year, let first = LocalDate(year: year, month: 1, day: 1), let last = LocalDate(year: year, month: 12, day: 31) {
            if let rate = filter.rate, !rate.isEmpty {
                let loss = CaseRateConfig.active.loss
                let counted = Array(rate == "loss" ? loss.numerator : loss.denominator ?? Set(JudgmentOutcome.allCases))
                q = q.filter(\.$firstServedOn >= first).filter(\.$firstServedOn <= last).filter(\.$firstOutcome ~~ counted)
            } else {
                q = q.filter(\.$complaintReceivedOn >= first).filter(\.$complaintReceivedOn <= last)
            }
        }
        if let text = filter.q?.trimmed, !text.isEmpty {
            let t = String(text.prefix(100))
            q = q.group(.or) { $0.filter(column: "number", containsLiterally: t).filter(column: "act", containsLiterally: t) }
        }
        let t = today.description
        switch filter.state ?? "" {
        case "open": q = q.filter(\.$closedOn == nil)
        case "answer_due": q = q.filter(\.$closedOn == nil).filter(\.$answeredOn == nil)
        case "answer_overdue": q = q.filter(\.$closedOn == nil).filter(\.$answeredOn == nil).filter(\.$answerDueOn < today)
        case "upcoming":
            q = q.filter(
                .sql(embed: "lawsuit_cases.id IN (SELECT lawsuit_id FROM lawsuit_hearings WHERE appearance IS NULL AND hearing_on >= \(bind: t))"))
        case "no_head":
            q = q.filter(
                .sql(
                    embed:
                        "lawsuit_cases.id IN (SELECT lawsuit_id FROM lawsuit_hearings WHERE appearance IS NULL AND head_name = '' AND hearing_on >= \(bind: t))"
                ))
        case "appeal": q = q.filter(\.$closedOn == nil).filter(\.$appealFiledOn != nil)
        case "suggestion_open": q = q.filter(\.$suggestionOn != nil).filter(\.$suggestionRepliedOn == nil)
        case "closed": q = q.filter(\.$closedOn != nil)
        default: break
        }
        return q
    }

    @Sendable func index(req: Request) async throws -> View {
        var filter = (try? req.query.decode(Filter.self)) ?? Filter()
        if req.url.query == nil || req.url.query == "" { filter.state = "open" }
        if let year = filter.year, !LocalDate.plausibleYears.contains(year) { throw AppError.badRequest("年度无效", field: "year") }
        let page = try req.pageNumber()
        let scope = try req.requireUser().scope(.viewCases)
        let today = req.clock.today
        let query = try await Self.filtered(on: req.db, scope: scope, filter: filter, today: today)
        let total = try await query.copy().count()
        let size = ReconsiderationController.pageSize
        let suits = try await query.with(\.$unit).sort(\.$complaintReceivedOn, .descending).sort(\.$number)
            .range(((page - 1) * size)..<(page * size)).all()
        try await suits.loadChildren(\.$hearings, on: req.db)
        let rows: [CaseListContext.Row] = try suits.map { s in
            let (state, code) = Self.state(s, today: today)
            return .init(
                number: s.number, href: "/litigation/\(try s.requireID().uuidString)", unit: s.unit.name + (s.coDefendant ? "(与区政府共同被告)" : ""),
                category: s.category.label, act: String(s.act.prefix(60)), received: s.complaintReceivedOn.description,
                due: s.answerDueOn?.description ?? "—", state: state, stateCode: code, outcome: s.firstOutcome?.label ?? "")
        }
        let load = try await ReconsiderationService.workload(scope: scope, today: today, on: req.db)
        let tiles: [CaseListContext.Tile] = [
            .init(label: "未结案", value: load.suitsOpen, href: "/litigation?state=open", urgent: false),
            .init(label: "答辩逾期", value: load.suitAnswersOverdue, href: "/litigation?state=answer_overdue", urgent: load.suitAnswersOverdue > 0),
            .init(
                label: "开庭未确定出庭负责人", value: load.hearingsWithoutHead, href: "/litigation?state=no_head", urgent: load.hearingsWithoutHead > 0),
            .init(label: "司法建议待回复", value: load.suggestionsOpen, href: "/litigation?state=suggestion_open", urgent: false),
        ]
        let units = try await OrgNode.choices(for: scope, on: req.db)
        var counted = ""
        if let rate = filter.rate, !rate.isEmpty, let year = filter.year {
            counted = rate == "loss" ? "\(year) 年一审判决败诉的案件(败诉率的分子)" : "\(year) 年一审作出判决的案件(败诉率的分母)"
        }
        return try await req.view.render(
            "reconsideration/list",
            CaseListContext(
                layout: LayoutContext(req, title: "行政应诉", active: "reconsideration"), kind: "litigation", heading: "行政应诉案件",
                intro: "本区部门和办事处作为被告的行政诉讼:收到起诉状副本之日起 15 日内提交答辩状和证据(《行政诉讼法》第六十七条),被诉行政机关负责人应当出庭应诉(第三条第三款)。",
                rows: rows, total: total, pages: PageLinks(req, page: page, pageSize: size, total: total),
                years: ReconsiderationController.yearOptions(filter.year, today: today),
                units: [OptionContext(value: "", label: "全部被告单位", selected: (filter.unit ?? "").isEmpty)]
                    + units.map { OptionContext(value: $0.code, label: $0.name, selected: filter.unit == $0.code) },
                states: Self.stateFilters.map { OptionContext(value: $0.0, label: $0.1, selected: (filter.state ?? "") == $0.0) },
                query: filter.q ?? "", counts: [:], tiles: tiles, canRegister: req.may(.respondCase), canImport: false,
                canRates: req.may(.viewCaseRates), countedNote: counted))
    }

    /// Where a lawsuit stands, in words, with a style code.
    static func state(_ s: LawsuitCase, today: LocalDate) -> (String, String) {
        if let closed = s.closedOn { return ("\(closed) 结案" + (s.firstOutcome.map { ":\($0.label)" } ?? ""), "closed") }
        if s.answeredOn == nil, s.firstOutcome == nil, let due = s.answerDueOn {
            return due < today ? ("答辩期限 \(due) 已过,尚未提交答辩状", "overdue") : ("待提交答辩状(\(due) 前)", "running")
        }
        let upcoming = (s.$hearings.value ?? []).filter { $0.appearance == nil }.sorted { $0.hearingOn < $1.hearingOn }.first
        if let h = upcoming {
            if h.hearingOn < today { return ("\(h.hearingOn) 开庭,尚未记录出庭情况", "overdue") }
            return h.headName.isEmpty ? ("\(h.hearingOn) 开庭,尚未确定出庭负责人", "due_soon") : ("\(h.hearingOn) 开庭,\(h.headName) 出庭", "running")
        }
        if s.appealFiledOn != nil { return ("二审中", "running") }
        if let o = s.firstOutcome { return ("一审\(o.label),待生效或上诉", "running") }
        return ("一审审理中", "running")
    }

    // MARK: register

    @Sendable func new(req: Request) async throws -> View {
        var own = ""
        if let unit = try req.requireUser().unitID, let node = try await OrgNode.find(unit, on: req.db) { own = node.code }
        return try await renderNew(
            req, form: ["complaintReceivedOn": req.clock.today.description, "plaintiffType": "natural_person", "unit": own], errors: [])
    }

    private func renderNew(_ req: Request, form: [String: String], errors: [FieldError]) async throws -> View {
        func text(_ name: String, _ label: String) -> CaseStepForm.Field {
            .init(name: name, label: label, kind: "text", value: form[name] ?? "", options: [], required: true)
        }
        var units = try await ReconsiderationController.unitOptions(req, picked: form["unit"] ?? "")
        if case .unit(let own) = try req.requireUser().scope(.respondCase),
            let node = try await OrgNode.find(own, on: req.db)
        {
            units = [OptionContext(value: node.code, label: node.name, selected: true)]
        }
        let fields: [CaseStepForm.Field] = [
            text("number", "案号(如 (2026)某0104行初123号)"),
            .init(name: "unit", label: "被告", kind: "select", value: "", options: units, required: true),
            .init(
                name: "coDefendant", label: "区人民政府为共同被告(复议维持原行政行为,《行政诉讼法》第二十六条第二款)", kind: "checkbox",
                value: "1", options: [], required: false),
            text("court", "受理法院"),
            .init(
                name: "plaintiffType", label: "原告类型", kind: "select", value: "",
                options: ReconsiderationController.options(ReconsiderationApplicantType.self, \.label, picked: form["plaintiffType"] ?? ""),
                required: true),
            text("plaintiff", "原告"),
            .init(
                name: "category", label: "被诉行政行为类别", kind: "select", value: "",
                options: [OptionContext(value: "", label: "请选择", selected: (form["category"] ?? "").isEmpty)]
                    + ReconsiderationController.options(ContestedActCategory.self, \.label, picked: form["category"] ?? ""), required: true),
            text("act", "被诉行政行为"),
            .init(
                name: "reconsideration", label: "经行政复议的,复议案号(如 FY-2026-0012;未经复议直接起诉的不填)", kind: "text",
                value: form["reconsideration"] ?? "", options: [], required: false),
            .init(
                name: "complaintReceivedOn", label: "收到起诉状副本日期", kind: "date", value: form["complaintReceivedOn"] ?? "", options: [], required: true),
        ]
        return try await req.view.render(
            "reconsideration/new",
            CaseNewContext(
                layout: LayoutContext(req, title: "登记行政应诉案件", active: "reconsideration"), kind: "litigation", heading: "登记行政应诉案件",
                action: "/litigation", fields: fields, errors: .init(errors), once: ""))
    }

    struct NewForm: Content {
        var number: String?, unit: String?, coDefendant: String?, court: String?, plaintiffType: String?, plaintiff: String?
        var category: String?, act: String?, complaintReceivedOn: String?, reconsideration: String?

        var values: [String: String] {
            [
                "number": number ?? "", "unit": unit ?? "", "court": court ?? "", "plaintiffType": plaintiffType ?? "",
                "plaintiff": plaintiff ?? "", "category": category ?? "", "act": act ?? "", "complaintReceivedOn": complaintReceivedOn ?? "",
                "reconsideration": reconsideration ?? "",
            ]
        }
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(NewForm.self)
        do {
            let input = LawsuitInput(
                number: form.number ?? "", unitCode: form.unit ?? "", court: form.court ?? "", plaintiffType: form.plaintiffType ?? "",
                plaintiff: form.plaintiff ?? "", category: form.category ?? "", act: form.act ?? "",
                complaintReceivedOn: form.complaintReceivedOn ?? "", coDefendant: form.coDefendant == "1")
            let s = try await LawsuitService.register(
                input, reconsiderationNumber: form.reconsideration ?? "", try await ReconsiderationController.context(req),
                allowedUnit: { req.may(.respondCase, .unit($0)) },
                on: req.db)
            return req.redirect(to: "/litigation/\(try s.requireID().uuidString)?notice=saved")
        } catch let failure as ValidationFailure {
            let response = try await renderNew(req, form: form.values, errors: failure.errors).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    // MARK: one lawsuit

    private func find(_ req: Request, _ action: Action) async throws -> LawsuitCase {
        let s = try await LawsuitService.find(req.parameters.get("lawsuitID", as: UUID.self), on: req.db)
        try req.authorize(action, .unit(s.$unit.id))
        return s
    }

    @Sendable func show(req: Request) async throws -> View {
        try await render(req, try await find(req, .viewCases), errors: [])
    }

    private func render(_ req: Request, _ s: LawsuitCase, errors: [FieldError]) async throws -> View {
        let engine = try await CalendarService.engine(on: req.db)
        let today = req.clock.today
        let clock = try? LawsuitService.clock(s, today: today, engine: engine, rules: req.application.deadlineRules)
        let id = try s.requireID().uuidString
        let handles = req.may(.respondCase, .unit(s.$unit.id))
        let t = today.description
        var facts: [CaseDetailContext.Fact] = [
            .init(label: "被告", value: s.unit.name + (s.coDefendant ? ",区人民政府为共同被告(复议维持)" : "")),
            .init(
                label: "原告",
                value: handles || req.may(.handleReconsideration) ? "\(s.plaintiffName)(\(s.plaintiffType.label))" : s.plaintiffType.label),
            .init(label: "受理法院", value: s.court),
            .init(
                label: "行政复议",
                value: (s.$reconsideration.value ?? nil).map { "经行政复议(\($0.number),\($0.decision?.label ?? "")),复议后起诉" }
                    ?? (s.coDefendant ? "经行政复议维持后起诉" : "未经复议直接起诉")),
            .init(label: "被诉行政行为", value: "\(s.act)(\(s.category.label))"),
            .init(label: "收到起诉状副本", value: s.complaintReceivedOn.description),
            .init(
                label: "答辩状和证据",
                value: s.answeredOn.map { "\($0) 提交" }
                    ?? "应于 \(ProvisionalDisplay.text(clock?.answerBy, calendar: engine.calendar)) 前提交(收到起诉状副本之日起 15 日,《行政诉讼法》第六十七条第一款)"),
        ]
        if let o = s.firstOutcome {
            facts.append(
                .init(
                    label: "一审",
                    value: "\(o.label),\(s.firstServedOn?.description ?? "") 送达" + (clock?.appealBy.map { ";上诉期限 \($0)(第八十五条)" } ?? "")
                        + (o.isLoss ? "(计入败诉)" : "")))
        }
        if let by = s.appealedBy {
            facts.append(.init(label: "上诉", value: "\(by == "plaintiff" ? "原告" : "本单位")于 \(s.appealFiledOn?.description ?? "") 上诉"))
        }
        if let second = s.secondOutcome.flatMap(SecondInstanceOutcome.init(rawValue:)) {
            facts.append(.init(label: "二审", value: "\(second.label),\(s.secondServedOn?.description ?? "") 送达"))
        }
        if let on = s.suggestionOn {
            facts.append(
                .init(
                    label: "司法建议",
                    value: "\(on) 收到:\(s.suggestionText ?? "");回复期限 \(s.suggestionReplyDueOn?.description ?? "—")"
                        + (s.suggestionRepliedOn.map { ",\($0) 已回复" } ?? ",尚未回复")))
        }
        let base = "/litigation/\(id)/"
        var steps = CaseStepForms(base: base)
        if handles && s.closedOn == nil {
            if s.answeredOn == nil, s.firstOutcome == nil {
                steps.add(
                    "answer", "提交答辩状和证据", "被告应当在收到起诉状副本之日起十五日内向人民法院提交作出行政行为的证据和所依据的规范性文件,并提出答辩状(第六十七条第一款)。", [.date("提交日期", t)], "记录已提交",
                    primary: true)
            }
            steps.add(
                "hearing", "登记开庭", "人民法院应当在开庭三日前送达出庭通知书(《最高人民法院关于行政机关负责人出庭应诉若干问题的规定》第五条);被诉行政机关负责人应当出庭应诉(《行政诉讼法》第三条第三款),请写明拟出庭的负责人。",
                [
                    .select(
                        "instance", "审级",
                        [
                            OptionContext(value: "1", label: "一审", selected: s.appealFiledOn == nil),
                            OptionContext(value: "2", label: "二审", selected: s.appealFiledOn != nil),
                        ]),
                    .date(named: "hearingOn", "开庭日期", ""),
                    .init(name: "noticeOn", label: "收到出庭通知日期", kind: "date", value: t, options: [], required: false),
                    .text("headName", "拟出庭负责人(姓名、职务)", required: false),
                ], "登记开庭")
            if s.firstOutcome == nil {
                steps.add(
                    "judgment", "一审裁判", "记录一审判决或裁定及送达日期;上诉期限判决 15 日、裁定 10 日(第八十五条)。",
                    [
                        .select(
                            "outcome", "裁判结果",
                            [OptionContext(value: "", label: "请选择", selected: true)]
                                + JudgmentOutcome.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: false) }),
                        .date("送达日期", t),
                    ], "记录一审裁判", confirm: "一审裁判计入败诉率,记录后不能再修改;请核对裁判结果和送达日期。")
            } else {
                if s.appealFiledOn == nil, s.firstOutcome != .withdrawn {
                    steps.add(
                        "appeal", "上诉", "不服一审判决的,可以在判决书送达之日起十五日内提起上诉(裁定十日,第八十五条)。",
                        [
                            .select(
                                "by", "上诉人",
                                [
                                    OptionContext(value: "plaintiff", label: "原告", selected: true),
                                    OptionContext(value: "defendant", label: "本单位(被告)", selected: false),
                                ]), .date("上诉日期", t),
                        ], "登记上诉")
                }
                // Final without appeal only once the window has passed (第八十五条).
                let windowOpen = s.appealFiledOn == nil && (clock?.appealBy.map { today <= $0 } ?? false)
                if !windowOpen {
                    steps.add(
                        "close", s.appealFiledOn == nil ? "一审生效结案" : "二审结果",
                        s.appealFiledOn == nil ? "上诉期限届满未上诉的,一审裁判生效后结案。" : "记录二审结果和送达日期,结案。",
                        s.appealFiledOn == nil
                            ? [.date("结案日期", t)]
                            : [
                                .select(
                                    "secondOutcome", "二审结果",
                                    SecondInstanceOutcome.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: false) }),
                                .date("送达日期", t),
                            ],
                        "结案", confirm: "结案后本案不能再修改;请核对结果和日期。")
                }
            }
        }
        if handles, s.suggestionOn == nil {
            steps.add(
                "suggestion", "收到司法建议", "人民法院在审理中发现行政管理问题提出的司法建议,按其要求的期限回复。",
                [.date("收到日期", t), .text("content", "建议内容", long: true), .date(named: "replyBy", "法院要求的回复期限", "")], "登记司法建议")
        }
        if handles, s.suggestionOn != nil, s.suggestionRepliedOn == nil {
            steps.add("suggestion-reply", "回复司法建议", "回复期限:\(s.suggestionReplyDueOn?.description ?? "—")。", [.date("回复日期", t)], "记录已回复", primary: true)
        }
        let hearings: [CaseDetailContext.HearingRow] = s.hearings.sorted { ($0.instance, $0.hearingOn) < ($1.instance, $1.hearingOn) }.map { h in
            var warning = ""
            if h.fact.noticeWasTimely == false { warning = "出庭通知不足开庭前三日送达(规定第五条)" }
            if h.appearance == nil, h.headName.isEmpty, h.hearingOn >= today { warning = "尚未确定出庭负责人:被诉行政机关负责人应当出庭应诉(行政诉讼法第三条第三款)" }
            var form: CaseStepForm?
            if handles, h.appearance == nil, h.hearingOn <= today, let hid = h.id?.uuidString {
                form = .init(
                    id: "appearance-\(hid)", title: "记录出庭情况", help: "负责人 = 正职、副职或分管负责人(规定第二条);未出庭的,写明正当理由并提交加盖公章的证明材料(规定第八条、第九条)。",
                    action: base + "hearings/\(hid)/appearance",
                    fields: [
                        .select(
                            "appearance", "出庭情况",
                            [OptionContext(value: "", label: "请选择", selected: true)]
                                + CourtAppearance.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: false) }),
                        .init(name: "headName", label: "出庭负责人(姓名、职务)", kind: "text", value: h.headName, options: [], required: false),
                        .init(
                            name: "excuse", label: "未出庭理由", kind: "select", value: "",
                            options: [OptionContext(value: "", label: "(负责人已出庭或仅工作人员出庭时不填)", selected: true)]
                                + AppearanceExcuse.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: false) },
                            required: false),
                        .text("note", "理由说明和证明材料", required: false),
                    ], button: "记录", primary: true)
            }
            return .init(
                instance: h.instance == 2 ? "二审" : "一审", hearingOn: h.hearingOn.description, notice: h.noticeReceivedOn?.description ?? "—",
                head: h.headName.isEmpty ? "未确定" : h.headName,
                appearance: h.appearance.map { $0.label + (h.excuse.map { ":\($0.label)" } ?? "") + (h.excuseNote.map { "(\($0))" } ?? "") }
                    ?? (h.hearingOn <= today ? "已开庭,待记录出庭情况" : "待开庭"),
                warning: warning, form: form)
        }
        let (state, code) = Self.state(s, today: today)
        return try await req.view.render(
            "reconsideration/case",
            CaseDetailContext(
                layout: LayoutContext(req, title: "应诉案件 \(s.number)", active: "reconsideration"), kind: "litigation", id: id, number: s.number,
                heading: "行政应诉案件", phase: state, phaseCode: code, provisional: clock?.provisional?.reason, facts: facts, steps: [],
                hearings: hearings, letters: [], forms: steps.forms, errors: .init(errors), today: t))
    }

    struct StepForm: Content {
        var date: String?, instance: String?, hearingOn: String?, noticeOn: String?, headName: String?, outcome: String?, by: String?
        var secondOutcome: String?, content: String?, replyBy: String?, appearance: String?, excuse: String?, note: String?
    }

    func step(req: Request, _ step: String) async throws -> Response {
        let s = try await find(req, .respondCase)
        let form = try req.content.decode(StepForm.self)
        let ctx = try await ReconsiderationController.context(req)
        let date = form.date ?? ""
        return try await req.attempt(
            success: "/litigation/\(try s.requireID().uuidString)?notice=saved",
            render: { errors in try await render(req, try await LawsuitService.find(s.id, on: req.db), errors: errors) }
        ) {
            typealias S = LawsuitService
            switch step {
            case "answer": try await S.answered(s, on: date, ctx, on: req.db)
            case "hearing":
                try await S.addHearing(
                    s, instance: form.instance ?? "", hearingOn: form.hearingOn ?? "", noticeOn: form.noticeOn ?? "", headName: form.headName ?? "",
                    ctx, on: req.db)
            case "appearance":
                try await S.recordAppearance(
                    s, hearing: req.parameters.get("hearingID", as: UUID.self), appearance: form.appearance ?? "", headName: form.headName ?? "",
                    excuse: form.excuse ?? "", note: form.note ?? "", ctx, on: req.db)
            case "judgment": try await S.judgment(s, outcome: form.outcome ?? "", servedOn: date, ctx, on: req.db)
            case "appeal": try await S.appeal(s, by: form.by ?? "", filedOn: date, ctx, on: req.db)
            case "close": try await S.close(s, secondOutcome: form.secondOutcome ?? "", on: date, ctx, on: req.db)
            case "suggestion": try await S.suggestion(s, on: date, content: form.content ?? "", replyBy: form.replyBy ?? "", ctx, on: req.db)
            case "suggestion-reply": try await S.suggestionReplied(s, on: date, ctx, on: req.db)
            default: throw AppError.notFound("操作")
            }
        }
    }
}
