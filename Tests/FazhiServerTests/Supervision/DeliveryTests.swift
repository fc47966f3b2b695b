import FazhiCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import VaporTesting
@testable import FazhiServer

/// A group-robot endpoint on loopback (real HTTP): records every request and answers like the
/// WeCom/DingTalk robot API, refusing the first request of the paths it is told to.
final class RobotReceiver: @unchecked Sendable {
    struct Received {
        let path: String
        let query: String
        let key: String
        let body: [String: Any]
        let accepted: Bool
    }

    let app: Application
    let port: Int
    private let state = NIOLockedValueBox<(received: [Received], failOnce: Set<String>)>(([], []))

    var received: [Received] { state.withLockedValue { $0.received } }
    func failOnce(_ path: String) { state.withLockedValue { _ = $0.failOnce.insert(path) } }

    private init(app: Application, port: Int) {
        self.app = app
        self.port = port
    }

    static func start() async throws -> RobotReceiver {
        let app = try await Application.make(.testing)
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = 0
        let box = NIOLockedValueBox<RobotReceiver?>(nil)
        app.post("robot", ":name") { req async throws -> Response in
            let receiver = box.withLockedValue { $0! }
            let body = (try? JSONSerialization.jsonObject(with: Data(req.body.data?.readableBytesView ?? .init()))) as? [String: Any] ?? [:]
            let path = req.url.path
            let fail = receiver.state.withLockedValue { $0.failOnce.remove(path) != nil }
            receiver.state.withLockedValue {
                $0.received.append(
                    Received(
                        path: path, query: req.url.query ?? "", key: req.headers.first(name: "X-Fazhi-Delivery") ?? "",
                        body: body, accepted: !fail))
            }
            return Response(
                status: .ok, body: .init(string: fail ? #"{"errcode":93000,"errmsg":"invalid webhook url"}"# : #"{"errcode":0,"errmsg":"ok"}"#))
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try #require(app.http.server.shared.localAddress?.port)
        let receiver = RobotReceiver(app: app, port: port)
        box.withLockedValue { $0 = receiver }
        return receiver
    }

    func stop() async throws {
        await app.server.shutdown()
        try await app.asyncShutdown()
    }
}

extension ServerTests {
    /// Delivery to the robots (real HTTP on loopback) and by SMTP (aiosmtpd on loopback): claims,
    /// retries, daily digests once per day, and a process dying mid-send.
    @Suite struct DeliveryTests {
        @Test func robotsGetTheDailyDigestOnceWithRetryAndSigning() async throws {
            let receiver = try await RobotReceiver.start()
            defer { Task { try? await receiver.stop() } }
            try await withTestDistrict(
                units: try TestDistrict.supervised(), .supervision,
                adjust: {
                    $0.scheduler.retryBaseSeconds = 30; $0.scheduler.leaseSeconds = 60
                }
            ) { app, clock, _ in
                let calendar = try await CalendarService.load(on: app.db)
                let scan = try await SupervisionScan.run(on: app.db, today: app.clock.today, calendar: calendar, ladder: .standard)
                var unitIDs: [UUID] = []
                for s in scan.signals where !unitIDs.contains(s.item.unitID) { unitIDs.append(s.item.unitID) }
                let wecomUnit = try #require(try await OrgNode.find(unitIDs[0], on: app.db))
                let dingUnit = try #require(try await OrgNode.find(unitIDs[1], on: app.db))

                var office = try await Browser.signedIn(app, as: "office")
                var response = try await office.post(
                    "/supervision/channels", form: ["unit": wecomUnit.code, "kind": "wecom", "url": "qyapi/webhook", "secret": ""])
                #expect(response.status == .unprocessableEntity && response.body.string.contains("Webhook 地址应为"))
                #expect(try await count(UnitChannel.self, app) == 0)
                let base = "http://127.0.0.1:\(receiver.port)/robot"
                #expect(
                    try await office.post(
                        "/supervision/channels", form: ["unit": wecomUnit.code, "kind": "wecom", "url": base + "/wecom?key=K1-very-secret"]
                    ).status == .seeOther)
                #expect(
                    try await office.post(
                        "/supervision/channels",
                        form: [
                            "unit": dingUnit.code, "kind": "dingtalk",
                            "url": base + "/ding?access_token=T1", "secret": "SECtest",
                        ]
                    ).status == .seeOther)
                #expect(!(try await office.get("/supervision/settings").body.string.contains("K1-very-secret")), "webhook keys are not shown")
                receiver.failOnce("/robot/wecom")

                let first = try await SupervisionScheduler.tick(app, worker: DeliveryWorker(app: app, instance: "p1"))
                #expect(first.digests >= 2 && first.sent == 1, "the DingTalk digest went; WeCom refused the first attempt")
                let wecom = try #require(try await Delivery.query(on: app.db).filter(\.$channel == .wecom).first())
                #expect(wecom.status == .pending && wecom.attempts == 1 && (wecom.lastError ?? "").contains("93000"))
                #expect(wecom.nextAttemptMS == Int64(clock.now.timeIntervalSince1970 * 1000) + 30_000, "retried after the backoff")

                let ding = try #require(receiver.received.first { $0.path == "/robot/ding" })
                #expect((ding.body["msgtype"] as? String) == "markdown")
                let text = ((ding.body["markdown"] as? [String: String])?["text"]) ?? ""
                #expect(text.contains(dingUnit.name) && text.contains("[办理](http://"))
                let params = Dictionary(
                    uniqueKeysWithValues: ding.query.split(separator: "&").map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
                        .map { ($0[0], $0.count > 1 ? $0[1] : "") })
                let ts = try #require(params["timestamp"].flatMap { Int64($0) })
                let mac = HMAC<SHA256>.authenticationCode(for: Data("\(ts)\nSECtest".utf8), using: SymmetricKey(data: Data("SECtest".utf8)))
                #expect(params["sign"]?.removingPercentEncoding == Data(mac).base64EncodedString() && params["access_token"] == "T1")

                // Before the backoff nothing is retried; after it the digest goes, under the same key.
                #expect(await DeliveryWorker(app: app, instance: "p2").drain() == 0)
                clock.advance(minutes: 1)
                #expect(await DeliveryWorker(app: app, instance: "p2").drain() == 1)
                let wecomHits = receiver.received.filter { $0.path == "/robot/wecom" }
                #expect(wecomHits.count == 2 && Set(wecomHits.map(\.key)).count == 1 && wecomHits.map(\.accepted) == [false, true])

                // Another round the same day: no second digest for anyone.
                let before = receiver.received.count
                let again = try await SupervisionScheduler.tick(app, worker: DeliveryWorker(app: app, instance: "p1"))
                #expect(again.digests == 0 && receiver.received.count == before)

                // A process that dies holding a claim: nobody else sends until the lease runs out;
                // then another process sends it, and the dead one's late word changes nothing.
                #expect(
                    try await DigestService.enqueue(
                        key: "test:crash", channel: .wecom, target: try await UnitChannel.query(on: app.db).first()!.id!.uuidString,
                        label: "测试", subject: "测试", body: String(decoding: RobotMessage.wecom(title: "测试", lines: []), as: UTF8.self),
                        on: app.db, now: clock.now))
                let dying = DeliveryWorker(app: app, instance: "dying")
                let (claimed, token) = try #require(try await dying.claimNext())
                #expect(claimed.key == "test:crash")
                #expect(try await DeliveryWorker(app: app, instance: "p3").claimNext() == nil)
                clock.advance(minutes: 2)
                #expect(await DeliveryWorker(app: app, instance: "p3").drain() == 1)
                try await dying.finish(claimed, token: token, error: "late")
                let crashed = try #require(try await Delivery.query(on: app.db).filter(\.$key == "test:crash").first())
                #expect(crashed.status == .sent && crashed.sentBy == "p3" && crashed.attempts == 2)
                #expect(receiver.received.filter { $0.key == "test:crash" }.count == 1)
                #expect(try await Delivery.query(on: app.db).filter(\.$status != .sent).count() == 0)
            }
        }

        /// E-mail digests through a real SMTP server (aiosmtpd) on loopback.
        @Test func eMailDigestsGoOverSMTP() async throws {
            let root = Checkout.root
            let python = root.appendingPathComponent(".venv/bin/python").path
            guard FileManager.default.isExecutableFile(atPath: python) else {
                print("跳过 SMTP 测试:没有 .venv/bin/python(.ci/run 会安装 aiosmtpd)")
                return
            }
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("fazhi-smtp-\(UUID().uuidString)")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [root.appendingPathComponent("scripts/receivers.py").path, out.path]
            let pipe = Pipe(), input = Pipe()
            process.standardOutput = pipe
            process.standardInput = input  // closed when this process ends, which ends the receivers
            try process.run()
            defer { process.terminate(); try? FileManager.default.removeItem(at: out) }
            let line = String(decoding: pipe.fileHandleForReading.availableData, as: UTF8.self)
            guard line.hasPrefix("ready"),
                let smtpPort = line.split(separator: "=").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
            else {
                print("跳过 SMTP 测试:aiosmtpd 未安装(\(line))")
                return
            }
            try await withTestDistrict(
                units: try TestDistrict.supervised(), .supervision,
                adjust: {
                    $0.smtp = SMTPSettings(host: "127.0.0.1", port: smtpPort, from: "fazhi@district.gov.cn", username: nil, password: "")
                }
            ) { app, _, _ in
                let result = try await SupervisionScheduler.tick(app, worker: DeliveryWorker(app: app, instance: "mail"))
                let mails = try await Delivery.query(on: app.db).filter(\.$channel == .email).all()
                #expect(!mails.isEmpty && result.sent == mails.count && mails.allSatisfy { $0.status == .sent })
                let lines = try String(contentsOf: out.appendingPathComponent("smtp.jsonl"), encoding: .utf8).split(separator: "\n")
                let received = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
                #expect(received.count == mails.count, "each digest exactly once")
                let head = try #require(mails.first { $0.target == "fzczj-head@demo.fazhi.local" && $0.key.hasPrefix("digest:email:") })
                let got = try #require(received.first { $0["key"] as? String == "<\(head.id!.uuidString.lowercased())@fazhi>" })
                #expect(got["to"] as? [String] == ["fzczj-head@demo.fazhi.local"])
                #expect((got["subject"] as? String)?.hasPrefix("法治督办每日汇总(2026-11-26)") == true, "\(got["subject"] ?? "")")
                #expect(mails.contains { $0.key.hasPrefix("notice:") && $0.target == "fzczj-head@demo.fazhi.local" }, "a notice is mailed at once")
                #expect((got["text"] as? String)?.contains("fzczj-head") == false && (got["text"] as? String)?.contains("发展和财政局负责人:") == true)
                let digested = try await InboxItem.query(on: app.db).filter(\.$digestedOn == nil).count()
                let withoutMail = try await InboxItem.query(on: app.db).join(User.self, on: \InboxItem.$user.$id == \User.$id).filter(
                    User.self, \.$email == nil
                ).count()
                #expect(digested == withoutMail, "every notification of a person with e-mail went into today's digest")
            }
        }
    }
}
