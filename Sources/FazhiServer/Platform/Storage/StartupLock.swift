import Fluent
import Foundation
import SQLKit
import Vapor

#if canImport(Glibc)
    import Glibc
#endif

/// Serialises start-up work (migrations, the calendar's and the demo's seeding) between server
/// processes that start at the same moment — `systemctl start fazhi@8081 fazhi@8082`: without it
/// both would migrate an empty database at once, or both seed the demo. PostgreSQL: a session
/// advisory lock, held on one connection while the work runs on others (it also covers servers on
/// different machines). SQLite: an exclusive `flock` on a file beside the database.
enum StartupLock {
    /// Any number, the same in every process: the advisory lock's key.
    static let advisoryKey: Int64 = 0x66_617A_6869  // "fazhi"

    static func run<T: Sendable>(_ app: Application, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        switch app.fazhi.storage {
        case .postgres:
            return try await app.db.withConnection { connection in
                let sql = try connection.sql()
                try await sql.raw("SELECT pg_advisory_lock(\(bind: advisoryKey))").run()
                let result: T
                do {
                    result = try await work()
                } catch {
                    try? await sql.raw("SELECT pg_advisory_unlock(\(bind: advisoryKey))").run()
                    throw error
                }
                try await sql.raw("SELECT pg_advisory_unlock(\(bind: advisoryKey))").run()
                return result
            }
        case .sqliteFile:
            let path = app.fazhi.dataDirectory + "/.start.lock"
            let descriptor = open(path, O_CREAT | O_RDWR, 0o600)
            guard descriptor >= 0 else { throw AppError.conflict("无法创建启动锁文件 \(path)") }
            defer { close(descriptor) }
            // Polled, so that no thread of the pool blocks while another process migrates.
            while flock(descriptor, LOCK_EX | LOCK_NB) != 0 { try await Task.sleep(nanoseconds: 100_000_000) }
            defer { flock(descriptor, LOCK_UN) }
            return try await work()
        }
    }
}
