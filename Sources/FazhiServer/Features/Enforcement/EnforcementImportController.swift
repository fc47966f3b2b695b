import FazhiCore
import Fluent
import Vapor

/// 导入执法人员和历史案件 (.xlsx / .csv): the page with each layout's columns, and one upload each.
/// A unit imports its own rows; the office any unit's.
struct EnforcementImportController: RouteCollection {
    let maxUploadMB: Int

    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("enforcement", "import")
        r.on(.GET, policy: .handleEnforcement, use: page)
        let body = HTTPBodyStreamStrategy.collect(maxSize: ByteCount(value: (maxUploadMB + 1) * 1024 * 1024))
        r.on(.POST, "officers", policy: .handleEnforcement, body: body) { try await self.upload($0, kind: "officers") }
        r.on(.POST, "cases", policy: .handleEnforcement, body: body) { try await self.upload($0, kind: "cases") }
    }

    @Sendable func page(req: Request) async throws -> View {
        try await render(req, errors: [], imported: nil)
    }

    private func render(_ req: Request, errors: [FieldError], imported: String?) async throws -> View {
        func columns(_ list: [ImportColumn]) -> [CaseImportContext.Column] {
            list.map { .init(label: $0.label, required: $0.required, help: $0.help) }
        }
        return try await req.view.render(
            "enforcement/import",
            EnforcementImportContext(
                layout: LayoutContext(req, title: "导入执法人员和历史案件", active: "enforcement"), officerColumns: columns(EnforcementImport.officerColumns),
                caseColumns: columns(EnforcementImport.caseColumns), errors: .init(errors), imported: imported))
    }

    struct UploadForm: Content { var file: File? }

    func upload(_ req: Request, kind: String) async throws -> Response {
        let form = try req.content.decode(UploadForm.self)
        do {
            guard let file = form.file, file.data.readableBytes > 0 else { throw ValidationFailure([FieldError("file", "请选择要导入的文件(.xlsx 或 .csv)")]) }
            let rows = try UploadedTable.rows(Data(file.data.readableBytesView), filename: file.filename)
            let scope = try req.requireUser().scope(.handleEnforcement)
            let ctx = try await StepContext.of(req)
            let imported: String
            if kind == "officers" {
                imported = "已导入 \(try await EnforcementImportService.officers(rows, source: file.filename, scope: scope, ctx, on: req.db)) 名执法人员。"
            } else {
                imported = "已导入 \(try await EnforcementImportService.cases(rows, source: file.filename, scope: scope, ctx, on: req.db)) 件历史案件。"
            }
            return try await render(req, errors: [], imported: imported).encodeResponse(for: req)
        } catch let failure as ValidationFailure {
            let response = try await render(req, errors: failure.errors, imported: nil).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }
}

struct EnforcementImportContext: Encodable {
    let layout: LayoutContext
    let officerColumns: [CaseImportContext.Column]
    let caseColumns: [CaseImportContext.Column]
    let errors: [FormError]
    let imported: String?
}
