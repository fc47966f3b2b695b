import Vapor

/// A throw-away application on a temporary SQLite file for the benchmarks: migrated, quiet, and
/// removed with its folder afterwards whatever happens.
enum BenchmarkApp {
    /// `demo`: in demo mode (the caller seeds the demo itself); otherwise production, which seeds nothing.
    static func run(_ name: String, demo: Bool = false, _ body: (Application) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Production mode seeds nothing; it needs an audit key, a throw-away one here.
        let key = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max)) }.joined()
        let config = try FazhiConfig.fromEnvironment([
            "FAZHI_DATA_DIR": directory, "FAZHI_ENV": demo ? "demo" : "production", "FAZHI_BCRYPT_COST": "4",
            "FAZHI_AUDIT_KEY": key, "FAZHI_SCHEDULER": "off",
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

    /// A city with one district of `count` units (`u0`, `u1` …), as the register benchmarks fill their rows for.
    static func units(_ app: Application, count: Int = 17) async throws -> [OrgNode] {
        let city = OrgNode(parentID: nil, code: "city", name: "某市", kind: .city, categoryCode: nil, sort: 0)
        try await city.create(on: app.db)
        let district = OrgNode(parentID: city.id, code: "district-某区", name: "某区", kind: .district, categoryCode: nil, sort: 0)
        try await district.create(on: app.db)
        var units: [OrgNode] = []
        for i in 0..<count {
            let unit = OrgNode(parentID: district.id, code: "u\(i)", name: "单位\(i)", kind: .unit, categoryCode: nil, sort: i)
            try await unit.create(on: app.db)
            units.append(unit)
        }
        return units
    }

    /// A SQL `CASE` choosing one of `values` by `column` modulo their count (spreads generated rows).
    static func pick(_ values: [String], _ column: String = "i") -> String {
        "CASE (\(column) % \(values.count)) " + values.enumerated().map { "WHEN \($0.offset) THEN '\($0.element)'" }.joined(separator: " ") + " END"
    }

    /// Runs `body` `repeats` times, prints the best and median under `prefix`, returns the median.
    static func time(_ prefix: String, _ label: String, repeats: Int, _ body: () async throws -> Void) async throws -> Double {
        var times: [Double] = []
        for _ in 0..<repeats {
            let t0 = Date()
            try await body()
            times.append(Date().timeIntervalSince(t0))
        }
        times.sort()
        print(String(format: "%@: %@ — best %.3f s, median %.3f s", prefix, label, times[0], times[times.count / 2]))
        return times[times.count / 2]
    }
}
