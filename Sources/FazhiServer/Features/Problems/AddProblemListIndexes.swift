import Fluent
import FluentSQL

/// The problem pool's first own migration: the indexes its paged list runs on — problems by unit,
/// and measures and files by their problem (the overdue condition's `EXISTS`, and the children
/// loaded for the shown rows).
struct AddProblemListIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.create(index: "problems_unit_idx").on("problems").column("unit_id").run()
        try await sql.create(index: "problem_measures_problem_idx").on("problem_measures").column("problem_id").run()
        try await sql.create(index: "problem_files_problem_idx").on("problem_files").column("problem_id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql()
        for name in ["problem_files_problem_idx", "problem_measures_problem_idx", "problems_unit_idx"] { try await sql.drop(index: name).run() }
    }
}
