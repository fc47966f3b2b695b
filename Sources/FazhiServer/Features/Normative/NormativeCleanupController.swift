import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 清理: the rounds, one round's documents with their conclusions, and publishing the result.
struct NormativeCleanupController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("normative", "cleanups")
        r.on(.GET, policy: .viewNormative, use: index)
        r.on(.POST, policy: .reviewNormative, use: start)
        r.on(.GET, ":cleanupID", policy: .viewNormative, use: show)
        r.on(.POST, ":cleanupID", "conclude", policy: .reviewNormative, use: conclude)
        r.on(.POST, ":cleanupID", "publish", policy: .reviewNormative, use: publish)
    }

    @Sendable func index(req: Request) async throws -> View { try await renderIndex(req, errors: []) }

    private func renderIndex(_ req: Request, errors: [FieldError]) async throws -> View {
        let rounds = try await NormativeCleanup.query(on: req.db).filter(\.$district.$id == req.districtID()).sort(\.$startedOn, .descending)
            .limit(100).all()
        var counts: [UUID: Int] = [:]
        let ids = rounds.compactMap(\.id)
        if !ids.isEmpty {
            for row in try await req.db.sql().raw(
                "SELECT cleanup_id, COUNT(*) AS n FROM normative_cleanup_items WHERE cleanup_id IN (\(binds: ids)) GROUP BY cleanup_id"
            ).all() {
                counts[try row.decode(column: "cleanup_id", as: UUID.self)] = Int(try row.decode(column: "n", as: Int64.self))
            }
        }
        let today = req.clock.today
        return try await req.view.render(
            "normative/cleanups",
            NormativeCleanupsContext(
                layout: LayoutContext(req, title: "规范性文件清理", active: "normative"),
                tabs: .init(active: "cleanups", reviews: req.may(.reviewNormative)),
                rows: rounds.map { c in
                    .init(
                        href: "/normative/cleanups/\(c.id?.uuidString ?? "")", title: c.title, started: c.startedOn.description,
                        due: c.dueOn.description,
                        published: c.publishedOn?.description ?? "", late: c.publishedOn.map { $0 > c.dueOn } ?? (c.dueOn < today),
                        count: counts[c.id ?? RowScope.noUnit] ?? 0)
                },
                form: req.may(.reviewNormative)
                    ? CaseStepForm(
                        id: "cleanup", title: "开始新一轮清理", help: "列入开始之日所有现行有效的规范性文件,逐件作出继续有效、修改、废止或宣布失效的结论,按期公布。", action: "/normative/cleanups",
                        fields: [
                            .text("title", "清理名称"), .date(named: "startedOn", "开始日期", today.description), .date(named: "dueOn", "计划完成日期", ""),
                        ], button: "开始清理", primary: true) : nil,
                errors: .init(errors)))
    }

    struct StartForm: Content { var title: String?, startedOn: String?, dueOn: String? }

    @Sendable func start(req: Request) async throws -> Response {
        let form = try req.content.decode(StartForm.self)
        let ctx = try await StepContext.of(req)
        do {
            let c = try await NormativeCleanupService.start(
                title: form.title ?? "", startedOn: form.startedOn ?? "", dueOn: form.dueOn ?? "", district: try await req.districtID(), ctx,
                on: req.db)
            return req.redirect(to: "/normative/cleanups/\(try c.requireID().uuidString)?notice=saved")
        } catch let failure as ValidationFailure {
            let response = try await renderIndex(req, errors: failure.errors).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    @Sendable func show(req: Request) async throws -> View {
        try await render(
            req,
            try await NormativeCleanupService.find(req.parameters.get("cleanupID", as: UUID.self), district: try await req.districtID(), on: req.db),
            errors: [])
    }

    private func render(_ req: Request, _ c: NormativeCleanup, errors: [FieldError]) async throws -> View {
        let cid = try c.requireID()
        // A round lists the district's documents in force (dozens to a few hundred): the whole list on one page.
        let items = try await NormativeCleanupItem.query(on: req.db).filter(\.$cleanup.$id == cid).with(\.$document) { $0.with(\.$unit) }.limit(2000)
            .all()
            .sorted { ($0.document.regNo ?? "", $0.document.title) < ($1.document.regNo ?? "", $1.document.title) }
        let canEdit = req.may(.reviewNormative) && c.publishedOn == nil
        var forms = CaseStepForms(base: "/normative/cleanups/\(cid.uuidString)/")
        let open = items.filter { $0.conclusion == nil }.count
        if canEdit {
            forms.add(
                "publish", "公布清理结果", "全部文件作出结论后公布;废止、宣布失效的文件自公布之日起不再有效。", [.date("公布日期", req.clock.today.description)], "公布", primary: open == 0,
                confirm: "公布后结论不能修改,废止、失效的文件即日起不再有效。")
        }
        return try await req.view.render(
            "normative/cleanup",
            NormativeCleanupContext(
                layout: LayoutContext(req, title: c.title, active: "normative"), tabs: .init(active: "cleanups", reviews: req.may(.reviewNormative)),
                id: cid.uuidString, title: c.title, started: c.startedOn.description, due: c.dueOn.description,
                published: c.publishedOn?.description ?? "",
                items: items.map { i in
                    .init(
                        id: i.id?.uuidString ?? "", regNo: i.document.regNo ?? "", title: i.document.title, unit: i.document.unit.name,
                        validUntil: i.document.validUntil?.description ?? "", conclusion: i.conclusion?.label ?? "", note: i.note ?? "",
                        options: [OptionContext(value: "", label: "未定", selected: i.conclusion == nil)]
                            + CleanupConclusion.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: i.conclusion == $0) })
                }, open: open,
                counts: CleanupConclusion.allCases.map { k in
                    OptionContext(value: String(items.filter { $0.conclusion == k }.count), label: k.label, selected: false)
                },
                canEdit: canEdit, forms: forms.forms, errors: .init(errors)))
    }

    struct ConcludeForm: Content {
        var conclusion: [String: String]?
        var note: [String: String]?
    }

    @Sendable func conclude(req: Request) async throws -> Response {
        let c = try await NormativeCleanupService.find(
            req.parameters.get("cleanupID", as: UUID.self), district: try await req.districtID(), on: req.db)
        let form = try req.content.decode(ConcludeForm.self)
        let ctx = try await StepContext.of(req)
        return try await req.attempt(
            success: "/normative/cleanups/\(try c.requireID().uuidString)?notice=saved",
            render: { try await render(req, try await NormativeCleanupService.find(c.id, district: c.$district.id, on: req.db), errors: $0) }
        ) {
            try await NormativeCleanupService.conclude(c, conclusions: form.conclusion ?? [:], notes: form.note ?? [:], ctx, on: req.db)
        }
    }

    struct PublishForm: Content { var date: String? }

    @Sendable func publish(req: Request) async throws -> Response {
        let c = try await NormativeCleanupService.find(
            req.parameters.get("cleanupID", as: UUID.self), district: try await req.districtID(), on: req.db)
        let form = try req.content.decode(PublishForm.self)
        let ctx = try await StepContext.of(req)
        return try await req.attempt(
            success: "/normative/cleanups/\(try c.requireID().uuidString)?notice=saved",
            render: { try await render(req, try await NormativeCleanupService.find(c.id, district: c.$district.id, on: req.db), errors: $0) }
        ) {
            try await NormativeCleanupService.publish(c, on: form.date ?? "", ctx, on: req.db)
        }
    }
}

