import FazhiCore
import Fluent
import Vapor

/// 法治政府建设年度报告: starting a year's reports, writing, submitting (报送), returning and publishing
/// them, part one's figures from the metric catalogue, and the report as a document. Each step
/// checks the report's state, writes in one transaction and is audited.
enum AnnualReportService {
    /// The code the district's own report goes by in paths (`/reports/annual/2026/district`).
    static let districtCode = "district"
    /// Longest text of one part.
    static let maxPart = 20_000

    /// The node a path code names in a district: one of its units' codes, or `district` for itself.
    static func node(code: String, district: OrgNode, on db: any Database) async throws -> OrgNode {
        if code == districtCode { return district }
        guard
            let unit = try await OrgNode.query(on: db).filter(\.$code == code).filter(\.$kind == .unit)
                .filter(\.$parent.$id == district.requireID()).first()
        else {
            throw AppError.notFound("单位“\(code)”")
        }
        return unit
    }

    static func resource(_ node: OrgNode) throws -> Resource {
        node.kind == .unit ? .unit(try node.requireID()) : .district(try node.requireID())
    }

    /// The district a report's node lies in: the district itself, or a unit's parent.
    static func districtID(of node: OrgNode) throws -> UUID {
        guard let id = node.kind == .unit ? node.$parent.id : node.id else { throw AppError.notFound("区") }
        return id
    }

    static func code(_ node: OrgNode) -> String { node.kind == .unit ? node.code : districtCode }

    static func find(year: Int, node: OrgNode, on db: any Database) async throws -> AnnualReport? {
        try await AnnualReport.query(on: db).filter(\.$year == year).filter(\.$unit.$id == node.requireID()).first()
    }

    /// The year's reports the scope shows: the district's (only to those who see every unit) and the units'.
    static func list(year: Int, scope: RowScope, on db: any Database) async throws -> [AnnualReport] {
        let query = AnnualReport.query(on: db).filter(\.$year == year).with(\.$unit)
        if let units = scope.units {
            let nodes = units + (scope.districtID.map { [$0] } ?? [])
            query.filter(\.$unit.$id ~~ nodes)
        }
        return try await query.all().sorted { a, b in
            (a.unit.kind == .unit ? 1 : 0, a.unit.sort, a.unit.code) < (b.unit.kind == .unit ? 1 : 0, b.unit.sort, b.unit.code)
        }
    }

    // MARK: - steps

    /// 发起: a draft for the district and for every unit that has none, with the year's dates. A year
    /// that has not begun cannot be reported on.
    @discardableResult
    static func start(year: Int, district: OrgNode, actor: AuditActor, today: LocalDate, on db: any Database, now: Date) async throws -> Int {
        guard (2000...today.year).contains(year), let dates = AnnualReportDates(year: year) else {
            throw AppError.badRequest("年度应在 2000 年到 \(today.year) 年之间", field: "year")
        }
        let nodes =
            [district] + (try await OrgNode.query(on: db).filter(\.$kind == .unit).filter(\.$parent.$id == district.requireID()).sort(\.$sort).all())
        return try await db.writeTransaction { tx in
            let existing = Set(
                try await AnnualReport.query(on: tx).filter(\.$year == year).filter(\.$unit.$id ~~ nodes.map { try $0.requireID() }).all().map {
                    $0.$unit.id
                })
            var created = 0
            for node in nodes where !existing.contains(try node.requireID()) {
                let r = AnnualReport()
                r.year = year
                r.$unit.id = try node.requireID()
                r.status = .draft
                r.reportBy = dates.reportBy
                r.publishBy = dates.publishBy
                for part in AnnualReportPart.allCases { r.set(part, "") }
                r.version = 1
                try await r.create(on: tx)
                created += 1
            }
            guard created > 0 else { throw AppError.conflict("\(year) 年度报告已发起") }
            try await AuditService.record(
                on: tx, actor: actor, action: .create, entityType: .annualReport, entityID: "\(year)",
                after: [
                    "year": "\(year)", "reports": "\(created)", "reportBy": dates.reportBy.description, "publishBy": dates.publishBy.description,
                ],
                at: now)
            return created
        }
    }

    static func entityID(_ r: AnnualReport, _ node: OrgNode) -> String { "\(r.year)/\(code(node))" }

