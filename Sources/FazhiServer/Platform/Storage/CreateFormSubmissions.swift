import Fluent
import FluentSQL

/// 019: one-time form tokens (`FormOnce`): a create form's token is claimed in the create's own
/// transaction, so a second submission of the same form finds the first one's result instead of
/// creating a second row.
struct CreateFormSubmissions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.create(table: "form_submissions")
            .column("token", type: .text, .primaryKey(autoIncrement: false))
            .column("kind", type: .text, .notNull)
            .column("result", type: .text, .notNull)
            .column("created_at", type: .text, .notNull)
            .run()
        try await sql.create(index: "form_submissions_created_idx").on("form_submissions").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql().drop(table: "form_submissions").run()
    }
}
