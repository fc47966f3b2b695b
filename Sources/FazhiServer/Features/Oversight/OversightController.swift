import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 督办件: the list, registration and import, one item with its clocks and steps.
struct OversightController: RouteCollection {
    let maxUploadMB: Int

    /// The lead unit's steps (`handleOversight` on the item).
    static let unitSteps = ["accept", "extend", "reply", "review-request", "review-answer"]
    /// The office's steps (`manageOversight`).
    static let officeSteps = ["rate", "finding", "close", "publish"]

    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("oversight")
        r.on(.GET, policy: .viewOversight, use: index)
        r.on(.GET, "new", policy: .manageOversight, use: new)
        r.on(.POST, policy: .manageOversight, use: create)
        r.on(.GET, "import", policy: .manageOversight, use: importPage)
        let body = HTTPBodyStreamStrategy.collect(maxSize: ByteCount(value: (maxUploadMB + 1) * 1024 * 1024))
        r.on(.POST, "import", policy: .manageOversight, body: body, use: importFile)
        r.on(.GET, "items", ":itemID", policy: .viewOversight, use: show)
        r.on(.GET, "items", ":itemID", "files", ":fileID", policy: .viewOversight, use: download)
        for step in Self.unitSteps where step != "reply" {
            r.on(.POST, "items", ":itemID", .constant(step), policy: .handleOversight, use: { try await self.step(req: $0, step) })
        }
        r.on(.POST, "items", ":itemID", "reply", policy: .handleOversight, body: .stream, use: reply)
        for step in Self.officeSteps {
            r.on(.POST, "items", ":itemID", .constant(step), policy: .manageOversight, use: { try await self.step(req: $0, step) })
        }
    }

    static func tabs(_ req: Request, _ active: String) -> OversightTabs {
        OversightTabs(active: active, rates: req.may(.viewOversightRates))
    }

    struct Filter: Content {
        var channel: String?
        var status: String?
        var q: String?
        var year: Int?
        var unit: String?
        /// An indicator's drill-down: `suggestion` (建议提案 counted for 按期办复率), `rated`, `petition`.
        var rate: String?
    }

    static let statuses: [(String, String)] = [
        ("", "全部"), ("open", "办理中"), ("overdue", "已超期"), ("rating", "待满意度评价"), ("second", "不满意重办"), ("closed", "已办结"),
    ]

    static let pageSize = 50

    /// The items the caller may see (a unit: those it leads or co-handles), filtered in SQL.
    static func filtered(on db: any Database, scope: RowScope, filter: Filter, today: LocalDate) async throws -> QueryBuilder<OversightItem> {
        var q = OversightItem.query(on: db)
        if let own = scope.ownUnit {
            q = q.group(.or) {
                $0.filter(\.$unit.$id == own).filter(
                    .sql(embed: "oversight_items.id IN (SELECT item_id FROM oversight_co_units WHERE unit_id = \(bind: own))"))
            }
        } else {
            q = q.scoped(scope, unit: \.$unit.$id)
        }
        if let code = filter.unit, !code.isEmpty {
            let unit = try await OrgNode.query(on: db).filter(\.$code == code).first()
            q = q.filter(\.$unit.$id == (unit?.id ?? RowScope.noUnit))
        }
        if let c = filter.channel, let channel = OversightChannel(rawValue: c) { q = q.filter(\.$channel == channel) }
        if let text = filter.q?.trimmed, !text.isEmpty {
            q = q.group(.or) { $0.filter(column: "title", containsLiterally: text).filter(column: "ref_no", containsLiterally: text) }
        }
        // The petitions of a year are those accepted in it (as the indicator counts them); other items by their assignment.
        if let year = filter.year {
            if filter.rate == "petition", let first = LocalDate(year: year, month: 1, day: 1), let last = LocalDate(year: year, month: 12, day: 31) {
                q = q.filter(\.$acceptedOn >= first).filter(\.$acceptedOn <= last)
            } else {
                q = q.filter(\.$year == year)
            }
        }
        switch filter.rate ?? "" {
        case "suggestion":
            q = q.filter(\.$channel ~~ [.deputy, .proposal]).group(.or) { $0.filter(\.$firstRepliedOn != nil).filter(\.$replyDueOn < today) }
        case "rated": q = q.filter(\.$channel ~~ [.deputy, .proposal]).filter(\.$satisfaction != nil)
        case "petition":
            q = q.filter(\.$channel == .petition).filter(\.$acceptedOn != nil).group(.or) {
                $0.filter(\.$firstRepliedOn != nil).filter(\.$replyDueOn < today)
            }
        case "audit": q = q.filter(\.$channel == .audit)
        default: break
        }
        switch filter.status ?? "" {
        case "open": q = q.filter(\.$closedOn == nil)
        case "overdue": q = q.filter(\.$dueOn < today)
        case "rating": q = q.filter(\.$closedOn == nil).filter(\.$dueOn == nil).filter(\.$firstRepliedOn != nil).filter(\.$channel != .audit)
        case "second": q = q.filter(\.$dueKind == "second_reply")
        case "closed": q = q.filter(\.$closedOn != nil)
        default: break
        }
        return q
    }

    /// The item's state in words and as a badge code.
    static func state(_ i: OversightItem, today: LocalDate) -> (String, String) {
        if let closed = i.closedOn {
            let s = i.satisfaction.map { ",\($0.label)" } ?? ""
            return ("\(closed) 办结\(s)", "closed")
        }
        if let due = i.dueOn {
            let what =
                switch i.dueKind ?? "" {
                case "register": "待受理"
                case "second_reply": "不满意,重新办理"
                case "review": "\(i.reviewLevel?.label ?? "复查")办理中"
                case "rectify": "整改中"
                default: "办理中"
                }
            return due < today ? ("\(what),已超期(\(due))", "overdue") : ("\(what),\(due) 前", today.days(until: due) <= 7 ? "due_soon" : "running")
        }
        if i.channel == .audit { return ("已报整改情况,待问题销号", "waiting") }
        return ("已答复,待满意度评价", "waiting")
    }

    @Sendable func index(req: Request) async throws -> View {
        let filter = (try? req.query.decode(Filter.self)) ?? Filter()
        if let s = filter.status, !Self.statuses.contains(where: { $0.0 == s }) { throw AppError.badRequest("状态无效", field: "status") }
        if let c = filter.channel, !c.isEmpty, OversightChannel(rawValue: c) == nil { throw AppError.badRequest("来源无效", field: "channel") }
        if let year = filter.year, !LocalDate.plausibleYears.contains(year) { throw AppError.badRequest("年度无效", field: "year") }
        if let rate = filter.rate, !["", "suggestion", "rated", "petition", "audit"].contains(rate) {
            throw AppError.badRequest("指标无效", field: "rate")
        }
        let page = try req.pageNumber()
        let today = req.clock.today
        let query = try await Self.filtered(on: req.db, scope: try req.requireUser().scope(.viewOversight), filter: filter, today: today)
        let total = try await query.copy().count()
        let items = try await query.with(\.$unit).sort(\.$assignedOn, .descending).sort(\.$refNo)
            .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        return try await req.view.render(
            "oversight/list",
            OversightListContext(
                layout: LayoutContext(req, title: "督办件", active: "oversight"), tabs: Self.tabs(req, "items"),
                rows: try items.map { i in
                    let (state, code) = Self.state(i, today: today)
                    return .init(
                        href: "/oversight/items/\(try i.requireID().uuidString)", channel: i.channel.label, refNo: i.refNo, title: i.title,
                        unit: i.unit.name, assigned: i.assignedOn.description, due: i.replyDueOn?.description ?? "",
                        replied: i.firstRepliedOn?.description ?? "", onTime: i.firstRepliedOn.map { r in i.replyDueOn.map { r <= $0 } ?? true },
                        state: state, stateCode: code)
                }, total: total, pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: total),
                channels: [OptionContext(value: "", label: "全部来源", selected: (filter.channel ?? "").isEmpty)]
                    + OversightChannel.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: filter.channel == $0.rawValue) },
                statuses: Self.statuses.map { OptionContext(value: $0.0, label: $0.1, selected: (filter.status ?? "") == $0.0) },
                query: filter.q ?? "", year: filter.year.map(String.init) ?? "", unit: filter.unit ?? "", rate: filter.rate ?? "",
                canRegister: req.may(.manageOversight)))
    }

    struct NewForm: Content {
        var channel: String?, refNo: String?, title: String?, summary: String?, submitter: String?, unit: String?, assignedOn: String?
        var complex: String?, auditDue: String?, coUnits: [String]?, formOnce: String?
    }

    @Sendable func new(req: Request) async throws -> View {
        try await renderNew(req, form: NewForm(), errors: [])
    }

    private func renderNew(_ req: Request, form: NewForm, errors: [FieldError]) async throws -> View {
        let units = try await req.nameableUnits()
        let chosen = Set(form.coUnits ?? [])
        let fields: [CaseStepForm.Field] = [
            .select(
                "channel", "来源",
                OversightChannel.allCases.map {
                    OptionContext(value: $0.rawValue, label: $0.label, selected: (form.channel ?? "deputy") == $0.rawValue)
                }),
            .init(name: "refNo", label: "编号(建议、提案编号,审计报告文号,信访件或工单编号)", kind: "text", value: form.refNo ?? "", options: [], required: true),
            .init(name: "title", label: "标题", kind: "text", value: form.title ?? "", options: [], required: true),
            .init(name: "submitter", label: "提出人(代表、委员或信访人;公开时隐去个人姓名)", kind: "text", value: form.submitter ?? "", options: [], required: false),
            .select(
                "unit", "主办单位",
                [OptionContext(value: "", label: "请选择", selected: (form.unit ?? "").isEmpty)]
                    + units.map { OptionContext(value: $0.code, label: $0.name, selected: form.unit == $0.code) }),
            .checks("coUnits", "协办单位", units.map { OptionContext(value: $0.code, label: $0.name, selected: chosen.contains($0.code)) }),
            .init(
                name: "assignedOn", label: "交办日期(信访为收到日期,审计为报告送达日期)", kind: "date", value: form.assignedOn ?? req.clock.today.description,
                options: [], required: true),
            .checkbox("complex", "涉及面广、处理难度大(建议、提案办理期限六个月)"),
            .init(name: "auditDue", label: "整改期限(审计整改必填,按审计报告)", kind: "date", value: form.auditDue ?? "", options: [], required: false),
            .init(name: "summary", label: "主要内容", kind: "textarea", value: form.summary ?? "", options: [], required: false),
        ]
        return try await req.view.render(
            "oversight/new",
            OversightNewContext(
                layout: LayoutContext(req, title: "登记督办件", active: "oversight"), fields: fields, errors: .init(errors),
                once: form.formOnce ?? FormOnce.token()))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(NewForm.self)
        do {
            guard let unit = try await req.targetUnit(.manageOversight, code: form.unit) else {
                throw ValidationFailure([FieldError("unit", "请选择主办单位")])
            }
            let item = try await OversightService.create(
                .init(
                    channel: form.channel ?? "", refNo: form.refNo ?? "", title: form.title ?? "", summary: form.summary ?? "",
                    submitter: form.submitter ?? "", assignedOn: form.assignedOn ?? "", complex: form.complex == "1", auditDue: form.auditDue ?? "",
                    coUnits: form.coUnits ?? []), unit: unit, try await StepContext.of(req), once: FormOnce.parse(form.formOnce), on: req.db)
            return req.redirect(to: "/oversight/items/\(try item.requireID().uuidString)?notice=saved")
        } catch let failure as ValidationFailure {
            let response = try await renderNew(req, form: form, errors: failure.errors).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    private func find(_ req: Request, _ action: Action) async throws -> (OversightItem, [OrgNode]) {
        let item = try await OversightService.find(req.parameters.get("itemID", as: UUID.self), on: req.db)
        let co = try await OversightService.coUnits(of: try item.requireID(), on: req.db)
        try req.authorize(action, .task(leadUnit: item.$unit.id, coUnits: co.compactMap(\.id)))
        return (item, co)
    }

    @Sendable func show(req: Request) async throws -> View {
        let (item, co) = try await find(req, .viewOversight)
        return try await render(req, item, co: co, errors: [])
    }

    private func render(_ req: Request, _ i: OversightItem, co: [OrgNode], errors: [FieldError]) async throws -> View {
        let today = req.clock.today
        let engine = try await CalendarService.engine(on: req.db)
        let id = try i.requireID()
        let resource = Resource.task(leadUnit: i.$unit.id, coUnits: co.compactMap(\.id))
        let handles = req.may(.handleOversight, resource), manages = req.may(.manageOversight)
        func day(_ x: LocalDate?) -> String { x.map { ProvisionalDisplay.text($0, calendar: engine.calendar, empty: "") } ?? "" }
        let replies = try await OversightReply.query(on: req.db).filter(\.$item.$id == id).sort(\.$round).all()
        let files = try await AttachmentService.files(of: .oversightReply, ids: replies.compactMap(\.id), on: req.db)
        let findings = i.channel == .audit ? try await OversightService.findings(of: id, on: req.db) : []
        var facts: [OversightItemContext.Fact] = [
            .init(label: "来源", value: i.channel.label), .init(label: i.channel.refLabel, value: i.refNo),
            .init(label: "主办单位", value: i.unit.name),
        ]
        if !co.isEmpty { facts.append(.init(label: "协办单位", value: co.map(\.name).joined(separator: "、"))) }
        if !i.submitter.isEmpty { facts.append(.init(label: "提出人", value: i.submitter)) }
        facts.append(.init(label: i.channel.startLabel, value: i.assignedOn.description + (i.complex ? "(涉及面广、处理难度大)" : "")))
        if let r = i.extensionReason { facts.append(.init(label: "延长办理期限", value: "\(i.extensionDays) 日:\(r)")) }
        if let p = i.publishedOn { facts.append(.init(label: "答复公开", value: "\(p) 起在公众页面公开")) }
        if let note = i.reviewNote, let level = i.reviewLevel {
            facts.append(.init(label: "\(level.label)意见", value: "\(day(i.reviewAnsweredOn)) \(note)"))
        }

        var clocks: [CaseStepRow] = []
        func row(_ name: String, _ due: LocalDate?, done: LocalDate?, basis: String) {
            guard let due else { return }
            let late = done.map { $0 > due } ?? (due < today)
            clocks.append(
                .init(
                    name: name, party: i.unit.name, due: day(due), done: done?.description ?? "",
                    state: done == nil ? (late ? "已超期" : "办理中") : (late ? "逾期完成" : "按期完成"),
                    stateCode: done == nil ? (late ? "overdue" : "running") : (late ? "overdue" : "closed"), basis: basis))
        }
        let settings = OversightConfig.active
        if i.channel == .petition {
            row("登记、受理告知", i.registerDueOn, done: i.acceptedOn, basis: "收到之日起 15 日(信访工作条例第二十二条、第二十三条)")
        }
        let replyBasis =
            switch i.channel {
            case .deputy: "交办之日起\(i.complex ? "六" : "三")个月内答复(代表法第五十一条)"
            case .proposal: "交办之日起 \(i.complex ? settings.proposalComplexMonths : settings.proposalMonths) 个月(本地提案办理办法,可配置)"
            case .audit: "审计报告规定的整改期限(审计法第五十二条)"
            case .petition: "受理之日起 60 日\(i.extensionDays > 0 ? ",延长 \(i.extensionDays) 日" : "")(信访工作条例第三十四条)"
            case .hotline: "派单之日起 \(settings.hotlineWorkdays) 个工作日(市热线规定,可配置)"
            }
        row(i.channel == .audit ? "整改情况报告" : "答复", i.replyDueOn, done: i.firstRepliedOn, basis: replyBasis)
        if let second = replies.first(where: { $0.round == 2 }) {
            row("不满意件重新办理", second.dueOn, done: second.repliedOn, basis: "评价不满意之日起 \(settings.secondReplyDays) 日(本区规定,可配置)")
        } else if i.dueKind == "second_reply" {
            row("不满意件重新办理", i.dueOn, done: nil, basis: "评价不满意之日起 \(settings.secondReplyDays) 日(本区规定,可配置)")
        }
        if let level = i.reviewLevel {
            row(level.label, i.reviewAnsweredOn == nil ? i.dueOn : nil, done: i.reviewAnsweredOn, basis: "收到请求之日起 30 日(信访工作条例第三十五条、第三十六条)")
        }

        var forms = CaseStepForms(base: "/oversight/items/\(id.uuidString)/")
        let t = today.description
        if i.closedOn == nil, handles {
            if i.channel == .petition, i.acceptedOn == nil {
                forms.add("accept", "受理", "受理后办理期限为 60 日(信访工作条例第三十四条)。", [.date("受理日期", t)], "受理", primary: true)
            }
            if i.channel == .petition, i.acceptedOn != nil, i.firstRepliedOn == nil,
                i.extensionDays < OversightClock.petitionExtensionLimit(rules: req.application.deadlineRules)
            {
                forms.add(
                    "extend", "延长办理期限", "情况复杂的,经本机关负责人批准可延长,合计不超过 30 日,并告知信访人延期理由。",
                    [
                        .init(name: "days", label: "延长天数", kind: "number", value: "", options: [], required: true),
                        .text("reason", "延期理由", long: true),
                    ],
                    "延长")
            }
            if ["reply", "second_reply", "rectify"].contains(i.dueKind ?? ""), i.channel != .petition || i.acceptedOn != nil {
                forms.add(
                    "reply", i.channel == .audit ? "报送整改情况报告" : (i.round == 2 ? "重新答复" : "答复"),
                    i.channel == .audit ? "整改情况报告报审计机关和区政府;审计发现问题在问题池逐项整改销号。" : "答复后由督办部门记录提出人的满意度评价;可附答复函(PDF 或图片)。",
                    i.channel == .audit
                        ? [
                            .date("报告日期", t), .text("content", "整改情况", long: true),
                            .init(name: "file", label: "整改情况报告", kind: "file", value: "", options: [], required: false),
                        ]
                        : [
                            .date("答复日期", t), .text("content", "答复内容", long: true),
                            .text("result", i.channel.publishesReplies ? "办理结果(如:已解决或采纳 / 列入计划解决 / 留作参考)" : "办理结果", required: false),
                            .init(name: "file", label: "答复函", kind: "file", value: "", options: [], required: false),
                        ], i.channel == .audit ? "报送" : "提交答复", primary: true)
            }
        }
        if handles, i.channel == .petition, i.firstRepliedOn != nil, i.reviewLevel != .reexamine, i.reviewLevel == nil || i.reviewAnsweredOn != nil {
            forms.add(
                "review-request", i.reviewLevel == nil ? "信访人请求复查" : "信访人请求复核", "信访人收到意见之日起 30 日内可以请求;复查(复核)意见 30 日内作出。",
                [.date("请求日期", t)], "登记请求")
        }
        if handles, let level = i.reviewLevel, i.reviewAnsweredOn == nil {
            forms.add("review-answer", "\(level.label)意见", "书面答复信访人。", [.date("意见日期", t), .text("note", "\(level.label)意见", long: true)], "提交意见")
        }
        if manages, i.closedOn == nil {
            if i.channel.asksSatisfaction, i.dueOn == nil, i.firstRepliedOn != nil, replies.last?.satisfaction == nil {
                forms.add(
                    "rate", "满意度评价", i.round == 1 ? "评价不满意的,退回重新办理,再次答复后再评价。" : "第二次评价为最终评价。",
                    [
                        .date("评价日期", t),
                        .select(
                            "satisfaction", "评价",
                            Satisfaction.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: $0 == .satisfied) }),
                        .text("note", "评价意见(不满意的必填)", required: false, long: true),
                    ], "记录评价", primary: true)
            }
            if i.channel == .audit {
                forms.add(
                    "finding", "登记审计发现问题", "每个问题进入问题池,由主办单位逐项整改,督办部门核查销号。",
                    [
                        .text("title", "问题"), .text("description", "问题描述", long: true), .text("measure", "整改措施"),
                        .date(named: "due", "整改时限", i.auditDueOn?.description ?? t),
                    ], "登记问题")
                if i.firstRepliedOn != nil {
                    forms.add("close", "办结", "审计发现问题全部销号后办结。", [.date("办结日期", t)], "办结", confirm: "办结后不再督办。")
                }
            }
        }
        if manages, i.channel.publishesReplies, i.firstRepliedOn != nil, i.publishedOn == nil {
            forms.add("publish", "答复公开", "在公众页面公开答复内容(提出人为个人的不显示姓名)。", [], "公开答复")
        }
        let (state, code) = Self.state(i, today: today)
        return try await req.view.render(
            "oversight/item",
            OversightItemContext(
                layout: LayoutContext(req, title: i.title, active: "oversight"), tabs: Self.tabs(req, "items"), title: i.title, state: state,
                stateCode: code, facts: facts, summary: i.summary, steps: clocks,
                replies: try replies.map { r in
                    .init(
                        round: r.round, repliedOn: r.repliedOn.description, due: r.dueOn.description, onTime: r.repliedOn <= r.dueOn,
                        content: r.content,
                        result: r.result, satisfaction: r.satisfaction?.label ?? "", ratedOn: r.ratedOn?.description ?? "", note: r.ratingNote ?? "",
                        files: (files[try r.requireID()] ?? []).map {
                            .init(name: $0.filename, href: "/oversight/items/\(id.uuidString)/files/\((try? $0.requireID().uuidString) ?? "")")
                        })
                },
                findings: findings.map {
                    .init(
                        number: $0.number, title: $0.title, status: $0.status.label, closed: $0.status == .closed,
                        href: "/problems/\(($0.id?.uuidString) ?? "")")
                }, audit: i.channel == .audit, forms: forms.forms, errors: .init(errors)))
    }

    struct StepForm: Content {
        var date: String?, days: String?, reason: String?, satisfaction: String?, note: String?, title: String?, description: String?
        var measure: String?, due: String?
    }

    func step(req: Request, _ step: String) async throws -> Response {
        let action: Action = Self.officeSteps.contains(step) ? .manageOversight : .handleOversight
        let (item, co) = try await find(req, action)
        let form = try req.content.decode(StepForm.self)
        let ctx = try await StepContext.of(req)
        let date = form.date ?? ""
        typealias S = OversightService
        return try await req.attempt(
            success: "/oversight/items/\(try item.requireID().uuidString)?notice=saved",
            render: { errors in try await render(req, try await S.find(item.id, on: req.db), co: co, errors: errors) }
        ) {
            switch step {
            case "accept": try await S.accept(item, on: date, ctx, on: req.db)
            case "extend": try await S.extend(item, days: form.days ?? "", reason: form.reason ?? "", ctx, on: req.db)
            case "review-request": try await S.reviewRequest(item, on: date, ctx, on: req.db)
            case "review-answer": try await S.reviewAnswer(item, on: date, note: form.note ?? "", ctx, on: req.db)
            case "rate": try await S.rate(item, satisfaction: form.satisfaction ?? "", on: date, note: form.note ?? "", ctx, on: req.db)
            case "finding":
                try await S.addFinding(
                    item, title: form.title ?? "", description: form.description ?? "", measure: form.measure ?? "", due: form.due ?? "", ctx,
                    on: req.db)
            case "close": try await S.close(item, on: date, ctx, on: req.db)
            case "publish": try await S.publish(item, ctx, on: req.db)
            default: throw AppError.notFound("操作")
            }
        }
    }

    @Sendable func reply(req: Request) async throws -> Response {
        let (item, co) = try await find(req, .handleOversight)
        let maxBytes = req.fazhi.maxUploadMB * 1024 * 1024
        let ctx = try await StepContext.of(req)
        return try await req.attempt(
            success: "/oversight/items/\(try item.requireID().uuidString)?notice=saved",
            render: { errors in try await render(req, try await OversightService.find(item.id, on: req.db), co: co, errors: errors) }
        ) {
            let upload = try await StreamedUpload.receive(req, maxBytes: maxBytes, store: req.application.fileStore)
            defer { upload.file?.discard() }
            var stored: AttachmentService.Stored?
            if let file = upload.file, file.size > 0 {
                stored = try AttachmentService.accept(.received(file), maxBytes: maxBytes, into: req.application.fileStore)
            }
            try await OversightService.reply(
                item, on: upload.fields["date"] ?? "", content: upload.fields["content"] ?? "", result: upload.fields["result"] ?? "", file: stored,
                ctx,
                on: req.db)
        }
    }

    @Sendable func download(req: Request) async throws -> Response {
        let (item, _) = try await find(req, .viewOversight)
        guard let fileID = req.parameters.get("fileID", as: UUID.self), let file = try await Attachment.find(fileID, on: req.db),
            file.ownerType == AttachmentOwner.oversightReply.code,
            let reply = try await OversightReply.find(file.ownerID, on: req.db), reply.$item.id == item.id
        else { throw AppError.notFound("答复函") }
        return try .attachment(req, file)
    }

    // MARK: import

    @Sendable func importPage(req: Request) async throws -> View {
        try await renderImport(req, errors: [], imported: nil)
    }

    private func renderImport(_ req: Request, errors: [FieldError], imported: Int?) async throws -> View {
        try await req.view.render(
            "oversight/import",
            OversightImportContext(
                layout: LayoutContext(req, title: "导入督办件", active: "oversight"), tabs: Self.tabs(req, "items"),
                columns: OversightImport.itemColumns.map { .init(label: $0.label, required: $0.required, help: $0.help) }, errors: .init(errors),
                imported: imported))
    }

    struct UploadForm: Content { var file: File? }

    @Sendable func importFile(req: Request) async throws -> Response {
        let form = try req.content.decode(UploadForm.self)
        let ctx = try await StepContext.of(req)
        do {
            guard let file = form.file, file.data.readableBytes > 0 else { throw ValidationFailure([FieldError("file", "请选择要导入的 .xlsx 或 .csv 文件")]) }
            let table = try UploadedTable.rows(Data(file.data.readableBytesView), filename: file.filename)
            let units = try await req.nameableUnits()
            let rows = try OversightImport.parseItems(table, knownUnits: Set(units.map(\.code) + units.map(\.name)), today: ctx.today)
            let n = try await OversightService.importItems(rows, ctx, on: req.db)
            return try await renderImport(req, errors: [], imported: n).encodeResponse(for: req)
        } catch let failure as ValidationFailure {
            let response = try await renderImport(req, errors: failure.errors, imported: nil).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }
}
