import FazhiCore
import Fluent
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// 待办: each role's home page is its work queue.
    @Suite struct HomeQueueTests {
        @Test func theOfficeSeesWhatWaitsForItAndALeaderSeesNoQueue() async throws {
            try await withTestDistrict(units: try TestDistrict.supervised(), [.supervision, .informationRequests]) { app, _, _ in
                let replied = try await SupervisionNotice.query(on: app.db).filter(\.$status == .replied).count()
                #expect(replied > 0, "the demo has a notice reply to review")
                var office = try await Browser.signedIn(app, as: "office")
                let page = try await office.get("/").body.string
                #expect(page.contains(#"id="work-queue""#))
                #expect(page.contains("有 \(replied) 份督办单已答复,待审核办结。"))
                #expect(page.contains("件在线申请待承办单位确认收到"))
                var leader = try await Browser.signedIn(app, as: "leader")
                #expect(!(try await leader.get("/").body.string.contains(#"id="work-queue""#)), "a leader changes nothing, so has no queue")
            }
        }
    }
}
