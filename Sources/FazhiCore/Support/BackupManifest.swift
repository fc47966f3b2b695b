import Foundation

/// 备份清单: what a backup folder (`fazhi backup --output DIR`) holds, written last so that a
/// folder without it is an interrupted backup. Beside it, `SHA256SUMS` lists every other file in
/// the format of coreutils' `sha256sum`, so an operator can check a copied backup with
/// `sha256sum -c SHA256SUMS` without Fazhi.
public struct BackupManifest: Codable, Equatable, Sendable {
    /// The folder layout's version; a restore refuses a format it does not know.
    public static let currentFormat = 1
    public static let fileName = "manifest.json"
    public static let sumsFileName = "SHA256SUMS"
    /// The evidence store's files, under their content-addressed paths.
    public static let evidenceFolder = "evidence"
    /// The demo's generated audit key (production keeps FAZHI_AUDIT_KEY outside every backup).
    public static let auditKeyFileName = "audit.key"

    public enum DatabaseKind: String, Codable, Sendable {
        /// The SQLite file, copied online with `VACUUM INTO` (a consistent snapshot while serving).
        case sqlite
        /// `pg_dump --format=custom` of one exported snapshot.
        case postgres

        public var fileName: String { self == .sqlite ? "database.sqlite" : "database.pgdump" }
        public var label: String { self == .sqlite ? "SQLite" : "PostgreSQL" }
    }

    public var format: Int
    /// When the snapshot was taken (UTC, ISO 8601) and the same moment in Beijing time, for people.
    public var createdAt: String
    public var createdAtLocal: String
    public var database: DatabaseKind
    /// Rows per table in the snapshot, the restore's first check.
    public var tables: [String: Int]
    /// The audit chain's head in the snapshot (`seq:hash`): the restored chain must hold it.
    public var auditHead: String
    /// Every evidence file with its size; its name is its SHA-256.
    public var evidence: [EvidenceEntry]
    /// Whether the demo's audit key is in the folder (never in production mode).
    public var auditKeyIncluded: Bool
    /// The audit key's fingerprint (its HMAC of a fixed text, which reveals nothing of the key), so
    /// that a restore with another key is refused before anything is written.
    public var auditKeyCheck: String

    public struct EvidenceEntry: Codable, Equatable, Sendable {
        public var sha256: String
        public var bytes: Int
        public init(sha256: String, bytes: Int) {
            self.sha256 = sha256
            self.bytes = bytes
        }
    }

    public init(
        createdAt: Date, database: DatabaseKind, tables: [String: Int], auditHead: String, evidence: [EvidenceEntry],
        auditKeyIncluded: Bool, auditKeyCheck: String
    ) {
        self.format = Self.currentFormat
        self.createdAt = ISO8601DateFormatter().string(from: createdAt)
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = LocalDate.legalTimeZone
        local.dateFormat = "yyyy-MM-dd HH:mm:ss"
        self.createdAtLocal = local.string(from: createdAt) + "(北京时间)"

        self.database = database
        self.tables = tables
        self.auditHead = auditHead
        self.evidence = evidence
        self.auditKeyIncluded = auditKeyIncluded
        self.auditKeyCheck = auditKeyCheck
    }

    /// The relative path of an evidence file in the folder (the store's own layout: `ab/cd/<sha256>`).
    public static func evidencePath(_ sha256: String) -> String {
        "\(evidenceFolder)/\(sha256.prefix(2))/\(sha256.dropFirst(2).prefix(2))/\(sha256)"
    }

    public var totalRows: Int { tables.values.reduce(0, +) }

    /// 64 lower-case hex digits: a stored file's name, safe to build a path from.
    public static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

/// `SHA256SUMS`: one line per file, `<64 hex digits><two spaces><relative path>`, as `sha256sum`
/// writes and checks it.
public struct BackupChecksums: Equatable, Sendable {
    /// Relative path → lower-case hex SHA-256, in the order written.
    public private(set) var entries: [(path: String, sha256: String)]

    public static func == (a: BackupChecksums, b: BackupChecksums) -> Bool {
        a.entries.map(\.path) == b.entries.map(\.path) && a.entries.map(\.sha256) == b.entries.map(\.sha256)
    }

    public init() { entries = [] }

    public mutating func add(_ path: String, sha256: String) { entries.append((path, sha256.lowercased())) }

    public var text: String { entries.map { "\($0.sha256)  \($0.path)\n" }.joined() }

    /// Reads the file; any line that is not a sum and a safe relative path is refused with its
    /// line number (a path may not climb out of the folder or be absolute).
    public static func parse(_ text: String) throws -> BackupChecksums {
        var sums = BackupChecksums()
        var seen = Set<String>()
        // `\r\n` is one Character, a newline like `\n`.
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            if line.isEmpty { continue }
            let number = index + 1
            guard line.count > 66, line.utf8.prefix(64).allSatisfy(Self.isHex) else {
                throw BackupError("SHA256SUMS 第 \(number) 行格式不对:应为 64 位十六进制校验值、两个空格和文件路径")
            }
            let sum = String(line.prefix(64))
            let separator = line.dropFirst(64).prefix(2)
            guard separator == "  " || separator == " *" else {
                throw BackupError("SHA256SUMS 第 \(number) 行格式不对:校验值与路径之间应为两个空格")
            }
            let path = String(line.dropFirst(66))
            guard isSafeRelativePath(path) else {
                throw BackupError("SHA256SUMS 第 \(number) 行的路径 “\(path.prefix(80))” 不是备份目录内的相对路径")
            }
            guard seen.insert(path).inserted else { throw BackupError("SHA256SUMS 第 \(number) 行重复列出了 \(path)") }
            sums.add(path, sha256: sum)
        }
        return sums
    }

    /// Relative, inside the folder: no leading `/`, no `.`/`..` components, no empty components,
    /// no backslashes or control characters.
    public static func isSafeRelativePath(_ path: String) -> Bool {
        guard !path.isEmpty, path.utf8.count <= 512, !path.hasPrefix("/") else { return false }
        guard !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\\" || $0.value == 0x7f }) else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part != "." && part != ".."
        }
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (97...102).contains(byte) || (65...70).contains(byte)
    }
}

/// A backup or restore that cannot go on, in words for the operator.
public struct BackupError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
