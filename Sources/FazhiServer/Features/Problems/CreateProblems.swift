import Fluent

/// 010: the problem pool (问题池), rectification measures and their evidence files.
struct CreateProblems: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("problems")
            .id()
            .field("number", .string, .required)
            .field("unit_id", .uuid, .required, .references("org_nodes", "id"))
            .field("source", .string, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("raised_on", .string, .required)
            .field("status", .string, .required)
            .field("reported_at", .datetime)
            .field("report_note", .string)
            .field("closed_at", .datetime)
            .field("closed_by", .string)
            .field("office_note", .string)
            .field("created_by", .string, .required)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        try await database.schema("problem_measures")
            .id()
            .field("problem_id", .uuid, .required, .references("problems", "id", onDelete: .cascade))
            .field("sort", .int, .required)
            .field("text", .string, .required)
            .field("due", .string, .required)
            .field("done_on", .string)
            .field("note", .string)
            .create()
        try await database.schema("problem_files")
            .id()
            .field("problem_id", .uuid, .required, .references("problems", "id", onDelete: .cascade))
            .field("sha256", .string, .required)
            .field("filename", .string, .required)
            .field("size", .int, .required)
            .field("uploaded_by", .string, .required)
            .field("uploaded_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["problem_files", "problem_measures", "problems"] { try await database.schema(table).delete() }
    }
}
