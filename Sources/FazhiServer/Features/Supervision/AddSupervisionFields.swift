import Fluent
import FluentSQL

/// 011: e-mail addresses for digests; lawful extension (延期) and pause (暂停) of tasks; the
/// partial indexes the scheduler's scan of open dated items runs on.
struct AddSupervisionFields: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users").field("email", .string).update()
        // SQLite adds one column per ALTER TABLE.
        for name in ["original_due", "extension_reason", "paused_reason"] {
            try await database.schema("tasks").field(.string(name), .string).update()
        }
        // Only open items are ever due soon or overdue: index just those, by due date, so the
        // scan reads the handful that matter and never the completed millions.
        let sql = try database.sql()
        try await sql.raw("CREATE INDEX tasks_open_due_idx ON tasks (due_date) WHERE completed_on IS NULL AND cancelled = false").run()
        try await sql.raw("CREATE INDEX problem_measures_open_due_idx ON problem_measures (due) WHERE done_on IS NULL").run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.raw("DROP INDEX tasks_open_due_idx").run()
        try await sql.raw("DROP INDEX problem_measures_open_due_idx").run()
        for name in ["original_due", "extension_reason", "paused_reason"] {
            try await database.schema("tasks").deleteField(.string(name)).update()
        }
        try await database.schema("users").deleteField("email").update()
    }
}
