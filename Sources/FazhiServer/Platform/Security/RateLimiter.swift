import FazhiCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// 限流 a fixed-window counter per key (an address and a purpose) for the public pages: each key
/// may act `limit` times per window. Counted in the database (`throttle_counters`), so several
/// `fazhi serve` processes behind one proxy share one allowance instead of multiplying it.
struct RateLimiter: Sendable {
    var window: TimeInterval = 3600

    /// Counts one attempt in one statement (no read-then-write); false when the key has used up its
    /// allowance in the current window.
    func allow(_ key: String, limit: Int, on db: any Database, now: Date) async throws -> Bool {
        let stamp = now.timeIntervalSince1970
        let expired = stamp - window
        let count = try await db.writeTransaction { tx in
            try await tx.sql().raw(
                """
                INSERT INTO throttle_counters (key, count, at) VALUES (\(bind: "rate:" + key), 1, \(bind: stamp))
                ON CONFLICT (key) DO UPDATE SET
                  count = CASE WHEN throttle_counters.at <= \(bind: expired) THEN 1
                               WHEN throttle_counters.count >= \(bind: ThrottleCounters.ceiling) THEN throttle_counters.count
                               ELSE throttle_counters.count + 1 END,
                  at = CASE WHEN throttle_counters.at <= \(bind: expired) THEN excluded.at ELSE throttle_counters.at END
                RETURNING count
                """
            ).first(decodingColumn: "count", as: Int.self)
        }
        return (count ?? 1) <= limit
    }
}

/// 登录限速 in the database: the rule is `LoginThrottle`'s (FazhiCore), the failures per address
/// and per account name are rows of `throttle_counters`, shared by every server process.
struct LoginThrottleStore: Sendable {
    var rule = LoginThrottle()

    private static func addressKey(_ address: String) -> String { "login:address:" + address }
    private static func accountKey(_ account: String) -> String { "login:account:" + account }

    /// Seconds the attempt must still wait (0: it may go ahead).
    func wait(address: String, account: String, knownDevice: Bool, on db: any Database, now: Date) async throws -> TimeInterval {
        let (byAddress, byAccount) = try await entries(address: address, account: account, on: db)
        return rule.wait(address: byAddress, account: byAccount, knownDevice: knownDevice, now: now)
    }

    /// The stored failures of the address and of the account (nil: none).
    func entries(address: String, account: String, on db: any Database) async throws -> (LoginThrottle.Entry?, LoginThrottle.Entry?) {
        let keys = [Self.addressKey(address), Self.accountKey(account)]
        let rows = try await db.sql().raw("SELECT key, count, at FROM throttle_counters WHERE key IN (\(binds: keys))").all()
        var entries: [String: LoginThrottle.Entry] = [:]
        for row in rows {
            entries[try row.decode(column: "key", as: String.self)] = LoginThrottle.Entry(
                failures: try row.decode(column: "count", as: Int.self),
                last: Date(timeIntervalSince1970: try row.decode(column: "at", as: Double.self)))
        }
        return (entries[keys[0]], entries[keys[1]])
    }

    /// One more failure for the address and the account, counted in one statement each as
    /// `LoginThrottle.bumped` counts it (`SharedLimitsTests` holds the two to the same result).
    func recordFailure(address: String, account: String, on db: any Database, now: Date) async throws {
        let stamp = now.timeIntervalSince1970
        let forgotten = stamp - rule.limits.forgetAfter
        try await db.writeTransaction { tx in
            for key in [Self.addressKey(address), Self.accountKey(account)] {
                try await tx.sql().raw(
                    """
                    INSERT INTO throttle_counters (key, count, at) VALUES (\(bind: key), 1, \(bind: stamp))
                    ON CONFLICT (key) DO UPDATE SET
                      count = CASE WHEN throttle_counters.at <= \(bind: forgotten) THEN 1
                                   WHEN throttle_counters.count >= \(bind: LoginThrottle.maximumFailures) THEN \(bind: LoginThrottle.maximumFailures)
                                   ELSE throttle_counters.count + 1 END,
                      at = excluded.at
                    """
                ).run()
            }
        }
    }

    /// A successful sign-in forgets both counts.
    func recordSuccess(address: String, account: String, on db: any Database) async throws {
        let keys = [Self.addressKey(address), Self.accountKey(account)]
        try await db.writeTransaction { tx in
            try await tx.sql().raw("DELETE FROM throttle_counters WHERE key IN (\(binds: keys))").run()
        }
    }
}

/// The table both counters share.
enum ThrottleCounters {
    /// A window's count stops growing here (refused attempts are still refused).
    static let ceiling = 1_000_000

    /// Forgets counters idle for longer than any window or memory (run on every scheduler tick).
    static func purge(olderThan seconds: TimeInterval = 2 * 3600, now: Date, on db: any Database) async throws {
        let cutoff = now.timeIntervalSince1970 - seconds
        try await db.writeTransaction { tx in
            try await tx.sql().raw("DELETE FROM throttle_counters WHERE at < \(bind: cutoff)").run()
        }
    }
}

extension Application {
    private struct RateLimiterKey: StorageKey { typealias Value = RateLimiter }
    private struct LoginThrottleKey: StorageKey { typealias Value = NIOLockedValueBox<LoginThrottleStore> }

    /// Set once by `configure` (storage is not written concurrently afterwards).
    var rateLimiter: RateLimiter {
        get { storage.configured(RateLimiterKey.self) }
        set { storage[RateLimiterKey.self] = newValue }
    }

    /// The sign-in throttle's rule (its limits); its counts are in the database.
    var loginThrottle: NIOLockedValueBox<LoginThrottleStore> {
        get { storage.configured(LoginThrottleKey.self) }
        set { storage[LoginThrottleKey.self] = newValue }
    }
}

extension Request {
    /// The client's address: the peer, or behind a trusted reverse proxy the address it added last
    /// to `X-Forwarded-For` (FAZHI_TRUST_FORWARDED_FOR); otherwise every visitor would share the
    /// proxy's allowance.
    var clientAddress: String {
        if fazhi.trustForwardedFor, let forwarded = headers.first(name: "X-Forwarded-For"),
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            return last
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }
}
