import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 谁执法谁普法: every unit's list for a year with its completion, one list with its items, activities
/// and evidence, and the year-end 履职评议.
struct PufaController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("oversight", "pufa")
        r.on(.GET, policy: .viewOversight, use: index)
        r.on(.POST, policy: .handleOversight, use: create)
        r.on(.GET, "lists", ":listID", policy: .viewOversight, use: show)
        r.on(.POST, "lists", ":listID", "items", policy: .handleOversight, use: addItem)
        r.on(.POST, "lists", ":listID", "publish", policy: .handleOversight, use: publish)
        r.on(.POST, "lists", ":listID", "activities", policy: .handleOversight, body: .stream, use: addActivity)
        r.on(.POST, "lists", ":listID", "rate", policy: .manageOversight, use: rate)
        r.on(.GET, "lists", ":listID", "files", ":fileID", policy: .viewOversight, use: download)
    }

    @Sendable func index(req: Request) async throws -> View {
        let (year, scope, unit) = try await StudyController.selection(req)
        let only = scope.andUnits("l.unit_id")
        let rows = try await req.db.sql().raw(
            """
            SELECT l.id, o.name AS unit, l.published_on, l.score,
              (SELECT COUNT(*) FROM pufa_items i WHERE i.list_id = l.id) AS items,
              (SELECT COUNT(*) FROM pufa_items i WHERE i.list_id = l.id AND EXISTS (SELECT 1 FROM pufa_activities a WHERE a.item_id = i.id)) AS done,
              (SELECT COUNT(*) FROM pufa_activities a WHERE a.unit_id = l.unit_id AND a.year = l.year AND a.kind = 'activity') AS activities,
              (SELECT COUNT(*) FROM pufa_activities a WHERE a.unit_id = l.unit_id AND a.year = l.year AND a.kind = 'case') AS cases,
              (SELECT CAST(COALESCE(SUM(a.reach), 0) AS BIGINT) FROM pufa_activities a WHERE a.unit_id = l.unit_id AND a.year = l.year) AS reach
            FROM pufa_lists l JOIN org_nodes o ON o.id = l.unit_id
            WHERE l.year = \(bind: year)\(only) ORDER BY o.sort
            """
        ).all()
        let units =
            try await OrgNode.choices(for: try req.requireUser().scope(.viewOversight), on: req.db)
        func n(_ row: any SQLRow, _ c: String) throws -> Int { Int(try row.decode(column: c, as: Int64?.self) ?? 0) }
        let mine = unit.map { req.may(.handleOversight, .unit($0.id ?? RowScope.noUnit)) } ?? false
        return try await req.view.render(
            "oversight/pufa",
            PufaIndexContext(
                layout: LayoutContext(req, title: "谁执法谁普法", active: "oversight"), tabs: OversightController.tabs(req, "pufa"), year: year,
                years: (2024...req.clock.today.year).reversed().map { OptionContext(value: String($0), label: "\($0) 年度", selected: $0 == year) },
                units: [OptionContext(value: "", label: "全区", selected: unit == nil)]
                    + units.map { OptionContext(value: $0.code, label: $0.name, selected: $0.id == unit?.id) },
                unitName: unit?.name ?? "全区", unitCode: unit?.code ?? "",
                rows: try rows.map {
                    .init(
                        href: "/oversight/pufa/lists/\(try $0.decode(column: "id", as: UUID.self).uuidString)",
                        unit: try $0.decode(column: "unit", as: String.self),
                        published: try $0.decode(column: "published_on", as: LocalDate?.self)?.description ?? "", items: try n($0, "items"),
                        done: try n($0, "done"), activities: try n($0, "activities"), cases: try n($0, "cases"), reach: try n($0, "reach"),
                        score: try $0.decode(column: "score", as: Int?.self).map(String.init) ?? "")
                }, canCreate: mine && rows.isEmpty))
    }

    struct CreateForm: Content { var unit: String?, year: String? }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(CreateForm.self)
        guard let unit = try await req.targetUnit(.handleOversight, code: form.unit) else { throw AppError.badRequest("请选择单位", field: "unit") }
        try req.authorize(.handleOversight, .unit(try unit.requireID()))
        do {
            let list = try await PufaService.createList(unit: unit, year: form.year ?? "", try await StepContext.of(req), on: req.db)
            return req.redirect(to: "/oversight/pufa/lists/\(try list.requireID().uuidString)")
        } catch let f as ValidationFailure { throw AppError(f) }
    }

    private func find(_ req: Request, _ action: Action) async throws -> PufaList {
        let list = try await PufaService.find(req.parameters.get("listID", as: UUID.self), on: req.db)
        try req.authorize(action, .unit(list.$unit.id))
        return list
    }

    @Sendable func show(req: Request) async throws -> View { try await render(req, try await find(req, .viewOversight), errors: []) }

    static let pageSize = 50

    private func render(_ req: Request, _ list: PufaList, errors: [FieldError]) async throws -> View {
        let id = try list.requireID()
        let page = try req.pageNumber()
        let items = try await PufaItem.query(on: req.db).filter(\.$list.$id == id).sort(\.$sort).all()
        let counts = try await req.db.sql().raw(
            "SELECT item_id, COUNT(*) AS n FROM pufa_activities WHERE item_id IN (SELECT id FROM pufa_items WHERE list_id = \(bind: id)) GROUP BY item_id"
        ).all()
        var done: [UUID: Int] = [:]
        for row in counts { done[try row.decode(column: "item_id", as: UUID.self)] = Int(try row.decode(column: "n", as: Int64.self)) }
        let aq = PufaActivity.query(on: req.db).filter(\.$unit.$id == list.$unit.id).filter(\.$year == list.year)
        let total = try await aq.copy().count()
        let activities = try await aq.with(\.$item).sort(\.$heldOn, .descending).range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        let files = try await AttachmentService.files(of: .pufaActivity, ids: activities.compactMap(\.id), on: req.db)
        let handles = req.may(.handleOversight, .unit(list.$unit.id)) && list.score == nil
        return try await req.view.render(
            "oversight/pufa-list",
            PufaListContext(
                layout: LayoutContext(req, title: "普法责任清单", active: "oversight"), tabs: OversightController.tabs(req, "pufa"),
                unit: list.unit.name, year: list.year, published: list.publishedOn?.description ?? "",
                score: list.score.map(String.init) ?? "", ratedOn: list.ratedOn?.description ?? "", ratingNote: list.ratingNote ?? "",
                items: try items.map { i in
                    .init(
                        sort: i.sort, law: i.law, audience: i.audience, method: i.method, schedule: i.schedule,
                        activities: done[try i.requireID()] ?? 0)
                },
                activities: try activities.map { a in
                    .init(
                        heldOn: a.heldOn.description, kind: a.kind.label, title: a.title, audience: a.audience, reach: a.reach, summary: a.summary,
                        item: a.item?.law ?? "清单外",
                        files: (files[try a.requireID()] ?? []).map {
                            .init(name: $0.filename, href: "/oversight/pufa/lists/\(id.uuidString)/files/\(($0.id?.uuidString) ?? "")")
                        })
                }, total: total, pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: total),
                base: "/oversight/pufa/lists/\(id.uuidString)", canHandle: handles, canPublish: handles && list.publishedOn == nil && !items.isEmpty,
                canRate: req.may(.manageOversight),
                itemOptions: [OptionContext(value: "", label: "清单外", selected: false)]
                    + items.compactMap { i in i.id.map { OptionContext(value: $0.uuidString, label: "\(i.sort). \(i.law)", selected: false) } },
                kinds: PufaActivityKind.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: $0 == .activity) },
                today: req.clock.today.description, errors: .init(errors)))
    }

    struct ItemForm: Content { var law: String?, audience: String?, method: String?, schedule: String? }

    @Sendable func addItem(req: Request) async throws -> Response {
        let list = try await find(req, .handleOversight)
        let form = try req.content.decode(ItemForm.self)
        return try await req.attempt(
            success: "/oversight/pufa/lists/\(try list.requireID().uuidString)?notice=saved", render: { try await render(req, list, errors: $0) }
        ) {
            try await PufaService.addItem(
                list, .init(law: form.law ?? "", audience: form.audience ?? "", method: form.method ?? "", schedule: form.schedule ?? ""),
                try await StepContext.of(req), on: req.db)
        }
    }

    @Sendable func publish(req: Request) async throws -> Response {
        let list = try await find(req, .handleOversight)
        return try await req.attempt(
            success: "/oversight/pufa/lists/\(try list.requireID().uuidString)?notice=saved", render: { try await render(req, list, errors: $0) }
        ) { try await PufaService.publish(list, try await StepContext.of(req), on: req.db) }
    }

    @Sendable func addActivity(req: Request) async throws -> Response {
        let list = try await find(req, .handleOversight)
        let maxBytes = req.fazhi.maxUploadMB * 1024 * 1024
        let ctx = try await StepContext.of(req)
        return try await req.attempt(
            success: "/oversight/pufa/lists/\(try list.requireID().uuidString)?notice=saved", render: { try await render(req, list, errors: $0) }
        ) {
            let upload = try await StreamedUpload.receive(req, maxBytes: maxBytes, store: req.application.fileStore)
            defer { upload.file?.discard() }
            var stored: AttachmentService.Stored?
            if let file = upload.file, file.size > 0 {
                stored = try AttachmentService.accept(.received(file), maxBytes: maxBytes, into: req.application.fileStore)
            }
            let f = upload.fields
            try await PufaService.addActivity(
                list,
                .init(
                    item: f["item"] ?? "", kind: f["kind"] ?? "", heldOn: f["heldOn"] ?? "", title: f["title"] ?? "", audience: f["audience"] ?? "",
                    reach: f["reach"] ?? "", summary: f["summary"] ?? ""), file: stored, ctx, on: req.db)
        }
    }

    struct RateForm: Content { var score: String?, note: String? }

    @Sendable func rate(req: Request) async throws -> Response {
        let list = try await find(req, .manageOversight)
        let form = try req.content.decode(RateForm.self)
        return try await req.attempt(
            success: "/oversight/pufa/lists/\(try list.requireID().uuidString)?notice=saved", render: { try await render(req, list, errors: $0) }
        ) { try await PufaService.rate(list, score: form.score ?? "", note: form.note ?? "", try await StepContext.of(req), on: req.db) }
    }

    @Sendable func download(req: Request) async throws -> Response {
        let list = try await find(req, .viewOversight)
        guard let fileID = req.parameters.get("fileID", as: UUID.self), let file = try await Attachment.find(fileID, on: req.db),
            file.ownerType == AttachmentOwner.pufaActivity.code,
            let activity = try await PufaActivity.find(file.ownerID, on: req.db), activity.$unit.id == list.$unit.id, activity.year == list.year
        else { throw AppError.notFound("普法活动佐证") }
        return try .attachment(req, file)
    }
}

