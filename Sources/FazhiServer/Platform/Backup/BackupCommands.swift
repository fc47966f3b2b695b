import FazhiCore
import Foundation
import Vapor

/// `fazhi backup --output DIR`: one consistent snapshot of the database and every evidence file
/// it names, with a manifest and `SHA256SUMS`, while the server keeps serving.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "output", short: "o", help: "A new (or empty) folder for the backup.")
        var output: String?
    }

    var help: String { "Backs up the database and the evidence store into a new folder, with SHA-256 sums." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let output = signature.output, !output.isEmpty else { throw CommandFailure("请用 --output 指定备份目录(新目录或空目录)") }
        let app = context.application
        try await app.autoMigrate()
        let summary: BackupService.Summary
        do {
            summary = try await BackupService.backup(app, to: output, now: app.clock.now())
        } catch let error as BackupError {
            throw CommandFailure("备份失败:\(error.message)")
        }
        print(
            "备份完成:\(summary.folder)\n  数据库(\(summary.database.label)):\(summary.tables) 张表,\(summary.rows) 行\n"
                + "  材料文件:\(summary.files) 个,\(String(format: "%.1f", Double(summary.fileBytes) / 1_048_576)) MB\n"
                + "  审计链头:\(summary.auditHead)\n  核对:cd \(summary.folder) && sha256sum -c SHA256SUMS")
    }
}

/// `fazhi restore DIR`: checks every sum of a backup, restores it into an empty database and the
/// evidence store, then verifies rows, audit chain and files against the manifest.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "folder", help: "The backup folder (`fazhi backup --output`).")
        var folder: String
    }

    var help: String { "Restores a backup into an empty database, then verifies rows, audit chain and files." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let summary: BackupService.Summary
        do {
            summary = try await BackupService.restore(app, from: signature.folder, now: app.clock.now())
        } catch let error as BackupError {
            throw CommandFailure("恢复失败:\(error.message)")
        }
        print(
            "恢复完成并已核对:\(summary.tables) 张表 \(summary.rows) 行与备份清单一致,"
                + "审计链完整(含链头 \(summary.auditHead)),\(summary.files) 个材料文件校验通过。")
    }
}
