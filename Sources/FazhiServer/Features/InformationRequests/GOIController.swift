import FazhiCore
import FazhiOffice
import Fluent
import Vapor

/// 依申请公开登记簿: the register list and its export, registering a request received in person
/// or by post, one request with its clock and steps, its letters (.docx), and the import of
/// historical requests.
struct GOIController: RouteCollection {
    let maxUploadMB: Int

    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("goi")
        r.on(.GET, policy: .viewGOI, use: index)
        r.on(.GET, "export.xlsx", policy: .viewGOI, use: export)
        r.on(.GET, "new", policy: .handleGOI, use: new)
        r.on(.POST, policy: .handleGOI, use: create)
        r.on(.GET, "import", policy: .manageGOIReport, use: importPage)
        r.on(.POST, "import", policy: .manageGOIReport, body: .collect(maxSize: ByteCount(value: (maxUploadMB + 1) * 1024 * 1024)), use: importFile)
        r.on(.GET, ":requestID", policy: .viewGOI, use: show)
        for step in ["confirm", "clarify", "clarified", "consult", "fee-notice", "fee-paid", "reply", "co-units"] {
            r.on(.POST, ":requestID", .constant(step), policy: .handleGOI, use: { try await self.step(req: $0, step) })
        }
        r.on(
            .POST, ":requestID", "consult", ":consultationID", "replied", policy: .handleGOI, use: { try await self.step(req: $0, "consult-replied") }
        )
        r.on(
            .POST, ":requestID", "consult", ":consultationID", "received", policy: .handleGOI,
            use: { try await self.step(req: $0, "consult-received") })
        // Extending the period (第三十三条第二款) and fixing a later date (第三十五条) are the head's decisions.
        for step in ["extend", "delay"] {
            r.on(.POST, ":requestID", .constant(step), policy: .approveGOIExtension, use: { try await self.step(req: $0, step) })
        }
        r.on(.GET, ":requestID", "letters", ":kind", policy: .handleGOI, use: letter)
    }

    // MARK: list

    struct Filter: Content {
        var year: Int?
        var unit: String?
        var state: String?
        var q: String?
    }

    static let stateFilters: [(String, String)] = [
        ("", "全部状态"), ("open", "办理中(全部)"), ("awaiting_confirmation", "待确认收到"), ("awaiting_clarification", "待补正"),
        ("clarification_lapsed", "补正期满"), ("consulting", "征求意见中"), ("awaiting_payment", "待缴费"), ("fee_lapsed", "缴费期满未缴"),
        ("due_soon", "即将到期"), ("overdue", "已逾期"),
        ("extended", "已延期"), ("closed", "已办结"), ("closed_late", "逾期办结"),
    ]

    /// The requests the caller may see (the office all; a unit those it handles or co-handles),
    /// filtered in SQL — every state of the filter is a condition on the stored dates, so a district
    /// register of hundreds of thousands is counted and paged by the database, never read whole.
    private func filtered(_ req: Request, filter: Filter, calendar: WorkCalendar) async throws -> QueryBuilder<GOIRequest> {
        try await Self.filtered(
            on: req.db, scope: try req.requireUser().scope(.viewGOI), filter: filter, today: req.clock.today, calendar: calendar,
            dueSoonWorkdays: req.fazhi.dueSoonWorkdays)
    }

    static func filtered(
        on db: any Database, scope: RowScope, filter: Filter, today: LocalDate, calendar: WorkCalendar, dueSoonWorkdays: Int
    ) async throws -> QueryBuilder<GOIRequest> {
        var query = GOIRequest.query(on: db)
        // A unit sees the requests it handles or co-handles (the policy's scope for `viewGOI`).
        if let own = scope.ownUnit {
            query = query.group(.or) {
                $0.filter(\.$unit.$id == own).filter(
                    .sql(embed: "goi_requests.id IN (SELECT request_id FROM goi_co_units WHERE unit_id = \(bind: own))"))
            }
        } else {
            query = query.scoped(scope, unit: \.$unit.$id)
        }
        if let year = filter.year {
            // A year's requests: received in it, or submitted in it and not yet confirmed.
            query = query.group(.or) { g in
                if let first = LocalDate(year: year, month: 1, day: 1), let last = LocalDate(year: year, month: 12, day: 31) {
                    g.group(.and) { $0.filter(\.$receivedOn >= first).filter(\.$receivedOn <= last) }
                }
                g.filter(\.$number =~ "YSQ-\(year)-")
            }
        }
        if let code = filter.unit, !code.isEmpty, let unit = try await OrgNode.query(on: db).filter(\.$code == code).first() {
            query = query.filter(\.$unit.$id == (try unit.requireID()))
        }
        if let q = filter.q?.trimmed, !q.isEmpty {
            let text = String(q.prefix(100))
            query = query.group(.or) { $0.filter(column: "number", containsLiterally: text).filter(column: "content", containsLiterally: text) }
        }
        let t = today
        let sql = GOIStateSQL(today: today, calendar: calendar, dueSoonWorkdays: dueSoonWorkdays)
        switch filter.state ?? "" {
        case "open": query = query.filter(\.$closedOn == nil)
        case "closed": query = query.filter(\.$closedOn != nil)
        case "closed_late": query = query.filter(\.$closedOn != nil).filter(.sql(embed: "goi_requests.closed_on > goi_requests.due_on"))
        case "awaiting_confirmation": query = query.filter(\.$closedOn == nil).filter(\.$receivedOn == nil)
        case "awaiting_clarification":
            query = query.filter(\.$closedOn == nil).filter(\.$clarifySentOn != nil).filter(\.$clarifiedOn == nil)
                .group(.or) { $0.filter(\.$clarifyDueOn == nil).filter(\.$clarifyDueOn >= t) }
        case "clarification_lapsed":
            query = query.filter(\.$closedOn == nil).filter(\.$clarifySentOn != nil).filter(\.$clarifiedOn == nil).filter(\.$clarifyDueOn < t)
        case "awaiting_payment", "fee_lapsed":
            query = query.filter(\.$closedOn == nil).filter(\.$feeNoticeOn != nil).filter(\.$feePaidOn == nil)
            if let since = sql.paymentOpenSince {
                query = filter.state == "awaiting_payment" ? query.filter(\.$feeNoticeOn >= since) : query.filter(\.$feeNoticeOn < since)
            }
        case "consulting": query = query.filter(\.$closedOn == nil).filter(.sql(embed: sql.consulting)).filter(.sql(embed: sql.notAwaitingFee))
        case "overdue": query = query.filter(\.$closedOn == nil).filter(\.$dueOn < t).filter(.sql(embed: sql.running))
        case "due_soon":
            query = query.filter(\.$closedOn == nil).filter(\.$dueOn >= t).filter(\.$dueOn <= sql.horizon)
                .filter(.sql(embed: sql.running))
        case "extended": query = query.filter(\.$extensionDays > 0)
        default: break
        }
        return query
    }

    static let pageSize = 100

    @Sendable func index(req: Request) async throws -> View {
        var filter = (try? req.query.decode(Filter.self)) ?? Filter()
        // Opened without a filter, the register shows the work at hand: the requests still open.
        if req.url.query == nil || req.url.query == "" { filter.state = "open" }
        let page = try req.pageNumber()
        let engine = try await CalendarService.engine(on: req.db)
        let rule = try GOIService.rule(req.application.deadlineRules)
        let today = req.clock.today
        let query = try await filtered(req, filter: filter, calendar: engine.calendar)
        let total = try await query.copy().count()
        let requests = try await query.with(\.$unit).sort(\.$number, .descending)
            .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        try await requests.loadChildren(\.$consultations, on: req.db)
        let user = try req.requireUser()
        // The tiles count the whole register in the caller's reach (the office: the district; a unit: what it handles).
        let scope = user.scope(.viewGOI)
        let load = try await GOIService.workload(
            scope: scope, today: today, soon: req.fazhi.dueSoonWorkdays, calendar: engine.calendar, on: req.db)
        var open = GOIRequest.query(on: req.db).filter(\.$closedOn == nil)
        open = open.scoped(scope, unit: \.$unit.$id)
        let counts = ["open": try await open.count(), "overdue": load.overdue, "dueSoon": load.dueSoon, "waiting": load.unconfirmed]
        let rows: [GOIListContext.Row] = try requests.map { r in
            let clock = (try? GOIService.clock(r, today: today, engine: engine, rule: rule))
            let state = clock?.state ?? .running(.onTime(workdaysLeft: 0))
            return .init(
                number: r.number, href: "/goi/\(try r.requireID().uuidString)", unit: r.unit.name, applicantType: r.applicantType.label,
                channel: r.channel.label, received: r.receivedOn?.description ?? "待确认", content: String(r.content.prefix(60)),
                state: clock?.state.label ?? "期限无法计算(超出工作日历)", stateCode: state.code,
                due: ProvisionalDisplay.text(clock?.due, calendar: engine.calendar),
                closed: r.closedOn?.description ?? "", reply: r.replyType?.label ?? "")
        }
        let units = try await OrgNode.choices(for: scope, on: req.db)
        let queryString = req.url.query.map { "?" + $0 } ?? ""
        return try await req.view.render(
            "goi/list",
            GOIListContext(
                layout: LayoutContext(req, title: "依申请公开", active: "goi"), rows: rows, total: total,
                pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: total),
                years: [OptionContext(value: "", label: "全部年度", selected: filter.year == nil)]
                    + (2025...today.year).reversed().map { OptionContext(value: String($0), label: "\($0) 年", selected: filter.year == $0) },
                units: [OptionContext(value: "", label: "全部单位", selected: (filter.unit ?? "").isEmpty)]
                    + units.map { OptionContext(value: $0.code, label: $0.name, selected: filter.unit == $0.code) },
                states: Self.stateFilters.map { OptionContext(value: $0.0, label: $0.1, selected: (filter.state ?? "") == $0.0) },
                query: filter.q ?? "", exportHref: "/goi/export.xlsx" + queryString, canRegister: req.may(.handleGOI),
                canImport: req.may(.manageGOIReport), canReport: req.may(.viewGOIReport), counts: counts))
    }

    /// The register as a workbook, without the applicants' personal data.
    @Sendable func export(req: Request) async throws -> Response {
        let filter = (try? req.query.decode(Filter.self)) ?? Filter()
        let engine = try await CalendarService.engine(on: req.db)
        let rule = try GOIService.rule(req.application.deadlineRules)
        let header = ["申请编号", "承办单位", "申请渠道", "申请人类型", "收到日期", "申请内容", "答复期限", "延长工作日", "状态", "办结日期", "答复类型", "不予公开理由", "信息处理费(元)"]
        var sheet: [[XLSX.Cell]] = [header.map { .text($0) }]
        let requests = try await filtered(req, filter: filter, calendar: engine.calendar).with(\.$unit).sort(\.$number, .descending).all()
        try await requests.loadChildren(\.$consultations, on: req.db)
        for r in requests {
            let clock = try? GOIService.clock(r, today: req.clock.today, engine: engine, rule: rule)
            sheet.append([
                .text(r.number), .text(r.unit.name), .text(r.channel.label), .text(r.applicantType.label), .text(r.receivedOn?.description ?? ""),
                .text(r.content), .text(ProvisionalDisplay.text(clock?.due, calendar: engine.calendar, empty: "")), .number(String(r.extensionDays)),
                .text(clock?.state.label ?? ""),
                .text(r.closedOn?.description ?? ""), .text(r.replyType?.label ?? ""), .text(r.groundList.map(\.label).joined(separator: "、")),
                .number(String(r.feeAmount)),
            ])
        }
        let data = try XLSX.write([XLSX.Sheet(name: "依申请公开登记", rows: sheet, widths: [16, 18, 14, 12, 12, 50, 12, 10, 30, 12, 24, 24, 12])])
        return .download(data, name: "依申请公开登记簿.xlsx", type: Response.xlsxType, fallback: "goi-register.xlsx")
    }

    // MARK: register

    @Sendable func new(req: Request) async throws -> View {
        try await renderNew(
            req,
            form: [
                "applicantType": "natural_person", "delivery": "post", "channel": "in_person",
                "receivedOn": req.clock.today.description,
                "unit": try await ownUnitCode(req) ?? "",
            ], errors: [])
    }

    private func ownUnitCode(_ req: Request) async throws -> String? {
        guard let id = try req.requireUser().unitID else { return nil }
        return try await OrgNode.find(id, on: req.db)?.code
    }

    private func renderNew(_ req: Request, form: [String: String], errors: [FieldError]) async throws -> View {
        var units = try await GOIPublicController.units(req)
        if let own = try req.requireUser().unitID, !req.may(.handleGOI, .unit(UUID())) { units = units.filter { $0.id == own } }
        return try await req.view.render(
            "goi/apply",
            GOIPublicController.formContext(
                req, title: "登记依申请公开申请", active: "goi", form: form,
                errors: errors, staff: true, units: units))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(GOIPublicController.ApplyForm.self)
        do {
            if let unit = try await OrgNode.query(on: req.db).filter(\.$code == (form.unit ?? "")).first() {
                try req.authorize(.handleGOI, .unit(unit.requireID()))
            }
            let engine = try await CalendarService.engine(on: req.db)
            let input = GOIRegisterInput(channel: form.channel ?? "", receivedOn: form.receivedOn?.description ?? "", application: form.input)
            let (request, code) = try await GOIService.register(
                input, actor: .user(try req.requireUser()), engine: engine,
                rule: try GOIService.rule(req.application.deadlineRules), today: req.clock.today,
                once: FormOnce.parse(form.formOnce), on: req.db, now: req.clock.now())
            let unit = try await OrgNode.find(request.$unit.id, on: req.db)
            return try await req.view.render(
                "goi/filed",
                GOIFiledContext(
                    layout: LayoutContext(req, title: "申请已登记", active: "goi"), number: request.number, code: code, unit: unit?.name ?? "",
                    staff: true, href: "/goi/\(request.requireID().uuidString)")
            ).encodeResponse(for: req)
        } catch let failure as ValidationFailure {
            let response = try await renderNew(req, form: form.values, errors: failure.errors).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    // MARK: one request

    private func find(_ req: Request, _ action: Action) async throws -> GOIRequest {
        let r = try await GOIService.find(req.parameters.get("requestID", as: UUID.self), on: req.db)
        try req.authorize(action, .goiRequest(unit: r.$unit.id, coUnits: try r.coUnits))
        return r
    }

    @Sendable func show(req: Request) async throws -> View {
        try await render(req, try await find(req, .viewGOI), errors: [])
    }

    private func render(_ req: Request, _ r: GOIRequest, errors: [FieldError], form: [String: String] = [:]) async throws -> View {
        let engine = try await CalendarService.engine(on: req.db)
        let rule = try GOIService.rule(req.application.deadlineRules)
        let today = req.clock.today
        let coUnits = try r.coUnits
        let resource = Resource.goiRequest(unit: r.$unit.id, coUnits: coUnits)
        let clock = try? GOIService.clock(r, today: today, engine: engine, rule: rule)
        let units = try await GOIPublicController.units(req)
        let coNames = try units.filter { coUnits.contains(try $0.requireID()) }.map(\.name)
        let canHandle = req.may(.handleGOI, resource) && r.closedOn == nil
        let state = clock?.state
        var awaitingClarification = false
        if case .awaitingClarification = state { awaitingClarification = true }
        if case .clarificationLapsed = state { awaitingClarification = true }
        let id = try r.requireID().uuidString
        var letters: [GOIDetailContext.Letter] = []
        if req.may(.handleGOI, resource) {
            if r.clarifySentOn != nil { letters.append(.init(label: "补正告知书", href: "/goi/\(id)/letters/clarify")) }
            if r.extensionDays > 0 { letters.append(.init(label: "延期答复告知书", href: "/goi/\(id)/letters/extension")) }
            if r.feeNoticeOn != nil { letters.append(.init(label: "收费通知书", href: "/goi/\(id)/letters/fee")) }
            if r.delayAnswerBy != nil { letters.append(.init(label: "延迟答复告知书", href: "/goi/\(id)/letters/delay")) }
            if r.replyType?.isAnswer == true || r.replyType == .noClarification || r.replyType == .unpaidFee {
                letters.append(.init(label: "政府信息公开申请答复告知书", href: "/goi/\(id)/letters/reply"))
            }
        }
        var reply: [String: String] = [:]
        if let type = r.replyType {
            reply = [
                "type": type.label, "basis": type.basis, "closedOn": r.closedOn?.description ?? "", "note": r.replyNote ?? "",
                "grounds": r.groundList.map(\.label).joined(separator: "、"), "row": type.row(ground: r.ground).fullLabel,
                "fee": r.feeNoticeOn != nil
                    ? Self.feeText(r) + (r.feePaidOn.map { ",\($0) 缴纳" } ?? ",未缴纳")
                    : r.feeAmount > 0 ? "\(r.feeAmount) 元(导入的历史数据)" : "不收费",
            ]
        }
        let pickedType = form["replyType"] ?? ""
        let pickedGrounds = Set((form["grounds"] ?? "").split(separator: ",").map(String.init))
        return try await req.view.render(
            "goi/request",
            GOIDetailContext(
                layout: LayoutContext(req, title: "申请 \(r.number)", active: "goi"),
                id: id, number: r.number, unit: r.unit.name, coUnits: coNames.isEmpty ? "无" : coNames.joined(separator: "、"),
                channel: r.channel.label, receiptRule: r.channel.receiptRule, submitted: TimeText.local(r.submittedAt),
                received: r.receivedOn?.description ?? "",
                applicantType: r.applicantType.label,
                applicant: req.may(.viewApplicant, resource)
                    ? .init(
                        type: r.applicantType.label, name: r.applicantName, idNumber: r.applicantIDNumber, contact: r.applicantContact,
                        phone: r.applicantPhone, email: r.applicantEmail, address: r.applicantAddress) : nil,
                content: r.content, purpose: r.purpose, delivery: r.delivery.label,
                state: state?.label ?? "期限无法计算:届满日超出已导入的工作日历,请系统管理员导入下一年度节假日安排", stateCode: state?.code ?? "unknown",
                due: ProvisionalDisplay.text(clock?.due, calendar: engine.calendar),
                dueProvisional: clock?.provisional?.reason,
                explanation: clock.map { Self.explain(r, $0) } ?? [],
                clarifyBy: clock?.clarifyBy?.description ?? "", clarifySentOn: r.clarifySentOn?.description ?? "",
                clarifyDueOn: r.clarifyDueOn?.description ?? "",
                clarifyItems: r.clarifyItems ?? "", clarifiedOn: r.clarifiedOn?.description ?? "",
                consultations: r.consultations.sorted { $0.sentOn < $1.sentOn }.map { c in
                    .init(
                        id: c.id?.uuidString ?? "", kind: c.kind.label, party: c.party, sentOn: c.sentOn.description,
                        receivedOn: c.receivedOn?.description ?? "", repliedOn: c.repliedOn?.description ?? "",
                        limit: (c.fact.flatMap { try? $0.limit(engine) })?.description ?? "", note: c.note ?? "",
                        silence: c.fact.map { $0.isSilent(on: today, engine: engine) } == true ? c.kind.silence : "")
                },
                extensionText: r.extensionDays > 0
                    ? "延长 \(r.extensionDays) 个工作日,\(r.extensionApprover ?? "") 于 \(r.extensionOn?.description ?? "") 批准;理由:\(r.extensionReason ?? "")"
                    : "",
                fee: r.feeNotice.map { notice in
                    let payBy = clock?.payBy
                    return .init(
                        method: Self.feeText(r), amount: r.feeAmount, deliveredOn: notice.deliveredOn.description,
                        payBy: payBy?.description ?? "", paidOn: notice.paidOn?.description ?? "",
                        lapsed: notice.paidOn == nil && payBy.map { today > $0 } == true)
                },
                delayText: r.delayAnswerBy.map { "\(r.delayDecidedOn?.description ?? "") 决定延迟至 \($0) 前答复;理由:\(r.delayReason ?? "")" } ?? "",
                closed: r.closedOn != nil, reply: reply, letters: letters, today: today.description,
                canHandle: canHandle,
                canExtend: canHandle && req.may(.approveGOIExtension, resource) && r.extensionDays == 0 && clock?.firstDue != nil,
                awaitingConfirmation: r.receivedOn == nil,
                canClarify: canHandle && r.receivedOn != nil && r.clarifySentOn == nil && (clock?.clarifyBy.map { today <= $0 } ?? false),
                awaitingClarification: awaitingClarification,
                canConsult: canHandle && r.receivedOn != nil && !awaitingClarification,
                canNotifyFee: canHandle && r.receivedOn != nil && !awaitingClarification && r.feeNoticeOn == nil && clock?.due != nil,
                awaitingPayment: canHandle && r.feeNoticeOn != nil && r.feePaidOn == nil,
                canDelay: canHandle && req.may(.approveGOIExtension, resource) && r.delayAnswerBy == nil && clock?.due != nil,
                replyTypes: [OptionContext(value: "", label: "请选择", selected: pickedType.isEmpty)]
                    + GOIReplyType.allCases.map {
                        OptionContext(
                            value: $0.rawValue,
                            label: "\($0.label) → \($0.row(ground: nil).group ?? "")\($0 == .withheld ? "(按理由计入)" : $0.row(ground: nil).label)",
                            selected: pickedType == $0.rawValue)
                    },
                grounds: GOIWithholdingGround.allCases.map {
                    OptionContext(
                        value: $0.rawValue, label: "\($0.label)(\($0.basis.replacingOccurrences(of: "《中华人民共和国政府信息公开条例》", with: "")))",
                        selected: pickedGrounds.contains($0.rawValue))
                },
                feeMethods: [GOIFeeMethod.perRequest, .perPage].map {
                    OptionContext(value: $0.rawValue, label: $0.label, selected: form["method"] == $0.rawValue)
                },
                consultKinds: GOIConsultationRecord.Kind.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: false) },
                unitOptions: units.filter { $0.id != r.$unit.id }.map {
                    OptionContext(value: $0.code, label: $0.name, selected: coUnits.contains(try $0.requireID()))
                },
                errors: .init(errors)))
    }

    /// 期限计算说明: how the due date was reached, step by step (Alaveteli #5101: show how a deadline was computed).
    static func explain(_ r: GOIRequest, _ clock: GOIClock) -> [String] {
        var lines: [String] = []
        if let received = r.receivedOn {
            lines.append("\(received) 收到申请(\(r.channel.label))。\(r.channel.receiptRule)")
        } else {
            lines.append("在线提交于 \(TimeText.local(r.submittedAt)),受理机关确认之日为收到申请之日(第三十一条第三项),确认前不起算。")
        }
        if let by = clock.clarifyBy, r.closedOn == nil, r.clarifySentOn == nil { lines.append("补正告知须在 \(by) 前发出(收到申请之日起 7 个工作日,第三十条)。") }
        if let sent = r.clarifySentOn {
            lines.append("\(sent) 发出补正告知,补正期限至 \(r.clarifyDueOn?.description ?? "")。补正期间答复期限不计算。")
            if let c = r.clarifiedOn { lines.append("\(c) 收到补正后的申请,答复期限自该日重新起算(第三十条)。") }
        }
        if let from = clock.countedFrom, let first = clock.firstDue {
            let consulting = clock.pauses.filter { $0.reason == "征求意见" }
            let paying = clock.pauses.filter { $0.reason != "征求意见" }
            var pauses =
                consulting.isEmpty
                ? "" : ",其中征求意见期间 " + consulting.map { "\($0.from) 至 \($0.to)" }.joined(separator: "、") + " 不计算在内(第三十二条、第三十三条第三款、第三十四条)"
            if let p = paying.first {
                pauses += ",收费通知送达至缴费期间 \(p.from) 至 \(p.to) 不计算在内(国办函〔2020〕109号第七条)"
            }
            lines.append("自 \(from) 次日起计算 20 个工作日\(pauses),届满日 \(first)(第三十三条第二款)。")
        }
        if r.extensionDays > 0, let due = clock.due {
            lines.append("经政府信息公开工作机构负责人 \(r.extensionApprover ?? "") 批准延长 \(r.extensionDays) 个工作日,届满日 \(due)(第三十三条第二款,延长最多 20 个工作日)。")
        }
        if let by = r.delayAnswerBy {
            lines.append(
                "\(r.delayDecidedOn?.description ?? "") 认为申请人说明的理由合理但无法在规定期限内答复,确定延迟至 \(by) 前答复并告知申请人(第三十五条)"
                    + (clock.due.map { $0 > by ? ";此后的不计算期间使届满日延至 \($0)" : "" } ?? "") + "。")
        }
        for c in r.consultations.compactMap(\.fact) where c.receivedOn == nil && c.repliedOn == nil && r.closedOn == nil {
            lines.append("\(c.sentOn) 发出的征求意见书尚未记录对方收到日期:对方的 15 个工作日自收到之日的次日起算,记录前期限持续暂停。")
        }
        return lines
    }

    /// 收费方式和金额, as the notice states them.
    static func feeText(_ r: GOIRequest) -> String {
        "\(r.feeMethod.label) \(r.feeMethod == .perPage ? "\(r.feeQuantity) 页" : "(该申请人本自然月第 \(r.feeQuantity) 件)"),\(r.feeAmount) 元"
    }

    struct StepForm: Content {
        var date: String?, items: String?, dueOn: String?, kind: String?, party: String?, note: String?
        var days: String?, approver: String?, reason: String?
        var replyType: String?, grounds: [String]?, method: String?, pages: String?, receivedOn: String?, answerBy: String?
        var coUnits: [String]?
    }

    func step(req: Request, _ step: String) async throws -> Response {
        let r = try await find(req, step == "extend" ? .approveGOIExtension : .handleGOI)
        let form = try req.content.decode(StepForm.self)
        let engine = try await CalendarService.engine(on: req.db)
        let c = GOIService.Context(
            actor: .user(try req.requireUser()), engine: engine, rule: try GOIService.rule(req.application.deadlineRules),
            today: req.clock.today, now: req.clock.now())
        let path = "/goi/\(try r.requireID().uuidString)"
        let draft = ["replyType": form.replyType ?? "", "grounds": (form.grounds ?? []).joined(separator: ","), "method": form.method ?? ""]
        let notices = [
            "confirm": "goiConfirmed", "clarify": "goiClarify", "clarified": "goiClarified", "consult": "goiConsult", "fee-notice": "goiFeeNotice",
            "fee-paid": "goiFeePaid", "extend": "goiExtended", "delay": "goiDelayed", "reply": "goiAnswered",
        ]
        return try await req.attempt(
            success: path + "?notice=" + (notices[step] ?? "saved"),
            render: { errors in
                let fresh = try await GOIService.find(r.id, on: req.db)
                return try await render(req, fresh, errors: errors, form: draft)
            }
        ) {
            let date = form.date?.description ?? ""
            switch step {
            case "confirm": try await GOIService.confirm(r, on: date, c, on: req.db)
            case "clarify":
                try await GOIService.clarify(r, items: form.items ?? "", sentOn: date, dueOn: form.dueOn?.description ?? "", c, on: req.db)
            case "clarified": try await GOIService.clarified(r, on: date, c, on: req.db)
            case "consult":
                try await GOIService.consult(
                    r, kind: form.kind ?? "", party: form.party ?? "", sentOn: date, receivedOn: form.receivedOn?.description ?? "", c, on: req.db)
            case "consult-received":
                try await GOIService.consultReceived(r, consultation: req.parameters.get("consultationID", as: UUID.self), on: date, c, on: req.db)
            case "fee-notice":
                try await GOIService.feeNotice(r, method: form.method ?? "", pages: form.pages ?? "", deliveredOn: date, c, on: req.db)
            case "fee-paid": try await GOIService.feePaid(r, on: date, c, on: req.db)
            case "delay":
                try await GOIService.delay(r, answerBy: form.answerBy ?? "", decidedOn: date, reason: form.reason ?? "", c, on: req.db)
            case "consult-replied":
                try await GOIService.consultReplied(
                    r, consultation: req.parameters.get("consultationID", as: UUID.self), on: date,
                    note: form.note ?? "", c, on: req.db)
            case "extend":
                try await GOIService.extend(
                    r, days: form.days ?? "", approver: form.approver ?? "", approvedOn: date, reason: form.reason ?? "", c, on: req.db)
            case "reply":
                try await GOIService.reply(
                    r,
                    GOIReplyInput(
                        repliedOn: date, replyType: form.replyType ?? "", grounds: form.grounds ?? [], note: form.note ?? ""),
                    c, on: req.db)
            case "co-units": try await GOIService.setCoUnits(r, codes: form.coUnits ?? [], c, on: req.db)
            default: throw AppError.notFound("操作")
            }
        }
    }

    // MARK: letters

    @Sendable func letter(req: Request) async throws -> Response {
        let r = try await find(req, .handleGOI)
        let engine = try await CalendarService.engine(on: req.db)
        let clock = try? GOIService.clock(r, today: req.clock.today, engine: engine, rule: try GOIService.rule(req.application.deadlineRules))
        let kind = req.parameters.get("kind") ?? ""
        let (name, blocks) = try GOILetters.letter(kind, request: r, clock: clock)
        let data = try DOCX.write(blocks, title: name)
        guard let action = AuditAction.goiLetters[kind] else { throw AppError.notFound("文书") }
        try await AuditService.record(
            on: req.db, actor: .user(try req.requireUser()), action: action, entityType: .goiRequest,
            entityID: r.number, at: req.clock.now())
        return .download(data, name: "\(r.number)\(name).docx", type: Response.docxType, fallback: "\(r.number)-\(kind).docx")
    }

    // MARK: import

    @Sendable func importPage(req: Request) async throws -> View {
        try await renderImport(req, errors: [], imported: nil)
    }

    private func renderImport(_ req: Request, errors: [FieldError], imported: Int?) async throws -> View {
        try await req.view.render(
            "goi/import",
            GOIImportContext(
                layout: LayoutContext(req, title: "导入历史申请", active: "goi"),
                columns: GOIImport.columns.map { .init(label: $0.label, required: $0.required, help: $0.help) },
                replyTypes: GOIReplyType.allCases.map(\.label), grounds: GOIWithholdingGround.allCases.map(\.label),
                errors: .init(errors), imported: imported))
    }

    struct ImportForm: Content { var file: File? }

    @Sendable func importFile(req: Request) async throws -> Response {
        let form = try req.content.decode(ImportForm.self)
        do {
            guard let file = form.file, file.data.readableBytes > 0 else { throw ValidationFailure([FieldError("file", "请选择要导入的文件(.xlsx 或 .csv)")]) }
            let rows = try UploadedTable.rows(Data(file.data.readableBytesView), filename: file.filename)
            let engine = try await CalendarService.engine(on: req.db)
            let count = try await GOIImportService.run(
                rows, source: file.filename, actor: .user(try req.requireUser()), engine: engine,
                rule: try GOIService.rule(req.application.deadlineRules), today: req.clock.today,
                on: req.db, now: req.clock.now())
            return try await renderImport(req, errors: [], imported: count).encodeResponse(for: req)
        } catch let failure as ValidationFailure {
            let response = try await renderImport(req, errors: failure.errors, imported: nil).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }
}
