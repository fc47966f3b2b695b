import Foundation

/// 推送渠道 where a notice goes besides the in-app inbox.
public enum ChannelKind: String, CaseIterable, Codable, Sendable {
    /// 企业微信群机器人 (WeCom group robot webhook).
    case wecom
    /// 钉钉群机器人 (DingTalk group robot webhook).
    case dingtalk
    /// E-mail over SMTP.
    case email

    public var label: String {
        switch self {
        case .wecom: "企业微信群机器人"
        case .dingtalk: "钉钉群机器人"
        case .email: "电子邮件"
        }
    }
}

/// The JSON bodies the group robots accept. Both take Markdown; WeCom limits the content to
/// 4096 bytes, DingTalk to about 20000, so long digests are cut at a line boundary.
public enum RobotMessage {
    public static let wecomLimit = 4000
    public static let dingtalkLimit = 18000

    /// `{"msgtype":"markdown","markdown":{"content":…}}` (企业微信 群机器人).
    public static func wecom(title: String, lines: [String]) -> Data {
        let content = clip("### \(title)\n" + lines.joined(separator: "\n"), bytes: wecomLimit)
        return json(["msgtype": "markdown", "markdown": ["content": content]])
    }

    /// `{"msgtype":"markdown","markdown":{"title":…,"text":…}}` (钉钉 自定义机器人).
    public static func dingtalk(title: String, lines: [String]) -> Data {
        let text = clip("### \(title)\n\n" + lines.joined(separator: "\n\n"), bytes: dingtalkLimit)
        return json(["msgtype": "markdown", "markdown": ["title": title, "text": text]])
    }

    public static func body(_ kind: ChannelKind, title: String, lines: [String]) -> Data {
        kind == .dingtalk ? dingtalk(title: title, lines: lines) : wecom(title: title, lines: lines)
    }

    /// 钉钉 加签: `timestamp` (ms) and `sign` = Base64(HMAC-SHA256(secret, "timestamp\nsecret")),
    /// appended to the webhook URL. The HMAC itself is passed in, to keep the core free of crypto.
    public static func dingtalkSignedURL(_ url: String, timestampMS: Int64, signature: Data) -> String {
        let sign =
            signature.base64EncodedString()
            .addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return url + (url.contains("?") ? "&" : "?") + "timestamp=\(timestampMS)&sign=\(sign)"
    }

    public static func dingtalkStringToSign(timestampMS: Int64, secret: String) -> String { "\(timestampMS)\n\(secret)" }

    /// Whether a robot's answer means the message was taken: HTTP 2xx and `errcode` 0 or absent.
    public static func accepted(status: Int, body: Data) -> Bool {
        guard (200..<300).contains(status) else { return false }
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let code = object["errcode"]
        else { return true }
        return (code as? Int) == 0
    }

    static func clip(_ text: String, bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if out.utf8.count + line.utf8.count + 40 > bytes { return out + "\n……(其余事项请登录系统查看)" }
            out += (out.isEmpty ? "" : "\n") + line
        }
        return out
    }

    static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }
}

/// One e-mail as it goes over SMTP (RFC 5322): UTF-8 text, the subject encoded by RFC 2047, the
/// body Base64, lines CRLF, and a stable Message-ID so a resent copy is recognised as the same.
public struct MailMessage: Equatable, Sendable {
    public var from: String
    public var to: String
    public var subject: String
    public var text: String
    public var messageID: String
    public var date: Date

    public init(from: String, to: String, subject: String, text: String, messageID: String, date: Date) {
        self.from = from; self.to = to; self.subject = subject; self.text = text; self.messageID = messageID; self.date = date
    }

