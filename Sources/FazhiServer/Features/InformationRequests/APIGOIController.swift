import FazhiCore
import Vapor

/// `GET /api/v1/goi/indicators?year=` the register's indicators per unit and district-wide, and
/// `GET /api/v1/goi/report?year=&unit=` table 3 with its balancing check. No personal data.
struct APIGOIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "goi", "indicators", policy: .viewGOIReport, use: indicators)
        routes.on(.GET, "goi", "report", policy: .viewGOIReport, use: report)
    }

    @Sendable func indicators(req: Request) async throws -> GOIIndicatorsDTO {
        let (year, unit) = try await GOIReportController.scope(req)
        let all = try await GOIReportService.indicators(
            year: year, today: req.clock.today, scope: try req.requireUser().scope(.viewGOIReport), on: req.db)
        let units = try await GOIPublicController.units(req).filter { u in unit.map { $0.id == u.id } ?? true }
        let rows = try units.map { GOIIndicatorsDTO.Row(unit: $0.code, name: $0.name, all[try $0.requireID()] ?? .init()) }
        return GOIIndicatorsDTO(
            year: year, asOf: req.clock.today.description, units: rows,
            district: unit == nil ? .init(unit: "district", name: "全区", GOIReportService.total(units.compactMap { $0.id.flatMap { all[$0] } })) : nil)
    }

    @Sendable func report(req: Request) async throws -> GOITable3DTO {
        let (year, unit) = try await GOIReportController.scope(req)
        let scope: RowScope = if let id = unit?.id { .unit(id) } else { try req.requireUser().scope(.viewGOIReport) }
        let (table, fees) = try await GOIReportService.table3(year: year, scope: scope, on: req.db)
        return GOITable3DTO(
            year: year, unit: unit?.code, columns: GOITable3.columnLabels,
            rows: GOITable3Row.allCases.map { row in .init(key: row.rawValue, label: row.fullLabel, values: (0..<7).map { table.value(row, $0) }) },
            balances: table.balances.map { .init(column: $0.column, received: $0.received, accounted: $0.accounted, holds: $0.holds) },
            balanced: table.isBalanced, fees: fees)
    }
}

struct GOIIndicatorsDTO: Content {
    struct Row: Content {
        let unit: String
        let name: String
        let received: Int
        let answered: Int
        let onTime: Int
        let late: Int
        /// 按时答复率 0…1, null without answers.
        let onTimeRate: Double?
        let extended: Int
        let extensionRate: Double?
        /// Open requests past their due date today.
        let overdue: Int
        let open: Int

        init(unit: String, name: String, _ i: GOIReportService.Indicators) {
            self.unit = unit; self.name = name; received = i.received; answered = i.answered; onTime = i.onTime; late = i.late
            onTimeRate = i.onTimeRate; extended = i.extended; extensionRate = i.extensionRate; overdue = i.overdue; open = i.open
        }
    }

    let year: Int
    let asOf: String
    let units: [Row]
    let district: Row?
}

struct GOITable3DTO: Content {
    struct Row: Content {
        let key: String
        let label: String
        let values: [Int]
    }

    struct Balance: Content {
        let column: String
        let received: Int
        let accounted: Int
        let holds: Bool
    }

    let year: Int
    let unit: String?
    let columns: [String]
    let rows: [Row]
    let balances: [Balance]
    let balanced: Bool
    let fees: Int
}
