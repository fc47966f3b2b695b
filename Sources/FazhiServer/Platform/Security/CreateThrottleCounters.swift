import Fluent
import SQLKit

/// 025: the counters of the public pages' rate limits and of failed sign-ins, shared by every
/// server process (they were kept in each process's memory).
struct CreateThrottleCounters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.create(table: "throttle_counters")
            .column("key", type: .text, .primaryKey(autoIncrement: false))
            .column("count", type: .bigint, .notNull)
            .column("at", type: .custom(SQLRaw("DOUBLE PRECISION")), .notNull)
            .run()
        try await sql.create(index: "throttle_counters_at_idx").on("throttle_counters").column("at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql().drop(table: "throttle_counters").run()
    }
}
