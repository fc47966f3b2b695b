import FazhiCore
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Wires the application: storage, templates, middleware, routes and commands.
public func configure(_ app: Application, config: FazhiConfig) async throws {
    app.fazhi = config
    app.auditKey = try AuditKey.load(config)
    AuditKey.activate(app.auditKey)
    app.loginThrottle = NIOLockedValueBox(LoginThrottle())

    switch config.storage {
    case .sqliteFile(let path):
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        // A request may wait for the connection while another holds it in a write transaction
        // (each event loop has one SQLite connection): well beyond the write lock's busy timeout.
        app.databases.use(.sqlite(.file(path), connectionPoolTimeout: .seconds(60)), as: .sqlite)
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory), as: .sqlite)
    case .postgres(let url):
        app.databases.use(try .postgres(url: url, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(60)), as: .psql)
    }
    if case .sqliteFile = config.storage, let sql = app.db as? any SQLDatabase {
        // Write-ahead log: readers never wait for a writer and a writer never waits for readers;
        // committed transactions survive a killed process. Kept in the database file once set.
        try await sql.raw("PRAGMA journal_mode = WAL").run()
    }
    app.migrations.addFazhiMigrations()

    app.views.use(.leaf)
    app.leaf.cache.isEnabled = app.environment.isRelease

    app.http.server.configuration.hostname = config.hostname
    app.http.server.configuration.port = config.port
    app.routes.defaultMaxBodySize = "1mb"

    // Outermost first: headers also go on error pages; errors are mapped before headers are added.
    app.middleware = .init()
    app.middleware.use(SecurityHeadersMiddleware(secureCookies: config.secureCookies))
    app.middleware.use(FazhiErrorMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))

    app.deadlineRules = try CalendarService.loadRules(resources: app.directory.resourcesDirectory)
    app.rateLimiter = RateLimiter()
    try routes(app)
    registerCommands(app)
    app.dummyPasswordHash = try await Passwords.hash(Tokens.random(), cost: config.bcryptCost)
}
