import Vapor

/// A throw-away application on a temporary SQLite file for the benchmarks: migrated, quiet, and
/// removed with its folder afterwards whatever happens.
enum BenchmarkApp {
    static func run(_ name: String, _ body: (Application) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Production mode seeds nothing; it needs an audit key, a throw-away one here.
        let key = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max)) }.joined()
        let config = try FazhiConfig.fromEnvironment([
            "FAZHI_DATA_DIR": directory, "FAZHI_ENV": "production", "FAZHI_BCRYPT_COST": "4",
            "FAZHI_AUDIT_KEY": key,
        ])
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config: config)
            app.logger.logLevel = .error
            try await app.autoMigrate()
            try await body(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
