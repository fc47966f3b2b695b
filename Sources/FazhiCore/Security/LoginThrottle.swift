import Foundation

/// 登录限速: growing delays after failed sign-ins, by client address and by account name, instead
/// of a hard lock that anyone could set off for someone else.
///
/// - Each key (an address, an account name — existing or not, so the answer never tells which
///   accounts exist) counts its failures. From `freeFailures` on, every further attempt must
///   wait `2^(n − freeFailures)` seconds after the last failure, up to the key's cap.
/// - An address's cap is long (`addressCap`, 15 minutes): the guesser's own address slows down.
/// - An account's cap is short (`accountCap`, 30 seconds): guesses spread over many addresses
///   cannot keep the real user out, and a browser the user signed in from before (a known-device
///   mark) is not held back by the account's count at all.
/// - A key's count is forgotten after `forgetAfter` without failures, and on a successful sign-in.
///
/// This is the rule only; the counts are kept by the server, in the database, for every process.
public struct LoginThrottle: Sendable {
    public struct Limits: Sendable {
        public var freeFailures = 5
        public var addressCap: TimeInterval = 15 * 60
        public var accountCap: TimeInterval = 30
        public var forgetAfter: TimeInterval = 3600
        public init() {}
    }

    /// One key's failures and the moment of its last one.
    public struct Entry: Sendable, Equatable {
        public var failures: Int
        public var last: Date
        public init(failures: Int, last: Date) {
            self.failures = failures
            self.last = last
        }
    }

    /// The most failures a key counts (its delay has long reached the cap by then).
    public static let maximumFailures = 1_000

    public let limits: Limits

    public init(limits: Limits = Limits()) { self.limits = limits }

    /// Seconds the attempt must still wait (0: it may go ahead), from the address's and the
    /// account's entries (nil: no failures).
    public func wait(address: Entry?, account: Entry?, knownDevice: Bool, now: Date) -> TimeInterval {
        let byAddress = remaining(address, cap: limits.addressCap, now: now)
        let byAccount = knownDevice ? 0 : remaining(account, cap: limits.accountCap, now: now)
        return max(byAddress, byAccount)
    }

    /// A key's entry after one more failure at `now`: counted afresh after `forgetAfter` without one.
    public func bumped(_ entry: Entry?, now: Date) -> Entry {
        var entry = entry ?? Entry(failures: 0, last: now)
        if now.timeIntervalSince(entry.last) >= limits.forgetAfter { entry.failures = 0 }
        entry.failures = min(entry.failures + 1, Self.maximumFailures)
        entry.last = now
        return entry
    }

    /// The delay after `failures` failures under `cap`.
    public func delay(after failures: Int, cap: TimeInterval) -> TimeInterval {
        guard failures >= limits.freeFailures else { return 0 }
        let exponent = min(failures - limits.freeFailures, 30)
        return min(cap, Double(1 << exponent))
    }

    private func remaining(_ entry: Entry?, cap: TimeInterval, now: Date) -> TimeInterval {
        guard let entry, now.timeIntervalSince(entry.last) < limits.forgetAfter else { return 0 }
        let until = entry.last.addingTimeInterval(delay(after: entry.failures, cap: cap))
        return max(0, until.timeIntervalSince(now))
    }
}
