import FazhiCore
import Fluent
import Logging
import Vapor

/// The `fazhi` executable: configure, prepare, run the command, shut down.
public enum FazhiMain {
    public static func run() async {
        var env: Environment
        do { env = try Environment.detect() } catch { printError("参数错误:\(error)"); exit(2) }
        // Logs go to standard error so that standard output stays clean for data (plan export, deadline).
        let level = Logger.Level(rawValue: ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "") ?? .notice
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        // The shipped files are found wherever `fazhi` is run from; the default data folder is
        // beside them, never a new ./data in whatever directory the command happened to start in.
        let root: String
        var environment = ProcessInfo.processInfo.environment
        do { root = try InstallRoot.find(environment: environment) } catch { printError("\(error)"); exit(2) }
        if (environment["FAZHI_DATA_DIR"] ?? "").isEmpty { environment["FAZHI_DATA_DIR"] = root + "/data" }
        let config: FazhiConfig
        do { config = try FazhiConfig.fromEnvironment(environment) } catch { printError("\(error)"); exit(2) }
        let app: Application
        do { app = try await Application.make(env) } catch { printError("启动失败:\(error)"); exit(1) }
        app.directory = DirectoryConfiguration(workingDirectory: root)
        var failed = false
        var serving = false
        let command = env.arguments.dropFirst().first ?? "serve"
        do {
            try await configure(app, config: config)
            // An unknown command is answered here, once and in Chinese (the framework would also log it in English).
            let known = Set(app.asyncCommands.commands.keys)
            if !command.hasPrefix("-"), !known.contains(command) { throw CommandError.unknownCommand(command, available: Array(known)) }
            if command == "serve" {
                try await prepareToServe(app)
                serving = true
            }
            try await app.execute()
        } catch {
            printError("错误:\(describe(error, config: config))")
            failed = true
        }
        // Vapor shuts its stored services down in dictionary order, so the database pools could close
        // while requests were still being answered: those requests failed, or crashed on `req.db`, and
        // the crash report held SIGTERM up for 10–30 s. So the server stops accepting first (its open
        // connections finish their request, up to Vapor's 10 s), then the requests whose clients have
        // already hung up run out, and only then do the pools close.
        if serving {
            await app.server.shutdown()
            let left = await app.inFlight.drain(timeout: .seconds(20))
            if left > 0 { app.logger.warning("停止服务:仍有 \(left) 个请求未完成,不再等待") }
        }
        try? await app.asyncShutdown()
        if failed { exit(1) }
    }

    /// A start-up or command failure in words an operator can act on.
    static func describe(_ error: any Error, config: FazhiConfig) -> String {
        if error is CommandFailure || error is ConfigError { return "\(error)" }
        if let e = error as? AppError { return e.message }
        if let e = error as? CommandError { return commandMessage(e) }
        let detail = String(reflecting: error)
        if case .postgres = config.storage, detail.contains("PSQLError") || detail.contains("Connection refused") {
            return "无法使用 PostgreSQL 数据库,请检查 DATABASE_URL 和数据库服务是否可用。详情:\(detail)"
        }
        return detail
    }

    /// The command line's own errors, in Chinese (`fazhi --help` lists the commands).
    static func commandMessage(_ error: CommandError) -> String {
        switch error {
        case .missingCommand: "缺少命令。可用命令见 fazhi --help"
        case .unknownCommand(let name, let available):
            "没有名为“\(name)”的命令。可用命令:\(available.sorted().joined(separator: "、"))"
        case .missingRequiredArgument(let name): "缺少参数 \(name)。用法见 fazhi <命令> --help"
        case .invalidArgumentType(let name, _): "参数 \(name) 的值无效。用法见 fazhi <命令> --help"
        case .invalidOptionType(let name, _): "选项 --\(name) 的值无效。用法见 fazhi <命令> --help"
        case .unknownInput(let input): "无法识别的参数“\(input)”。用法见 fazhi <命令> --help"
        }
    }

    /// Migrates, seeds the demo on an empty database, and says what is running.
    static func prepareToServe(_ app: Application) async throws {
        // One process at a time: the second one to start finds the schema current and the demo seeded.
        let seeded = try await StartupLock.run(app) {
            try await app.autoMigrate()
            try await CalendarService.seedIfEmpty(app)
            let seeded = try await DemoSeed.seedIfEmpty(app)
            try await CalendarService.recomputeProvisional(app)
            return seeded
        }
        let config = app.fazhi
        let storage =
            switch config.storage {
            case .postgres: "PostgreSQL (DATABASE_URL)"
            case .sqliteFile(let path): "SQLite \(path)"
            }
        let url = "http://\(config.hostname):\(config.port)"
        let message: String
        if config.mode == .demo {
            message = """
                ════════════════════════════════════════════════════════════════
                 法治 Fazhi · 演示模式 (DEMO)\(seeded ? " · 已生成演示数据" : "")
                 地址 \(url)    数据库 \(storage)
                 演示账号(密码均为 \(DemoSeed.password)):
                   admin 系统管理员 · office 法治办 · assessor 考评员 · leader 区领导
                   <单位编码>-liaison 联络员 · <单位编码>-head 负责人(如 csglj-liaison)
                 演示模式的账号密码是公开的,请勿存放真实数据;生产环境请设置 FAZHI_ENV=production。
                ════════════════════════════════════════════════════════════════
                """
        } else if try await User.query(on: app.db).count() == 0 {
            message = "尚无任何用户。请先创建管理员:fazhi user create --role admin --username <用户名> --name <姓名>"
        } else {
            message = "法治 Fazhi 已启动:\(url) · \(storage)"
        }
        // Unbuffered, so the banner shows at once also when output goes to a file.
        FileHandle.standardOutput.write(Data((message + "\n").utf8))
        if config.scheduler.enabled { SupervisionScheduler.start(app) }
    }
}
