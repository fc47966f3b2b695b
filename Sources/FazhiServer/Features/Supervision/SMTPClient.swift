import FazhiCore
import NIOCore
import NIOPosix
import Vapor

/// A small SMTP client (RFC 5321) on SwiftNIO: EHLO, optional AUTH PLAIN, MAIL, RCPT, DATA, QUIT.
/// One message per connection; every reply is checked and a refusal is reported with the
/// server's own words.
enum SMTPClient {
    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    struct Reply: Sendable {
        let code: Int
        let text: String
    }

    static func send(_ message: MailMessage, via settings: SMTPSettings, group: any EventLoopGroup, timeoutSeconds: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await conversation(message, settings: settings, group: group, timeoutSeconds: timeoutSeconds) }
            tasks.addTask {
                try await Task.sleep(for: .seconds(timeoutSeconds))
                throw Failure(message: "邮件服务器 \(timeoutSeconds) 秒内未完成应答")
            }
            defer { tasks.cancelAll() }
            try await tasks.next()
        }
    }

    private static func conversation(_ message: MailMessage, settings: SMTPSettings, group: any EventLoopGroup, timeoutSeconds: Int) async throws {
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(Int64(timeoutSeconds)))
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ReplyDecoder()))
                    return try NIOAsyncChannel<Reply, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = inbound.makeAsyncIterator()
            func expect(_ codes: Set<Int>, _ step: String) async throws {
                guard let reply = try await replies.next() else { throw Failure(message: "邮件服务器在 \(step) 时断开了连接") }
                guard codes.contains(reply.code) else { throw Failure(message: "邮件服务器拒绝 \(step):\(reply.code) \(reply.text)") }
            }
            func write(_ text: String) async throws { try await outbound.write(ByteBuffer(string: text + "\r\n")) }
            try await expect([220], "连接")
            try await write("EHLO fazhi")
            try await expect([250], "EHLO")
            if let user = settings.username {
                try await write("AUTH PLAIN " + Data("\u{0}\(user)\u{0}\(settings.password)".utf8).base64EncodedString())
                try await expect([235], "登录")
            }
            try await write("MAIL FROM:<\(message.from)>")
            try await expect([250], "发件人")
            try await write("RCPT TO:<\(message.to)>")
            try await expect([250, 251], "收件人 \(message.to)")
            try await write("DATA")
            try await expect([354], "DATA")
            try await write(message.rendered() + "\r\n.")
            try await expect([250], "邮件内容")
            try? await write("QUIT")
        }
    }

    /// Splits the server's bytes into replies; a multi-line reply (`250-…`) ends at `250 …`.
    struct ReplyDecoder: ByteToMessageDecoder {
        typealias InboundOut = Reply
        var lines: [String] = []

        mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
            guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else { return .needMoreData }
            let raw = buffer.readString(length: newline - buffer.readerIndex + 1) ?? ""
            let line = raw.trimmingCharacters(in: .newlines)
            guard line.count >= 3, let code = Int(line.prefix(3)) else { throw Failure(message: "无法识别的邮件服务器应答:\(line)") }
            let continued = line.count > 3 && line[line.index(line.startIndex, offsetBy: 3)] == "-"
            lines.append(String(line.dropFirst(4)))
            if continued { return .continue }
            context.fireChannelRead(wrapInboundOut(Reply(code: code, text: lines.joined(separator: " "))))
            lines = []
            return .continue
        }

        mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
            try decode(context: context, buffer: &buffer)
        }
    }
}
