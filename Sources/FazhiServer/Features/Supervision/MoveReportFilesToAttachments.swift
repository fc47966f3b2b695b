import Fluent
import FluentSQL

/// 022: progress reports' files become attachments (owner `progress_report`, the report's id),
/// each keeping its id, so every download link still works.
struct MoveReportFilesToAttachments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await AttachmentMove.copy(from: "progress_report_files", owner: .progressReport, ownerColumn: "report_id", on: database)
        try await database.schema("progress_report_files").delete()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("progress_report_files")
            .id()
            .field("report_id", .uuid, .required, .references("progress_reports", "id", onDelete: .cascade))
            .field("sha256", .string, .required)
            .field("filename", .string, .required)
            .field("size", .int, .required)
            .field("uploaded_by", .string, .required)
            .field("uploaded_at", .datetime, .required)
            .create()
        try await database.sql().create(index: "progress_report_files_report_idx").on("progress_report_files").column("report_id").run()
        try await AttachmentMove.copyBack(to: "progress_report_files", owner: .progressReport, ownerColumn: "report_id", on: database)
    }
}
