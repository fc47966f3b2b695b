import Fluent
import FluentSQL

/// The problem pool's files become attachments (owner `problem`, the problem's id), each keeping
/// its id, so every download link still works.
struct MoveProblemFilesToAttachments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await AttachmentMove.copy(from: "problem_files", owner: .problem, ownerColumn: "problem_id", on: database)
        try await database.schema("problem_files").delete()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("problem_files")
            .id()
            .field("problem_id", .uuid, .required, .references("problems", "id", onDelete: .cascade))
            .field("sha256", .string, .required)
            .field("filename", .string, .required)
            .field("size", .int, .required)
            .field("uploaded_by", .string, .required)
            .field("uploaded_at", .datetime, .required)
            .create()
        try await database.sql().create(index: "problem_files_problem_idx").on("problem_files").column("problem_id").run()
        try await AttachmentMove.copyBack(to: "problem_files", owner: .problem, ownerColumn: "problem_id", on: database)
    }
}
