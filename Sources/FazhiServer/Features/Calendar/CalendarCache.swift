import FazhiCore
import Fluent
import FluentSQL
import NIOConcurrencyHelpers

/// The working calendar, built once and shared by every request until the calendar changes.
///
/// Building it reads every holiday row and tabulates the loaded years; pages that show a deadline
/// did that on every request. Every write transaction that changes the calendar stores a new random
/// revision (in `number_sequences`), and a request reads only that one value: the calendar built for
/// the revision it finds is reused, in this process and — being keyed by the database's own revision —
/// correctly when several processes share one database.
enum CalendarCache {
    static let key = "calendar/revision"
    /// Engines by revision, each with the tick of its last use.
    private static let engines = NIOLockedValueBox<(entries: [Int64: (engine: DeadlineEngine, used: UInt64)], tick: UInt64)>(([:], 0))
    /// A handful of revisions at most: one database has one at a time, but a test process runs many
    /// databases side by side, each with its own.
    static let capacity = 16

    /// The revision the database holds now (nil before the calendar was ever written).
    static func revision(on db: any Database) async throws -> Int64? {
        let sql = try db.sql()
        return try await sql.raw("SELECT seq_value FROM number_sequences WHERE seq_key = \(bind: key)").first()?
            .decode(column: "seq_value", as: Int64.self)
    }

    /// A new revision, inside the transaction that changes the calendar.
    static func bump(on db: any Database) async throws {
        let sql = try db.sql()
        let value = Int64.random(in: 1...Int64.max)
        try await sql.raw(
            """
            INSERT INTO number_sequences (seq_key, seq_value) VALUES (\(bind: key), \(bind: value))
            ON CONFLICT (seq_key) DO UPDATE SET seq_value = excluded.seq_value
            """
        ).run()
    }

    /// The engine for the database's current revision, built by `build` when it is not cached yet.
    static func engine(on db: any Database, build: () async throws -> DeadlineEngine) async throws -> DeadlineEngine {
        guard let revision = try await revision(on: db) else { return try await build() }
        let cached = engines.withLockedValue { cache -> DeadlineEngine? in
            guard let entry = cache.entries[revision] else { return nil }
            cache.tick += 1
            cache.entries[revision] = (entry.engine, cache.tick)
            return entry.engine
        }
        if let cached { return cached }
        let engine = try await build()
        engines.withLockedValue { cache in
            // Full: the least recently used revision goes, never the ones in use.
            if cache.entries.count >= capacity, let oldest = cache.entries.min(by: { $0.value.used < $1.value.used })?.key {
                cache.entries.removeValue(forKey: oldest)
            }
            cache.tick += 1
            cache.entries[revision] = (engine, cache.tick)
        }
        return engine
    }
}