struct PufaIndexContext: Encodable {
    struct Row: Encodable {
        let href: String
        let unit: String
        let published: String
        let items: Int
        let done: Int
        let activities: Int
        let cases: Int
        let reach: Int
        let score: String
    }

    let layout: LayoutContext
    let tabs: OversightTabs
    let year: Int
    let years: [OptionContext]
    let units: [OptionContext]
    let unitName: String
    let unitCode: String
    let rows: [Row]
    let canCreate: Bool
}

struct PufaListContext: Encodable {
    struct Item: Encodable {
        let sort: Int
        let law: String
        let audience: String
        let method: String
        let schedule: String
        let activities: Int
    }

    struct File: Encodable {
        let name: String
        let href: String
    }

    struct Activity: Encodable {
        let heldOn: String
        let kind: String
        let title: String
        let audience: String
        let reach: Int
        let summary: String
        let item: String
        let files: [File]
    }

    let layout: LayoutContext
    let tabs: OversightTabs
    let unit: String
    let year: Int
    let published: String
    let score: String
    let ratedOn: String
    let ratingNote: String
    let items: [Item]
    let activities: [Activity]
    let total: Int
    let pages: PageLinks
    let base: String
    let canHandle: Bool
    let canPublish: Bool
    let canRate: Bool
    let itemOptions: [OptionContext]
    let kinds: [OptionContext]
    let today: String
    let errors: [FormError]
}
