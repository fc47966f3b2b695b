import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit

/// Write transactions that never fail because another writer is busy.
///
/// SQLite: Fluent opens a *deferred* transaction (`BEGIN TRANSACTION`), which takes the write lock
/// only at its first write. Two deferred transactions that both read and then write deadlock, and
/// SQLite resolves that by answering `database is locked` at once, without waiting. A write
/// transaction here therefore takes the write lock first (`BEGIN IMMEDIATE`): writers queue for the
/// lock (in this process first at its `WriteGate`, in order of arrival), waiting up to `busyTimeoutMilliseconds` (`PRAGMA busy_timeout`, set on the connection),
/// and a transaction that still meets a busy error before it wrote anything is tried again.
///
/// PostgreSQL: row locks make writers queue on their own; a transaction the server chose as a
/// deadlock victim or a serialization failure (40P01, 40001) is tried again as a whole.
///
/// Bodies build the rows they write inside the closure, so a second attempt starts clean.
extension Database {
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        // Nested inside another write transaction: its lock is already held.
        if inTransaction { return try await body(self) }
        var attempt = 0
        while true {
            do {
                let run: @Sendable () async throws -> T = {
                    try await self.transaction { tx in
                        if let sql = tx as? any SQLDatabase, sql.dialect.name == "sqlite" {
                            // Fluent has just sent a deferred BEGIN, which took no lock: end it and take the
                            // write lock now, on the same connection. Fluent's COMMIT/ROLLBACK then close it.
                            try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(WriteTransactionSettings.busyTimeoutMilliseconds))").run()
                            try await sql.raw("COMMIT").run()
                            do {
                                try await sql.raw("BEGIN IMMEDIATE").run()
                            } catch {
                                throw WriteTransactionBusy(underlying: error)
                            }
                        }
                        return try await body(tx)
                    }
                }
                // SQLite: queue at this process's write gate before taking a connection (WriteGate).
                if let gate = writeGate { return try await gate.run(run) }
                return try await run()
            } catch let busy as WriteTransactionBusy {
                attempt += 1
                guard attempt < WriteTransactionSettings.attempts, Self.isBusy(busy.underlying) else { throw busy.underlying }
            } catch {
                attempt += 1
                guard attempt < WriteTransactionSettings.attempts, Self.isRetryable(error) else { throw error }
            }
            // Back off a little, randomised, so retrying writers do not collide again in step.
            try await Task.sleep(nanoseconds: UInt64.random(in: 5_000_000...50_000_000) * UInt64(attempt))
        }
    }

    /// SQLite's "database is locked" family.
    static func isBusy(_ error: any Error) -> Bool {
        if let e = error as? SQLiteError {
            switch e.reason {
            case .busy, .locked, .busyTimeout, .busyInRecovery, .busyInSnapshot, .lockedBySharedCache: return true
            default: return false
            }
        }
        return false
    }

    /// Errors after which the whole transaction may run again: SQLite busy, PostgreSQL deadlock
    /// victim (40P01) or serialization failure (40001).
    static func isRetryable(_ error: any Error) -> Bool {
        if isBusy(error) { return true }
        if let e = error as? PSQLError, let code = e.serverInfo?[.sqlState] { return code == "40P01" || code == "40001" }
        return false
    }
}

enum WriteTransactionSettings {
    /// How long a writer waits for SQLite's write lock before its attempt counts as failed.
    static let busyTimeoutMilliseconds = 10_000
    /// Attempts per write transaction.
    static let attempts = 5
}

private struct WriteTransactionBusy: Error {
    let underlying: any Error
}
