import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 发送: takes due rows from the outbox and sends them. A row is claimed by one process with a
/// compare-and-set UPDATE (only a row still pending, or whose claim has expired, can be taken; the
/// database lets exactly one UPDATE win), sent, then marked sent under the same claim token. A
/// process that dies mid-send leaves its claim to expire, and another process retries it with
/// the same idempotency key (`X-Fazhi-Delivery` header, e-mail Message-ID), so a receiver can
/// tell a resend from a new message. Failures are retried with exponential backoff.
struct DeliveryWorker {
    let app: Application
    /// This process, as written into `claimed_by` / `sent_by`.
    let instance: String

    static func instanceName() -> String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(6))"
    }

    var settings: SchedulerSettings { app.fazhi.scheduler }
    private var sql: any SQLDatabase { get throws { try app.db.sql() } }
    private func nowMS() -> Int64 { Int64(app.clock.now().timeIntervalSince1970 * 1000) }

    /// Sends until nothing is due or `limit` rows were handled; returns how many were sent.
    @discardableResult
    func drain(limit: Int = 200) async -> Int {
        var sent = 0, handled = 0
        while handled < limit, !Task.isCancelled {
            let claimed: (Delivery, String)?
            do { claimed = try await claimNext() } catch {
                app.logger.warning("督办发送:领取待发消息失败 \(String(reflecting: error))")
                return sent
            }
            guard let (delivery, token) = claimed else { break }
            handled += 1
            do {
                try await send(delivery)
                try await finish(delivery, token: token, error: nil)
                sent += 1
            } catch {
                let message = (error as? SMTPClient.Failure)?.message ?? (error as? SendFailure)?.message ?? String(describing: error)
                try? await finish(delivery, token: token, error: message)
            }
        }
        return sent
    }

    /// Claims one due row; nil when none is due (or others took them all first).
    func claimNext() async throws -> (Delivery, String)? {
        let now = nowMS()
        let due = """
            ((status = 'pending' AND next_attempt_ms <= \(now)) OR (status = 'sending' AND claimed_until_ms < \(now)))
            """
        let candidates = try await sql.raw("SELECT id FROM deliveries WHERE \(unsafeRaw: due) ORDER BY next_attempt_ms LIMIT 16").all()
            .map { try $0.decode(column: "id", as: UUID.self) }
        for id in candidates {
            let token = "\(instance)#\(UUID().uuidString)"
            try await sql.raw(
                """
                UPDATE deliveries SET status = 'sending', claimed_by = \(bind: token), claimed_until_ms = \(bind: now + Int64(settings.leaseSeconds) * 1000),
                  attempts = attempts + 1
                WHERE id = \(bind: id) AND \(unsafeRaw: due)
                """
            ).run()
            if let row = try await Delivery.query(on: app.db).filter(\.$id == id).filter(\.$claimedBy == token).first() {
                return (row, token)
            }
        }
        return nil
    }

    struct SendFailure: Error {
        let message: String
    }

    func send(_ d: Delivery) async throws {
        switch d.channel {
        case .email:
            guard let smtp = app.fazhi.smtp else { throw SendFailure(message: "未配置邮件服务器(FAZHI_SMTP_HOST)") }
            let message = MailMessage(
                from: smtp.from, to: d.target, subject: d.subject, text: d.body,
                messageID: "\(try d.requireID().uuidString.lowercased())@fazhi", date: app.clock.now())
            try await SMTPClient.send(message, via: smtp, group: app.eventLoopGroup, timeoutSeconds: settings.sendTimeoutSeconds)
        case .wecom, .dingtalk:
            guard let id = UUID(uuidString: d.target), let channel = try await UnitChannel.find(id, on: app.db), channel.enabled else {
                throw SendFailure(message: "推送渠道已删除或停用")
            }
            var url = channel.url
            if channel.kind == .dingtalk, let secret = channel.secret, !secret.isEmpty {
                let ms = nowMS()
                let mac = HMAC<SHA256>.authenticationCode(
                    for: Data(RobotMessage.dingtalkStringToSign(timestampMS: ms, secret: secret).utf8),
                    using: SymmetricKey(data: Data(secret.utf8)))
                url = RobotMessage.dingtalkSignedURL(url, timestampMS: ms, signature: Data(mac))
            }
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.add(name: "X-Fazhi-Delivery", value: d.key)
            headers.add(name: "X-Fazhi-Sender", value: instance)
            let body = d.body
            let response = try await app.client.post(URI(string: url), headers: headers) { request in
                request.body = ByteBuffer(string: body)
                request.timeout = .seconds(Int64(settings.sendTimeoutSeconds))
            }
            let data = response.body.map { Data($0.readableBytesView) } ?? Data()
            guard RobotMessage.accepted(status: Int(response.status.code), body: data) else {
                throw SendFailure(message: "机器人接口返回 \(response.status.code):\(String(decoding: data.prefix(300), as: UTF8.self))")
            }
        }
    }

    /// Marks the outcome under the claim token; a process whose claim was taken over changes nothing.
    func finish(_ d: Delivery, token: String, error: String?) async throws {
        let now = nowMS()
        if let error {
            let backoff = Backoff(baseSeconds: settings.retryBaseSeconds)
            let attempts = d.attempts
            if let delay = backoff.delay(afterAttempt: attempts) {
                try await sql.raw(
                    """
                    UPDATE deliveries SET status = 'pending', next_attempt_ms = \(bind: now + Int64(delay) * 1000), claimed_until_ms = NULL,
                      last_error = \(bind: String(error.prefix(500)))
                    WHERE id = \(bind: d.requireID()) AND claimed_by = \(bind: token)
                    """
                ).run()
            } else {
                try await sql.raw(
                    """
                    UPDATE deliveries SET status = 'failed', claimed_until_ms = NULL, last_error = \(bind: String(error.prefix(500)))
                    WHERE id = \(bind: d.requireID()) AND claimed_by = \(bind: token)
                    """
                ).run()
            }
            app.logger.notice("督办发送失败(第 \(attempts) 次)\(d.key):\(error)")
        } else {
            try await sql.raw(
                """
                UPDATE deliveries SET status = 'sent', sent_at_ms = \(bind: now), sent_by = \(bind: instance), claimed_until_ms = NULL, last_error = NULL
                WHERE id = \(bind: d.requireID()) AND claimed_by = \(bind: token)
                """
            ).run()
        }
    }
}
