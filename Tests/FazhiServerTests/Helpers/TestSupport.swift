import FazhiCore
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import FazhiServer

/// Every server test runs inside this suite. On SQLite a few run side by side (each has a database
/// file of its own); on PostgreSQL one at a time (they share one cluster). `TestGate` decides.
@Suite struct ServerTests {}

/// How many server tests run at once, each in a numbered place: on SQLite four — enough to fill two
/// cores while others wait on I/O, few enough that their sign-ins stay inside the server's bcrypt
/// queue (`Passwords.maxWaiting`); on PostgreSQL two (each place has its database in the one
/// cluster, `fazhi_t_<process>_<place>`, made again for every test). `FAZHI_TEST_WIDTH` overrides
/// it (to measure, or on a machine with more cores).
actor TestGate {
    static let shared = TestGate()
    private var free: [Int]
    private var waiters: [CheckedContinuation<Int, Never>] = []

    init() { free = Array((0..<Self.width).reversed()) }

    static var width: Int {
        if let width = Int(ProcessInfo.processInfo.environment["FAZHI_TEST_WIDTH"] ?? ""), width > 0 { return width }
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty { return 2 }
        return 4
    }

    /// A free place, waiting for one in order of arrival.
    func acquire() async -> Int {
        if let place = free.popLast() { return place }
        return await withCheckedContinuation { waiters.append($0) }
    }

    /// Hands the place to the next waiter, in order.
    func release(_ place: Int) {
        if waiters.isEmpty { free.append(place) } else { waiters.removeFirst().resume(returning: place) }
    }
}

/// 2026-11-26 12:00 in Shanghai: the demo seed's year, with overdue, open and finished tasks.
let fixedNow = Date(timeIntervalSince1970: 1_795_665_600)

/// A clock the test can move.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(minutes: Double) { lock.withLock { current = current.addingTimeInterval(minutes * 60) } }

    func advance(days: Int) { advance(minutes: Double(days) * 24 * 60) }
}

/// Where tests keep their data folders: one folder per test process, in memory (`/dev/shm`) where
/// the machine has it, removed when the process ends. Every test copies the seeded district's data
/// folder (about 300 folders of stored files), which on a disk cost more CPU than most tests.
/// Folders of earlier runs that did not end normally are removed by the next run.
enum TestPaths {
    static let root: String = {
        let files = FileManager.default
        let base = files.isWritableFile(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory()
        let pid = ProcessInfo.processInfo.processIdentifier
        for entry in (try? files.contentsOfDirectory(atPath: base)) ?? [] where entry.hasPrefix("fazhi-tests-") {
            guard let other = Int32(entry.dropFirst("fazhi-tests-".count)), other != pid else { continue }
            if kill(other, 0) != 0, errno == ESRCH { try? files.removeItem(atPath: base + entry) }
        }
        let root = base + "fazhi-tests-\(pid)"
        try? files.createDirectory(atPath: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TestPaths.root) }
        return root
    }()

    /// A new folder's path (not yet created) for one test or template.
    static func fresh() -> String { root + "/" + UUID().uuidString }
}

/// The database for tests: a SQLite file, or PostgreSQL when DATABASE_URL is set (CI's second run).
func testConfig() throws -> FazhiConfig {
    let directory = TestPaths.fresh()
    var config = try FazhiConfig.fromEnvironment([:])
    if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
        config.storage = .postgres(url)
    } else {
        config.storage = .sqliteFile(directory + "/fazhi.sqlite")
    }
    config.bcryptCost = 4
    // One audit key for every test application: the key is the process's (`AuditKey.active`), and
    // tests run side by side in one process.
    config.auditKey = String(repeating: "5a", count: 32)
    config.dataDirectory = directory
    return config
}

/// What a test's database starts with. Each is made once per test process (migrated, then
/// seeded) and copied for every test that asks for it: migrating and seeding take far longer than
/// copying, and every test still gets a database of its own.
struct Fixture: Sendable {
    /// Names the template: two fixtures with the same key hold the same rows.
    let key: String
    /// Seeds a migrated, empty application (nil: the schema only).
    let seed: (@Sendable (Application) async throws -> Void)?

    /// The migrated schema only.
    static let empty = Fixture(key: "empty", seed: nil)
    /// The demo district as `fazhi serve` seeds it; `registers`: with a year of the registers'
    /// history (依申请公开), for the tests that read it.
    static func demo(registers: Bool) -> Fixture {
        Fixture(key: registers ? "demo+registers" : "demo") { app in
            try await CalendarService.seedIfEmpty(app)
            try await DemoSeed.seed(app, resources: app.directory.resourcesDirectory, registers: registers)
        }
    }
}

