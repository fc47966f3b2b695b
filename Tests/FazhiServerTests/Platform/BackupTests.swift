import FazhiCore
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// `fazhi backup` and `fazhi restore` on the database under test (SQLite, or PostgreSQL with
    /// `pg_dump`/`pg_restore`): a restore reproduces every table's rows, the audit chain and every
    /// evidence file, and a bad backup or a non-empty target changes nothing.
    @Suite struct BackupTests {
        @Test func aBackupRestoresEveryRowTheAuditChainAndEveryFile() async throws {
            try await withTestDistrict(units: try TestDistrict.assessed(), .everything) { app, clock, _ in
                let source = try await Self.rowCounts(app)
                let attachments = try await Attachment.query(on: app.db).all()
                #expect(attachments.count > 3, "the fixture holds evidence files")
                let folder = TestPaths.fresh() + "/backup"
                let made = try await BackupService.backup(app, to: folder, now: clock.now)
                #expect(made.rows == source.values.reduce(0, +) && made.tables == source.count)
                #expect(made.files == Set(attachments.map(\.sha256)).count)
                // coreutils checks the sums the way an operator would, without Fazhi.
                #expect(try Self.shell("/usr/bin/sha256sum", ["-c", "--quiet", "SHA256SUMS"], in: folder) == 0)
                await #expect(throws: BackupError.self, "a second backup into the same folder is refused") {
                    try await BackupService.backup(app, to: folder, now: clock.now)
                }

                try await Self.withEmptyDatabase { target in
                    let restored = try await BackupService.restore(target, from: folder, now: clock.now)
                    #expect(restored.rows == made.rows)
                    var counts = try await Self.rowCounts(target)
                    // The restore itself is audited: one event more than the backup held.
                    #expect(counts["audit_events"] == (source["audit_events"] ?? 0) + 1)
                    counts["audit_events"] = source["audit_events"]
                    #expect(counts == source)
                    let chain = try await AuditService.verify(on: target.db, against: AuditHeadMark(made.auditHead))
                    #expect(chain.isIntact, "\(String(describing: chain.failure)) \(chain.headMismatch ?? "")")
                    for attachment in attachments {
                        let bytes = try target.fileStore.get(attachment.sha256)
                        #expect(bytes.count == attachment.size)
                    }
                    let event = try #require(try await AuditEvent.query(on: target.db).sort(\.$id, .descending).first())
                    #expect(event.action == AuditAction.restoreBackup.code)
                    // The restored district works: the office signs in and opens its pages.
                    var office = try await Browser.signedIn(target, as: "office")
                    #expect(try await office.get("/problems").status == .ok)
                }

                // Into a database that already holds tables: refused, nothing written.
                await #expect(throws: BackupError.self) { try await BackupService.restore(app, from: folder, now: clock.now) }
                #expect(try await Self.rowCounts(app) == source)

                // A damaged copy: one byte of one evidence file changed — refused before anything is written.
                let damaged = TestPaths.fresh() + "/damaged"
                try FileManager.default.copyItem(atPath: folder, toPath: damaged)
                let hash = try #require(attachments.first?.sha256)
                let file = damaged + "/" + BackupManifest.evidencePath(hash)
                var data = try Data(contentsOf: URL(fileURLWithPath: file))
                data[data.count / 2] ^= 0x01
                try data.write(to: URL(fileURLWithPath: file))
                try await Self.withEmptyDatabase { target in
                    do {
                        _ = try await BackupService.restore(target, from: damaged, now: clock.now)
                        Issue.record("a damaged backup was restored")
                    } catch let error as BackupError {
                        #expect(error.message.contains("备份已损坏") && error.message.contains(hash))
                    }
                    #expect(try await Self.rowCounts(target).isEmpty, "nothing was written")
                }
                // An interrupted backup (no SHA256SUMS) is not a backup.
                try FileManager.default.removeItem(atPath: damaged + "/SHA256SUMS")
                try await Self.withEmptyDatabase { target in
                    await #expect(throws: BackupError.self) { try await BackupService.restore(target, from: damaged, now: clock.now) }
                }
            }
        }

        /// The demo's own key travels with a demo backup, so the command line restores and verifies
        /// it into a fresh data folder; a production backup never holds FAZHI_AUDIT_KEY.
        @Test func theCommandsBackUpAndRestoreADemoDataFolder() throws {
            let data = try CLITests.tempDir(), other = try CLITests.tempDir(), backups = try CLITests.tempDir()
            defer { for url in [data, other, backups] { try? FileManager.default.removeItem(at: url) } }
            let imported = try CLITests.run(["plan", "import", "Resources/Seed/demo-plan.json"], dataDir: data)
            #expect(imported.status == 0, "\(imported.stderr)")
            let folder = backups.appendingPathComponent("2026-12-01").path
            let backup = try CLITests.run(["backup", "--output", folder], dataDir: data)
            #expect(backup.status == 0, "\(backup.stderr)")
            #expect(backup.stdout.contains("备份完成") && backup.stdout.contains("sha256sum -c SHA256SUMS"))
            #expect(FileManager.default.fileExists(atPath: folder + "/audit.key"), "demo mode: its generated key is in the backup")
            let restore = try CLITests.run(["restore", folder], dataDir: other)
            #expect(restore.status == 0, "\(restore.stderr)")
            #expect(restore.stdout.contains("恢复完成并已核对"))
            let verify = try CLITests.run(["audit", "verify"], dataDir: other)
            #expect(verify.status == 0 && verify.stdout.contains("审计链完整"), "\(verify.stderr)")
            let export = try CLITests.run(["plan", "export", "--year", "2026"], dataDir: other)
            #expect(export.status == 0, "\(export.stderr)")
            let plan = try JSONSerialization.jsonObject(with: export.output) as? [String: Any]
            #expect(plan?["year"] as? Int == 2026 && (plan?["tasks"] as? [Any])?.isEmpty == false, "the restored plan exports")
            // Again into the restored folder: refused, in Chinese.
            let again = try CLITests.run(["restore", folder], dataDir: other)
            #expect(again.status != 0 && again.stderr.contains("目标数据库不是空的"), "\(again.stderr)")
            // With a production key instead of the demo's: refused before anything is written.
            let keyed = try CLITests.run(
                ["restore", folder], dataDir: try CLITests.tempDir(), env: ["FAZHI_AUDIT_KEY": String(repeating: "ab", count: 32)])
            #expect(keyed.status != 0 && keyed.stderr.contains("FAZHI_AUDIT_KEY"), "\(keyed.stderr)")
        }

        // MARK: Helpers

        /// Rows per table, counted here independently of the service (empty: no tables).
        static func rowCounts(_ app: Application) async throws -> [String: Int] {
            let sql = try app.db.sql()
            let names: [String]
            if case .postgres = app.fazhi.storage {
                names = try await sql.raw("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'").all().map {
                    try $0.decode(column: "name", as: String.self)
                }
            } else {
                names = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all().map {
                    try $0.decode(column: "name", as: String.self)
                }
            }
            var counts: [String: Int] = [:]
            for name in names {
                counts[name] = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: name)").first(decodingColumn: "n", as: Int.self)
            }
            return counts
        }

        /// An application on a database without a single table, as `fazhi restore` expects to find it.
        static func withEmptyDatabase(_ body: (Application) async throws -> Void) async throws {
            var config = try testConfig()
            var database: (server: String, name: String)?
            if case .postgres(let url) = config.storage {
                let name = "fazhi_restore_\(ProcessInfo.processInfo.processIdentifier)_\(UUID().uuidString.prefix(8).lowercased())"
                try await DemoTemplates.admin(url, ["CREATE DATABASE \(name)"])
                config.storage = .postgres(try DemoTemplates.url(url, database: name))
                database = (url, name)
            }
            let app = try await Application.make(.testing)
            var failure: (any Error)?
            do {
                try await configure(app, config: config)
                try await body(app)
            } catch {
                failure = error
            }
            try await app.asyncShutdown()
            try? FileManager.default.removeItem(atPath: config.dataDirectory)
            if let database { try await DemoTemplates.admin(database.server, ["DROP DATABASE IF EXISTS \(database.name) WITH (FORCE)"]) }
            if let failure { throw failure }
        }

        static func shell(_ tool: String, _ arguments: [String], in directory: String) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }
}
