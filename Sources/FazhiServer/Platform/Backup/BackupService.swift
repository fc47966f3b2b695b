import FazhiCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// 备份与恢复: `fazhi backup --output DIR` writes one consistent snapshot of the database (SQLite's
/// `VACUUM INTO`, or `pg_dump` of an exported PostgreSQL snapshot — both taken while the server
/// keeps serving), every evidence file the snapshot's attachments name, and a manifest with each
/// table's rows and the audit chain's head, all listed in `SHA256SUMS`. `fazhi restore DIR` checks
/// every sum before it writes anything, restores only into an empty database (in one transaction),
/// copies the files into the store, and then proves the result: every table's rows as counted in
/// the snapshot, the audit chain intact and still holding the snapshot's head, every file present
/// with its SHA-256.
enum BackupService {
    struct Summary: Sendable {
        let folder: String
        let database: BackupManifest.DatabaseKind
        let tables: Int
        let rows: Int
        let files: Int
        let fileBytes: Int
        let auditHead: String
    }

    /// What a snapshot holds, read inside it.
    private struct Contents: Sendable, Equatable {
        var tables: [String: Int]
        var auditHead: String
        /// Every stored file an attachment names.
        var evidence: [String]
    }

    /// The text whose HMAC fingerprints the audit key in a manifest.
    private static let keyCheckText = "fazhi:backup:audit-key-check"

    // MARK: Backup