    /// Saves the parts given (all or nothing; only a draft).
    static func save(_ r: AnnualReport, node: OrgNode, parts: [AnnualReportPart: String], actor: AuditActor, on db: any Database, now: Date)
        async throws
    {
        guard r.status == .draft else { throw AppError.conflict("报告已报送,不能再修改;如需修改,请法治办退回") }
        var v = Validator()
        var clean: [AnnualReportPart: String] = [:]
        for (part, text) in parts {
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\r\n", with: "\n")
            if t.count > maxPart { v.add(part.rawValue, "“\(part.title(year: r.year))”不能超过 \(maxPart) 个字符") }
            clean[part] = t
        }
        try v.check()
        let before = Dictionary(uniqueKeysWithValues: clean.keys.map { ($0.rawValue, r.text($0)) })
        let texts = clean
        try await db.writeTransaction { tx in
            for (part, text) in texts { r.set(part, text) }
            r.version += 1
            try await r.update(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .update, entityType: .annualReport, entityID: entityID(r, node), before: before,
                after: Dictionary(uniqueKeysWithValues: texts.map { ($0.rawValue, $1) }), at: now)
        }
    }

    /// 报送: every part written; part one's figures are kept as they stand, so the report sent does not
    /// change afterwards. `to`: whom it went to; `on`: the day (not after today).
    static func submit(
        _ r: AnnualReport, node: OrgNode, to: String, on date: LocalDate?, actor: AuditActor, today: LocalDate, on db: any Database, now: Date
    ) async throws {
        guard r.status == .draft else { throw AppError.conflict("报告已于 \(r.submittedOn?.description ?? "") 报送") }
        var v = Validator()
        for part in AnnualReportPart.allCases where part != .measures && r.text(part).isEmpty {
            v.add(part.rawValue, "请先填写“\(part.title(year: r.year))”")
        }
        let day = date ?? today
        if day > today { v.add("submittedOn", "报送日期不能晚于今天") }
        if day.year < r.year { v.add("submittedOn", "报送日期不能早于所报告的年度") }
        v.text(to, field: "submittedTo", label: "报送对象", max: 200)
        try v.check()
        let (areas, asOf) = try await liveFigures(
            year: r.year, district: try districtID(of: node), unit: node.kind == .unit ? try node.requireID() : nil, today: today, on: db)
        let json = try AuditService.json(areas)
        try await db.writeTransaction { tx in
            r.status = .submitted
            r.submittedOn = day
            r.submittedBy = actor.name
            r.submittedTo = to.trimmed
            r.figures = json
            r.figuresAsOf = asOf
            r.version += 1
            try await r.update(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .submit, entityType: .annualReport, entityID: entityID(r, node),
                after: ["submittedOn": day.description, "submittedTo": to.trimmed, "late": day > r.reportBy ? "逾期报送" : ""], at: now)
        }
    }

    /// 退回修改: the office sends a submitted (not yet published) report back to its writer.
    static func sendBack(_ r: AnnualReport, node: OrgNode, reason: String, actor: AuditActor, on db: any Database, now: Date) async throws {
        guard r.status == .submitted else {
            throw AppError.conflict(r.status == .published ? "报告已公开,不能退回" : "报告尚未报送")
        }
        var v = Validator()
        v.text(reason, field: "reason", label: "退回理由", max: 500)
        try v.check()
        try await db.writeTransaction { tx in
            r.status = .draft
            r.submittedOn = nil
            r.submittedBy = nil
            r.submittedTo = nil
            r.figures = nil
            r.figuresAsOf = nil
            r.version += 1
            try await r.update(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .sendBack, entityType: .annualReport, entityID: entityID(r, node), after: ["reason": reason.trimmed],
                at: now)
        }
    }

    /// 公开: a submitted report goes on the public site (secret parts must have been left out before).
    static func publish(_ r: AnnualReport, node: OrgNode, actor: AuditActor, today: LocalDate, on db: any Database, now: Date) async throws {
        guard r.status == .submitted else {
            throw AppError.conflict(r.status == .published ? "报告已于 \(r.publishedOn?.description ?? "") 公开" : "请先报送报告再公开")
        }
        try await db.writeTransaction { tx in
            r.status = .published
            r.publishedOn = today
            r.version += 1
            try await r.update(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .publish, entityType: .annualReport, entityID: entityID(r, node),
                after: ["publishedOn": today.description, "late": today > r.publishBy ? "逾期公开" : ""], at: now)
        }
    }

    // MARK: - figures and the document

    /// The day part one's figures are counted to: the year's last day, or today while the year runs.
    static func asOf(year: Int, today: LocalDate) -> LocalDate {
        guard let last = LocalDate(year: year, month: 12, day: 31) else { return today }
        return min(today, last)
    }

