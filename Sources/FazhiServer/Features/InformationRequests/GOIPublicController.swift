import FazhiCore
import Fluent
import Vapor

/// 政府信息公开申请 the public pages, without sign-in: the online application and the status
/// query. Both are rate-limited per address; the query shows status and dates only to whoever
/// holds both the tracking number and the verification code, and never the applicant's data.
struct GOIPublicController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("public", "goi")
        r.on(.GET, "apply", policy: .viewPublic, use: applyPage)
        r.on(.POST, "apply", policy: .viewPublic, use: apply)
        r.on(.GET, "query", policy: .viewPublic, use: queryPage)
        r.on(.POST, "query", policy: .viewPublic, use: query)
    }

    struct ApplyForm: Content {
        var applicantType: String?, name: String?, idNumber: String?, contact: String?, phone: String?, email: String?
        var address: String?, content: String?, purpose: String?, delivery: String?, unit: String?
        /// Honeypot: hidden from people, filled in by naive bots.
        var website: String?
        var channel: String?, receivedOn: String?
        /// The one-time form token (`FormOnce.field`).
        var formOnce: String?

        var input: GOIApplicationInput {
            GOIApplicationInput(
                applicantType: applicantType ?? "", name: name ?? "", idNumber: idNumber ?? "", contact: contact ?? "",
                phone: phone ?? "", email: email ?? "", address: address ?? "", content: content ?? "",
                purpose: purpose ?? "", delivery: delivery ?? "", unitCode: unit ?? "")
        }

        var values: [String: String] {
            [
                "applicantType": applicantType ?? "", "name": name ?? "", "idNumber": idNumber ?? "", "contact": contact ?? "",
                "phone": phone ?? "", "email": email ?? "", "address": address ?? "", "content": content ?? "", "purpose": purpose ?? "",
                "delivery": delivery ?? "", "unit": unit ?? "", "channel": channel ?? "", "receivedOn": receivedOn ?? "",
                FormOnce.field: formOnce ?? "",
            ]
        }
    }

    static func formContext(
        _ req: Request, title: String, active: String = "", form: [String: String], errors: [FieldError], staff: Bool,
        units: [OrgNode]
    ) -> GOIApplyContext {
        GOIApplyContext(
            layout: LayoutContext(req, title: title, active: active),
            units: [OptionContext(value: "", label: "请选择", selected: (form["unit"] ?? "").isEmpty)]
                + units.map { OptionContext(value: $0.code, label: $0.name, selected: form["unit"] == $0.code) },
            applicantTypes: GOIApplicantType.allCases.map {
                OptionContext(value: $0.rawValue, label: $0.label, selected: form["applicantType"] == $0.rawValue)
            },
            deliveries: GOIDelivery.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: form["delivery"] == $0.rawValue) },
            form: form, errors: .init(errors), staff: staff,
            channels: GOIChannel.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: form["channel"] == $0.rawValue) },
            receiptRules: GOIChannel.allCases.map { OptionContext(value: $0.rawValue, label: $0.receiptRule, selected: false) },
            once: FormOnce.parse(form[FormOnce.field]) ?? FormOnce.token())
    }

    /// The units of the request's district (`Request.district`), in their order.
    static func units(_ req: Request) async throws -> [OrgNode] {
        let district = try await req.district()
        return try await OrgNode.query(on: req.db).filter(\.$kind == .unit).filter(\.$parent.$id == district.requireID()).sort(\.$sort).all()
    }

    @Sendable func applyPage(req: Request) async throws -> View {
        try await req.view.render(
            "goi/apply",
            Self.formContext(
                req, title: "政府信息公开申请", form: ["applicantType": "natural_person", "delivery": "email"],
                errors: [], staff: false, units: try await Self.units(req)))
    }

    @Sendable func apply(req: Request) async throws -> Response {
        guard
            try await req.application.rateLimiter.allow(
                "apply:\(req.clientAddress)", limit: req.fazhi.publicApplyPerHour, on: req.db, now: req.clock.now())
        else {
            throw AppError.rateLimited("提交过于频繁,请一小时后再试;如需帮助请致电受理机关")
        }
        let form = try req.content.decode(ApplyForm.self)
        if !(form.website ?? "").isEmpty { throw AppError.badRequest("提交内容无效") }
        do {
            let (request, code) = try await GOIService.submitOnline(
                form.input, once: FormOnce.parse(form.formOnce), on: req.db, now: req.clock.now())
            let unit = try await OrgNode.find(request.$unit.id, on: req.db)
            let response = try await req.view.render(
                "goi/filed",
                GOIFiledContext(
                    layout: LayoutContext(req, title: "申请已提交"), number: request.number, code: code, unit: unit?.name ?? "",
                    staff: false, href: "/public/goi/query")
            ).encodeResponse(for: req)
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        } catch let failure as ValidationFailure {
            let response = try await req.view.render(
                "goi/apply",
                Self.formContext(
                    req, title: "政府信息公开申请", form: form.values, errors: failure.errors,
                    staff: false, units: try await Self.units(req))
            ).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    @Sendable func queryPage(req: Request) async throws -> View {
        try await req.view.render("goi/query", GOIQueryContext(layout: LayoutContext(req, title: "申请办理进度查询"), number: "", error: nil, result: nil))
    }

    struct QueryForm: Content {
        var number: String?
        var code: String?
    }

    @Sendable func query(req: Request) async throws -> Response {
        guard
            try await req.application.rateLimiter.allow(
                "query:\(req.clientAddress)", limit: req.fazhi.publicQueryPerHour, on: req.db, now: req.clock.now())
        else {
            throw AppError.rateLimited("查询过于频繁,请一小时后再试")
        }
        let form = try req.content.decode(QueryForm.self)
        let number = (form.number ?? "").trimmed.uppercased()
        let code = GOIService.normalise(code: form.code ?? "")
        let found =
            number.isEmpty || code.isEmpty
            ? nil
            : try await GOIRequest.query(on: req.db).filter(\.$number == number)
                .filter(\.$unit.$id ~~ Self.units(req).compactMap(\.id)).with(\.$unit).with(\.$consultations).first()
        // The same answer whether the number is unknown or the code wrong: nothing to probe.
        guard let r = found, Tokens.constantTimeEquals(r.verifyHash, Tokens.sha256Hex(code)) else {
            let response = try await req.view.render(
                "goi/query",
                GOIQueryContext(
                    layout: LayoutContext(req, title: "申请办理进度查询"), number: number,
                    error: number.isEmpty || code.isEmpty ? "请填写申请编号和查询码" : "申请编号或查询码不正确", result: nil)
            ).encodeResponse(for: req)
            response.status = number.isEmpty || code.isEmpty ? .unprocessableEntity : .notFound
            return response
        }
        let engine = try await CalendarService.engine(on: req.db)
        let clock = try? GOIService.clock(r, today: req.clock.today, engine: engine, rule: try GOIService.rule(req.application.deadlineRules))
        let result = GOIQueryContext.Result(
            number: r.number, unit: r.unit.name, submitted: TimeText.local(r.submittedAt), received: r.receivedOn?.description ?? "待受理机关确认",
            state: clock.map { Self.publicState($0.state) } ?? (r.closedOn == nil ? "办理中" : "已答复(办结)"),
            due: ProvisionalDisplay.text(clock?.due, calendar: engine.calendar), closed: r.closedOn?.description ?? "—",
            reply: r.replyType?.label ?? "—")
        let response = try await req.view.render(
            "goi/query",
            GOIQueryContext(
                layout: LayoutContext(req, title: "申请办理进度查询"),
                number: r.number, error: nil, result: result)
        ).encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// The state in words for the applicant (no internal details such as who is consulted).
    static func publicState(_ s: GOIClockState) -> String {
        switch s {
        case .awaitingConfirmation: "已提交,待受理机关确认收到"
        case .awaitingClarification(let due): "待您补正申请" + (due.map { "(补正期限 \($0))" } ?? "")
        case .clarificationLapsed: "补正期限已过"
        case .consulting: "办理中(依法征求意见,征求意见时间不计入答复期限)"
        case .awaitingPayment(let payBy): "待您缴纳信息处理费(缴费期限 \(payBy),缴费期间不计入答复期限)"
        case .feeLapsed: "缴费期限已过,视为放弃申请"
        case .running: "办理中"
        case .closed: "已答复(办结)"
        }
    }
}