/// 规范性文件库 the public library of documents in force, searchable by title, number and issuer;
/// and the published clean-up results.
struct NormativePublicController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "public", "normative", policy: .viewPublic, use: library)
        routes.on(.GET, "public", "normative", "cleanups", ":cleanupID", policy: .viewPublic, use: cleanup)
    }

    /// 清理结果 as published: every document of the round under its conclusion.
    @Sendable func cleanup(req: Request) async throws -> View {
        guard let id = req.parameters.get("cleanupID", as: UUID.self),
            let c = try await NormativeCleanup.query(on: req.db).filter(\.$id == id).filter(\.$district.$id == req.districtID()).first(),
            let published = c.publishedOn
        else { throw AppError.notFound("清理结果") }
        let items = try await NormativeCleanupItem.query(on: req.db).filter(\.$cleanup.$id == id).with(\.$document).limit(5000).all()
        return try await req.view.render(
            "normative/cleanup-result",
            NormativeCleanupResultContext(
                layout: LayoutContext(req, title: c.title), title: c.title, published: published.description,
                groups: CleanupConclusion.allCases.map { k in
                    .init(
                        label: k.label,
                        rows: items.filter { $0.conclusion == k }.sorted { ($0.document.regNo ?? "") < ($1.document.regNo ?? "") }.map {
                            .init(regNo: $0.document.regNo ?? "", title: $0.document.title, issuer: $0.document.issuer, note: $0.note ?? "")
                        })
                }))
    }

    struct Query: Content { var q: String? }

    static let pageSize = 50

    @Sendable func library(req: Request) async throws -> View {
        let text = ((try? req.query.decode(Query.self))?.q ?? "").trimmed
        if text.count > 50 { throw AppError.badRequest("检索词不能超过 50 个字符", field: "q") }
        let page = try req.pageNumber()
        let today = req.clock.today
        let query = try await NormativeController.filtered(
            on: req.db, scope: try await Districts.scope(of: try await req.districtID(), on: req.db), filter: .init(status: "in_force", q: text),
            today: today)
        let total = try await query.copy().count()
        let docs = try await query.sort(\.$issuedOn, .descending).sort(\.$regNo).range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        let cleanups = try await NormativeCleanup.query(on: req.db).filter(\.$district.$id == req.districtID()).filter(\.$publishedOn != nil)
            .sort(\.$publishedOn, .descending).limit(5).all()
        return try await req.view.render(
            "normative/library",
            NormativeLibraryContext(
                layout: LayoutContext(req, title: "现行有效行政规范性文件"),
                rows: docs.map {
                    .init(
                        regNo: $0.regNo ?? "", docNo: $0.docNo ?? "", title: $0.title, issuer: $0.issuer, issued: $0.issuedOn?.description ?? "",
                        effective: $0.effectiveOn?.description ?? "", validUntil: $0.validUntil?.description ?? "")
                }, total: total, pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: total), query: text,
                cleanups: cleanups.map {
                    OptionContext(
                        value: "/public/normative/cleanups/\($0.id?.uuidString ?? "")", label: "\($0.title)(\($0.publishedOn?.description ?? "") 公布)",
                        selected: false)
                }))
    }
}

