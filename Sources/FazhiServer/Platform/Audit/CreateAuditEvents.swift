import Fluent
import FazhiCore
import SQLKit

/// 005: the hash-chained audit trail and its head row.
struct CreateAuditEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_events")
            .field("seq", .int, .identifier(auto: false))
            .field("at", .string, .required)
            .field("actor_id", .uuid)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("entity_type", .string, .required)
            .field("entity_id", .string, .required)
            .field("before", .string)
            .field("after", .string)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await database.schema("audit_head")
            .field("id", .int, .identifier(auto: false))
            .field("seq", .int, .required)
            .field("hash", .string, .required)
            .create()
        let head = AuditHead()
        head.id = 1
        head.seq = 0
        head.hash = AuditChain.genesis
        try await head.create(on: database)
        let sql = try database.sql()
        try await sql.create(index: "audit_events_entity_idx").on("audit_events")
            .column("entity_type").column("entity_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_head").delete()
        try await database.schema("audit_events").delete()
    }
}
