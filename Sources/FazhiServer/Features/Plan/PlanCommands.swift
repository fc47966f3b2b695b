import FazhiCore
import Vapor

/// `fazhi plan export|import|copy`: plan files and the year rollover.
struct PlanCommands: AsyncCommandGroup {
    var help: String { "Plan files and year rollover." }
    var commands: [String: any AnyAsyncCommand] { ["export": ExportCommand(), "import": ImportCommand(), "copy": CopyCommand()] }

    struct ExportCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "year", help: "Plan year to export.") var year: Int?
        }

        var help: String { "Prints the year's plan as a plan file (JSON) on standard output." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            guard let year = signature.year else { throw CommandFailure("需要 --year,例如 fazhi plan export --year 2026 > plan.json") }
            try await app.autoMigrate()
            let document: PlanDocument
            do {
                document = try await PlanService.export(year: year, district: try await Districts.node(nil, on: app.db).requireID(), on: app.db)
            } catch { throw CommandFailure(error) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(document) + Data("\n".utf8))
            printError("已导出 \(year) 年度方案:\(document.units.count) 个责任单位,\(document.arrangements.count) 项工作安排,\(document.tasks.count) 项任务。")
        }
    }

    struct ImportCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "file", help: "Plan file (JSON) to import.") var file: String
        }

        var help: String { "Imports a plan file: validated first, then written all at once or not at all." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.autoMigrate()
            guard let data = FileManager.default.contents(atPath: signature.file) else {
                throw CommandFailure("无法读取文件 \(signature.file)")
            }
            let document: PlanDocument
            do {
                document = try JSONDecoder().decode(PlanDocument.self, from: data)
            } catch let error as DecodingError {
                throw CommandFailure(
                    "文件不是有效的方案文件:\(FazhiErrorMiddleware.appError(from: error)?.message ?? "\(error)")"
                        + (FazhiErrorMiddleware.appError(from: error)?.field.map { "(字段 \($0))" } ?? ""))
            }
            do {
                try await PlanService.importDocument(document, actor: .system("cli"), on: app.db, now: app.clock.now())
            } catch {
                throw CommandFailure(error)
            }
            print("已导入 \(document.year) 年度方案“\(document.title)”:\(document.tasks.count) 项任务。")
        }
    }

    struct CopyCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "from", help: "Source year.") var from: Int?
            @Option(name: "to", help: "Target year.") var to: Int?
        }

        var help: String { "Copies a year's plan structure and tasks to a new year (dates shifted, no progress)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            guard let from = signature.from, let to = signature.to else { throw CommandFailure("需要 --from 与 --to,例如 --from 2026 --to 2027") }
            guard from != to else { throw CommandFailure("源年度与目标年度不能相同") }
            try await app.autoMigrate()
            do {
                let plan = try await PlanService.copy(
                    from: from, to: to, district: try await Districts.node(nil, on: app.db).requireID(), actor: .system("cli"), on: app.db,
                    now: app.clock.now())
                print("已将 \(from) 年度方案复制为 \(to) 年度:“\(plan.title)”。")
            } catch {
                throw CommandFailure(error)
            }
        }
    }
}
