import FazhiCore
import Fluent
import Vapor

func registerCommands(_ app: Application) {
    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(UserCommands(), as: "user")
    app.asyncCommands.use(DistrictCommands(), as: "district")
    app.asyncCommands.use(PlanCommands(), as: "plan")
    app.asyncCommands.use(AuditCommands(), as: "audit")
    app.asyncCommands.use(DeadlineCommand(), as: "deadline")
    app.asyncCommands.use(CalendarCommands(), as: "calendar")
    app.asyncCommands.use(IndicatorCommands(), as: "indicators")
    app.asyncCommands.use(SuperviseCommands(), as: "supervise")
    app.asyncCommands.use(ReportCommands(), as: "report")
    app.asyncCommands.use(DemoCommands(), as: "demo")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
}

/// A command failure with a message for the operator; the process exits non-zero.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }

    init(_ message: String) { self.message = message }

    /// Turns validation failures into one line per field path.
    init(_ error: any Error) {
        switch error {
        case let f as ValidationFailure: message = "校验失败,未写入任何数据:\n" + f.errors.map { "  \($0.field): \($0.message)" }.joined(separator: "\n")
        case let e as AppError: message = e.message
        case let e as CommandFailure: message = e.message
        default: message = String(describing: error)
        }
    }
}

/// Writes to standard error, keeping standard output for data.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// `fazhi migrate`: brings the database schema up to date (no prompt).
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "revert", help: "Revert all migrations (deletes every table).") var revert: Bool
    }

    var help: String { "Brings the database schema up to date." }

    func run(using context: CommandContext, signature: Signature) async throws {
        if signature.revert {
            try await context.application.autoRevert()
            printError("已回滚全部迁移。")
        } else {
            try await context.application.autoMigrate()
            printError("数据库结构已是最新。")
        }
    }
}

/// `fazhi audit verify [--head SEQ:HASH]`: checks the keyed hash chain of the audit trail, and
/// that it still holds an exported head. `fazhi audit head`: prints the head to keep elsewhere.
struct AuditCommands: AsyncCommandGroup {
    var help: String { "Audit trail tools." }
    var commands: [String: any AnyAsyncCommand] { ["verify": VerifyCommand(), "head": HeadCommand()] }

    struct VerifyCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "head", help: "An exported head (SEQ:HASH from `fazhi audit head`) the chain must still hold.")
            var head: String?
        }

        var help: String { "Verifies the audit hash chain; exits non-zero at the first broken event." }

        func run(using context: CommandContext, signature: Signature) async throws {
            var exported: AuditHeadMark?
            if let text = signature.head {
                guard let mark = AuditHeadMark(text) else { throw CommandFailure("--head 应写作 序号:64 位哈希(fazhi audit head 的输出)") }
                exported = mark
            }
            try await context.application.autoMigrate()
            let result = try await AuditService.verify(on: context.application.db, against: exported)
            if let failure = result.failure {
                throw CommandFailure("审计链校验失败:首个异常事件为第 \(failure.seq) 号 —— \(failure.message)(此前 \(result.checked) 条完好)")
            }
            if let mismatch = result.headMismatch {
                throw CommandFailure("审计链校验失败:\(mismatch)(链内 \(result.checked) 条事件自洽)")
            }
            print("审计链完整:\(result.checked) 条事件全部校验通过" + (exported.map { ",包含导出的链头第 \($0.seq) 号。" } ?? "。"))
        }
    }

    struct HeadCommand: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Prints the audit chain's head (SEQ:HASH) to keep outside the database." }

        func run(using context: CommandContext, signature: Signature) async throws {
            try await context.application.autoMigrate()
            print(try await AuditService.head(on: context.application.db).description)
        }
    }
}
