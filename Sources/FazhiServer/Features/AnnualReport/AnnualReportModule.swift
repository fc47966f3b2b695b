import FazhiCore
import Fluent
import FluentSQL
import Vapor

extension AuditEntity {
    static let annualReport = AuditEntity("annual_report", "法治政府建设年度报告")
}

extension DatedItem.Kind {
    /// 报送 a report not yet submitted by 1 March.
    static let annualReport = DatedItem.Kind(rawValue: "annual_report", label: "法治政府建设年度报告报送")
    /// 公开 a report not yet published by 1 April.
    static let annualReportPublication = DatedItem.Kind(rawValue: "annual_report_publication", label: "法治政府建设年度报告公开")
}

/// 法治政府建设年度报告 (督察工作规定): every unit's and the district's report on the year — part one drafted
/// from the registers' metrics, the other parts written by their authors — submitted by 1 March,
/// published by 1 April, both in the supervision scan; .docx in the 公文 layout, Markdown, a public page,
/// and `fazhi report annual`.
struct AnnualReportModule: RegisterModule {
    let key = "annual-report"
    let title = "年度报告"
    let auditEntities: [AuditEntity] = [.annualReport]
    let auditFields: [String: String] = [
        "year": "年度", "reports": "报告份数", "reportBy": "报送期限", "publishBy": "公开期限", "measures": "主要举措和成效", "shortcomings": "存在的不足和原因",
        "leadership": "第一责任人履职情况", "next_year": "下一年度主要安排", "other": "其他情况", "submittedOn": "报送日期", "submittedTo": "报送对象",
        "publishedOn": "公开日期", "late": "逾期", "reason": "理由",
    ]

    var migrations: [any Migration] { [CreateAnnualReports()] }

    func routes(web: any RoutesBuilder, api: any RoutesBuilder, app: Application) throws {
        try web.register(collection: AnnualReportController())
        try web.register(collection: AnnualReportPublicController())
    }

    func menuEntry(_ req: Request) -> MenuEntry? {
        req.may(.viewAnnualReport) ? MenuEntry(key: key, label: title, href: "/reports/annual", after: "oversight") : nil
    }

    /// A report not yet submitted within 30 days of its date (or past it), or submitted and not yet published
    /// within 30 days of 1 April: the writer hears of it (the office of the district's and of late units).
    func homePrompts(_ req: Request, user: CurrentUser, today: LocalDate, calendar: WorkCalendar) async throws -> [HomePrompt] {
        let scope = user.scope(.viewAnnualReport)
        guard scope != .nothing else { return [] }
        let soon = today.adding(days: 30).description
        // The district's own report and its units' (a unit: its own).
        let only: SQLQueryString =
            if let district = scope.districtID { " AND (r.unit_id = \(bind: district) OR o.parent_id = \(bind: district))" } else {
                scope.andUnits("r.unit_id")
            }
        let rows = try await req.db.sql().raw(
            """
            SELECT r.year, r.status, r.report_by, r.publish_by, r.unit_id, o.kind AS kind, o.code AS code
            FROM annual_reports r JOIN org_nodes o ON o.id = r.unit_id
            WHERE r.published_on IS NULL AND ((r.submitted_on IS NULL AND r.report_by <= \(bind: soon)) OR r.publish_by <= \(bind: soon))\(only)
            ORDER BY r.year
            """
        ).all()
        var prompts: [HomePrompt] = []
        var lateUnits: [Int: Int] = [:]
        for row in rows {
            let year = try row.decode(column: "year", as: Int.self)
            let status = AnnualReportStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft
            guard let reportBy = LocalDate(try row.decode(column: "report_by", as: String.self)),
                let publishBy = LocalDate(try row.decode(column: "publish_by", as: String.self))
            else { continue }
            let district = try row.decode(column: "kind", as: String.self) == OrgNode.Kind.district.rawValue
            let href = "/reports/annual/\(year)/\(district ? AnnualReportService.districtCode : try row.decode(column: "code", as: String.self))"
            if !district && scope.spansUnits {
                if status == .draft && reportBy < today { lateUnits[year, default: 0] += 1 }
                continue
            }
            let whose = district ? "区政府" : "本单位"
            if status == .draft {
                prompts.append(
                    .init(
                        text: "\(whose) \(year) 年度法治政府建设情况报告应于 \(reportBy) 前报送" + (reportBy < today ? ",已逾期。" : "。"), href: href,
                        urgent: reportBy < today))
            } else if status == .submitted,
                req.may(.publishAnnualReport, district ? .district(try row.decode(column: "unit_id", as: UUID.self)) : .any)
            {
                prompts.append(
                    .init(
                        text: "\(whose) \(year) 年度法治政府建设情况报告已报送,应于 \(publishBy) 前向社会公开" + (publishBy < today ? ",已逾期。" : "。"),
                        href: href, urgent: publishBy < today))
            }
        }
        for (year, n) in lateUnits.sorted(by: { $0.key < $1.key }) {
            prompts.append(.init(text: "有 \(n) 个单位逾期未报送 \(year) 年度法治政府建设情况报告。", href: "/reports/annual?year=\(year)", urgent: true))
        }
        return prompts
    }

    var itemKinds: [DatedItem.Kind] { [.annualReport, .annualReportPublication] }

    /// Reports not yet submitted by their date, and submitted ones not yet published by theirs.
    var datedSources: [DatedSource] {
        [
            Self.source(.annualReport, key: "annual-report", done: "submitted_on", due: "report_by", step: "报送"),
            Self.source(.annualReportPublication, key: "annual-report-publish", done: "published_on", due: "publish_by", step: "向社会公开"),
        ]
    }

    /// One of the two dates: the reports whose `done` column is empty and whose `due` date has come.
    static func source(_ kind: DatedItem.Kind, key: String, done: String, due: String, step: String) -> DatedSource {
        DatedSource(
            kind: kind,
            select: { horizon, _ in
                """
                SELECT r.id, r.id AS ref, r.unit_id, CAST(r.year AS TEXT) AS label,
                  CAST(r.year AS TEXT) || '/' || (CASE WHEN o.kind = 'unit' THEN o.code ELSE 'district' END) AS detail, \(ident: "r").\(ident: due) AS due
                FROM annual_reports r JOIN org_nodes o ON o.id = r.unit_id
                WHERE \(ident: "r").\(ident: done) IS NULL AND \(ident: "r").\(ident: due) <= \(bind: horizon.description)
                """
            },
            item: { row in
                row.dueDate.map {
                    DatedItem(
                        kind: kind, key: "\(key):\(row.id.uuidString)", unitID: row.unitId,
                        title: "\(row.label) 年度法治政府建设情况报告应于 \(row.due) 前\(step)", due: $0, href: "/reports/annual/\(row.detail)")
                }
            })
    }

    func showsItems(to req: Request) -> Bool { req.may(.viewAnnualReport) }

    func seedDemo(_ app: Application, history: Bool) async throws {
        try await AnnualReportDemo.seed(app, history: history)
    }

    var reportCommands: [String: any AnyAsyncCommand] { ["annual": AnnualReportCommand()] }
}
