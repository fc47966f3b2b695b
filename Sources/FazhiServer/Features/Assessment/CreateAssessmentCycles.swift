import Fluent

/// 008: assessment cycles, leaf scores, survey scores and bonus/deduction items.
struct CreateAssessmentCycles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("assessment_cycles")
            .id()
            .field("year", .int, .required)
            .field("status", .string, .required)
            .field("desk_weight", .int, .required)
            .field("survey_weight", .int, .required)
            .field("grade_scheme", .string, .required)
            .field("tie_breakers", .string, .required)
            .field("adjustment_types", .string, .required)
            .field("publish_totals", .bool, .required)
            .field("snapshot", .string)
            .field("snapshot_hash", .string)
            .field("frozen_at", .datetime)
            .field("published_at", .datetime)
            .unique(on: "year")
            .create()
        try await database.schema("assessment_scores")
            .id()
            .field("cycle_id", .uuid, .required, .references("assessment_cycles", "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references("org_nodes", "id"))
            .field("code", .string, .required)
            .field("points_halves", .int, .required)
            .field("reason", .string, .required)
            .field("scored_by", .string, .required)
            .unique(on: "cycle_id", "unit_id", "code")
            .create()
        try await database.schema("assessment_extras")
            .id()
            .field("cycle_id", .uuid, .required, .references("assessment_cycles", "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references("org_nodes", "id"))
            .field("kind", .string, .required)
            .field("value", .int, .required)
            .field("reason", .string, .required)
            .field("proof", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["assessment_extras", "assessment_scores", "assessment_cycles"] { try await database.schema(table).delete() }
    }
}
