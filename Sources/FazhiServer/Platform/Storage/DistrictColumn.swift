import Fluent
import Foundation
import SQLKit

/// Makes a district-level table belong to a district: adds `district_id` (referencing the
/// organisation tree), gives the rows made before there could be several districts to the first
/// district (by its order and code), indexes the column and, where the table had a unique
/// constraint, makes it unique per district (`UniqueConstraintChange`).
enum DistrictColumn {
    static func add(to table: String, unique: [String]? = nil, on database: any Database) async throws {
        try await database.schema(table).field("district_id", .uuid, .references("org_nodes", "id")).update()
        let sql = try database.sql()
        let first = try await sql.raw("SELECT id FROM org_nodes WHERE kind = 'district' ORDER BY sort, code LIMIT 1")
            .first(decodingColumn: "id", as: UUID.self)
        if let first { try await sql.raw("UPDATE \(ident: table) SET district_id = \(bind: first) WHERE district_id IS NULL").run() }
        if let unique {
            try await UniqueConstraintChange.replace(table: table, from: unique, to: ["district_id"] + unique, on: database)
        } else {
            try await sql.raw("CREATE INDEX \(ident: table + "_district_idx") ON \(ident: table) (district_id)").run()
        }
    }

    static func remove(from table: String, unique: [String]? = nil, on database: any Database) async throws {
        if let unique {
            try await UniqueConstraintChange.replace(table: table, from: ["district_id"] + unique, to: unique, on: database)
        } else {
            try await database.sql().raw("DROP INDEX \(ident: table + "_district_idx")").run()
        }
        try await database.schema(table).deleteField("district_id").update()
    }
}
