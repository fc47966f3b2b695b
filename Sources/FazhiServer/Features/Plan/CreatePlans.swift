import Fluent

/// 003: plans with their responsible units, work areas and arrangements.
struct CreatePlans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("plans")
            .id()
            .field("district_id", .uuid, .required, .references("org_nodes", "id"))
            .field("year", .int, .required)
            .field("title", .string, .required)
            .field("addressee", .string, .required)
            .field("preamble", .string, .required)
            .field("guiding_thought", .string, .required)
            .field("basis_documents", .string, .required)
            .field("units_intro", .string, .required)
            .field("areas_intro", .string, .required)
            .field("closing", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "district_id", "year")
            .create()
        try await database.schema("plan_units")
            .id()
            .field("plan_id", .uuid, .required, .references("plans", "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references("org_nodes", "id"))
            .field("sort", .int, .required)
            .unique(on: "plan_id", "unit_id")
            .create()
        try await database.schema("work_areas")
            .id()
            .field("plan_id", .uuid, .required, .references("plans", "id", onDelete: .cascade))
            .field("code", .string, .required)
            .field("title", .string, .required)
            .field("sort", .int, .required)
            .unique(on: "plan_id", "code")
            .create()
        try await database.schema("arrangements")
            .id()
            .field("plan_id", .uuid, .required, .references("plans", "id", onDelete: .cascade))
            .field("area_id", .uuid, .references("work_areas", "id"))
            .field("code", .string, .required)
            .field("title", .string, .required)
            .field("text", .string, .required)
            .field("sort", .int, .required)
            .unique(on: "plan_id", "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["arrangements", "work_areas", "plan_units", "plans"] {
            try await database.schema(table).delete()
        }
    }
}