    /// The DATA section, dot-stuffed, without the terminating `.` line.
    public func rendered() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = LocalDate.legalTimeZone
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let subjectWord = "=?UTF-8?B?" + Data(subject.utf8).base64EncodedString() + "?="
        let body = Data(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let headers = [
            "From: \(from)", "To: \(to)", "Subject: \(subjectWord)", "Date: \(formatter.string(from: date))",
            "Message-ID: <\(messageID)>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
        ]
        // Base64 lines never start with ".", so dot-stuffing only matters for headers; done anyway.
        return (headers + ["", body]).map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
    }

    /// Whether an address is plausible enough to try (`name@host.tld`, no spaces or angle brackets).
    public static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            text.count <= 254
        else { return false }
        return !text.contains { $0.isWhitespace || "<>()[],;:\"\\".contains($0) }
    }
}

/// 重试退避 retry with exponential backoff: `base`, 2·base, 4·base … capped at an hour; after
/// `maxAttempts` the delivery is marked failed and shown to the office.
public struct Backoff: Equatable, Sendable {
    public var baseSeconds: Int
    public var maxAttempts: Int

    public init(baseSeconds: Int, maxAttempts: Int = 8) {
        self.baseSeconds = baseSeconds
        self.maxAttempts = maxAttempts
    }

    /// Seconds to wait after the `attempt`-th failed attempt (1-based), or nil to give up.
    public func delay(afterAttempt attempt: Int) -> Int? {
        guard attempt < maxAttempts else { return nil }
        let exponent = min(max(attempt - 1, 0), 20)
        return min(baseSeconds * (1 << exponent), 3600)
    }
}

/// 每日汇总 the daily digest: one message per person (or robot group) a day instead of a flood.
public enum Digest {
    public struct Entry: Equatable, Sendable {
        public let title: String
        public let body: String
        public let href: String

        public init(title: String, body: String, href: String) {
            self.title = title; self.body = body; self.href = href
        }
    }

    public static func subject(date: LocalDate, count: Int) -> String { "法治督办每日汇总(\(date)):\(count) 项提醒" }

    /// The e-mail text: every entry with its link, most urgent first as given.
    public static func mailText(name: String, date: LocalDate, entries: [Entry], baseURL: String) -> String {
        var lines = ["\(name):", "", "截至 \(date),您有 \(entries.count) 项提醒:", ""]
        for (i, e) in entries.enumerated() {
            lines.append("\(i + 1). \(e.title)")
            lines.append("   \(e.body)")
            lines.append("   \(baseURL)\(e.href)")
        }
        lines += ["", "请登录法治政府建设管理系统办理。本邮件由系统每日自动汇总发送,请勿回复。"]
        return lines.joined(separator: "\n")
    }

    /// The robot lines: one Markdown bullet per entry.
    public static func robotLines(date: LocalDate, entries: [Entry], baseURL: String) -> [String] {
        ["截至 \(date) 共 \(entries.count) 项:"] + entries.map { "- **\($0.title)** \($0.body) [办理](\(baseURL)\($0.href))" }
    }
}

/// A unit's robot channel as typed by the office.
public enum ChannelInput {
    /// Checks kind, webhook address (http/https with a host, at most 500 characters) and the
    /// optional 钉钉 signing secret (`SEC…`).
    public static func check(kind: String, url: String, secret: String) throws -> (ChannelKind, String, String?) {
        var v = Validator()
        let kind = ChannelKind(rawValue: kind)
        if kind == nil || kind == .email { v.add("kind", "请选择企业微信或钉钉群机器人") }
        let trimmed = url.trimmed
        if let parsed = URL(string: trimmed), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host?.isEmpty == false,
            trimmed.count <= 500
        {
        } else {
            v.add("url", "Webhook 地址应为 http:// 或 https:// 开头的完整地址(不超过 500 个字符)")
        }
        let secret = secret.trimmed
        if !secret.isEmpty && kind != .dingtalk { v.add("secret", "只有钉钉机器人使用加签密钥") }
        if secret.count > 200 { v.add("secret", "加签密钥不能超过 200 个字符") }
        try v.check()
        return (kind!, trimmed, secret.isEmpty ? nil : secret)
    }
}
