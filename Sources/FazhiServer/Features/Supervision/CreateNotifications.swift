import Fluent
import FluentSQL

/// 014: the in-app inbox (站内提醒), the units' robot channels, and the delivery outbox the
/// scheduler processes claim rows from.
struct CreateNotifications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("notifications")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            /// `<item key>:<rung>`: one notification per user, item and rung, whichever process makes it.
            .field("key", .string, .required)
            .field("kind", .string, .required)
            .field("rung", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("href", .string, .required)
            .field("created_on", .string, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .field("digested_on", .string)
            .unique(on: "user_id", "key")
            .create()
        try await database.schema("unit_channels")
            .id()
            .field("unit_id", .uuid, .required, .references("org_nodes", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("url", .string, .required)
            .field("secret", .string)
            .field("enabled", .bool, .required)
            .field("created_by", .string, .required)
            .create()
        try await database.schema("deliveries")
            .id()
            /// Unique: a digest, a notice push… is enqueued once whichever process gets there first.
            .field("key", .string, .required)
            .field("channel", .string, .required)
            .field("target", .string, .required)
            .field("label", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_ms", .int64, .required)
            .field("claimed_by", .string)
            .field("claimed_until_ms", .int64)
            .field("last_error", .string)
            .field("sent_at_ms", .int64)
            .field("sent_by", .string)
            .field("created_at_ms", .int64, .required)
            .unique(on: "key")
            .create()
        let sql = try database.sql()
        try await sql.create(index: "notifications_user_idx").on("notifications").column("user_id").column("created_at").run()
        try await sql.create(index: "unit_channels_unit_idx").on("unit_channels").column("unit_id").run()
        try await sql.create(index: "deliveries_queue_idx").on("deliveries").column("status").column("next_attempt_ms").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["deliveries", "unit_channels", "notifications"] { try await database.schema(table).delete() }
    }
}