    static func backup(_ app: Application, to output: String, now: Date) async throws -> Summary {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: output).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: target, isDirectory: &isDirectory) {
            guard isDirectory.boolValue, (try fm.contentsOfDirectory(atPath: target)).isEmpty else {
                throw BackupError("备份目录 \(target) 已存在且不为空:请指定一个新目录(备份从不覆盖已有文件)")
            }
        }
        let parent = (target as NSString).deletingLastPathComponent
        try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
        // Written beside the target and renamed at the end: an interrupted backup never looks complete.
        let staging = parent + "/.\((target as NSString).lastPathComponent).partial-\(UUID().uuidString)"
        try fm.createDirectory(atPath: staging, withIntermediateDirectories: false)
        do {
            let manifest = try await write(app, into: staging, now: now)
            if fm.fileExists(atPath: target) { try fm.removeItem(atPath: target) }
            try fm.moveItem(atPath: staging, toPath: target)
            return summary(of: manifest, folder: target)
        } catch {
            try? fm.removeItem(atPath: staging)
            throw error
        }
    }

    private static func write(_ app: Application, into staging: String, now: Date) async throws -> BackupManifest {
        let fm = FileManager.default
        let kind = databaseKind(app)
        let databasePath = staging + "/" + kind.fileName
        let contents: Contents
        switch app.fazhi.storage {
        case .sqliteFile:
            // A consistent copy while others read and write (a read transaction of its own).
            try await app.db.sql().raw("VACUUM INTO \(bind: databasePath)").run()
            contents = try await attached(app, file: databasePath) { sql in try await read(sql, schema: "snapshot") }
        case .postgres(let url):
            let environment = try PostgresTools.environment(for: url)
            let tools = PostgresTools(directory: app.fazhi.pgBinDirectory)
            // Counted in the very snapshot pg_dump copies: the transaction exports it and stays open
            // until pg_dump has read everything.
            contents = try await app.db.transaction { tx in
                let sql = try tx.sql()
                try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
                guard let id = try await sql.raw("SELECT pg_export_snapshot() AS id").first(decodingColumn: "id", as: String.self) else {
                    throw BackupError("PostgreSQL 未能导出快照")
                }
                let contents = try await read(sql, schema: nil)
                try await tools.run(
                    "pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--snapshot=\(id)", "--file=\(databasePath)"],
                    environment: environment, scratch: staging)
                return contents
            }
        }

        var sums = BackupChecksums()
        sums.add(kind.fileName, sha256: try FileDigest.sha256(of: databasePath).hex)
        let store = app.fileStore
        var evidence: [BackupManifest.EvidenceEntry] = []
        var missing: [String] = []
        for hash in contents.evidence {
            let source = store.path(for: hash)
            guard fm.fileExists(atPath: source) else {
                missing.append(hash)
                continue
            }
            let relative = BackupManifest.evidencePath(hash)
            let destination = staging + "/" + relative
            try fm.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try fm.copyItem(atPath: source, toPath: destination)
            let digest = try FileDigest.sha256(of: destination)
            guard digest.hex == hash else {
                throw BackupError("材料库中的文件 \(hash.prefix(12))… 已损坏(内容与其 SHA-256 名称不符),备份未完成;请先从上一份备份取回该文件")
            }
            evidence.append(.init(sha256: hash, bytes: digest.bytes))
            sums.add(relative, sha256: hash)
        }
        guard missing.isEmpty else {
            throw BackupError("有 \(missing.count) 个附件登记的文件在材料库中找不到(如 \(missing[0].prefix(12))…),备份未完成")
        }

        // The demo's generated key travels with its backup; FAZHI_AUDIT_KEY never does.
        let includeKey = app.fazhi.auditKey == nil
        if includeKey {
            let destination = staging + "/" + BackupManifest.auditKeyFileName
            try fm.copyItem(atPath: app.fazhi.dataDirectory + "/audit.key", toPath: destination)
            sums.add(BackupManifest.auditKeyFileName, sha256: try FileDigest.sha256(of: destination).hex)
        }
        let manifest = BackupManifest(
            createdAt: now, database: kind, tables: contents.tables, auditHead: contents.auditHead, evidence: evidence,
            auditKeyIncluded: includeKey, auditKeyCheck: try AuditKey.active.mac(keyCheckText))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let manifestData = try encoder.encode(manifest)
        try manifestData.write(to: URL(fileURLWithPath: staging + "/" + BackupManifest.fileName))
        sums.add(BackupManifest.fileName, sha256: Tokens.sha256Hex(manifestData))
        try Data(sums.text.utf8).write(to: URL(fileURLWithPath: staging + "/" + BackupManifest.sumsFileName))
        return manifest
    }

    // MARK: Restore

    static func restore(_ app: Application, from folder: String, now: Date) async throws -> Summary {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: folder).standardizedFileURL.path
        let manifest = try checkedManifest(root)

        let kind = databaseKind(app)
        guard kind == manifest.database else {
            throw BackupError("此备份来自 \(manifest.database.label),当前配置的数据库是 \(kind.label):请在同类数据库上恢复")
        }
        let existing = try await tableCount(app)
        guard existing == 0 else {
            throw BackupError(
                "目标数据库不是空的(已有 \(existing) 张表):恢复只写入空数据库,以免覆盖现有数据。请新建一个空数据库(SQLite 换一个 FAZHI_DATA_DIR)后再恢复")
        }
        let key: AuditKey
        if manifest.auditKeyIncluded {
            guard app.fazhi.auditKey == nil else {
                throw BackupError("此备份来自演示模式,审计链由备份中的 audit.key 计算:恢复时请不要设置 FAZHI_AUDIT_KEY")
            }
            let text = try String(contentsOfFile: root + "/" + BackupManifest.auditKeyFileName, encoding: .utf8)
            guard let bytes = AuditKey.hexBytes(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count >= 32 else {
                throw BackupError("备份中的 audit.key 不是有效的审计密钥")
            }
            key = AuditKey(bytes: bytes)
        } else {
            guard app.fazhi.auditKey != nil else {
                throw BackupError("此备份的审计链使用生产环境的 FAZHI_AUDIT_KEY(不随备份保存):请设置与备份时相同的 FAZHI_AUDIT_KEY 后再恢复")
            }
            key = try AuditKey.active
        }
        guard Tokens.constantTimeEquals(key.mac(keyCheckText), manifest.auditKeyCheck) else {
            throw BackupError("审计密钥与备份时不同,恢复后的审计链将无法校验:请设置备份时使用的 FAZHI_AUDIT_KEY")
        }

        // Everything checked: from here on the database and the store are written.
        let databaseFile = root + "/" + manifest.database.fileName
        switch app.fazhi.storage {
        case .sqliteFile:
            try await restoreSQLite(app, from: databaseFile)
        case .postgres(let url):
            // One transaction: a dump that fails halfway leaves the database as empty as it was. The
            // database is named by itself (host, user and password stay in the environment).
            let environment = try PostgresTools.environment(for: url)
            try await PostgresTools(directory: app.fazhi.pgBinDirectory).run(
                "pg_restore",
                [
                    "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
                    "--dbname=\(environment["PGDATABASE"] ?? "")", databaseFile,
                ],
                environment: environment, scratch: app.fazhi.dataDirectory)
        }
        if manifest.auditKeyIncluded {
            let path = app.fazhi.dataDirectory + "/audit.key"
            try? fm.removeItem(atPath: path)
            try fm.copyItem(atPath: root + "/" + BackupManifest.auditKeyFileName, toPath: path)
            try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            AuditKey.activate(key)
        }
        // Each file copied into the store's incoming folder, then taken in as an upload is.
        let store = app.fileStore
        try fm.createDirectory(atPath: store.temporaryDirectory, withIntermediateDirectories: true)
        for entry in manifest.evidence where !fm.fileExists(atPath: store.path(for: entry.sha256)) {
            let temporary = store.temporaryDirectory + "/restore-\(UUID().uuidString)"
            try fm.copyItem(atPath: root + "/" + BackupManifest.evidencePath(entry.sha256), toPath: temporary)
            try store.adopt(temporary, sha256: entry.sha256)
        }

        try await verify(app, against: manifest)
        try await app.db.writeTransaction { tx in
            try await AuditService.record(
                on: tx, actor: .system("restore"), action: .restoreBackup, entityType: .backup, entityID: manifest.createdAt,
                after: RestoredBackup(
                    createdAt: manifest.createdAtLocal, database: manifest.database.label, tableCount: manifest.tables.count,
                    rowCount: manifest.totalRows, fileCount: manifest.evidence.count, auditHead: manifest.auditHead),
                at: now)
        }
        return summary(of: manifest, folder: root)
    }

    /// The restored database proves itself against the manifest: every table's rows, the audit
    /// chain (intact and holding the snapshot's head), every attachment's file with its SHA-256.
    private static func verify(_ app: Application, against manifest: BackupManifest) async throws {
        let contents: Contents
        switch app.fazhi.storage {
        case .sqliteFile: contents = try await read(app.db.sql(), schema: "main")
        case .postgres: contents = try await read(app.db.sql(), schema: nil)
        }
        if contents.tables != manifest.tables {
            let names = Set(contents.tables.keys).union(manifest.tables.keys).sorted()
            let differences = names.filter { contents.tables[$0] != manifest.tables[$0] }.prefix(5).map {
                "\($0):备份 \(manifest.tables[$0].map(String.init) ?? "无此表"),恢复后 \(contents.tables[$0].map(String.init) ?? "无此表")"
            }
            throw BackupError("恢复后的行数与备份清单不符:" + differences.joined(separator: ";"))
        }
        guard let head = AuditHeadMark(manifest.auditHead) else { throw BackupError("备份清单中的审计链头无效") }
        let chain = try await AuditService.verify(on: app.db, against: head)
        if let failure = chain.failure { throw BackupError("恢复后的审计链校验失败:第 \(failure.seq) 号事件 —— \(failure.message)") }
        if let mismatch = chain.headMismatch { throw BackupError("恢复后的审计链校验失败:\(mismatch)") }
        guard Set(contents.evidence) == Set(manifest.evidence.map(\.sha256)) else {
            throw BackupError("恢复后附件登记的文件与备份清单不符")
        }
        let store = app.fileStore
        for entry in manifest.evidence {
            let digest = try FileDigest.sha256(of: store.path(for: entry.sha256))
            guard digest.hex == entry.sha256, digest.bytes == entry.bytes else {
                throw BackupError("恢复后的材料文件 \(entry.sha256.prefix(12))… 与备份不符")
            }
        }
    }

    /// Reads `SHA256SUMS`, checks every file it lists, then reads the manifest; nothing the
    /// restore uses is left unchecked.
    private static func checkedManifest(_ root: String) throws -> BackupManifest {
        let fm = FileManager.default
        guard let sumsText = try? String(contentsOfFile: root + "/" + BackupManifest.sumsFileName, encoding: .utf8) else {
            throw BackupError("\(root) 不是完整的备份:缺少 SHA256SUMS(目录不对,或备份中途中断)")
        }
        let sums = try BackupChecksums.parse(sumsText)
        for entry in sums.entries {
            let path = root + "/" + entry.path
            guard fm.fileExists(atPath: path) else { throw BackupError("备份不完整:缺少 \(entry.path),未恢复任何数据") }
            guard try FileDigest.sha256(of: path).hex == entry.sha256 else {
                throw BackupError("备份已损坏:\(entry.path) 的 SHA-256 与 SHA256SUMS 不符,未恢复任何数据")
            }
        }
        let listed = Set(sums.entries.map(\.path))
        guard listed.contains(BackupManifest.fileName), let data = fm.contents(atPath: root + "/" + BackupManifest.fileName) else {
            throw BackupError("备份不完整:SHA256SUMS 未列出 manifest.json")
        }
        let manifest: BackupManifest
        do {
            manifest = try JSONDecoder().decode(BackupManifest.self, from: data)
        } catch {
            throw BackupError("manifest.json 无法读取,未恢复任何数据")
        }
        guard manifest.format == BackupManifest.currentFormat else {
            throw BackupError("备份格式版本 \(manifest.format) 不受支持(本程序读取版本 \(BackupManifest.currentFormat))")
        }
        guard listed.contains(manifest.database.fileName) else { throw BackupError("备份不完整:SHA256SUMS 未列出 \(manifest.database.fileName)") }
        if manifest.auditKeyIncluded, !listed.contains(BackupManifest.auditKeyFileName) {
            throw BackupError("备份不完整:SHA256SUMS 未列出 audit.key")
        }
        for entry in manifest.evidence {
            guard BackupManifest.isSHA256(entry.sha256),
                listed.contains(BackupManifest.evidencePath(entry.sha256))
            else { throw BackupError("备份不完整:清单中的材料文件 \(entry.sha256.prefix(12))… 不在 SHA256SUMS 中") }
        }
        return manifest
    }

    /// Copies the backup's schema and rows into the empty main database in one transaction:
    /// tables, then rows, then indexes and triggers (foreign keys checked at the commit).
    private static func restoreSQLite(_ app: Application, from file: String) async throws {
        try await attached(app, file: file) { sql in
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                try await sql.raw("PRAGMA defer_foreign_keys = ON").run()
                let objects = try await sql.raw(
                    """
                    SELECT type, name, sql FROM snapshot.sqlite_master
                    WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'
                    ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, rowid
                    """
                ).all().map { row in
                    (
                        type: try row.decode(column: "type", as: String.self), name: try row.decode(column: "name", as: String.self),
                        sql: try row.decode(column: "sql", as: String.self)
                    )
                }
                for object in objects where object.type == "table" { try await sql.raw(SQLQueryString(object.sql)).run() }
                for object in objects where object.type == "table" {
                    try await sql.raw("INSERT INTO main.\(ident: object.name) SELECT * FROM snapshot.\(ident: object.name)").run()
                }
                let sequences = try await sql.raw("SELECT COUNT(*) AS n FROM snapshot.sqlite_master WHERE name = 'sqlite_sequence'")
                    .first(decodingColumn: "n", as: Int.self)
                if sequences == 1 { try await sql.raw("INSERT INTO main.sqlite_sequence SELECT * FROM snapshot.sqlite_sequence").run() }
                for object in objects where object.type != "table" { try await sql.raw(SQLQueryString(object.sql)).run() }
                try await sql.raw("COMMIT").run()
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    // MARK: Shared

    /// Runs `body` on one connection with `file` attached as `snapshot`, detached afterwards.
    private static func attached<T: Sendable>(
        _ app: Application, file: String, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await app.db.withConnection { db in
            let sql = try db.sql()
            try await sql.raw("ATTACH DATABASE \(bind: file) AS snapshot").run()
            do {
                let result = try await body(sql)
                try await sql.raw("DETACH DATABASE snapshot").run()
                return result
            } catch {
                try? await sql.raw("DETACH DATABASE snapshot").run()
                throw error
            }
        }
    }

    /// Tables with their rows, the audit head and the stored files the attachments name; `schema`
    /// is an attached SQLite database's name (`snapshot`, `main`), nil on PostgreSQL.
    private static func read(_ sql: any SQLDatabase, schema: String?) async throws -> Contents {
        let prefix = schema.map { "\($0)." } ?? ""
        let names: [String]
        if schema != nil {
            names = try await sql.raw(
                "SELECT name FROM \(unsafeRaw: prefix)sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            ).all().map { try $0.decode(column: "name", as: String.self) }
        } else {
            names = try await sql.raw("SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
                .all().map { try $0.decode(column: "name", as: String.self) }
        }
        var tables: [String: Int] = [:]
        for name in names {
            tables[name] =
                try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: prefix)\(ident: name)").first(decodingColumn: "n", as: Int.self) ?? 0
        }
        let head = try await sql.raw("SELECT seq, hash FROM \(unsafeRaw: prefix)audit_head WHERE id = 1").first()
        guard let head else { throw BackupError("数据库中没有审计链头(audit_head):这不是 Fazhi 的数据库,或尚未执行 fazhi migrate") }
        let mark = AuditHeadMark(seq: try head.decode(column: "seq", as: Int.self), hash: try head.decode(column: "hash", as: String.self))
        let evidence = try await sql.raw("SELECT DISTINCT sha256 FROM \(unsafeRaw: prefix)attachments ORDER BY sha256").all().map {
            try $0.decode(column: "sha256", as: String.self)
        }
        for hash in evidence where !BackupManifest.isSHA256(hash) {
            throw BackupError("附件表中有无效的 SHA-256(\(hash.prefix(20))),备份未完成")
        }
        return Contents(tables: tables, auditHead: mark.description, evidence: evidence)
    }

    private static func tableCount(_ app: Application) async throws -> Int {
        let sql = try app.db.sql()
        switch app.fazhi.storage {
        case .sqliteFile:
            return try await sql.raw("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'").first(decodingColumn: "n", as: Int.self) ?? 0
        case .postgres:
            return try await sql.raw("SELECT COUNT(*) AS n FROM pg_tables WHERE schemaname = current_schema()")
                .first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }

    private static func databaseKind(_ app: Application) -> BackupManifest.DatabaseKind {
        if case .postgres = app.fazhi.storage { return .postgres }
        return .sqlite
    }

    private static func summary(of manifest: BackupManifest, folder: String) -> Summary {
        Summary(
            folder: folder, database: manifest.database, tables: manifest.tables.count, rows: manifest.totalRows,
            files: manifest.evidence.count, fileBytes: manifest.evidence.reduce(0) { $0 + $1.bytes }, auditHead: manifest.auditHead)
    }
}

/// The restore's audit event.
private struct RestoredBackup: Encodable {
    let createdAt: String
    let database: String
    let tableCount: Int
    let rowCount: Int
    let fileCount: Int
    let auditHead: String
}
