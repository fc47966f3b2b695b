import FazhiCore
import Fluent
import Vapor

/// 指标体系 pages: the trees of every year and category, one tree with its checks, node editing,
/// Excel and JSON import/export, copying from last year and what changed since.
struct IndicatorController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("indicators")
        r.on(.GET, policy: .viewIndicators, use: index)
        r.on(.POST, "import", policy: .manageIndicators, body: .collect(maxSize: "5mb"), use: importFile)
        r.on(.POST, "copy", policy: .manageIndicators, use: copy)
        r.on(.GET, ":treeID", policy: .viewIndicators, use: show)
        r.on(.GET, ":treeID", "diff", policy: .viewIndicators, use: diff)
        r.on(.GET, ":treeID", "export.json", policy: .viewIndicators, use: exportJSON)
        r.on(.GET, ":treeID", "export.xlsx", policy: .viewIndicators, use: exportXLSX)
        r.on(.GET, ":treeID", "nodes", "new", policy: .manageIndicators, use: newNode)
        r.on(.POST, ":treeID", "nodes", policy: .manageIndicators, use: createNode)
        r.on(.GET, ":treeID", "nodes", ":code", "edit", policy: .manageIndicators, use: editNode)
        r.on(.POST, ":treeID", "nodes", ":code", policy: .manageIndicators, use: updateNode)
        r.on(.POST, ":treeID", "nodes", ":code", "delete", policy: .manageIndicators, use: deleteNode)
    }

    private func categoryNames(_ db: any Database) async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await UnitCategory.query(on: db).all().map { ($0.code, $0.name) })
    }

    @Sendable func index(req: Request) async throws -> View {
        try await req.view.render("indicators/index", try await indexContext(req, errors: []))
    }

    private func indexContext(_ req: Request, errors: [FieldError]) async throws -> IndicatorsContext {
        let names = try await categoryNames(req.db)
        var rows: [IndicatorTreeRow] = []
        let district = try await req.districtID()
        for record in try await IndicatorTreeRecord.query(on: req.db).filter(\.$district.$id == district).sort(\.$year, .descending).sort(\.$category)
            .all()
        {
            let tree = try await IndicatorService.tree(record, on: req.db)
            let problems = IndicatorService.failure(of: tree)?.errors.count ?? 0
            rows.append(
                IndicatorTreeRow(
                    href: "/indicators/\(try record.requireID().uuidString)", year: record.year,
                    category: names[record.category] ?? record.category, title: record.title, version: record.version,
                    nodes: tree.nodes.count, leaves: tree.leaves.count, total: tree.total.description,
                    valid: problems == 0, problems: problems))
        }
        return IndicatorsContext(
            layout: LayoutContext(req, title: "指标体系", active: "indicators"), rows: rows,
            categories: names.sorted { $0.key < $1.key }.map { OptionContext(value: $0.key, label: $0.value, selected: false) },
            canManage: req.may(.manageIndicators), errors: .init(errors), thisYear: req.clock.today.year,
            nextYear: req.clock.today.year + 1)
    }

    private func failed(_ req: Request, _ errors: [FieldError]) async throws -> Response {
        let response = try await req.view.render("indicators/index", try await indexContext(req, errors: errors)).encodeResponse(for: req)
        response.status = .unprocessableEntity
        return response
    }

    struct ImportForm: Content {
        var file: File?
        var year: String?
        var category: String?
        var title: String?
    }

    @Sendable func importFile(req: Request) async throws -> Response {
        let form = try req.content.decode(ImportForm.self)
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await failed(req, [FieldError("file", "请选择要导入的 Excel(.xlsx)或 JSON 文件")])
        }
        let data = Data(file.data.readableBytesView)
        guard data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || data.first == UInt8(ascii: "{") else {
            return try await failed(req, [FieldError("file", "只接受 Excel(.xlsx)或 JSON 文件,“\(file.filename)”都不是")])
        }
        do {
            let tree = try IndicatorService.parse(data, year: form.year.flatMap { Int($0.trimmed) }, category: form.category, title: form.title)
            let record = try await IndicatorService.save(
                tree, district: try await req.districtID(), action: .import, actor: .user(try req.requireUser()), on: req.db,
                now: req.clock.now())
            return req.redirect(to: "/indicators/\(try record.requireID().uuidString)?notice=saved")
        } catch let failure as ValidationFailure {
            return try await failed(req, failure.errors)
        } catch let error as AppError {
            return try await failed(req, [FieldError(error.field ?? "file", error.message)])
        }
    }

    struct CopyForm: Content {
        var from: String?
        var to: String?
        var category: String?
    }

    @Sendable func copy(req: Request) async throws -> Response {
        let form = try req.content.decode(CopyForm.self)
        guard let from = form.from.flatMap({ Int($0.trimmed) }), let to = form.to.flatMap({ Int($0.trimmed) }), (2000...2100).contains(to) else {
            return try await failed(req, [FieldError("to", "请填写有效的源年度和目标年度")])
        }
        do {
            let record = try await IndicatorService.copy(
                year: from, to: to, category: form.category ?? "", district: try await req.districtID(), actor: .user(try req.requireUser()),
                on: req.db, now: req.clock.now())
            return req.redirect(to: "/indicators/\(try record.requireID().uuidString)/diff?notice=created")
        } catch let failure as ValidationFailure {
            return try await failed(req, failure.errors)
        }
    }

    private func load(_ req: Request) async throws -> IndicatorTreeRecord {
        guard let id = req.parameters.get("treeID", as: UUID.self) else { throw AppError.notFound("指标体系") }
        let record = try await IndicatorService.find(id, on: req.db)
        try req.authorize(.viewIndicators, .district(record.$district.id))
        return record
    }

    private func rows(_ tree: IndicatorTree, base: String) -> [IndicatorNodeRow] {
        let leaves = Set(tree.leaves.map(\.code))
        return tree.nodes.map { n in
            IndicatorNodeRow(
                code: n.code, level: n.level, title: n.title, goal: n.goal ?? "", points: n.points.description, rule: n.rule ?? "",
                evidence: n.evidence, basis: n.basis ?? "", source: n.source.label,
                metric: n.metric.map { "\(MetricCatalogue.definitions[$0.metric]?.name ?? $0.metric) · \($0.rule)" }, isLeaf: leaves.contains(n.code),
                editHref: "\(base)/nodes/\(n.code)/edit", addChildHref: n.level < 3 ? "\(base)/nodes/new?parent=\(n.code)" : nil,
                deleteHref: "\(base)/nodes/\(n.code)/delete")
        }
    }

    @Sendable func show(req: Request) async throws -> View {
        let record = try await load(req)
        let tree = try await IndicatorService.tree(record, on: req.db)
        let base = "/indicators/\(try record.requireID().uuidString)"
        let previous = try await IndicatorService.find(year: record.year - 1, category: record.category, district: record.$district.id, on: req.db)
        return try await req.view.render(
            "indicators/tree",
            IndicatorTreeContext(
                layout: LayoutContext(req, title: "\(record.year) 年\(record.title)", active: "indicators"), id: record.requireID().uuidString,
                year: record.year, categoryName: try await categoryNames(req.db)[record.category] ?? record.category, title: record.title,
                version: record.version, total: tree.total.description, leaves: tree.leaves.count,
                problems: IndicatorService.failure(of: tree)?.errors.map(\.message) ?? [], rows: rows(tree, base: base),
                canManage: req.may(.manageIndicators), diffHref: previous == nil ? nil : "\(base)/diff"))
    }

    @Sendable func diff(req: Request) async throws -> View {
        let record = try await load(req)
        guard
            let previous = try await IndicatorService.find(
                year: record.year - 1, category: record.category, district: record.$district.id, on: req.db)
        else {
            throw AppError.notFound("\(record.year - 1) 年同类别指标体系")
        }
        let old = try await IndicatorService.tree(previous, on: req.db), new = try await IndicatorService.tree(record, on: req.db)
        let d = TreeDiff(from: old, to: new)
        let base = "/indicators/\(try record.requireID().uuidString)"
        let asRows = { (nodes: [IndicatorNode]) in
            self.rows(IndicatorTree(year: 0, category: "", title: "", version: 0, total: .zero, nodes: nodes), base: base)
        }
        return try await req.view.render(
            "indicators/diff",
            IndicatorDiffContext(
                layout: LayoutContext(req, title: "指标体系变化", active: "indicators"), fromYear: previous.year, toYear: record.year,
                categoryName: try await categoryNames(req.db)[record.category] ?? record.category, treeHref: base,
                added: asRows(d.added), removed: asRows(d.removed),
                changed: d.changed.map {
                    DiffChangeContext(code: $0.code, fields: $0.fields.map { DiffFieldContext(label: $0.label, before: $0.before, after: $0.after) })
                },
                same: d.isEmpty))
    }

    @Sendable func exportJSON(req: Request) async throws -> Response {
        let record = try await load(req)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return .download(
            try encoder.encode(try await IndicatorService.tree(record, on: req.db)),
            name: "\(record.year)-\(record.category)-指标体系.json", type: .json, fallback: "indicators.json")
    }

    @Sendable func exportXLSX(req: Request) async throws -> Response {
        let record = try await load(req)
        return .download(
            try IndicatorService.workbook(try await IndicatorService.tree(record, on: req.db)),
            name: "\(record.year)-\(record.category)-指标体系.xlsx", type: Response.xlsxType, fallback: "indicators.xlsx")
    }
}
