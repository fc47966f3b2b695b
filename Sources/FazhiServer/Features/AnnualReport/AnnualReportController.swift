import FazhiCore
import Fluent
import Vapor

/// 法治政府建设年度报告 pages: the year's reports, one report (write, 报送, 退回, 公开) and its exports.
/// Handlers find the report, ask the policy about its unit (or the district) and hand over to
/// `AnnualReportService`.
struct AnnualReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("reports", "annual")
        r.on(.GET, policy: .viewAnnualReport, use: index)
        r.on(.POST, "start", policy: .writeAnnualReport, use: start)
        r.on(.GET, ":year", ":code", policy: .viewAnnualReport, use: show)
        r.on(.POST, ":year", ":code", policy: .writeAnnualReport, use: save)
        r.on(.POST, ":year", ":code", "submit", policy: .writeAnnualReport, use: submit)
        r.on(.POST, ":year", ":code", "send-back", policy: .writeAnnualReport, use: sendBack)
        r.on(.POST, ":year", ":code", "publish", policy: .publishAnnualReport, use: publish)
        r.on(.GET, ":year", ":code", "report.docx", policy: .viewAnnualReport, use: docx)
        r.on(.GET, ":year", ":code", "report.md", policy: .viewAnnualReport, use: markdown)
    }

    static let statusBadge: [AnnualReportStatus: String] = [.draft: "w-draft", .submitted: "w-submitted", .published: "w-approved"]

    /// The year asked for (default: last year, the one being reported on early this year).
    static func year(_ req: Request) throws -> Int {
        let today = req.clock.today
        guard let text: String = req.query["year"], !text.isEmpty else { return today.year - 1 }
        guard let year = Int(text), (2000...today.year).contains(year) else {
            throw AppError.badRequest("年度应在 2000 年到 \(today.year) 年之间", field: "year")
        }
        return year
    }

    // MARK: the list

    @Sendable func index(req: Request) async throws -> Response {
        try await renderIndex(req, year: try Self.year(req)).encodeResponse(for: req)
    }

    private func renderIndex(_ req: Request, year: Int, errors: [FieldError] = []) async throws -> View {
        let user = try req.requireUser()
        let today = req.clock.today
        let scope = user.scope(.viewAnnualReport)
        let reports = try await AnnualReportService.list(year: year, scope: scope, on: req.db)
        let district = try await req.district()
        let dates = AnnualReportDates(year: year)
        let units = reports.filter { $0.unit.kind == .unit }
        return try await req.view.render(
            "annual-report/index",
            AnnualReportListContext(
                layout: LayoutContext(req, title: "\(year) 年度法治政府建设情况报告", active: "annual-report"), year: year,
                years: (2024...today.year).reversed().map { OptionContext(value: String($0), label: "\($0) 年度", selected: $0 == year) },
                started: try await AnnualReportService.find(year: year, node: district, on: req.db) != nil,
                canStart: req.may(.writeAnnualReport, try AnnualReportService.resource(district)) && year <= today.year,
                reportBy: dates?.reportBy.description ?? "", publishBy: dates?.publishBy.description ?? "",
                rows: reports.map { r in
                    Row(
                        name: r.unit.kind == .unit ? r.unit.name : "\(r.unit.name)人民政府(全区报告)",
                        href: "/reports/annual/\(year)/\(AnnualReportService.code(r.unit))", status: r.status.label,
                        statusCode: Self.statusBadge[r.status] ?? "", reportBy: r.reportBy.description,
                        submitted: r.submittedOn?.description ?? "", late: (r.submittedOn ?? today) > r.reportBy,
                        published: r.publishedOn?.description ?? "")
                },
                summary: units.count > 1
                    ? "各单位已报送 \(units.filter { $0.status != .draft }.count)/\(units.count) 份,已公开 \(units.filter { $0.status == .published }.count) 份。"
                    : "",
                errors: .init(errors)))
    }

    typealias Row = AnnualReportListContext.Row

    struct StartForm: Content {
        var year: String?
    }

    @Sendable func start(req: Request) async throws -> Response {
        let district = try await req.district()
        try req.authorize(.writeAnnualReport, try AnnualReportService.resource(district))
        let form = try req.content.decode(StartForm.self)
        let year = Int(form.year?.trimmed ?? "") ?? 0
        return try await req.attempt(
            success: "/reports/annual?year=\(year)",
            render: { errors in
                try await renderIndex(req, year: (2000...req.clock.today.year).contains(year) ? year : req.clock.today.year - 1, errors: errors)
            }
        ) {
            try await AnnualReportService.start(
                year: year, district: district, actor: .user(try req.requireUser()), today: req.clock.today, on: req.db, now: req.clock.now())
        }
    }

    // MARK: one report

    /// The report of the path, after the policy has been asked about its unit (or the district).
    private func report(_ req: Request, _ action: Action) async throws -> (AnnualReport, OrgNode) {
        guard let year = req.parameters.get("year", as: Int.self), let code = req.parameters.get("code") else { throw AppError.notFound("年度报告") }
        let node = try await AnnualReportService.node(code: code, district: try await req.district(), on: req.db)
        try req.authorize(action, try AnnualReportService.resource(node))
        guard let report = try await AnnualReportService.find(year: year, node: node, on: req.db) else {
            throw AppError.notFound("\(year) 年度报告(法治办尚未发起该年度报告)")
        }
        return (report, node)
    }

    private func base(_ r: AnnualReport, _ node: OrgNode) -> String { "/reports/annual/\(r.year)/\(AnnualReportService.code(node))" }

    @Sendable func show(req: Request) async throws -> View {
        let (r, node) = try await report(req, .viewAnnualReport)
        return try await render(req, r, node)
    }

    private func render(_ req: Request, _ r: AnnualReport, _ node: OrgNode, errors: [FieldError] = [], typed: [String: String] = [:]) async throws
        -> View
    {
        let today = req.clock.today
        let resource = try AnnualReportService.resource(node)
        let (areas, asOf) = try await AnnualReportService.figures(r, node: node, today: today, on: req.db)
        let document = try await AnnualReportService.document(r, node: node, areas: areas, asOf: asOf, on: req.db)
        let preamble = document.blocks.first.flatMap { block -> String? in
            if case .paragraph(let text) = block { return text }
            return nil
        }
        var contributions: [AnnualReportContext.Contribution] = []
        if node.kind != .unit {
            contributions = try await AnnualReportService.list(
                year: r.year, scope: try await Districts.scope(of: try node.requireID(), on: req.db), on: req.db
            ).filter { $0.unit.kind == .unit }.map {
                .init(
                    name: $0.unit.name, href: "/reports/annual/\(r.year)/\($0.unit.code)",
                    status: $0.status.label + ($0.submittedOn.map { "(\($0))" } ?? ""), statusCode: Self.statusBadge[$0.status] ?? "")
            }
        }
        let districtResource = try AnnualReportService.resource(try await req.district())
        return try await req.view.render(
            "annual-report/report",
            AnnualReportContext(
                layout: LayoutContext(req, title: document.title, active: "annual-report"), year: r.year, title: document.title,
                addressee: document.addressee, preamble: preamble ?? "", status: r.status.label, statusCode: Self.statusBadge[r.status] ?? "",
                reportBy: r.reportBy.description, publishBy: r.publishBy.description,
                submitted: r.submittedOn.map { "\($0) 报送\(r.submittedTo.map { "至\($0)" } ?? "")" + ($0 > r.reportBy ? "(逾期)" : "") },
                published: r.publishedOn.map { "\($0) 公开" + ($0 > r.publishBy ? "(逾期)" : "") }, asOf: asOf.description, frozen: r.figures != nil,
                areas: areas.enumerated().map { i, a in
                    let number = "(\(AnnualReportPart.numerals[min(i, AnnualReportPart.numerals.count - 1)]))"
                    return .init(
                        heading: number + a.title, short: number,
                        figures: a.figures, shown: a.figures.filter { $0.value != "—" })
                },
                parts: AnnualReportPart.allCases.map { p in
                    let text = typed[p.rawValue] ?? r.text(p)
                    return .init(
                        key: p.rawValue, heading: p.heading(year: r.year), hint: p.hint, text: text,
                        paragraphs: text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmed.isEmpty })
                },
                base: base(r, node), canWrite: r.status == .draft && req.may(.writeAnnualReport, resource),
                canSubmit: r.status == .draft && req.may(.writeAnnualReport, resource),
                canSendBack: r.status == .submitted && node.kind == .unit && req.may(.writeAnnualReport, districtResource),
                canPublish: r.status == .submitted && req.may(.publishAnnualReport, resource),
                defaultTo: node.kind == .unit ? "区委、区政府(抄送区委全面依法治区委员会办公室)" : "区委、区人大常委会", today: today.description,
                isDistrict: node.kind != .unit, contributions: contributions,
                publicHref: r.status == .published ? "/public/reports/annual/\(r.year)/\(AnnualReportService.code(node))" : nil,
                errors: .init(errors)))
    }

    struct PartsForm: Content {
        var measures: String?
        var shortcomings: String?
        var leadership: String?
        var next_year: String?
        var other: String?

        var parts: [AnnualReportPart: String] {
            var out: [AnnualReportPart: String] = [:]
            for (part, text) in [
                (AnnualReportPart.measures, measures), (.shortcomings, shortcomings), (.leadership, leadership), (.nextYear, next_year),
                (.other, other),
            ] {
                if let text { out[part] = text }
            }
            return out
        }
    }

    @Sendable func save(req: Request) async throws -> Response {
        let (r, node) = try await report(req, .writeAnnualReport)
        let form = try req.content.decode(PartsForm.self)
        let typed = Dictionary(uniqueKeysWithValues: form.parts.map { ($0.rawValue, $1) })
        return try await req.attempt(
            success: base(r, node) + "?notice=saved", render: { errors in try await render(req, r, node, errors: errors, typed: typed) }
        ) {
            try await AnnualReportService.save(
                r, node: node, parts: form.parts, actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        }
    }

    struct SubmitForm: Content {
        var submittedTo: String?
        var submittedOn: String?
    }

    @Sendable func submit(req: Request) async throws -> Response {
        let (r, node) = try await report(req, .writeAnnualReport)
        let form = try req.content.decode(SubmitForm.self)
        return try await req.attempt(success: base(r, node), render: { errors in try await render(req, r, node, errors: errors) }) {
            var date: LocalDate?
            if let text = form.submittedOn?.trimmed, !text.isEmpty {
                guard let d = LocalDate(text) else { throw AppError.validation([FieldError("submittedOn", "报送日期“\(text)”无效,应为 年-月-日")]) }
                date = d
            }
            try await AnnualReportService.submit(
                r, node: node, to: form.submittedTo ?? "", on: date, actor: .user(try req.requireUser()), today: req.clock.today, on: req.db,
                now: req.clock.now())
        }
    }

    struct SendBackForm: Content {
        var reason: String?
    }

    @Sendable func sendBack(req: Request) async throws -> Response {
        let (r, node) = try await report(req, .viewAnnualReport)
        // Returning a unit's report is the office's: it writes the district's.
        try req.authorize(.writeAnnualReport, try AnnualReportService.resource(try await req.district()))
        let form = try req.content.decode(SendBackForm.self)
        return try await req.attempt(success: base(r, node), render: { errors in try await render(req, r, node, errors: errors) }) {
            try await AnnualReportService.sendBack(
                r, node: node, reason: form.reason ?? "", actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        }
    }

    @Sendable func publish(req: Request) async throws -> Response {
        let (r, node) = try await report(req, .publishAnnualReport)
        return try await req.attempt(success: base(r, node), render: { errors in try await render(req, r, node, errors: errors) }) {
            try await AnnualReportService.publish(
                r, node: node, actor: .user(try req.requireUser()), today: req.clock.today, on: req.db, now: req.clock.now())
        }
    }

    // MARK: exports

    static func document(_ req: Request, _ r: AnnualReport, _ node: OrgNode) async throws -> AnnualReportDocument {
        try await AnnualReportService.document(r, node: node, today: req.clock.today, on: req.db).0
    }

    @Sendable func docx(req: Request) async throws -> Response {
        let (r, node) = try await report(req, .viewAnnualReport)
        let document = try await Self.document(req, r, node)
        return .download(
            try AnnualReportDocx.data(document), name: "\(document.title).docx", type: Response.docxType,
            fallback: "annual-report-\(r.year)-\(AnnualReportService.code(node)).docx")
    }

    @Sendable func markdown(req: Request) async throws -> Response {
        let (r, node) = try await report(req, .viewAnnualReport)
        let document = try await Self.document(req, r, node)
        return .download(
            Data(document.markdown.utf8), name: "\(document.title).md",
            type: HTTPMediaType(type: "text", subType: "markdown", parameters: ["charset": "utf-8"]),
            fallback: "annual-report-\(r.year)-\(AnnualReportService.code(node)).md")
    }
}
