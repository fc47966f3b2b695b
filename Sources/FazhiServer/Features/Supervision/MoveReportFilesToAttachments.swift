import Fluent

/// 022: progress reports' files become attachments (owner `progress_report`, the report's id),
/// each keeping its id, so every download link still works.
struct MoveReportFilesToAttachments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await AttachmentMove.move(from: "progress_report_files", owner: .progressReport, ownerColumn: "report_id", on: database)
    }

    func revert(on database: any Database) async throws {
        try await AttachmentMove.restore(
            to: "progress_report_files", owner: .progressReport, ownerColumn: "report_id", parent: "progress_reports",
            index: "progress_report_files_report_idx", on: database)
    }
}
