import FazhiCore
import Fluent
import Vapor

/// `fazhi report goi --year 2025 [--unit CODE] [--format csv|xlsx|docx] [--output FILE]`: the
/// 政府信息公开工作年度报告 of a unit or the district. CSV prints table 3 with the template's row
/// and column labels on standard output; the balancing check goes to standard error (and a
/// table that does not balance ends the command with an error).
extension InformationRequestsModule {
    struct GOICommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "year", help: "Report year (default: last year).") var year: Int?
            @Option(name: "unit", help: "Unit code or name (default: the whole district).") var unit: String?
            @Option(name: "format", help: "csv (table 3, default), xlsx or docx (the whole report).") var format: String?
            @Option(name: "output", help: "File to write (xlsx/docx; csv goes to standard output unless given).") var output: String?
        }

        var help: String { "政府信息公开工作年度报告 (2021 template): table 3 as CSV, or the report as .xlsx/.docx." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.autoMigrate()
            try await CalendarService.seedIfEmpty(app)
            _ = try await DemoSeed.seedIfEmpty(app)
            let year = signature.year ?? app.clock.today.year - 1
            guard (2000...2100).contains(year) else { throw CommandFailure("年度 \(year) 无效") }
            var unit: OrgNode?
            if let key = signature.unit, !key.isEmpty {
                unit = try await OrgNode.query(on: app.db).filter(\.$kind == .unit).group(.or) { $0.filter(\.$code == key).filter(\.$name == key) }
                    .first()
                guard unit != nil else { throw CommandFailure("单位“\(key)”不存在") }
            }
            let report = try await GOIReportService.build(year: year, unit: unit, district: try await Districts.node(nil, on: app.db), on: app.db)
            let format = signature.format ?? "csv"
            let data: Data
            switch format {
            case "csv": data = Data(report.table3.csv().utf8)
            case "xlsx": data = try GOIReportService.xlsx(report)
            case "docx": data = try GOIReportService.docx(report)
            default: throw CommandFailure("--format 只能是 csv、xlsx 或 docx")
            }
            if let output = signature.output {
                // A CSV file starts with a byte-order mark so Excel opens it as UTF-8 (standard output stays plain for pipes).
                let file = format == "csv" ? Data("\u{FEFF}".utf8) + data : data
                guard FileManager.default.createFile(atPath: output, contents: file) else { throw CommandFailure("无法写入 \(output)") }
            } else if format == "csv" {
                FileHandle.standardOutput.write(data)
            } else {
                throw CommandFailure("\(format) 格式须用 --output 指定文件")
            }
            var check = "\(report.title):表三勾稽关系 "
            check += report.table3.balances.map { "\($0.column) \($0.received)=\($0.accounted)\($0.holds ? "✓" : "✗")" }.joined(separator: ",")
            FileHandle.standardError.write(Data((check + "\n").utf8))
            guard report.table3.isBalanced else { throw CommandFailure("表三不满足勾稽关系(一+二=三(七)+四)") }
        }
    }
}
