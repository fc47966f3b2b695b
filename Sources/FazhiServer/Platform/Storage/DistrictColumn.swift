import Fluent
import Foundation
import SQLKit

/// Makes a district-level table belong to a district: adds `district_id` (referencing the
/// organisation tree), gives the rows made before there could be several districts to the first
/// district (by its order and code), indexes the column and, where the table had a unique
/// constraint, makes it unique per district (`UniqueConstraintChange`).
enum DistrictColumn {
    /// All on one connection: a SQLite schema change read back through another connection of the pool
    /// was seen to be missed under load (the test that undoes and redoes these migrations failed so).
    static func add(to table: String, unique: [String]? = nil, on database: any Database) async throws {
        try await database.withConnection { db in
            try await db.schema(table).field("district_id", .uuid, .references("org_nodes", "id")).update()
            let sql = try db.sql()
            if let first = try await firstDistrict(on: db) {
                try await sql.raw("UPDATE \(ident: table) SET district_id = \(bind: first) WHERE district_id IS NULL").run()
            }
            if let unique {
                try await UniqueConstraintChange.replace(table: table, from: unique, to: ["district_id"] + unique, on: db)
            } else {
                try await sql.raw("CREATE INDEX \(ident: table + "_district_idx") ON \(ident: table) (district_id)").run()
            }
        }
    }

    /// The first district by its order, which every row kept before districts existed belongs to (a
    /// migration reads it in SQL: the model may have changed since).
    static func firstDistrict(on database: any Database) async throws -> UUID? {
        try await database.sql().raw("SELECT id FROM org_nodes WHERE kind = 'district' ORDER BY sort, code LIMIT 1")
            .first(decodingColumn: "id", as: UUID.self)
    }

    static func remove(from table: String, unique: [String]? = nil, on database: any Database) async throws {
        try await database.withConnection { db in
            if let unique {
                try await UniqueConstraintChange.replace(table: table, from: ["district_id"] + unique, to: unique, on: db)
            } else {
                try await db.sql().raw("DROP INDEX \(ident: table + "_district_idx")").run()
            }
            try await db.schema(table).deleteField("district_id").update()
        }
    }
}
