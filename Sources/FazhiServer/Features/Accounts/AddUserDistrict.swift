import Fluent
import Foundation
import SQLKit

/// 026: the district a user works in. A unit's people belong to their unit's district (the unit's
/// parent, so the column stays empty for them); the district's own roles (administrator, office,
/// assessors, leaders) name it here; the city's role names none. Users made before there could be
/// several districts belong to the one district there is.
struct AddUserDistrict: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users").field("district_id", .uuid, .references("org_nodes", "id")).update()
        let sql = try database.sql()
        let districts = try await sql.raw("SELECT id FROM org_nodes WHERE kind = 'district'").all()
        if districts.count == 1, let only = try districts.first?.decode(column: "id", as: UUID.self) {
            try await sql.raw("UPDATE users SET district_id = \(bind: only) WHERE unit_id IS NULL").run()
        }
        try await sql.raw("CREATE INDEX users_district_idx ON users (district_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql().raw("DROP INDEX users_district_idx").run()
        try await database.schema("users").deleteField("district_id").update()
    }
}
