import Fluent
import FluentSQL
import NIOConcurrencyHelpers

/// Values computed from stored rows, reused until those rows change.
///
/// The database keeps a revision per cache (a row of `number_sequences` under `revisionKey`) that
/// every change of the rows replaces with a new random value — in the changing transaction (the
/// calendar) or by a trigger on the table (the 依申请公开 register), so no path of writing can be
/// missed. A read costs one query for the revision; the value built for that revision and key is
/// reused, in this process and — keyed by the database's own revision — correctly when several
/// processes share one database. Random revisions keep two databases (a test process runs many)
/// from ever sharing one.
final class RevisionCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    let revisionKey: String
    let capacity: Int

    private struct Slot: Hashable {
        let revision: Int64
        let key: Key
    }

    /// Values by revision and key, each with the tick of its last use.
    private let entries = NIOLockedValueBox<(values: [Slot: (value: Value, used: UInt64)], tick: UInt64)>(([:], 0))

    init(revisionKey: String, capacity: Int) {
        self.revisionKey = revisionKey
        self.capacity = capacity
    }

    /// The revision the database holds now (nil before the rows were ever written).
    func revision(on db: any Database) async throws -> Int64? {
        try await db.sql().raw("SELECT seq_value FROM number_sequences WHERE seq_key = \(bind: revisionKey)").first()?
            .decode(column: "seq_value", as: Int64.self)
    }

    /// A new revision, inside the transaction that changes the rows.
    func bump(on db: any Database) async throws {
        let value = Int64.random(in: 1...Int64.max)
        try await db.sql().raw(
            """
            INSERT INTO number_sequences (seq_key, seq_value) VALUES (\(bind: revisionKey), \(bind: value))
            ON CONFLICT (seq_key) DO UPDATE SET seq_value = excluded.seq_value
            """
        ).run()
    }

    /// The value for `key` at the database's current revision, built by `build` when not cached.
    /// Without a revision (never written) nothing is cached.
    func value(_ key: Key, on db: any Database, build: () async throws -> Value) async throws -> Value {
        try await value(key, revision: try await revision(on: db), build: build)
    }

    /// The value for `key` at a revision the caller has just read (with other rows, in one query).
    func value(_ key: Key, revision: Int64?, build: () async throws -> Value) async throws -> Value {
        guard let revision else { return try await build() }
        let slot = Slot(revision: revision, key: key)
        let cached = entries.withLockedValue { cache -> Value? in
            guard let entry = cache.values[slot] else { return nil }
            cache.tick += 1
            cache.values[slot] = (entry.value, cache.tick)
            return entry.value
        }
        if let cached { return cached }
        let value = try await build()
        entries.withLockedValue { cache in
            // Full: the least recently used value goes, never the ones in use.
            if cache.values.count >= capacity, let oldest = cache.values.min(by: { $0.value.used < $1.value.used })?.key {
                cache.values.removeValue(forKey: oldest)
            }
            cache.tick += 1
            cache.values[slot] = (value, cache.tick)
        }
        return value
    }
}
