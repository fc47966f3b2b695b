import Fluent
import FluentSQL

/// 018: the indexes the paged lists and their counts run on (issue 21) — each list filters or
/// joins by these columns, and without them every page would scan the table.
struct AddListIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        // 督办单 list by unit; files of a progress report loaded for the shown rows.
        try await sql.create(index: "supervision_notices_unit_idx").on("supervision_notices").column("unit_id").run()
        try await sql.create(index: "progress_report_files_report_idx").on("progress_report_files").column("report_id").run()
        // The unread count that comes with every signed-in page's session row.
        try await sql.raw("CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL").run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql()
        for name in ["notifications_unread_idx", "progress_report_files_report_idx", "supervision_notices_unit_idx"] {
            try await sql.drop(index: name).run()
        }
    }
}
