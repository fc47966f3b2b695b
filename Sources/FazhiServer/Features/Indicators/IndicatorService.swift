import FazhiCore
import FazhiOffice
import Fluent
import Vapor

/// 指标体系: stored trees, their import and export (JSON, Excel), year copy and node edits.
/// Whole-tree writes (import, copy) must pass every check; single-node edits may leave the sums
/// unbalanced for a while, and the tree page says where.
enum IndicatorService {
    static func find(_ id: UUID, on db: any Database) async throws -> IndicatorTreeRecord {
        guard let record = try await IndicatorTreeRecord.find(id, on: db) else { throw AppError.notFound("指标体系") }
        return record
    }

    /// The district's tree for a year and unit category.
    static func find(year: Int, category: String, district: UUID, on db: any Database) async throws -> IndicatorTreeRecord? {
        try await IndicatorTreeRecord.query(on: db).filter(\.$district.$id == district).filter(\.$year == year)
            .filter(\.$category == category).first()
    }

    /// The stored tree as the core type.
    static func tree(_ record: IndicatorTreeRecord, on db: any Database) async throws -> IndicatorTree {
        let nodes = try await IndicatorNodeRecord.query(on: db).filter(\.$tree.$id == record.requireID()).sort(\.$sort).all()
        return IndicatorTree(
            year: record.year, category: record.category, title: record.title, version: record.version,
            total: Points(halves: record.totalHalves), nodes: nodes.map(node))
    }

    static func node(_ r: IndicatorNodeRecord) -> IndicatorNode {
        IndicatorNode(
            code: r.code, title: r.title, goal: r.goal, points: Points(halves: r.pointsHalves), rule: r.rule,
            evidence: (try? JSONDecoder().decode([EvidenceItem].self, from: Data(r.evidence.utf8))) ?? [],
            basis: r.basis, source: DataSource(rawValue: r.source) ?? .selfReport,
            metric: r.metric.map { MetricBinding(metric: $0, rule: r.metricRule ?? "") })
    }

    /// Nodes sorted the way people read codes: 1, 1-1, 1-1-1, 1-2, …, 2, …, 10.
    static func ordered(_ nodes: [IndicatorNode]) -> [IndicatorNode] {
        nodes.sorted { a, b in
            let x = a.code.split(separator: "-").compactMap { Int($0) }, y = b.code.split(separator: "-").compactMap { Int($0) }
            return x.lexicographicallyPrecedes(y)
        }
    }

    /// Writes a whole tree (import): checked first; replaces the year's tree of that category.
    @discardableResult
    static func save(_ tree: IndicatorTree, district: UUID, action: AuditAction, actor: AuditActor, on db: any Database, now: Date) async throws
        -> IndicatorTreeRecord
    {
        try tree.validate(metrics: MetricCatalogue.infos)
        // The city's tree (市对区考评) has the one category of districts; a district's trees, its unit categories.
        if try await CityAssessment.isCity(node: district, on: db) {
            guard tree.category == CityAssessment.category else {
                throw ValidationFailure([FieldError("category", "市对区考评的指标体系类别应为“\(CityAssessment.category)”(各区)")])
            }
        } else if try await UnitCategory.query(on: db).filter(\.$code == tree.category).first() == nil {
            throw ValidationFailure([FieldError("category", "单位类别“\(tree.category)”不存在")])
        }
        return try await db.writeTransaction { tx in
            let existing = try await find(year: tree.year, category: tree.category, district: district, on: tx)
            var before: IndicatorTree?
            if let existing { before = try await Self.tree(existing, on: tx) }
            let record = existing ?? IndicatorTreeRecord()
            record.$district.id = district
            record.year = tree.year
            record.category = tree.category
            record.title = tree.title.trimmed
            record.totalHalves = tree.total.halves
            record.version = (existing?.version ?? 0) + 1
            try await record.save(on: tx)
            try await IndicatorNodeRecord.query(on: tx).filter(\.$tree.$id == record.requireID()).delete()
            for (i, node) in ordered(tree.nodes).enumerated() { try await insert(node, tree: record.requireID(), sort: i, on: tx) }
            try await AuditService.record(
                on: tx, actor: actor, action: action, entityType: .indicatorTree, entityID: record.requireID().uuidString,
                before: before.map(summary), after: summary(tree), at: now)
            return record
        }
    }

