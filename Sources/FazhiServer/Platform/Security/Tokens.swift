import NIOConcurrencyHelpers
import NIOPosix
import Vapor

/// Random secrets and their digests.
enum Tokens {
    /// A URL-safe random token of `bytes` random bytes.
    static func random(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func sha256Hex(_ text: String) -> String { sha256Hex(Data(text.utf8)) }

    static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares two secrets in time independent of where they differ.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Bcrypt on its own threads, never on the event loop nor on the pool that runs SQLite: a flood of
/// sign-in attempts (each a cost-12 hash, about a quarter of a second by design) then takes at most
/// `threads` cores and cannot slow the pages of those already signed in. At most `maxWaiting`
/// checks wait their turn; beyond that a sign-in is answered at once with "busy".
enum Passwords {
    static let threads = max(1, System.coreCount / 2)
    static let maxWaiting = 16
    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
        return pool
    }()
    private static let inFlight = NIOLockedValueBox(0)

    static func hash(_ password: String, cost: Int) async throws -> String {
        try await gated { try Bcrypt.hash(password, cost: cost) }
    }

    static func verify(_ password: String, hash: String) async throws -> Bool {
        try await gated { try Bcrypt.verify(password, created: hash) }
    }

    private static func gated<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let admitted = inFlight.withLockedValue { n in
            guard n < maxWaiting + threads else { return false }
            n += 1
            return true
        }
        guard admitted else { throw AppError.rateLimited("登录请求过多,系统正忙,请稍后再试") }
        defer { inFlight.withLockedValue { $0 -= 1 } }
        return try await pool.runIfActive(work)
    }
}
