import FazhiCore
import Fluent

/// The working calendar, built once and shared by every request until the calendar changes.
///
/// Building it reads every holiday row and tabulates the loaded years; pages that show a deadline
/// did that on every request. Every write transaction that changes the calendar stores a new
/// revision (`RevisionCache.bump`), and a request reads only that one value.
enum CalendarCache {
    /// A handful of revisions at most: one database has one at a time, but a test process runs many
    /// databases side by side, each with its own.
    static let engines = RevisionCache<Int, DeadlineEngine>(revisionKey: "calendar/revision", capacity: 16)

    /// A new revision, inside the transaction that changes the calendar.
    static func bump(on db: any Database) async throws { try await engines.bump(on: db) }

    /// The engine for the database's current revision, built by `build` when it is not cached yet.
    static func engine(on db: any Database, build: () async throws -> DeadlineEngine) async throws -> DeadlineEngine {
        try await engines.value(0, on: db, build: build)
    }
}