    static func summary(_ tree: IndicatorTree) -> [String: String] {
        [
            "year": "\(tree.year)", "category": tree.category, "title": tree.title, "nodes": "\(tree.nodes.count)",
            "rows": TreeRows.rows(of: tree).dropFirst().map { $0.prefix(5).joined(separator: "|") }.joined(separator: "\n"),
        ]
    }

    static func insert(_ node: IndicatorNode, tree: UUID, sort: Int, on db: any Database) async throws {
        let record = IndicatorNodeRecord()
        record.$tree.id = tree
        apply(node, to: record)
        record.sort = sort
        try await record.create(on: db)
    }

    static func apply(_ node: IndicatorNode, to record: IndicatorNodeRecord) {
        record.code = node.code
        record.title = node.title.trimmed
        record.goal = node.goal?.trimmed.isEmpty == false ? node.goal?.trimmed : nil
        record.pointsHalves = node.points.halves
        record.rule = node.rule?.trimmed.isEmpty == false ? node.rule?.trimmed : nil
        record.evidence = (try? AuditService.json(node.evidence)) ?? "[]"
        record.basis = node.basis?.trimmed.isEmpty == false ? node.basis?.trimmed : nil
        record.source = node.metric == nil ? node.source.rawValue : DataSource.register.rawValue
        record.metric = node.metric.map(\.metric.trimmed)
        record.metricRule = node.metric.map(\.rule.trimmed)
    }

    /// 从上一年度复制: the same tree for a new year, for the office to adjust.
    static func copy(year from: Int, to: Int, category: String, district: UUID, actor: AuditActor, on db: any Database, now: Date) async throws
        -> IndicatorTreeRecord
    {
        guard let source = try await find(year: from, category: category, district: district, on: db) else {
            throw ValidationFailure([FieldError("from", "\(from) 年没有该类别的指标体系")])
        }
        if try await find(year: to, category: category, district: district, on: db) != nil {
            throw ValidationFailure([FieldError("to", "\(to) 年已有该类别的指标体系,不能覆盖;如需替换请导入文件")])
        }
        var tree = try await self.tree(source, on: db)
        tree.year = to
        return try await save(tree, district: district, action: .copy, actor: actor, on: db, now: now)
    }

    /// Adds or changes one node; the node itself must be well formed, the sums may be settled later.
    static func setNode(
        _ node: IndicatorNode, replacing oldCode: String?, in record: IndicatorTreeRecord, actor: AuditActor,
        on db: any Database, now: Date
    ) async throws {
        var tree = try await self.tree(record, on: db)
        if let oldCode { tree.nodes.removeAll { $0.code == oldCode } }
        var v = Validator()
        if tree.nodes.contains(where: { $0.code == node.code }) { v.add("code", "指标编码“\(node.code)”已存在") }
        if let oldCode, oldCode != node.code, tree.nodes.contains(where: { $0.parentCode == oldCode }) {
            v.add("code", "该指标有下级指标,不能修改编码")
        }
        tree.nodes.append(node)
        // Only this node's own problems block the edit; unbalanced sums (a `.points` error) are
        // shown on the tree page until the office has adjusted the other nodes.
        let index = tree.nodes.count - 1
        for e in failure(of: tree)?.errors ?? [] where e.field.hasPrefix("nodes[\(index)].") && !e.field.hasSuffix(".points") {
            v.add(String(e.field.split(separator: ".").last ?? "code"), e.message)
        }
        if node.points.halves <= 0 { v.add("points", "分值必须大于 0") }
        try v.check()
        try await db.writeTransaction { tx in
            let existing = try await IndicatorNodeRecord.query(on: tx).filter(\.$tree.$id == record.requireID()).filter(
                \.$code == (oldCode ?? node.code)
            )
            .first()
            let before = existing.map(Self.node)
            let target = existing ?? IndicatorNodeRecord()
            target.$tree.id = try record.requireID()
            apply(node, to: target)
            target.sort = try await IndicatorNodeRecord.query(on: tx).filter(\.$tree.$id == record.requireID()).count()
            try await target.save(on: tx)
            try await resort(record, on: tx)
            record.version += 1
            try await record.update(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: existing == nil ? .create : .update, entityType: .indicator,
                entityID: "\(record.year)/\(record.category)/\(node.code)",
                before: before.map(TreeRows.fields), after: TreeRows.fields(of: node), at: now)
        }
    }