/// The fixtures' templates. On SQLite a template is a data folder (database file, audit key, stored
/// files) copied for each test; on PostgreSQL also a template database (`CREATE DATABASE … TEMPLATE …`).
actor DemoTemplates {
    static let shared = DemoTemplates()

    struct Template {
        /// The seeded data folder (SQLite database, audit key, stored files).
        let directory: String
        /// On PostgreSQL, the template database's name.
        let database: String?
    }

    private var made: [String: Task<Template, any Error>] = [:]

    /// The fixture's template, made once however many tests ask for it at the same time.
    func template(_ fixture: Fixture, postgres: String?) async throws -> Template {
        if let made = made[fixture.key] { return try await made.value }
        let number = made.count
        let making = Task { try await Self.make(fixture, number: number, postgres: postgres) }
        made[fixture.key] = making
        return try await making.value
    }

    private static func make(_ fixture: Fixture, number: Int, postgres: String?) async throws -> Template {
        var config = try testConfig()
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        var database: String?
        if let postgres {
            let name = "fazhi_tpl_\(number)_\(ProcessInfo.processInfo.processIdentifier)"
            try await Self.admin(postgres, ["DROP DATABASE IF EXISTS \(name)", "CREATE DATABASE \(name)"])
            config.storage = .postgres(try Self.url(postgres, database: name))
            database = name
        }
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config: config)
            app.clock = AppClock(now: { fixedNow })
            try await app.autoMigrate()
            try await fixture.seed?(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        // Shutting down closes every connection; the last one to close moves the write-ahead log into
        // the main file, so a plain copy is the whole database. (A TRUNCATE checkpoint while the
        // pool's other connections were open could wait on their locks for a minute.)
        try await app.asyncShutdown()
        return Template(directory: config.dataDirectory, database: database)
    }

    /// A fresh database for the test in `place`, copied from `template` or empty; returns its address.
    func freshPostgres(from template: String?, postgres: String, place: Int) async throws -> String {
        let name = "fazhi_t_\(ProcessInfo.processInfo.processIdentifier)_\(place)"
        try await Self.admin(
            postgres, ["DROP DATABASE IF EXISTS \(name) WITH (FORCE)", "CREATE DATABASE \(name)" + (template.map { " TEMPLATE \($0)" } ?? "")])
        return try Self.url(postgres, database: name)
    }

    /// `url` with another database name.
    static func url(_ url: String, database: String) throws -> String {
        guard var parts = URLComponents(string: url) else { throw AppError.badRequest("DATABASE_URL 无效") }
        parts.path = "/" + database
        guard let result = parts.string else { throw AppError.badRequest("DATABASE_URL 无效") }
        return result
    }

    /// Runs statements on the cluster's maintenance database (CREATE/DROP DATABASE cannot run
    /// inside the database they name).
    static func admin(_ url: String, _ statements: [String]) async throws {
        var config = try testConfig()
        config.storage = .postgres(try Self.url(url, database: "postgres"))
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config: config)
            let sql = app.db as! any SQLDatabase
            for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        try? FileManager.default.removeItem(atPath: config.dataDirectory)
    }
}

/// Runs `body` with a migrated application seeded with the demo district; always shuts down.
/// `registers`: also seed the registers' demo history (依申请公开), for the tests that read it.
func withFazhiApp(
    seed: Bool = true, registers: Bool = false, adjust: (inout FazhiConfig) -> Void = { _ in },
    _ body: (Application, TestClock) async throws -> Void
) async throws {
    try await withFazhiApp(seed ? .demo(registers: registers) : .empty, adjust: adjust, body)
}

/// Runs `body` with a migrated application holding `fixture`'s rows; always shuts down.
func withFazhiApp(
    _ fixture: Fixture, adjust: (inout FazhiConfig) -> Void = { _ in }, _ body: (Application, TestClock) async throws -> Void
) async throws {
    var config = try testConfig()
    adjust(&config)
    let place = await TestGate.shared.acquire()
    let started = ContinuousClock.now
    defer {
        // FAZHI_TEST_TIMING=1 prints each test's own time (from its place to its end, not the wait).
        if ProcessInfo.processInfo.environment["FAZHI_TEST_TIMING"] == "1" {
            let name = Test.current.map { "\($0.name)\(Test.Case.current?.isParameterized == true ? " (one case)" : "")" } ?? "?"
            print("⏱ \(ContinuousClock.now - started) \(name)")
        }
        Task { await TestGate.shared.release(place) }
    }
    let dataDirectory = config.dataDirectory
    var copied = false
    // The templates are made with the test defaults; a test whose settings change what seeding
    // writes (with SMTP the demo's notices are also queued as e-mail) seeds its own copy.
    let baseline = try testConfig()
    if fixture.seed == nil || (config.smtp == nil && config.publicURL == baseline.publicURL) {
        // A private copy of the template (its database, audit key and stored files).
        switch config.storage {
        case .sqliteFile:
            let template = try await DemoTemplates.shared.template(fixture, postgres: nil)
            try FileManager.default.copyItem(atPath: template.directory, toPath: dataDirectory)
            copied = true
        case .postgres(let url):
            let template = try await DemoTemplates.shared.template(fixture, postgres: url)
            try FileManager.default.copyItem(atPath: template.directory, toPath: dataDirectory)
            if let database = template.database {
                config.storage = .postgres(try await DemoTemplates.shared.freshPostgres(from: database, postgres: url, place: place))
                copied = true
            }
        }
    }
    if case .postgres(let url) = config.storage, !copied {
        // The place's own empty database: tests side by side never share one.
        config.storage = .postgres(try await DemoTemplates.shared.freshPostgres(from: nil, postgres: url, place: place))
    }
    let app = try await Application.make(.testing)
    let clock = TestClock(fixedNow)
    do {
        try await configure(app, config: config)
        // The in-memory tester asks `app.responder.current` for every request, which builds the
        // router from every route again; the running server builds it once. Tests do the same.
        let responder = app.responder.current
        app.responder.use { _ in responder }
        app.clock = AppClock(now: { clock.now })
        try await app.autoMigrate()
        if !copied { try await fixture.seed?(app) }
        try await body(app, clock)
    } catch {
        try? await app.asyncShutdown()
        try? FileManager.default.removeItem(atPath: dataDirectory)
        throw error
    }
    try await app.asyncShutdown()
    try? FileManager.default.removeItem(atPath: dataDirectory)
}

