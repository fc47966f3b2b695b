import FazhiCore
import FazhiOffice
import Vapor

/// 逾期看板: overdue work by unit (counts and working days overdue) and every overdue item, with an Excel export.
struct OverdueController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "overdue", policy: .viewTasks, use: board)
        routes.on(.GET, "overdue", "export.xlsx", policy: .viewTasks, use: export)
    }

    static func kind(_ raw: String) -> String { RegisterModules.itemKind(raw)?.label ?? raw }
    static let stages = ["overdue": "已提醒联络员", "head": "已告知负责人", "notice": "应督办"]

    @Sendable func board(req: Request) async throws -> View {
        let items = try await OverdueService.items(req)
        let units = Dictionary(grouping: items, by: \.unitCode).map { code, list in
            OverdueBoardContext.UnitRow(
                unit: list[0].unit, tasks: list.filter { $0.kind == "task" }.count,
                reports: list.filter { $0.kind == "progress_report" }.count,
                measures: list.filter { $0.kind == "problem_measure" }.count,
                others: list.filter { !["task", "progress_report", "problem_measure"].contains($0.kind) }.count,
                longest: list.map(\.workdaysOverdue).max() ?? 0,
                total: list.reduce(0) { $0 + $1.workdaysOverdue })
        }.sorted { ($0.longest, $0.total, $0.unit) > ($1.longest, $1.total, $1.unit) }
        let canIssue = req.may(.manageSupervision)
        let ladder = try await SupervisionScan.ladder(on: req.db)
        let page = try req.pageNumber()
        let shown = items.sorted { ($0.workdaysOverdue, $1.due) > ($1.workdaysOverdue, $0.due) }
            .dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize)
        return try await req.view.render(
            "overdue",
            OverdueBoardContext(
                layout: LayoutContext(req, title: "逾期看板", active: "supervision"), today: req.clock.today.description, units: units,
                items: shown.map { i in
                    .init(
                        kind: Self.kind(i.kind), title: i.title, href: i.href, unit: i.unit, due: i.due, workdays: i.workdaysOverdue,
                        stage: Self.stages[i.stage] ?? i.stage, stageCode: i.stage, notice: i.notice,
                        issueHref: canIssue && i.notice == nil && i.kind != "notice"
                            ? "/supervision/new?subject=\(i.key.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-"))) ?? "")"
                            : nil)
                },
                total: items.count, pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: items.count),
                ladder:
                    "临期前 \(ladder.dueSoonWorkdays) 个工作日提醒联络员;逾期当天提醒联络员;逾期 \(ladder.headAfterWorkdays) 个工作日告知单位负责人;逾期 \(ladder.noticeAfterWorkdays) 个工作日提示法治办下发督办单",
                canManage: canIssue))
    }

    static let pageSize = 100

    @Sendable func export(req: Request) async throws -> Response {
        let items = try await OverdueService.items(req)
        let rows: [[XLSX.Cell]] =
            [["类型", "事项", "责任单位", "到期日", "逾期工作日", "督办阶段", "督办单"].map { .text($0) }]
            + items.map {
                [
                    .text(Self.kind($0.kind)), .text($0.title), .text($0.unit), .text($0.due), .number("\($0.workdaysOverdue)"),
                    .text(Self.stages[$0.stage] ?? $0.stage), .text($0.notice ?? ""),
                ]
            }
        return .download(
            try XLSX.write([XLSX.Sheet(name: "逾期事项", rows: rows, widths: [10, 60, 18, 12, 12, 14, 18])]),
            name: "逾期事项(\(req.clock.today)).xlsx", type: Response.xlsxType, fallback: "overdue.xlsx")
    }
}
