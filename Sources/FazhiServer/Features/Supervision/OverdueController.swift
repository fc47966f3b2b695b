import FazhiCore
import FazhiOffice
import Fluent
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
        let board = try await OverdueService.board(req)
        let page = try req.pageNumber()
        // The summary by unit from counts grouped by unit, kind and due date (bounded by the dates).
        struct Tally { var tasks = 0, reports = 0, measures = 0, others = 0, longest = 0, total = 0 }
        var tallies: [UUID: Tally] = [:]
        var totalItems = 0
        let groups = try await board.groups()
        for group in groups {
            var t = tallies[group.unit] ?? Tally()
            switch group.kind {
            case .task: t.tasks += group.count
            case .progressReport: t.reports += group.count
            case .problemMeasure: t.measures += group.count
            default: t.others += group.count
            }
            let days = board.workdaysOverdue(group.due)
            t.longest = max(t.longest, days)
            t.total += days * group.count
            tallies[group.unit] = t
            totalItems += group.count
        }
        let names = try await OrgNode.query(on: req.db).filter(\.$kind == .unit).all()
            .reduce(into: [UUID: String]()) { names, unit in if let id = unit.id { names[id] = unit.name } }
        let units = tallies.map { id, t in
            OverdueBoardContext.UnitRow(
                unit: names[id] ?? "(未知单位)", tasks: t.tasks, reports: t.reports, measures: t.measures, others: t.others,
                longest: t.longest, total: t.total)
        }.sorted { ($0.longest, $0.total, $0.unit) > ($1.longest, $1.total, $1.unit) }
        let shown = try await board.page(offset: (page - 1) * Self.pageSize, limit: Self.pageSize, groups: groups)
        let canIssue = req.may(.manageSupervision)
        let ladder = board.ladder
        return try await req.view.render(
            "supervision/overdue",
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
                total: totalItems, pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: totalItems),
                ladder:
                    "临期前 \(ladder.dueSoonWorkdays) 个工作日提醒联络员;逾期当天提醒联络员;逾期 \(ladder.headAfterWorkdays) 个工作日告知单位负责人;逾期 \(ladder.noticeAfterWorkdays) 个工作日提示法治办下发督办单",
                canManage: canIssue))
    }

    static let pageSize = 100

    @Sendable func export(req: Request) async throws -> Response {
        let items = try await OverdueService.board(req).items()
        let rows: [[XLSX.Cell]] =
            [["类型", "事项", "责任单位", "到期日", "逾期工作日", "督办阶段", "督办单"].map { .text($0) }]
            + items.map {
                [
                    .text(Self.kind($0.kind)), .text($0.title), .text($0.unit), .text($0.due.description), .number("\($0.workdaysOverdue)"),
                    .text(Self.stages[$0.stage] ?? $0.stage), .text($0.notice ?? ""),
                ]
            }
        return .download(
            try XLSX.write([XLSX.Sheet(name: "逾期事项", rows: rows, widths: [10, 60, 18, 12, 12, 14, 18])]),
            name: "逾期事项(\(req.clock.today)).xlsx", type: Response.xlsxType, fallback: "overdue.xlsx")
    }
}
