import FazhiCore
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// Two `fazhi serve` processes on one database (behind one proxy) count the public pages' rate
    /// limits and the failed sign-ins together: a visitor cannot double an allowance, nor a guesser
    /// escape the delay, by landing on the other server.
    @Suite struct SharedLimitsTests {
        /// The database counts a failure in one statement; the rule's `bumped` says how. They agree,
        /// across the hour after which a count starts afresh.
        @Test func theStoredCountsFollowTheRule() async throws {
            try await withTestDistrict { app, clock, _ in
                let store = LoginThrottleStore()
                var expected: LoginThrottle.Entry?
                for offset in [0.0, 1, 2.5, 3_700, 3_701] {
                    let now = clock.now.addingTimeInterval(offset)
                    try await store.recordFailure(address: "198.51.100.7", account: "office", on: app.db, now: now)
                    expected = store.rule.bumped(expected, now: now)
                    let (byAddress, byAccount) = try await store.entries(address: "198.51.100.7", account: "office", on: app.db)
                    #expect(byAddress == expected && byAccount == expected, "after a failure at +\(offset) s")
                }
                #expect(expected?.failures == 2, "counted afresh after an hour without failures")
                try await store.recordSuccess(address: "198.51.100.7", account: "office", on: app.db)
                let (byAddress, byAccount) = try await store.entries(address: "198.51.100.7", account: "office", on: app.db)
                #expect(byAddress == nil && byAccount == nil)
            }
        }

        @Test func twoServersShareTheRateLimitsAndTheSignInDelay() async throws {
            try await withTestDistrict(adjust: { $0.publicQueryPerHour = 3 }) { app, clock, _ in
                try await Self.withSecondServer(app) { other in
                    var first = Browser(app), second = Browser(other)
                    try await first.get("/public/goi/query")
                    try await second.get("/public/goi/query")
                    let query = ["number": "YSQ-2026-00001", "code": "AAAAAAAA"]
                    #expect(try await first.post("/public/goi/query", form: query).status != .tooManyRequests)
                    #expect(try await second.post("/public/goi/query", form: query).status != .tooManyRequests)
                    #expect(try await first.post("/public/goi/query", form: query).status != .tooManyRequests)
                    // The fourth query of the hour, on either server, is refused.
                    #expect(try await second.post("/public/goi/query", form: query).status == .tooManyRequests)
                    #expect(try await first.post("/public/goi/query", form: query).status == .tooManyRequests)
                    clock.advance(minutes: 61)
                    #expect(try await second.post("/public/goi/query", form: query).status != .tooManyRequests, "a new hour")

                    // Five wrong passwords on one server; the other makes the next attempt wait.
                    var guesser = Browser(app), elsewhere = Browser(other)
                    try await guesser.get("/login")
                    try await elsewhere.get("/login")
                    for _ in 0..<5 {
                        #expect(try await guesser.post("/login", form: ["username": "office", "password": "wrong-guess-1"]).status != .seeOther)
                    }
                    let held = try await elsewhere.post("/login", form: ["username": "office", "password": DemoSeed.password])
                    #expect(held.status == .tooManyRequests)
                    clock.advance(minutes: 2.0 / 60)
                    #expect(try await elsewhere.post("/login", form: ["username": "office", "password": DemoSeed.password]).status == .seeOther)
                }
            }
        }

        /// A second application on the same database and data folder, as a second process would be.
        static func withSecondServer(_ app: Application, _ body: (Application) async throws -> Void) async throws {
            let other = try await Application.make(.testing)
            do {
                try await configure(other, config: app.fazhi)
                other.clock = app.clock
                try await body(other)
            } catch {
                try? await other.asyncShutdown()
                throw error
            }
            try await other.asyncShutdown()
        }
    }
}
