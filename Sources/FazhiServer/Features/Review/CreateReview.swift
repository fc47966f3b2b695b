import Fluent
import FluentSQL

/// 009: cycle windows and marking settings; self-assessments, evidence, assessor assignments,
/// marks, requests for supplements and objections.
struct CreateReview: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // SQLite adds one column per ALTER TABLE; existing cycles get neutral defaults.
        let cycles = { database.schema("assessment_cycles") }
        for name in ["self_from", "self_until", "review_until"] {
            try await cycles().field(.string(name), .string, .required, .sql(.default("2000-01-01"))).update()
        }
        try await cycles().field("objection_workdays", .int, .required, .sql(.default(5))).update()
        try await cycles().field("objections_from", .string).update()
        try await cycles().field("objections_until", .string).update()
        try await cycles().field("blind_marking", .bool, .required, .sql(.default(false))).update()
        try await cycles().field("mark_threshold_halves", .int, .required, .sql(.default(2))).update()
        try await cycles().field("late_halves_per_day", .int, .required, .sql(.default(0))).update()
        try await database.schema("assessment_submissions")
            .id()
            .field("cycle_id", .uuid, .required, .references("assessment_cycles", "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references("org_nodes", "id"))
            .field("status", .string, .required)
            .field("submitted_at", .datetime)
            .field("submitted_by", .string)
            .field("approved_at", .datetime)
            .field("approved_by", .string)
            .field("late_workdays", .int, .required)
            .field("returned_note", .string)
            .field("manifest", .string)
            .field("manifest_hash", .string)
            .field("confirmed_at", .datetime)
            .unique(on: "cycle_id", "unit_id")
            .create()
        try await database.schema("assessment_entries")
            .id()
            .field("cycle_id", .uuid, .required, .references("assessment_cycles", "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references("org_nodes", "id"))
            .field("code", .string, .required)
            .field("self_halves", .int)
            .field("narrative", .string, .required)
            .unique(on: "cycle_id", "unit_id", "code")
            .create()
        try await database.schema("evidence_files")
            .id()
            .field("cycle_id", .uuid, .required, .references("assessment_cycles", "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references("org_nodes", "id"))
            .field("code", .string, .required)
            .field("item", .string, .required)
            .field("sha256", .string, .required)
            .field("filename", .string, .required)
            .field("kind", .string, .required)
            .field("size", .int, .required)
            .field("stage", .string, .required)
            .field("uploaded_by", .string, .required)
            .field("uploaded_at", .datetime, .required)
            .field("withdrawn", .bool, .required)
            .create()
        try await database.schema("assessor_assignments")
            .id()
            .field("cycle_id", .uuid, .required, .references("assessment_cycles", "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references("org_nodes", "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("position", .int, .required)
            .unique(on: "cycle_id", "unit_id", "position")
            .create()
        try await database.schema("assessment_marks")
            .id()
            .field("cycle_id", .uuid, .required, .references("assessment_cycles", "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references("org_nodes", "id"))
            .field("code", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("points_halves", .int, .required)
            .field("reason", .string, .required)
            .field("marked_at", .datetime, .required)
            .unique(on: "cycle_id", "unit_id", "code", "user_id")
            .create()
        try await database.schema("supplement_requests")
            .id()
            .field("cycle_id", .uuid, .required, .references("assessment_cycles", "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references("org_nodes", "id"))
            .field("code", .string, .required)
            .field("reason", .string, .required)
            .field("due", .string, .required)
            .field("requested_by", .string, .required)
            .field("requested_at", .datetime, .required)
            .field("answer", .string)
            .field("answered_at", .datetime)
            .create()
        try await database.schema("assessment_objections")
            .id()
            .field("cycle_id", .uuid, .required, .references("assessment_cycles", "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references("org_nodes", "id"))
            .field("code", .string, .required)
            .field("reason", .string, .required)
            .field("filed_by", .string, .required)
            .field("filed_at", .datetime, .required)
            .field("status", .string, .required)
            .field("previous_halves", .int, .required)
            .field("new_halves", .int)
            .field("decision", .string)
            .field("decided_by", .string)
            .field("decided_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in [
            "assessment_objections", "supplement_requests", "assessment_marks", "assessor_assignments", "evidence_files",
            "assessment_entries", "assessment_submissions",
        ] {
            try await database.schema(table).delete()
        }
        for column in [
            "self_from", "self_until", "review_until", "objection_workdays", "objections_from", "objections_until",
            "blind_marking", "mark_threshold_halves", "late_halves_per_day",
        ] {
            try await database.schema("assessment_cycles").deleteField(.string(column)).update()
        }
    }
}
