import FazhiCore
import Vapor

/// Every setting Fazhi reads from the environment, parsed once at start-up (README lists them).
public struct FazhiConfig: Sendable {
    public enum Mode: String, Sendable {
        /// 演示模式: seeds the demo district and its demo accounts into an empty database.
        case demo
        /// Nothing is seeded; the first administrator comes from `fazhi user create`.
        case production
    }

    public enum Storage: Sendable, Equatable {
        case sqliteFile(String)
        case postgres(String)
    }

    public var mode: Mode
    /// FAZHI_DATA_DIR: database file and uploaded files (default `./data`).
    public var dataDirectory: String
    public var storage: Storage
    public var hostname: String
    public var port: Int
    /// Idle minutes after which a session ends (default 30).
    public var sessionIdleMinutes: Int
    /// Hours after which a session ends however active (default 12).
    public var sessionMaxHours: Int
    /// Bcrypt cost (default 12; tests use the minimum to stay fast).
    public var bcryptCost: Int
    /// Mark cookies `Secure` (set when served over HTTPS behind a proxy).
    public var secureCookies: Bool
    /// A clock is "due soon" within this many working days (default 3).
    public var dueSoonWorkdays: Int
    /// FAZHI_MAX_UPLOAD_MB: the largest evidence file accepted (default 50).
    public var maxUploadMB: Int

    /// FAZHI_PUBLIC_URL: the address users open, for links in e-mails and robot messages
    /// (default `http://<host>:<port>`).
    public var publicURL: String
    /// SMTP for daily digests; e-mail is off unless FAZHI_SMTP_HOST is set.
    public var smtp: SMTPSettings?
    /// The background scheduler of `fazhi serve`.
    public var scheduler: SchedulerSettings
    /// FAZHI_PUBLIC_APPLY_PER_HOUR / FAZHI_PUBLIC_QUERY_PER_HOUR: how many online applications
    /// and status queries one address may send an hour (default 10 and 60), against floods and
    /// guessing of verification codes.
    public var publicApplyPerHour: Int = 10
    public var publicQueryPerHour: Int = 60
    /// FAZHI_TRUST_FORWARDED_FOR: behind one reverse proxy, take the client's address from the
    /// last `X-Forwarded-For` entry (the one the proxy added) instead of the proxy's own (default off:
    /// a client could write the header itself).
    public var trustForwardedFor: Bool = false
    /// FAZHI_AUDIT_KEY: the audit chain's HMAC key (64 hex digits), kept outside the database;
    /// required in production, generated into the data folder in demo mode (`AuditKey`).
    public var auditKey: String?
    /// FAZHI_BENCH_BASELINE=1: serve `/bench/baseline`, the page benchmark's yardstick — a Leaf page
    /// of one 20-row query, the cheapest page a Vapor + Leaf + Fluent server can serve (off by default).
    public var benchBaseline: Bool = false
    /// FAZHI_RELOAD_TEMPLATES=1: read and parse every Leaf template again on each render, for
    /// someone editing templates; otherwise each is parsed once and kept (reading and parsing them
    /// per request cost a fifth of a page's CPU).
    public var reloadTemplates: Bool = false
    /// FAZHI_PG_BIN: the folder of PostgreSQL's `pg_dump` and `pg_restore` for `fazhi backup` and
    /// `fazhi restore` (default: found on PATH, else the newest `/usr/lib/postgresql/<n>/bin`).
    public var pgBinDirectory: String?

    /// Where evidence files are stored, content-addressed by SHA-256.
    public var evidenceDirectory: String { dataDirectory + "/evidence" }

