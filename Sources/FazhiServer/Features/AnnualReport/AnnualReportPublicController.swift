import FazhiCore
import Fluent
import Vapor

/// 向社会公开: the published reports, readable by anyone (督察工作规定: 报刊、网站公开, 4月1日前), as a page
/// and as the .docx.
struct AnnualReportPublicController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("public", "reports", "annual")
        r.on(.GET, policy: .viewPublic, use: index)
        r.on(.GET, ":year", ":code", policy: .viewPublic, use: show)
        r.on(.GET, ":year", ":code", "report.docx", policy: .viewPublic, use: docx)
    }

    /// One year's published reports at a time (at most the district's and one per unit), the latest by default.
    @Sendable func index(req: Request) async throws -> View {
        let latest = try await AnnualReport.query(on: req.db).filter(\.$status == .published).max(\.$year)
        var year = latest ?? req.clock.today.year - 1
        if let text: String = req.query["year"], !text.isEmpty {
            guard let y = Int(text), (2000...req.clock.today.year).contains(y) else { throw AppError.badRequest("年度无效", field: "year") }
            year = y
        }
        let district = try await req.district()
        let districtID = try district.requireID()
        let reports = try await AnnualReport.query(on: req.db).filter(\.$status == .published).filter(\.$year == year).with(\.$unit)
            .join(OrgNode.self, on: \AnnualReport.$unit.$id == \OrgNode.$id)
            .group(.or) { $0.filter(OrgNode.self, \.$id == districtID).filter(OrgNode.self, \.$parent.$id == districtID) }.all()
        return try await req.view.render(
            "annual-report/public-index",
            PublicAnnualReportsContext(
                layout: LayoutContext(req, title: "法治政府建设年度报告", active: ""), year: year,
                years: ((latest ?? year) - 4...(latest ?? year)).reversed().map {
                    OptionContext(value: String($0), label: "\($0) 年度", selected: $0 == year)
                },
                rows: reports.sorted {
                    ($0.year, $0.unit.kind == .unit ? 0 : 1, -$0.unit.sort) > ($1.year, $1.unit.kind == .unit ? 0 : 1, -$1.unit.sort)
                }.map {
                    .init(
                        title: $0.unit.kind == .unit
                            ? "\(district.name)\($0.unit.name)\($0.year)年度法治政府建设情况报告" : "\($0.unit.name)人民政府\($0.year)年度法治政府建设情况报告",
                        href: "/public/reports/annual/\($0.year)/\(AnnualReportService.code($0.unit))", published: $0.publishedOn?.description ?? "")
                }))
    }

    /// A published report, or not found (a draft or a submitted report is nobody's business yet).
    private func published(_ req: Request) async throws -> (AnnualReport, OrgNode) {
        guard let year = req.parameters.get("year", as: Int.self), let code = req.parameters.get("code"),
            let node = try? await AnnualReportService.node(code: code, district: try await req.district(), on: req.db),
            let r = try await AnnualReportService.find(year: year, node: node, on: req.db), r.status == .published
        else { throw AppError.notFound("已公开的年度报告") }
        return (r, node)
    }

    @Sendable func show(req: Request) async throws -> View {
        let (r, node) = try await published(req)
        let document = try await AnnualReportController.document(req, r, node)
        return try await req.view.render(
            "annual-report/public",
            PublicAnnualReportContext(
                layout: LayoutContext(req, title: document.title, active: ""), title: document.title, addressee: document.addressee,
                published: r.publishedOn?.description ?? "",
                blocks: document.blocks.map { block in
                    switch block {
                    case .heading(let h): .init(kind: "heading", text: "", heading: h, rows: [])
                    case .subheading(let h, let text): .init(kind: "subheading", text: text, heading: h, rows: [])
                    case .paragraph(let p): .init(kind: "paragraph", text: p, heading: "", rows: [])
                    case .table(let caption, let rows): .init(kind: "table", text: "", heading: caption, rows: rows)
                    case .signature(let issuer, let date): .init(kind: "signature", text: date, heading: issuer, rows: [])
                    }
                }, docx: "/public/reports/annual/\(r.year)/\(AnnualReportService.code(node))/report.docx"))
    }

    @Sendable func docx(req: Request) async throws -> Response {
        let (r, node) = try await published(req)
        let document = try await AnnualReportController.document(req, r, node)
        return .download(
            try AnnualReportDocx.data(document), name: "\(document.title).docx", type: Response.docxType,
            fallback: "annual-report-\(r.year)-\(AnnualReportService.code(node)).docx")
    }
}
