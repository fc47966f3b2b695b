import Fluent
import FluentSQL

/// 012: reporting periods (进展报告期) on a plan's tasks, the units' reports and their evidence.
struct CreateProgressReports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reporting_periods")
            .id()
            .field("plan_id", .uuid, .required, .references("plans", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("due", .string, .required)
            .field("created_by", .string, .required)
            .unique(on: "plan_id", "name")
            .create()
        try await database.schema("progress_reports")
            .id()
            .field("period_id", .uuid, .required, .references("reporting_periods", "id", onDelete: .cascade))
            .field("task_id", .uuid, .required, .references("tasks", "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references("org_nodes", "id"))
            .field("progress", .int, .required)
            .field("text", .string, .required)
            .field("submitted_on", .string, .required)
            .field("submitted_at", .datetime, .required)
            .field("submitted_by", .string, .required)
            .unique(on: "period_id", "task_id")
            .create()
        try await database.schema("progress_report_files")
            .id()
            .field("report_id", .uuid, .required, .references("progress_reports", "id", onDelete: .cascade))
            .field("sha256", .string, .required)
            .field("filename", .string, .required)
            .field("size", .int, .required)
            .field("uploaded_by", .string, .required)
            .field("uploaded_at", .datetime, .required)
            .create()
        let sql = try database.sql()
        try await sql.create(index: "reporting_periods_due_idx").on("reporting_periods").column("due").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["progress_report_files", "progress_reports", "reporting_periods"] { try await database.schema(table).delete() }
    }
}
