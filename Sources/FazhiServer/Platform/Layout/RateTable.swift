import FazhiCore
import Fluent
import Vapor

/// The pieces of an indicators page (`rates/cell.leaf`): each rate's definition, and a row per unit
/// (and the district) with a cell per rate — its text, numerator and denominator, and the link to the
/// records the denominator counted (empty when the reader may not open them).
enum RateTable {
    struct Definition: Encodable {
        let name: String
        let text: String
    }

    struct Cell: Encodable {
        let text: String
        let numerator: Int
        let denominator: Int
        let href: String
        /// The rate's name: the cell's label when a phone stacks the table.
        var label = ""
    }

    struct Row: Encodable {
        let unit: String
        let cells: [Cell]
    }
}

/// What an indicators page shows a caller: the year asked for, the units the policy lets them see
/// for `action`, and the policy's scope the figures are counted over (a district's units, or a
/// unit role's own unit, or nothing).
struct RateSelection {
    let year: Int
    let units: [OrgNode]
    let scope: RowScope

    /// Whether the caller sees every unit of the district (and so the district's row).
    var all: Bool { scope.spansUnits }
    /// The one unit counted for a unit role (a unit matching nothing when it has none); nil for a district.
    var only: UUID? { all ? nil : (scope.ownUnit ?? RowScope.noUnit) }

    static func of(_ req: Request, _ action: Action, defaultYear: Int? = nil) async throws -> RateSelection {
        let year = try req.queryYear() ?? defaultYear ?? req.clock.today.year
        let scope = try req.requireUser().scope(action)
        let units = try await OrgNode.units(in: scope, on: req.db)
        return RateSelection(year: year, units: units, scope: scope)
    }
}