    static func deleteNode(code: String, in record: IndicatorTreeRecord, actor: AuditActor, on db: any Database, now: Date) async throws {
        let tree = try await self.tree(record, on: db)
        guard let node = tree.nodes.first(where: { $0.code == code }) else { throw AppError.notFound("指标“\(code)”") }
        if tree.nodes.contains(where: { $0.parentCode == code }) {
            throw ValidationFailure([FieldError("code", "指标“\(code)”有下级指标,请先删除下级指标")])
        }
        try await db.writeTransaction { tx in
            try await IndicatorNodeRecord.query(on: tx).filter(\.$tree.$id == record.requireID()).filter(\.$code == code).delete()
            record.version += 1
            try await record.update(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .delete, entityType: .indicator,
                entityID: "\(record.year)/\(record.category)/\(code)", before: TreeRows.fields(of: node), at: now)
        }
    }

    private static func resort(_ record: IndicatorTreeRecord, on db: any Database) async throws {
        let nodes = try await IndicatorNodeRecord.query(on: db).filter(\.$tree.$id == record.requireID()).all()
        let order = Dictionary(uniqueKeysWithValues: ordered(nodes.map(node)).enumerated().map { ($1.code, $0) })
        for n in nodes where n.sort != order[n.code] {
            n.sort = order[n.code] ?? n.sort
            try await n.update(on: db)
        }
    }

    static func failure(of tree: IndicatorTree) -> ValidationFailure? {
        do { try tree.validate(metrics: MetricCatalogue.infos); return nil } catch let f as ValidationFailure { return f } catch { return nil }
    }

    /// Reads an uploaded or given file: an Excel workbook (one row per node) or a JSON tree.
    static func parse(_ data: Data, year: Int?, category: String?, title: String?) throws -> IndicatorTree {
        if UploadedTable.isWorkbook(data) {
            let rows = try UploadedTable.workbookRows(data)
            let nodes = try TreeRows.nodes(from: rows)
            guard let year, let category else {
                throw ValidationFailure([FieldError("year", "导入 Excel 时须指定年度和单位类别")])
            }
            return IndicatorTree(
                year: year, category: category, title: title.map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 } ?? "\(year) 年指标体系",
                version: 1, total: nodes.filter { $0.level == 1 }.reduce(Points.zero) { $0 + $1.points }, nodes: nodes)
        }
        do {
            var tree = try JSONDecoder().decode(IndicatorTree.self, from: data)
            if let year { tree.year = year }
            if let category { tree.category = category }
            return tree
        } catch let error as DecodingError {
            let e = FazhiErrorMiddleware.appError(from: error)
            throw AppError.badRequest("文件既不是 Excel 工作簿也不是有效的指标体系 JSON:\(e?.message ?? "")", field: e?.field ?? "file")
        }
    }

    static func workbook(_ tree: IndicatorTree) throws -> Data {
        try XLSX.write([
            XLSX.Sheet(
                name: "\(tree.year)指标体系",
                rows: TreeRows.rows(of: tree).enumerated().map { r, row in
                    row.enumerated().map { c, text in r > 0 && c == 3 ? .number(text) : .text(text) }
                }, widths: [8, 28, 30, 6, 40, 36, 30, 10])
        ])
    }

    /// The demo trees (2025 and 2026, both categories) from Resources/Assessment.
    static func seedDemo(_ app: Application, district: UUID) async throws {
        for file in ["2025-department", "2025-subdistrict", "2026-department", "2026-subdistrict"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: app.directory.resourcesDirectory + "Assessment/\(file).json"))
            var tree = try JSONDecoder().decode(IndicatorTree.self, from: data)
            let today = LocalDate.today(at: app.clock.now())
            tree.year += today.year - 2026  // the demo's current year and the one before
            try await save(tree, district: district, action: .import, actor: DemoSeed.actor, on: app.db, now: app.clock.now())
        }
    }
}
