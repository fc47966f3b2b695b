import FazhiCore
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import LeafKit
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Wires the application: storage, templates, middleware, routes and commands.
public func configure(_ app: Application, config: FazhiConfig) async throws {
    app.fazhi = config
    AuditKey.activate(try AuditKey.load(config))
    app.loginThrottle = NIOLockedValueBox(LoginThrottleStore())

    switch config.storage {
    case .sqliteFile(let path):
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        // A request may wait for the connection while another holds it in a write transaction
        // (each event loop has one SQLite connection): well beyond the write lock's busy timeout.
        app.databases.use(.gatedSQLite(path: path, connectionPoolTimeout: .seconds(60)), as: .sqlite)
    case .postgres(let url):
        app.databases.use(try .postgres(url: url, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(60)), as: .psql)
    }
    if case .sqliteFile = config.storage, let sql = app.db as? any SQLDatabase {
        // Write-ahead log: readers never wait for a writer and a writer never waits for readers;
        // committed transactions survive a killed process. Kept in the database file once set.
        try await sql.raw("PRAGMA journal_mode = WAL").run()
    }
    app.migrations.addFazhiMigrations()

    // Leaf's own provider (`.leaf`) builds its renderer through `app.leaf.renderer`, which switches the
    // shared template cache off whenever Vapor's environment is "development" — the environment of
    // every `fazhi serve` not started with `--env production` — so each page read and parsed its
    // templates again on every request. The renderer is made here instead, with the cache as configured.
    app.views.use { app in
        var userInfo = app.leaf.userInfo
        userInfo["application"] = app
        return LeafRenderer(
            configuration: app.leaf.configuration, tags: app.leaf.tags, cache: app.leaf.cache, sources: app.leaf.sources,
            eventLoop: app.eventLoopGroup.next(), userInfo: userInfo)
    }
    app.leaf.cache.isEnabled = !config.reloadTemplates

    app.http.server.configuration.hostname = config.hostname
    app.http.server.configuration.port = config.port
    app.routes.defaultMaxBodySize = "1mb"

    // Outermost first: every request is counted while it runs (shutdown waits for them); headers also
    // go on error pages; errors are mapped before headers are added.
    app.middleware = .init()
    app.inFlight = InFlightRequests()
    app.middleware.use(InFlightMiddleware(requests: app.inFlight))
    app.middleware.use(SecurityHeadersMiddleware(secureCookies: config.secureCookies))
    app.middleware.use(FazhiErrorMiddleware())
    app.middleware.use(StaticFilesMiddleware(files: FileMiddleware(publicDirectory: app.directory.publicDirectory)))

    // Uploads a killed process left half-written (see FileStore.purgeLeftovers).
    let leftovers = app.fileStore.purgeLeftovers()
    if leftovers > 0 { app.logger.notice("已清理 \(leftovers) 个中断上传留下的临时文件") }
    app.deadlineRules = try CalendarService.loadRules(resources: app.directory.resourcesDirectory)
    app.rateLimiter = RateLimiter()
    for module in RegisterModules.all { try module.configure(app) }
    try routes(app)
    registerCommands(app)
    app.dummyPasswordHash = try await Passwords.hash(Tokens.random(), cost: config.bcryptCost)
}

/// Serves `Public/` for ordinary paths. A path longer than any file name can be (a hostile or
/// mistyped URL) goes straight to routing and its 404, instead of a file-system error (500).
struct StaticFilesMiddleware: AsyncMiddleware {
    let files: FileMiddleware

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.url.path.utf8.count <= 255 else { return try await next.respond(to: request) }
        return try await files.respond(to: request, chainingTo: next)
    }
}