    /// Part one's figures from the metric catalogue: the unit's own (a unit's report) or the district's,
    /// this year's beside last year's, grouped by the plan's arrangements.
    static func liveFigures(year: Int, district: UUID, unit: UUID?, today: LocalDate, on db: any Database) async throws -> ([ReportArea], LocalDate) {
        let counted = Self.asOf(year: year, today: today)
        let scope: RowScope = if let unit { .unit(unit) } else { try await Districts.scope(of: district, on: db) }
        let now = try await MetricCatalogue.entries(year: year, today: counted, scope: scope, on: db)
        let before = try await MetricCatalogue.entries(year: year - 1, today: Self.asOf(year: year - 1, today: today), scope: scope, on: db)
        let last = Dictionary(before.map { ($0.definition.code, $0) }, uniquingKeysWith: { a, _ in a })
        func value(_ e: MetricCatalogue.Entry?) -> MetricValue? { unit.map { e?.units[$0] } ?? e?.district }
        var titles: [String: String] = [:]
        // The arrangements of the year's plan (or the nearest plan's: the district keeps its eleven from year to year).
        let plans = { Plan.query(on: db).filter(\.$district.$id == district) }
        var plan = try await plans().filter(\.$year <= year).sort(\.$year, .descending).first()
        if plan == nil { plan = try await plans().sort(\.$year).first() }
        if let plan {
            for a in try await Arrangement.query(on: db).filter(\.$plan.$id == plan.requireID()).all() { titles[a.code] = a.title }
        }
        var areas: [ReportArea] = []
        for arrangement in MetricDefinition.arrangements {
            let figures = now.filter { $0.definition.arrangement == arrangement && (unit == nil || !$0.definition.districtOnly) }.map { e in
                let d = e.definition
                let v = value(e) ?? MetricValue(kind: d.kind, numerator: 0, denominator: 0)
                return ReportFigure(
                    code: d.code, name: d.name, value: v.text(unit: d.unit), lastYear: value(last[d.code])?.text(unit: d.unit) ?? "—",
                    definition: "\(d.numerator)\(d.denominator.isEmpty ? "" : " ÷ \(d.denominator)")", href: d.href(year: year, unit: nil))
            }
            guard !figures.isEmpty else { continue }
            let title = arrangement == "督办" ? "抓好年度任务督办和问题整改" : titles[arrangement] ?? "第\(arrangement)项工作安排"
            areas.append(ReportArea(arrangement: arrangement, title: title, figures: figures))
        }
        return (areas, counted)
    }

    /// The figures a report shows: kept at submission, or live while it is a draft.
    static func figures(_ r: AnnualReport, node: OrgNode, today: LocalDate, on db: any Database) async throws -> ([ReportArea], LocalDate) {
        if let json = r.figures, let asOf = r.figuresAsOf {
            return (try JSONDecoder().decode([ReportArea].self, from: Data(json.utf8)), asOf)
        }
        return try await liveFigures(
            year: r.year, district: try districtID(of: node), unit: node.kind == .unit ? try node.requireID() : nil, today: today, on: db)
    }

    /// The report as a document with the figures it shows (kept at submission, or live), and their day.
    static func document(_ r: AnnualReport, node: OrgNode, today: LocalDate, on db: any Database) async throws -> (AnnualReportDocument, LocalDate) {
        let (areas, asOf) = try await figures(r, node: node, today: today, on: db)
        return (try await document(r, node: node, areas: areas, asOf: asOf, on: db), asOf)
    }

    /// The report as a document: its title, addressees and issuer follow who reports (the district
    /// government to the Party committee and the standing committee; a unit to the district).
    static func document(_ r: AnnualReport, node: OrgNode, areas: [ReportArea], asOf: LocalDate, on db: any Database) async throws
        -> AnnualReportDocument
    {
        let districtNode = node.kind == .unit ? try await Districts.node(node.$parent.id, on: db) : node
        let district = districtNode.name
        let plan = try await Plan.query(on: db).filter(\.$year == r.year).filter(\.$district.$id == districtNode.requireID()).first()
        let issuer = node.kind == .unit ? "\(district)\(node.name)" : "\(district)人民政府"
        let addressee = node.kind == .unit ? "中共\(district)委员会、\(district)人民政府" : "中共\(district)委员会、\(district)人民代表大会常务委员会"
        let preamble =
            "\(r.year)年,\(issuer)" + (plan.map { "认真落实《\($0.title)》," } ?? "") + "扎实推进法治政府建设。现将\(r.year)年度法治政府建设情况报告如下。"
        return AnnualReportDocument(
            title: "\(issuer)\(r.year)年度法治政府建设情况报告", addressee: addressee, year: r.year, preamble: preamble, areas: areas, asOf: asOf,
            parts: Dictionary(uniqueKeysWithValues: AnnualReportPart.allCases.map { ($0, r.text($0)) }), issuer: issuer, date: r.submittedOn)
    }
}
