import FazhiCore
import Vapor

/// `fazhi indicators import FILE [--year Y --category C --title T]` (Excel or JSON) and
/// `fazhi indicators export --year Y --category C [--format json|xlsx] > file`.
struct IndicatorCommands: AsyncCommandGroup {
    var help: String { "Indicator trees (指标体系): import and export as Excel or JSON." }
    var commands: [String: any AnyAsyncCommand] { ["import": ImportCommand(), "export": ExportCommand()] }

    struct ImportCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "file", help: "Excel workbook (.xlsx, one row per node) or JSON tree.") var file: String
            @Option(name: "year", help: "Year (required for Excel).") var year: Int?
            @Option(name: "category", help: "Unit category code (required for Excel).") var category: String?
            @Option(name: "title", help: "Title (Excel).") var title: String?
            @Option(
                name: "district",
                help:
                    "District code (fazhi district list), or the city's code for its tree of districts (category district); needed when there are several districts."
            )
            var district: String?
        }

        var help: String { "Imports a tree: checked first, written all at once, replacing that year's tree of the category." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.autoMigrate()
            guard let data = FileManager.default.contents(atPath: signature.file) else { throw CommandFailure("无法读取文件 \(signature.file)") }
            do {
                let tree = try IndicatorService.parse(data, year: signature.year, category: signature.category, title: signature.title)
                let district = try await Districts.named(signature.district, city: true, on: app.db)
                let record = try await IndicatorService.save(
                    tree, district: district, action: .import, actor: .system("cli"), on: app.db, now: app.clock.now())
                print("已导入 \(record.year) 年\(record.title)(\(tree.nodes.count) 项指标,第 \(record.version) 版)。")
            } catch {
                throw CommandFailure(error)
            }
        }
    }

    struct ExportCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "year", help: "Year.") var year: Int?
            @Option(name: "category", help: "Unit category code.") var category: String?
            @Option(name: "format", help: "json (default) or xlsx.") var format: String?
            @Option(
                name: "district",
                help:
                    "District code (fazhi district list), or the city's code for its tree of districts (category district); needed when there are several districts."
            )
            var district: String?
        }

        var help: String { "Writes a tree to standard output as JSON or an Excel workbook." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            guard let year = signature.year, let category = signature.category else { throw CommandFailure("需要 --year 与 --category") }
            try await app.autoMigrate()
            let district = try await Districts.named(signature.district, city: true, on: app.db)
            guard let record = try await IndicatorService.find(year: year, category: category, district: district, on: app.db) else {
                throw CommandFailure("\(year) 年没有类别为“\(category)”的指标体系")
            }
            let tree = try await IndicatorService.tree(record, on: app.db)
            switch signature.format ?? "json" {
            case "json":
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                FileHandle.standardOutput.write(try encoder.encode(tree) + Data("\n".utf8))
            case "xlsx":
                FileHandle.standardOutput.write(try IndicatorService.workbook(tree))
            default:
                throw CommandFailure("--format 应为 json 或 xlsx")
            }
        }
    }
}
