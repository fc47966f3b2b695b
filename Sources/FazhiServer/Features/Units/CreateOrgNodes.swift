import Fluent

/// 001: the organisation tree and unit categories.
struct CreateOrgNodes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("unit_categories")
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("sort", .int, .required)
            .unique(on: "code")
            .create()
        try await database.schema("org_nodes")
            .id()
            .field("parent_id", .uuid, .references("org_nodes", "id"))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("category_code", .string)
            .field("sort", .int, .required)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("org_nodes").delete()
        try await database.schema("unit_categories").delete()
    }
}