    /// Reads the configuration from process environment variables.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> FazhiConfig {
        func int(_ key: String, _ fallback: Int, _ range: ClosedRange<Int>) throws -> Int {
            guard let raw = env[key], !raw.isEmpty else { return fallback }
            guard let value = Int(raw), range.contains(value) else {
                throw ConfigError(message: "\(key) 应为 \(range.lowerBound)…\(range.upperBound) 之间的整数,收到 “\(raw)”")
            }
            return value
        }
        let modeRaw = env["FAZHI_ENV"].flatMap { $0.isEmpty ? nil : $0 } ?? "demo"
        guard let mode = Mode(rawValue: modeRaw) else {
            throw ConfigError(message: "FAZHI_ENV 应为 demo 或 production,收到 “\(modeRaw)”")
        }
        let dataDirectory = env["FAZHI_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
        let storage: Storage
        if let url = env["DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw ConfigError(message: "DATABASE_URL 必须是 postgres:// 开头的 PostgreSQL 地址")
            }
            storage = .postgres(url)
        } else {
            storage = .sqliteFile(dataDirectory + "/fazhi.sqlite")
        }
        let hostname = env["FAZHI_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        let port = try int("FAZHI_PORT", 8080, 1...65535)
        var smtp: SMTPSettings?
        if let host = env["FAZHI_SMTP_HOST"], !host.isEmpty {
            guard let from = env["FAZHI_SMTP_FROM"], MailMessage.isAddress(from) else {
                throw ConfigError(message: "设置了 FAZHI_SMTP_HOST 时,FAZHI_SMTP_FROM 必须是发件人邮箱地址")
            }
            smtp = SMTPSettings(
                host: host, port: try int("FAZHI_SMTP_PORT", 25, 1...65535), from: from,
                username: env["FAZHI_SMTP_USER"].flatMap { $0.isEmpty ? nil : $0 },
                password: env["FAZHI_SMTP_PASSWORD"] ?? "")
        }
        let schedulerRaw = env["FAZHI_SCHEDULER"].flatMap { $0.isEmpty ? nil : $0 } ?? "on"
        guard ["on", "off"].contains(schedulerRaw) else {
            throw ConfigError(message: "FAZHI_SCHEDULER 应为 on 或 off,收到 “\(schedulerRaw)”")
        }
        let scheduler = SchedulerSettings(
            enabled: schedulerRaw == "on", intervalSeconds: try int("FAZHI_SCHEDULER_SECONDS", 60, 1...3600),
            digestHour: try int("FAZHI_DIGEST_HOUR", 8, 0...23), leaseSeconds: try int("FAZHI_DELIVERY_LEASE_SECONDS", 120, 2...3600),
            retryBaseSeconds: try int("FAZHI_RETRY_BASE_SECONDS", 60, 1...3600),
            sendTimeoutSeconds: try int("FAZHI_SEND_TIMEOUT_SECONDS", 15, 1...120))
        guard scheduler.sendTimeoutSeconds < scheduler.leaseSeconds else {
            throw ConfigError(message: "FAZHI_SEND_TIMEOUT_SECONDS 必须小于 FAZHI_DELIVERY_LEASE_SECONDS,否则一次发送未结束,其他进程就可能接手重发")
        }
        return FazhiConfig(
            mode: mode, dataDirectory: dataDirectory, storage: storage,
            hostname: hostname, port: port,
            sessionIdleMinutes: try int("FAZHI_SESSION_IDLE_MINUTES", 30, 1...1440),
            sessionMaxHours: try int("FAZHI_SESSION_MAX_HOURS", 12, 1...168),
            bcryptCost: try int("FAZHI_BCRYPT_COST", 12, 4...15),
            secureCookies: env["FAZHI_SECURE_COOKIES"] == "1" || env["FAZHI_SECURE_COOKIES"] == "true",
            dueSoonWorkdays: try int("FAZHI_DUE_SOON_WORKDAYS", ClockStatus.defaultThreshold, 0...30),
            maxUploadMB: try int("FAZHI_MAX_UPLOAD_MB", EvidenceCheck.defaultMaxBytes / (1024 * 1024), 1...1024),
            publicURL: env["FAZHI_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 }.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
                ?? "http://\(hostname):\(port)",
            smtp: smtp, scheduler: scheduler,
            publicApplyPerHour: try int("FAZHI_PUBLIC_APPLY_PER_HOUR", 10, 1...100_000),
            publicQueryPerHour: try int("FAZHI_PUBLIC_QUERY_PER_HOUR", 60, 1...100_000),
            trustForwardedFor: env["FAZHI_TRUST_FORWARDED_FOR"] == "1" || env["FAZHI_TRUST_FORWARDED_FOR"] == "on",
            auditKey: env["FAZHI_AUDIT_KEY"].flatMap { $0.isEmpty ? nil : $0.trimmingCharacters(in: .whitespacesAndNewlines) },
            benchBaseline: env["FAZHI_BENCH_BASELINE"] == "1", reloadTemplates: env["FAZHI_RELOAD_TEMPLATES"] == "1",
            pgBinDirectory: env["FAZHI_PG_BIN"].flatMap { $0.isEmpty ? nil : $0 })
    }
}

/// FAZHI_SMTP_*: the mail relay for digests (plain SMTP with optional AUTH PLAIN, as offered by
/// government mail relays on the internal network).
public struct SMTPSettings: Sendable {
    public var host: String
    public var port: Int
    public var from: String
    public var username: String?
    public var password: String
}

/// FAZHI_SCHEDULER (on/off), FAZHI_SCHEDULER_SECONDS (how often a process looks for work),
/// FAZHI_DIGEST_HOUR (local hour from which the day's digests go out), FAZHI_DELIVERY_LEASE_SECONDS
/// (how long a claimed delivery stays with its process before another may take it over),
/// FAZHI_RETRY_BASE_SECONDS (first retry delay, doubling), FAZHI_SEND_TIMEOUT_SECONDS.
public struct SchedulerSettings: Sendable {
    public var enabled: Bool
    public var intervalSeconds: Int
    public var digestHour: Int
    public var leaseSeconds: Int
    public var retryBaseSeconds: Int
    public var sendTimeoutSeconds: Int
}

public struct ConfigError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { "配置错误:\(message)" }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = FazhiConfig }

    /// The configuration this application was started with.
    public var fazhi: FazhiConfig {
        get { storage.configured(ConfigKey.self) }
        set { storage[ConfigKey.self] = newValue }
    }
}

extension Request {
    var fazhi: FazhiConfig { application.fazhi }
}
