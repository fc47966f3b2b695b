import Fluent

/// 007: indicator trees (per year and unit category) and their nodes.
struct CreateIndicatorTrees: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("indicator_trees")
            .id()
            .field("year", .int, .required)
            .field("category", .string, .required)
            .field("title", .string, .required)
            .field("version", .int, .required)
            .field("total_halves", .int, .required)
            .field("updated_at", .datetime)
            .unique(on: "year", "category")
            .create()
        try await database.schema("indicator_nodes")
            .id()
            .field("tree_id", .uuid, .required, .references("indicator_trees", "id", onDelete: .cascade))
            .field("code", .string, .required)
            .field("title", .string, .required)
            .field("goal", .string)
            .field("points_halves", .int, .required)
            .field("rule", .string)
            .field("evidence", .string, .required)
            .field("basis", .string)
            .field("source", .string, .required)
            .field("sort", .int, .required)
            .unique(on: "tree_id", "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("indicator_nodes").delete()
        try await database.schema("indicator_trees").delete()
    }
}
