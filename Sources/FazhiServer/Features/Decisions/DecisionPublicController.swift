import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// The public's pages, without sign-in: the published catalogue and decisions, the drafts open for
/// comment with the opinion form (rate-limited, length-limited, a honeypot, one-time form token),
/// and the feedback lookup by receipt number.
struct DecisionPublicController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("public", "decisions")
        r.on(.GET, policy: .viewPublic, use: index)
        r.on(.GET, "receipt", policy: .viewPublic, use: receiptPage)
        r.on(.POST, "receipt", policy: .viewPublic, use: receipt)
        r.on(.GET, ":decisionID", policy: .viewPublic, use: draft)
        r.on(.POST, ":decisionID", policy: .viewPublic, use: submit)
    }

    struct YearQuery: Content { var year: Int? }

    @Sendable func index(req: Request) async throws -> View {
        let today = req.clock.today
        let year = (try? req.query.decode(YearQuery.self))?.year ?? today.year
        guard LocalDate.plausibleYears.contains(year) else { throw AppError.badRequest("年度无效", field: "year") }
        let catalogue = try await DecisionCatalogue.query(on: req.db).filter(\.$district.$id == req.districtID()).filter(\.$year == year)
            .filter(\.$publishedOn != nil).first()
        var items: [DecisionCatalogueItem] = []
        if let catalogue {
            items = try await DecisionCatalogueItem.query(on: req.db).filter(\.$catalogue.$id == catalogue.requireID()).with(\.$leadUnit).sort(
                \.$sort
            )
            .all()
        }
        // The district's decisions (the public reads the first district's unless one is named).
        let scope = try await Districts.scope(of: try await req.districtID(), on: req.db)
        let published = try await MajorDecision.query(on: req.db).filter(\.$year == year).filter(\.$publishedOn != nil)
            .scoped(scope, unit: \.$leadUnit.$id).with(\.$leadUnit)
            .sort(\.$publishedOn, .descending).limit(200).all()
        let drafts = try await MajorDecision.query(on: req.db).filter(\.$commentFrom <= today).filter(\.$commentUntil >= today)
            .scoped(scope, unit: \.$leadUnit.$id).with(\.$leadUnit)
            .sort(\.$commentUntil).limit(200).all()
        return try await req.view.render(
            "decisions/public",
            DecisionPublicContext(
                layout: LayoutContext(req, title: "重大行政决策公开"), year: year,
                catalogueNote: catalogue.flatMap { c in c.publishedOn.map { "\(year) 年目录经区委同意(\(c.partyApprovedOn?.description ?? "")),于 \($0) 公布。" }
                }
                    ?? "\(year) 年决策事项目录尚未公布。",
                items: items.map { .init(title: $0.title, unit: $0.leadUnit.name, planned: $0.plannedOn.description) },
                decisions: published.map {
                    .init(
                        number: $0.number, title: $0.title, unit: $0.leadUnit.name, published: $0.publishedOn?.description ?? "",
                        ref: $0.publishRef ?? "",
                        note: $0.opinionUseNote ?? "")
                },
                drafts: drafts.map {
                    .init(
                        href: "/public/decisions/\($0.id?.uuidString ?? "")", title: $0.title, unit: $0.leadUnit.name,
                        until: $0.commentUntil?.description ?? "")
                }))
    }

    private func findDraft(_ req: Request) async throws -> MajorDecision {
        guard let id = req.parameters.get("decisionID", as: UUID.self),
            let d = try await MajorDecision.query(on: req.db).filter(\.$id == id).filter(\.$commentFrom != nil).with(\.$leadUnit).first(),
            let from = d.commentFrom, from <= req.clock.today
        else { throw AppError.notFound("征求意见稿") }
        return d
    }

    /// The published feedback statement: the opinions grouped by theme, answer and reason in SQL.
    static func feedback(_ d: MajorDecision, on db: any Database) async throws -> [ConsultationContext.FeedbackGroup] {
        guard d.feedbackOn != nil, let id = d.id else { return [] }
        let rows = try await db.sql().raw(
            """
            SELECT theme, response, reason, COUNT(*) AS n FROM decision_opinions WHERE decision_id = \(bind: id) AND response IS NOT NULL
            GROUP BY theme, response, reason ORDER BY theme, response, reason
            """
        ).all()
        return try rows.map { row in
            .init(
                theme: try row.decode(column: "theme", as: String?.self) ?? "", count: Int(try row.decode(column: "n", as: Int64.self)),
                response: OpinionResponse(rawValue: try row.decode(column: "response", as: String.self))?.label ?? "",
                reason: try row.decode(column: "reason", as: String?.self) ?? "")
        }
    }

    private func context(_ req: Request, _ d: MajorDecision, form: [String: String], errors: [FieldError], receipt: String?) async throws
        -> ConsultationContext
    {
        ConsultationContext(
            layout: LayoutContext(req, title: "征求意见:\(d.title)"), id: d.id?.uuidString ?? "", title: d.title, unit: d.leadUnit.name, draft: d.draft,
            from: d.commentFrom?.description ?? "", until: d.commentUntil?.description ?? "", open: d.openForComment(on: req.clock.today), form: form,
            errors: .init(errors), once: FormOnce.parse(form[FormOnce.field]) ?? FormOnce.token(), receipt: receipt,
            feedbackOn: d.feedbackOn?.description ?? "", feedback: try await Self.feedback(d, on: req.db))
    }

    @Sendable func draft(req: Request) async throws -> View {
        try await req.view.render("decisions/consult", try await context(req, try await findDraft(req), form: [:], errors: [], receipt: nil))
    }

    struct OpinionForm: Content {
        var name: String?, contact: String?, body: String?
        /// Honeypot: hidden from people, filled in by naive bots.
        var website: String?
        var formOnce: String?
    }

    @Sendable func submit(req: Request) async throws -> Response {
        guard
            try await req.application.rateLimiter.allow(
                "opinion:\(req.clientAddress)", limit: req.fazhi.publicApplyPerHour, on: req.db, now: req.clock.now())
        else {
            throw AppError.rateLimited("提交过于频繁,请一小时后再试")
        }
        let d = try await findDraft(req)
        let form = try req.content.decode(OpinionForm.self)
        if !(form.website ?? "").isEmpty { throw AppError.badRequest("提交内容无效") }
        let values = ["name": form.name ?? "", "contact": form.contact ?? "", "body": form.body ?? "", FormOnce.field: form.formOnce ?? ""]
        do {
            let receipt = try await ConsultationService.submit(
                d, .init(name: form.name ?? "", contact: form.contact ?? "", body: form.body ?? ""), once: FormOnce.parse(form.formOnce),
                today: req.clock.today, now: req.clock.now(), on: req.db)
            let page = try await context(req, d, form: [:], errors: [], receipt: receipt)
            let response = try await req.view.render("decisions/consult", page).encodeResponse(for: req)
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        } catch let failure as ValidationFailure {
            let page = try await context(req, d, form: values, errors: failure.errors, receipt: nil)
            let response = try await req.view.render("decisions/consult", page).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    @Sendable func receiptPage(req: Request) async throws -> View {
        try await req.view.render(
            "decisions/receipt", ConsultationReceiptContext(layout: LayoutContext(req, title: "意见处理情况查询"), receipt: "", error: nil, found: nil))
    }

    struct ReceiptForm: Content { var receipt: String? }

    @Sendable func receipt(req: Request) async throws -> View {
        guard
            try await req.application.rateLimiter.allow(
                "receipt:\(req.clientAddress)", limit: req.fazhi.publicQueryPerHour, on: req.db, now: req.clock.now())
        else {
            throw AppError.rateLimited("查询过于频繁,请一小时后再试")
        }
        let text = (try req.content.decode(ReceiptForm.self).receipt ?? "").trimmed
        let layout = LayoutContext(req, title: "意见处理情况查询")
        guard let o = try await ConsultationService.lookup(text, on: req.db) else {
            return try await req.view.render(
                "decisions/receipt", ConsultationReceiptContext(layout: layout, receipt: text, error: "未找到该回执编号,请核对后重新输入", found: nil))
        }
        let d = o.decision
        let answered = d.feedbackOn != nil && o.response != nil
        let note =
            answered
            ? "\(d.feedbackOn?.description ?? "") 公布反馈。"
            : ((d.commentUntil.map { $0 >= req.clock.today } ?? false)
                ? "征求意见期间(\(d.commentUntil?.description ?? "") 截止),截止后承办单位将归类研究并公布反馈。" : "承办单位正在归类研究,反馈公布后可在此查询。")
        return try await req.view.render(
            "decisions/receipt",
            ConsultationReceiptContext(
                layout: layout, receipt: o.receipt, error: nil,
                found: .init(
                    decision: d.title, submitted: o.submittedOn.description, body: o.body, answered: answered, theme: answered ? o.theme ?? "" : "",
                    response: answered ? o.response?.label ?? "" : "", reason: answered ? o.reason ?? "" : "", note: note)))
    }
}
