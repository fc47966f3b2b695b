import Fluent

/// The problem pool's files become attachments (owner `problem`, the problem's id), each keeping
/// its id, so every download link still works.
struct MoveProblemFilesToAttachments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await AttachmentMove.move(from: "problem_files", owner: .problem, ownerColumn: "problem_id", on: database)
    }

    func revert(on database: any Database) async throws {
        try await AttachmentMove.restore(
            to: "problem_files", owner: .problem, ownerColumn: "problem_id", parent: "problems", index: "problem_files_problem_idx",
            on: database)
    }
}