/// A signed-in (or anonymous) browser: keeps cookies and the page's CSRF token.
struct Browser {
    let app: Application
    var cookies: [String: String] = [:]
    var csrf = ""
    /// Sent as `Referer` when set: the page a browser would name as the form's origin.
    var referer: String?

    init(_ app: Application) { self.app = app }

    static func signedIn(_ app: Application, as username: String) async throws -> Browser {
        var browser = Browser(app)
        let response = try await browser.signIn(username, password: DemoSeed.password)
        #expect(response.status == .seeOther, "sign-in of \(username)")
        try await browser.get("/")  // picks up the session's CSRF token
        return browser
    }

    @discardableResult
    mutating func signIn(_ username: String, password: String) async throws -> TestingHTTPResponse {
        try await get("/login")
        return try await post("/login", form: ["username": username, "password": password])
    }

    var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        if !cookies.isEmpty { headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        if let referer { headers.add(name: .referer, value: referer) }
        return headers
    }

    @discardableResult
    mutating func get(_ path: String) async throws -> TestingHTTPResponse {
        let response = try await app.testing().sendRequest(.GET, path, headers: headers)
        absorb(response)
        return response
    }

    /// Posts a form with the current CSRF token (unless `csrf: false`).
    @discardableResult
    mutating func post(
        _ path: String, form: [String: String] = [:], arrays: [String: [String]] = [:],
        csrf sendToken: Bool = true
    ) async throws -> TestingHTTPResponse {
        var fields = form
        if sendToken { fields["_csrf"] = csrf }
        var pairs = fields.map { "\(encode($0.key))=\(encode($0.value))" }
        for (key, values) in arrays { pairs += values.map { "\(encode(key + "[]"))=\(encode($0))" } }
        var headers = self.headers
        headers.contentType = .urlEncodedForm
        let response = try await app.testing().sendRequest(
            .POST, path, headers: headers,
            body: ByteBuffer(string: pairs.joined(separator: "&")))
        absorb(response)
        return response
    }

    /// Posts a multipart form with one file, as a browser's upload does.
    @discardableResult
    mutating func upload(_ path: String, fields: [String: String], file: (name: String, filename: String, data: Data)) async throws
        -> TestingHTTPResponse
    {
        let boundary = "fazhi-test-\(UUID().uuidString)"
        var body = Data()
        for (key, value) in fields.merging(["_csrf": csrf], uniquingKeysWith: { a, _ in a }) {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n".utf8)
        }
        body += Data(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                .utf8)
        body += file.data + Data("\r\n--\(boundary)--\r\n".utf8)
        var headers = self.headers
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        let response = try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(data: body))
        absorb(response)
        return response
    }

    /// Sends JSON with the session cookie and the CSRF header.
    mutating func json(_ method: HTTPMethod, _ path: String, _ body: String? = nil) async throws -> TestingHTTPResponse {
        var headers = self.headers
        headers.contentType = .json
        headers.add(name: "X-CSRF-Token", value: csrf)
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) })
        absorb(response)
        return response
    }

    private mutating func absorb(_ response: TestingHTTPResponse) {
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty { cookies.removeValue(forKey: pair[0]) } else { cookies[pair[0]] = pair[1] }
        }
        if let token = Self.csrfToken(in: response.body.string) { csrf = token }
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: #"name="_csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    private func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s
    }
}

extension TestingHTTPResponse {
    var location: String { headers.first(name: .location) ?? "" }
}

/// Counts rows of a model, to prove that refused input wrote nothing.
func count<M: Model>(_ model: M.Type, _ app: Application) async throws -> Int { try await M.query(on: app.db).count() }

func demoTask(_ app: Application, titled title: String) async throws -> PlanTask {
    let task = try await PlanTask.query(on: app.db).filter(\.$title == title).with(\.$coUnits).first()
    return try #require(task, "demo task \(title)")
}

/// The checkout the tests were compiled from: the nearest folder above this file holding `Package.swift`.
enum Checkout {
    static let root: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" && !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder
    }()
}

/// Dates written as in the law's examples (`"2026-11-26"`) in tests only: a malformed literal stops
/// the test, never the server.
extension LocalDate: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        guard let date = LocalDate(value) else { preconditionFailure("not a date: \(value)") }
        self = date
    }
}
