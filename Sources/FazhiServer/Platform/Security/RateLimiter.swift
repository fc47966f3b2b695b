import Foundation
import NIOConcurrencyHelpers
import Vapor

/// 限流 a fixed-window counter per key (an address and a purpose) for the public pages: each key
/// may act `limit` times per window. In memory, per process: enough against a flood from one
/// address; a deployment behind several processes multiplies the allowance by their number.
final class RateLimiter: Sendable {
    private struct Window { var start: Date; var count: Int }
    private let windows = NIOLockedValueBox<[String: Window]>([:])
    let window: TimeInterval

    init(window: TimeInterval = 3600) { self.window = window }

    /// Counts one attempt; false when the key has used up its allowance in the current window.
    func allow(_ key: String, limit: Int, now: Date = Date()) -> Bool {
        windows.withLockedValue { map in
            if map.count > 100_000 { map = map.filter { now.timeIntervalSince($0.value.start) < window } }
            var w = map[key] ?? Window(start: now, count: 0)
            if now.timeIntervalSince(w.start) >= window { w = Window(start: now, count: 0) }
            guard w.count < limit else { map[key] = w; return false }
            w.count += 1
            map[key] = w
            return true
        }
    }
}

extension Application {
    private struct RateLimiterKey: StorageKey { typealias Value = RateLimiter }

    /// Set once by `configure` (storage is not written concurrently afterwards).
    var rateLimiter: RateLimiter {
        get { storage.configured(RateLimiterKey.self) }
        set { storage[RateLimiterKey.self] = newValue }
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
