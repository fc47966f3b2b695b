import Crypto
import FazhiCore
import Foundation

/// PostgreSQL's own tools (`pg_dump`, `pg_restore`), run as child processes with the connection
/// in their environment (never on the command line, where `ps` would show a password).
struct PostgresTools: Sendable {
    let directory: String?

    /// `FAZHI_PG_BIN` when set; otherwise the tool on `PATH`, else the newest of Debian's
    /// `/usr/lib/postgresql/<version>/bin`.
    func path(of tool: String) throws -> String {
        let fm = FileManager.default
        if let directory {
            let path = directory + "/" + tool
            guard fm.isExecutableFile(atPath: path) else { throw BackupError("FAZHI_PG_BIN 指定的目录中没有 \(tool)(\(directory))") }
            return path
        }
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in searchPath.split(separator: ":") where fm.isExecutableFile(atPath: "\(folder)/\(tool)") {
            return "\(folder)/\(tool)"
        }
        let versions = ((try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).compactMap(Int.init).sorted(by: >)
        for version in versions where fm.isExecutableFile(atPath: "/usr/lib/postgresql/\(version)/bin/\(tool)") {
            return "/usr/lib/postgresql/\(version)/bin/\(tool)"
        }
        throw BackupError("找不到 PostgreSQL 的 \(tool):请安装 postgresql-client,或用 FAZHI_PG_BIN 指定其所在目录")
    }

    /// libpq's environment for a `postgres://` address (PostgresNIO's `tlsmode` becomes `PGSSLMODE`).
    static func environment(for url: String) throws -> [String: String] {
        guard let parts = URLComponents(string: url), let host = parts.host, !host.isEmpty else {
            throw BackupError("DATABASE_URL 不是有效的 PostgreSQL 地址")
        }
        var env = ProcessInfo.processInfo.environment
        env["PGHOST"] = host
        env["PGPORT"] = String(parts.port ?? 5432)
        if let user = parts.user { env["PGUSER"] = user.removingPercentEncoding ?? user }
        if let password = parts.password { env["PGPASSWORD"] = password.removingPercentEncoding ?? password }
        let database = String(parts.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw BackupError("DATABASE_URL 中没有数据库名") }
        env["PGDATABASE"] = database.removingPercentEncoding ?? database
        let tls = parts.queryItems?.first { $0.name == "tlsmode" || $0.name == "sslmode" }?.value ?? "prefer"
        env["PGSSLMODE"] = ["disable", "prefer", "require", "verify-ca", "verify-full"].contains(tls) ? tls : "prefer"
        return env
    }

    /// Runs `tool` and waits; a non-zero exit is an error carrying the tool's last lines of output.
    func run(_ tool: String, _ arguments: [String], environment: [String: String], scratch: String) async throws {
        let executable = try path(of: tool)
        let log = scratch + "/.\(tool)-\(UUID().uuidString).log"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: log, contents: nil) else { throw BackupError("无法写入 \(log)") }
        defer { try? FileManager.default.removeItem(atPath: log) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: BackupError("无法运行 \(executable):\(error)"))
            }
        }
        guard status == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            let tail = text.split(separator: "\n").suffix(6).joined(separator: "\n")
            throw BackupError("\(tool) 失败(退出码 \(status)):\n\(tail)")
        }
    }
}

/// SHA-256 of a file, read in pieces (evidence files reach 50 MB and databases far more).
enum FileDigest {
    static func sha256(of path: String) throws -> (hex: String, bytes: Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BackupError("无法读取 \(path)") }
        defer { try? handle.close() }
        var hasher = SHA256()
        var bytes = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            bytes += chunk.count
        }
        return (hasher.finalize().map { String(format: "%02x", $0) }.joined(), bytes)
    }
}
