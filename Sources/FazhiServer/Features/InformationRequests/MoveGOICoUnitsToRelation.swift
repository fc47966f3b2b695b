import FazhiCore
import Fluent
import FluentSQL
import Foundation

/// The register's third migration: co-units (协办单位) become rows of `goi_co_units` instead of a
/// comma-joined column matched with a substring filter; the column goes.
struct MoveGOICoUnitsToRelation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(GOICoUnit.schema)
            .id()
            .field("request_id", .uuid, .required, .references("goi_requests", "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references("org_nodes", "id"))
            .unique(on: "request_id", "unit_id")
            .create()
        let sql = try database.sql()
        try await sql.create(index: "goi_co_units_unit_idx").on(GOICoUnit.schema).column("unit_id").run()
        let rows = try await sql.raw("SELECT id, co_unit_ids FROM goi_requests WHERE co_unit_ids <> ''").all()
        let units = Set(try await OrgNode.query(on: database).all().compactMap(\.id))
        var links: [GOICoUnit] = []
        for row in rows {
            let request = try row.decode(column: "id", as: UUID.self)
            let ids = try row.decode(column: "co_unit_ids", as: String.self).split(separator: ",").compactMap { UUID(uuidString: String($0)) }
            // A unit id that names no unit any more is dropped (nothing could have matched it).
            for unit in Set(ids) where units.contains(unit) { links.append(GOICoUnit(request: request, unit: unit)) }
        }
        for start in stride(from: 0, to: links.count, by: 500) {
            try await Array(links[start..<min(links.count, start + 500)]).create(on: database)
        }
        try await database.schema("goi_requests").deleteField("co_unit_ids").update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("goi_requests").field("co_unit_ids", .string, .required, .sql(.default(""))).update()
        let links = try await GOICoUnit.query(on: database).all()
        for (request, rows) in Dictionary(grouping: links, by: { $0.$request.id }) {
            let joined = rows.map { $0.$unit.id.uuidString }.sorted().joined(separator: ",")
            try await database.sql().raw("UPDATE goi_requests SET co_unit_ids = \(bind: joined) WHERE id = \(bind: request)").run()
        }
        try await database.schema(GOICoUnit.schema).delete()
    }
}
