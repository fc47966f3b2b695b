import Fluent
import Foundation
import SQLKit

/// A 依申请公开 migration: the district's own report texts were kept under the scope "district"; with
/// several districts they are kept under the district's id (a unit's entries stay under the unit's).
/// Entries made before belong to the first district.
struct KeyGOIReportEntriesByDistrict: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let first = try await DistrictColumn.firstDistrict(on: database) else { return }
        try await database.sql().raw("UPDATE goi_report_entries SET scope = \(bind: first.uuidString) WHERE scope = 'district'").run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql()
        let districts = try await sql.raw("SELECT id FROM org_nodes WHERE kind = 'district'").all(decodingColumn: "id", as: UUID.self)
        for id in districts {
            try await sql.raw("UPDATE goi_report_entries SET scope = 'district' WHERE scope = \(bind: id.uuidString)").run()
        }
    }
}
