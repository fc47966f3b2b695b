import FazhiCore
import FazhiOffice
import Vapor

/// 逾期看板: overdue work by unit (counts and working days overdue) and every overdue item, with an Excel export.
struct OverdueController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "overdue", policy: .viewTasks, use: board)
        routes.on(.GET, "overdue", "export.xlsx", policy: .viewTasks, use: export)
    }

    static let kinds = ["task": "任务", "problem_measure": "整改措施"]

    @Sendable func board(req: Request) async throws -> View {
        let items = try await OverdueService.items(req)
        let units = Dictionary(grouping: items, by: \.unitCode).map { code, list in
            OverdueBoardContext.UnitRow(unit: list[0].unit, tasks: list.filter { $0.kind == "task" }.count,
                                        measures: list.filter { $0.kind == "problem_measure" }.count,
                                        longest: list.map(\.workdaysOverdue).max() ?? 0,
                                        total: list.reduce(0) { $0 + $1.workdaysOverdue })
        }.sorted { ($0.longest, $0.total, $0.unit) > ($1.longest, $1.total, $1.unit) }
        return try await req.view.render("overdue", OverdueBoardContext(
            layout: LayoutContext(req, title: "逾期看板", active: "problems"), today: req.clock.today.description, units: units,
            items: items.map { .init(kind: Self.kinds[$0.kind] ?? $0.kind, title: $0.title, href: $0.href, unit: $0.unit, due: $0.due,
                                     workdays: $0.workdaysOverdue) }))
    }

    @Sendable func export(req: Request) async throws -> Response {
        let items = try await OverdueService.items(req)
        let rows: [[XLSX.Cell]] = [["类型", "事项", "责任单位", "到期日", "逾期工作日"].map { .text($0) }]
            + items.map { [.text(Self.kinds[$0.kind] ?? $0.kind), .text($0.title), .text($0.unit), .text($0.due), .number("\($0.workdaysOverdue)")] }
        return .download(try XLSX.write([XLSX.Sheet(name: "逾期事项", rows: rows, widths: [10, 60, 18, 12, 12])]),
                         name: "逾期事项(\(req.clock.today)).xlsx", type: Response.xlsxType, fallback: "overdue.xlsx")
    }
}
