import FazhiCore
import Fluent
import Vapor

/// `fazhi report annual --year Y [--unit CODE] --format docx|md --output FILE`: a unit's or the district's
/// 法治政府建设年度报告 (the stored parts; part one's figures as submitted, or as they stand).
struct AnnualReportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "year", help: "The year reported on (default: last year).") var year: Int?
        @Option(name: "unit", help: "Unit code (default: the district government's report).") var unit: String?
        @Option(name: "format", help: "docx (default) or md.") var format: String?
        @Option(name: "output", help: "File to write (md goes to standard output unless given).") var output: String?
    }

    var help: String { "法治政府建设年度报告: the report as a .docx in the 公文 layout, or as Markdown." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        try await CalendarService.seedIfEmpty(app)
        _ = try await DemoSeed.seedIfEmpty(app)
        let today = app.clock.today
        let year = signature.year ?? today.year - 1
        guard (2000...today.year).contains(year) else { throw CommandFailure("年度 \(year) 无效:应在 2000 年到 \(today.year) 年之间") }
        let node: OrgNode
        do {
            node = try await AnnualReportService.node(
                code: signature.unit ?? AnnualReportService.districtCode, district: try await Districts.node(nil, on: app.db), on: app.db)
        } catch {
            throw CommandFailure("单位“\(signature.unit ?? "")”不存在")
        }
        guard let report = try await AnnualReportService.find(year: year, node: node, on: app.db) else {
            throw CommandFailure("\(year) 年度报告尚未发起(在“年度报告”页面或由法治办发起)")
        }
        let (document, asOf) = try await AnnualReportService.document(report, node: node, today: today, on: app.db)
        let format = signature.format ?? "docx"
        let data: Data
        switch format {
        case "docx": data = try AnnualReportDocx.data(document)
        case "md": data = Data(document.markdown.utf8)
        default: throw CommandFailure("--format 只能是 docx 或 md")
        }
        if let output = signature.output {
            guard FileManager.default.createFile(atPath: output, contents: data) else { throw CommandFailure("无法写入 \(output)") }
            FileHandle.standardError.write(Data("已生成 \(document.title)(\(report.status.label),数据截至 \(asOf))\n".utf8))
        } else if format == "md" {
            FileHandle.standardOutput.write(data)
        } else {
            throw CommandFailure("docx 格式须用 --output 指定文件")
        }
    }
}
