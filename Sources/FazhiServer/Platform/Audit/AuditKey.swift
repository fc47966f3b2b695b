import FazhiCore
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// 审计密钥: the secret that keys the audit chain (HMAC-SHA256), kept outside the database so that
/// whoever can write the database still cannot recompute the chain after changing or removing
/// an event. FAZHI_AUDIT_KEY (64 hex digits, e.g. `openssl rand -hex 32`); in demo mode, when it
/// is not set, one is generated once into `FAZHI_DATA_DIR/audit.key` (readable by its owner only).
/// Production refuses to start without it.
struct AuditKey: Sendable {
    let key: SymmetricKey

    init(bytes: [UInt8]) { key = SymmetricKey(data: bytes) }

    /// HMAC-SHA256 of `text`, as lower-case hex.
    func mac(_ text: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key).map { String(format: "%02x", $0) }.joined()
    }

    static func load(_ config: FazhiConfig) throws -> AuditKey {
        if let text = config.auditKey {
            guard let bytes = hexBytes(text), bytes.count >= 32 else {
                throw ConfigError(message: "FAZHI_AUDIT_KEY 应为至少 64 位十六进制数字(如 openssl rand -hex 32 的输出)")
            }
            return AuditKey(bytes: bytes)
        }
        guard config.mode == .demo else {
            throw ConfigError(message: "生产模式必须设置 FAZHI_AUDIT_KEY(审计日志链的密钥,64 位十六进制,保存在数据库之外)")
        }
        let path = config.dataDirectory + "/audit.key"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            guard let bytes = hexBytes(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count >= 32 else {
                throw ConfigError(message: "\(path) 不是有效的审计密钥(应为 64 位十六进制)")
            }
            return AuditKey(bytes: bytes)
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        guard FileManager.default.createFile(atPath: path, contents: Data((hex + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigError(message: "无法写入审计密钥文件 \(path)")
        }
        return AuditKey(bytes: bytes)
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0, !chars.isEmpty else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            bytes.append(hi << 4 | lo)
            i += 2
        }
        return bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        case 65...70: c - 55
        default: nil
        }
    }

    /// The key of the running process, set once by `configure` (the audit trail is written from
    /// services that hold only a database handle).
    private static let current = NIOLockedValueBox<AuditKey?>(nil)

    static var active: AuditKey {
        get throws {
            guard let key = current.withLockedValue({ $0 }) else { throw AppError.conflict("审计密钥未加载") }
            return key
        }
    }

    static func activate(_ key: AuditKey) { current.withLockedValue { $0 = key } }
}
