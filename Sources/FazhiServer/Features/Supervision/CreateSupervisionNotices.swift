import Fluent
import FluentSQL

/// 013: supervision notices (督办单) with their own reply clock, and the escalation ladder.
struct CreateSupervisionNotices: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("supervision_notices")
            .id()
            .field("number", .string, .required)
            .field("year", .int, .required)
            .field("sequence", .int, .required)
            .field("unit_id", .uuid, .required, .references("org_nodes", "id"))
            /// What it supervises: `task:<uuid>`, `problem_measure:<uuid>` …, and its title.
            .field("subject_key", .string)
            .field("subject_title", .string, .required)
            .field("subject_href", .string)
            .field("matter", .string, .required)
            .field("requirement", .string, .required)
            .field("issued_on", .string, .required)
            .field("reply_due", .string, .required)
            .field("original_reply_due", .string)
            .field("extension_reason", .string)
            .field("status", .string, .required)
            .field("reply_text", .string)
            .field("replied_on", .string)
            .field("replied_by", .string)
            .field("closed_on", .string)
            .field("office_note", .string)
            .field("issued_by", .string, .required)
            .field("version", .int, .required)
            .unique(on: "number")
            .unique(on: "year", "sequence")
            .create()
        try await database.schema("escalation_settings")
            .id()
            .field("due_soon_workdays", .int, .required)
            .field("head_after_workdays", .int, .required)
            .field("notice_after_workdays", .int, .required)
            .field("reply_workdays", .int, .required)
            .field("updated_by", .string, .required)
            .create()
        let sql = try database.sql()
        try await sql.raw("CREATE INDEX supervision_notices_open_due_idx ON supervision_notices (reply_due) WHERE status = 'issued'").run()
        try await sql.create(index: "supervision_notices_subject_idx").on("supervision_notices").column("subject_key").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["escalation_settings", "supervision_notices"] { try await database.schema(table).delete() }
    }
}
