import NIOConcurrencyHelpers
import Vapor

/// The requests being answered right now. A request goes on running after its client hangs up (a
/// closed browser tab, a load tester that stopped), so a stopped HTTP server is not yet an idle
/// one: shutdown waits on this count before it closes the database pools under those requests.
final class InFlightRequests: Sendable {
    private let count = NIOLockedValueBox(0)

    var current: Int { count.withLockedValue { $0 } }

    func enter() { count.withLockedValue { $0 += 1 } }

    func leave() { count.withLockedValue { $0 -= 1 } }

    /// Waits until no request is being answered or `timeout` has passed; returns how many still run.
    func drain(timeout: Duration) async -> Int {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let running = current
            if running == 0 || clock.now >= deadline { return running }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// The outermost middleware: counts every request in and out of `InFlightRequests`.
struct InFlightMiddleware: AsyncMiddleware {
    let requests: InFlightRequests

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        requests.enter()
        defer { requests.leave() }
        return try await next.respond(to: request)
    }
}

extension Application {
    private struct InFlightKey: StorageKey { typealias Value = InFlightRequests }

    /// Set once by `configure`, before the server starts.
    var inFlight: InFlightRequests {
        get { storage.configured(InFlightKey.self) }
        set { storage[InFlightKey.self] = newValue }
    }
}
