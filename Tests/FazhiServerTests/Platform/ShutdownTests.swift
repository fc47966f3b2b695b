import Foundation
import Testing
@testable import FazhiServer

extension ServerTests {
    /// Stopping the server: `FazhiMain` stops the HTTP server, then waits on the requests still
    /// running before the database pools close. The whole process is checked by
    /// `scripts/page_bench.py`, which sends SIGTERM under load and requires exit 0 within seconds.
    @Suite struct ShutdownTests {
        @Test func shutdownWaitsForTheRequestsStillRunningButNotForever() async throws {
            let requests = InFlightRequests()
            #expect(await requests.drain(timeout: .seconds(1)) == 0, "nothing running: no wait")
            requests.enter()
            Task {
                try? await Task.sleep(for: .milliseconds(100))
                requests.leave()
            }
            // The limit is far beyond the 0.1 s the request takes, even on a machine busy with other
            // tests: returning well before it shows that the wait ended with the request.
            let started = ContinuousClock.now
            #expect(await requests.drain(timeout: .seconds(600)) == 0, "the request finished, so did the wait")
            #expect(ContinuousClock.now - started < .seconds(300))
            requests.enter()
            #expect(await requests.drain(timeout: .milliseconds(50)) == 1, "a request that never ends holds shutdown only to the limit")
            requests.leave()
            #expect(requests.current == 0)
        }
    }
}
