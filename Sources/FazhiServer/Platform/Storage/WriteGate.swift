import Fluent
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// 写入闸 One SQLite write transaction at a time in this process, in order of arrival.
///
/// SQLite has one write lock per file. When two connections want it, the one that waits polls for
/// it (`busy_timeout`) while the other may take it again the moment it commits: under load a
/// writer on one event loop could lose the lock again and again, hold its loop's only connection
/// meanwhile, and leave every request queued behind that connection to time out. Writers of this
/// process therefore queue here, first come first served, *before* they take a connection; the
/// SQLite lock and its busy timeout still order this process against others (the CLI, a second
/// server).
final class WriteGate: Sendable {
    private struct State {
        var held = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var head = 0
    }
    private let state = NIOLockedValueBox(State())

    /// Set while the current task holds a gate: a write that starts inside another (on a second
    /// handle instead of the transaction's) must not wait for itself.
    @TaskLocal static var holding = false

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if Self.holding { return try await body() }
        await acquire()
        do {
            let result = try await Self.$holding.withValue(true) { try await body() }
            release()
            return result
        } catch {
            release()
            throw error
        }
    }

    private func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let admitted = state.withLockedValue { state -> Bool in
                if !state.held {
                    state.held = true
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if admitted { continuation.resume() }
        }
    }

    private func release() {
        let next = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            guard state.head < state.waiters.count else {
                state.held = false
                state.waiters.removeAll(keepingCapacity: true)
                state.head = 0
                return nil
            }
            // The gate passes straight to the next writer: it stays held.
            let next = state.waiters[state.head]
            state.head += 1
            // A queue that never empties under steady load drops the served half now and then.
            if state.head >= 1024, state.head * 2 >= state.waiters.count {
                state.waiters.removeFirst(state.head)
                state.head = 0
            }
            return next
        }
        next?.resume()
    }
}

/// Fluent's SQLite configuration with this process's write gate for the file beside it: the
/// gate travels in every database handle's context, so `writeTransaction` finds it from any `db`.
struct GatedSQLiteConfiguration: DatabaseConfiguration {
    var base: any DatabaseConfiguration
    let gate: WriteGate

    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver { base.makeDriver(for: databases) }
}

extension DatabaseConfigurationFactory {
    /// A SQLite file whose write transactions queue at one `WriteGate`.
    static func gatedSQLite(path: String, connectionPoolTimeout: TimeAmount) -> DatabaseConfigurationFactory {
        let base = DatabaseConfigurationFactory.sqlite(.file(path), connectionPoolTimeout: connectionPoolTimeout)
        let gate = WriteGate()
        return DatabaseConfigurationFactory { GatedSQLiteConfiguration(base: base.make(), gate: gate) }
    }
}

extension Database {
    /// The write gate of this handle's SQLite file; nil on PostgreSQL.
    var writeGate: WriteGate? { (context.configuration as? GatedSQLiteConfiguration)?.gate }
}