/// `GET /api/v1/normative-documents?status=in_force&q=&page=`: the documents the token's user may see.
struct APINormativeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "normative-documents", policy: .viewNormative, use: list)
    }

    struct Query: Content { var status: String?, q: String? }

    static let pageSize = 100

    @Sendable func list(req: Request) async throws -> NormativeDocumentsDTO {
        let q = (try? req.query.decode(Query.self)) ?? Query()
        let status = q.status ?? ""
        guard NormativeController.statuses.contains(where: { $0.0 == status }) else {
            throw AppError.badRequest(
                "status 无效,可用:" + NormativeController.statuses.map(\.0).filter { !$0.isEmpty }.joined(separator: "、"), field: "status")
        }
        if (q.q ?? "").count > 50 { throw AppError.badRequest("检索词不能超过 50 个字符", field: "q") }
        let page = try req.pageNumber()
        let today = req.clock.today
        let query = try await NormativeController.filtered(
            on: req.db, scope: try req.requireUser().scope(.viewNormative), filter: .init(status: status, q: q.q), today: today)
        let total = try await query.copy().count()
        let docs = try await query.with(\.$unit).sort(\.$draftedOn, .descending).sort(\.$title)
            .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        return NormativeDocumentsDTO(
            asOf: today.description, status: status.isEmpty ? "all" : status, total: total, page: page, pageSize: Self.pageSize,
            items: try docs.map { d in
                .init(
                    id: try d.requireID(), title: d.title, unit: d.unit.code, issuer: d.issuer, registrationNumber: d.regNo, documentNumber: d.docNo,
                    status: NormativeController.state(d, today: today).0, issuedOn: d.issuedOn?.description, publishedOn: d.publishedOn?.description,
                    effectiveOn: d.effectiveOn?.description, validUntil: d.validUntil?.description, filingDue: d.filingBy?.description,
                    filedOn: d.filedOn?.description, endedOn: d.endedOn?.description)
            })
    }
}
