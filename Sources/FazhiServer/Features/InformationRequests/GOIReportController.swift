import FazhiCore
import Fluent
import Vapor

/// 政府信息公开工作年度报告: the tables of a year for a unit or the district with the balancing
/// check and the register's indicators; the manual counts and texts; .xlsx/.docx/.csv exports.
struct GOIReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("goi", "report")
        r.on(.GET, policy: .viewGOIReport, use: show)
        r.on(.POST, "entries", policy: .viewGOIReport, use: save)
        r.on(.GET, "download", ":format", policy: .viewGOIReport, use: download)
    }

    struct Query: Content {
        var year: Int?
        var unit: String?
    }

    /// The year and the scope asked for, checked against what the caller may read: a unit user
    /// always gets their own unit.
    static func scope(_ req: Request) async throws -> (Int, OrgNode?) {
        let q = (try? req.query.decode(Query.self)) ?? Query()
        let user = try req.requireUser()
        let year = q.year ?? req.clock.today.year - 1
        guard (2000...2100).contains(year) else { throw AppError.badRequest("年度无效", field: "year") }
        var unit: OrgNode?
        if let code = q.unit, !code.isEmpty {
            unit = try await OrgNode.query(on: req.db).filter(\.$kind == .unit).filter(\.$code == code).first()
            guard unit != nil else { throw AppError.notFound("单位") }
        } else if case .unit(let own) = user.scope(.viewGOIReport) {
            unit = try await OrgNode.find(own, on: req.db)
        }
        if let unit { try req.authorize(.viewGOIReport, .unit(unit.requireID())) } else { try req.authorize(.viewGOIReport, .any) }
        if unit == nil, !user.scope(.viewGOIReport).spansUnits { throw AppError.forbidden }
        return (year, unit)
    }

    @Sendable func show(req: Request) async throws -> View {
        let (year, unit) = try await Self.scope(req)
        return try await render(req, year: year, unit: unit, errors: [], draft: nil)
    }

    static func rate(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }

    private func render(_ req: Request, year: Int, unit: OrgNode?, errors: [FieldError], draft: [String: String]?) async throws -> View {
        let report = try await GOIReportService.build(year: year, unit: unit, district: try await req.district(), on: req.db)
        let values = draft ?? report.entries
        let user = try req.requireUser()
        let units = try await GOIPublicController.units(req)
        let canEdit = try unit.map { req.may(.handleGOI, .unit(try $0.requireID())) } ?? req.may(.manageGOIReport)
        let table3 = report.table3
        let resultRows = GOITable3Row.outcomes + [.resultTotal]
        let rows = GOITable3Row.allCases.map { row in
            let group = row.group
            let groupSize = group.map { g in GOITable3Row.allCases.filter { $0.group == g }.count } ?? 0
            let firstOfGroup = group != nil && GOITable3Row.allCases.first { $0.group == group } == row
            return GOIReportContext.Row(
                group: group ?? "", label: row.label, values: (0..<7).map { table3.value(row, $0) },
                kind: [.newThisYear, .carriedIn, .carriedOut].contains(row) ? "head" : row == .resultTotal ? "total" : "result",
                sectionSpan: row == resultRows.first ? resultRows.count : 0,
                groupSpan: firstOfGroup ? groupSize : 0, grouped: group != nil)
        }
        func cells(_ list: [GOIManualTables.Cell]) -> [GOIReportContext.EntryCell] {
            list.map {
                .init(
                    key: $0.key, block: $0.block, row: $0.row, column: $0.column, value: values[$0.key] ?? "0", decimal: $0.decimal,
                    counted: report.table2Counted.contains($0.key))
            }
        }
        let indicators = try await GOIReportService.indicators(year: year, today: req.clock.today, scope: user.scope(.viewGOIReport), on: req.db)
        let visible = units.filter { u in unit.map { $0.id == u.id } ?? true }
        func row(_ name: String, _ href: String, _ i: GOIReportService.Indicators) -> GOIReportContext.IndicatorRow {
            .init(
                unit: name, href: href, received: i.received, answered: i.answered, onTime: i.onTime, late: i.late,
                onTimeRate: Self.rate(i.onTimeRate),
                extended: i.extended, extensionRate: Self.rate(i.extensionRate), overdue: i.overdue, open: i.open)
        }
        let indicatorRows = try visible.map { u in row(u.name, "/goi/report?year=\(year)&unit=\(u.code)", indicators[try u.requireID()] ?? .init()) }
        let base = "/goi/report/download"
        let suffix = "?year=\(year)" + (unit.map { "&unit=\($0.code)" } ?? "")
        return try await req.view.render(
            "goi/report",
            GOIReportContext(
                layout: LayoutContext(req, title: "政府信息公开年度报告", active: "goi"), year: year, title: report.title,
                scope: unit?.code ?? "",
                years: (2025...req.clock.today.year).reversed().map { OptionContext(value: String($0), label: "\($0) 年度", selected: $0 == year) },
                units: (user.scope(.viewGOIReport).spansUnits ? [OptionContext(value: "", label: "全区汇总", selected: unit == nil)] : [])
                    + units.filter { user.scope(.viewGOIReport).includes($0.id) }.map {
                        OptionContext(value: $0.code, label: $0.name, selected: unit?.id == $0.id)
                    },
                columns: GOITable3.columnLabels, cornerNote: GOITable3.cornerNote, rows: rows,
                balances: table3.balances.map { .init(column: $0.column, received: $0.received, accounted: $0.accounted, holds: $0.holds) },
                balanced: table3.isBalanced,
                table2: cells(GOIManualTables.table2),
                table4: GOIManualTables.table4Groups.enumerated().map { g, group in
                    .init(
                        group: group, cells: cells(GOIManualTables.table4.filter { $0.block == group && $0.column != "总计" }),
                        total: GOIManualTables.table4Value(values, group: g, column: 4))
                },
                texts: GOIManualTables.texts.map {
                    .init(key: $0.key, block: "", row: "", column: $0.label, value: values[$0.key] ?? "", decimal: false)
                },
                missingTexts: GOIManualTables.texts.filter { (values[$0.key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.map(
                    \.label),
                fees: report.fees, canEdit: canEdit, editCounts: unit != nil, table4Source: report.table4Source, table2Source: report.table2Source,
                indicators: indicatorRows,
                total: unit == nil ? row("全区", "", GOIReportService.total(Array(indicators.values))) : nil,
                downloads: [
                    .init(label: "Excel(.xlsx)", href: base + "/xlsx" + suffix), .init(label: "Word(.docx)", href: base + "/docx" + suffix),
                    .init(label: "表三 CSV", href: base + "/csv" + suffix),
                ],
                errors: .init(errors)))
    }

    @Sendable func save(req: Request) async throws -> Response {
        let (year, unit) = try await Self.scope(req)
        if let unit { try req.authorize(.handleGOI, .unit(unit.requireID())) } else { try req.authorize(.manageGOIReport) }
        let values = (try? req.content.decode([String: String].self)) ?? [:]
        let suffix = "?year=\(year)" + (unit.map { "&unit=\($0.code)" } ?? "")
        return try await req.attempt(
            success: "/goi/report" + suffix + "&notice=saved",
            render: { errors in
                try await render(req, year: year, unit: unit, errors: errors, draft: values)
            }
        ) {
            try await GOIReportService.save(
                year: year, unit: unit?.id, district: try await req.districtID(), values: values, actor: .user(try req.requireUser()),
                on: req.db, now: req.clock.now())
        }
    }

    @Sendable func download(req: Request) async throws -> Response {
        let (year, unit) = try await Self.scope(req)
        let report = try await GOIReportService.build(year: year, unit: unit, district: try await req.district(), on: req.db)
        let name = report.title
        switch req.parameters.get("format") {
        case "xlsx":
            return .download(try GOIReportService.xlsx(report), name: name + ".xlsx", type: Response.xlsxType, fallback: "goi-report-\(year).xlsx")
        case "docx":
            return .download(try GOIReportService.docx(report), name: name + ".docx", type: Response.docxType, fallback: "goi-report-\(year).docx")
        case "csv":
            // With a byte-order mark so that Excel opens the UTF-8 labels correctly.
            return .download(
                Data(("\u{FEFF}" + report.table3.csv()).utf8), name: name + "(表三).csv",
                type: HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"]), fallback: "goi-table3-\(year).csv")
        default: throw AppError.notFound("格式")
        }
    }
}
