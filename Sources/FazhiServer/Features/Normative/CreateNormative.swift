import Fluent
import SQLKit

/// The 行政规范性文件 register: documents with their review, registration, filing and validity, and
/// the clean-up rounds. The registration number is unique, so two registrations at once can never
/// share one.
struct CreateNormative: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("normative_documents")
            .id()
            .field("title", .string, .required)
            .field("unit_id", .uuid, .required, .references("org_nodes", "id"))
            .field("issuer", .string, .required)
            .field("filing_target", .string, .required)
            .field("summary", .string, .required)
            .field("drafted_on", .string, .required)
            .field("comment_from", .string)
            .field("comment_until", .string)
            .field("comment_exempt", .string)
            .field("review_submitted_on", .string)
            .field("review_due_on", .string)
            .field("reviewed_on", .string)
            .field("review_result", .string)
            .field("review_opinion", .string)
            .field("review_short_reason", .string)
            .field("collective_on", .string)
            .field("collective_ref", .string)
            .field("reg_no", .string)
            .field("reg_year", .int)
            .field("registered_on", .string)
            .field("doc_no", .string)
            .field("issued_on", .string)
            .field("published_on", .string)
            .field("effective_on", .string)
            .field("valid_until", .string)
            .field("evaluation_due_on", .string)
            .field("evaluated_on", .string)
            .field("evaluation", .string)
            .field("filing_due_on", .string)
            .field("filing_by", .string)
            .field("filed_on", .string)
            .field("filing_result", .string)
            .field("filing_note", .string)
            .field("ended_on", .string)
            .field("end_kind", .string)
            .field("end_note", .string)
            .field("created_by", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "reg_no")
            .create()
        try await database.schema("normative_cleanups")
            .id()
            .field("year", .int, .required)
            .field("title", .string, .required)
            .field("started_on", .string, .required)
            .field("due_on", .string, .required)
            .field("published_on", .string)
            .field("created_by", .string, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema("normative_cleanup_items")
            .id()
            .field("cleanup_id", .uuid, .required, .references("normative_cleanups", "id", onDelete: .cascade))
            .field("document_id", .uuid, .required, .references("normative_documents", "id"))
            .field("conclusion", .string)
            .field("note", .string)
            .unique(on: "cleanup_id", "document_id")
            .create()
        let sql = try database.sql()
        try await sql.create(index: "normative_documents_unit_idx").on("normative_documents").column("unit_id").column("drafted_on").run()
        try await sql.create(index: "normative_documents_issued_idx").on("normative_documents").column("issued_on").run()
        try await sql.create(index: "normative_documents_valid_idx").on("normative_documents").column("valid_until").run()
        try await sql.raw("CREATE INDEX normative_documents_review_due_idx ON normative_documents (review_due_on) WHERE review_due_on IS NOT NULL")
            .run()
        try await sql.raw("CREATE INDEX normative_documents_filing_due_idx ON normative_documents (filing_due_on) WHERE filing_due_on IS NOT NULL")
            .run()
        try await sql.raw(
            "CREATE INDEX normative_documents_evaluation_due_idx ON normative_documents (evaluation_due_on) WHERE evaluation_due_on IS NOT NULL"
        ).run()
        try await sql.create(index: "normative_cleanup_items_cleanup_idx").on("normative_cleanup_items").column("cleanup_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["normative_cleanup_items", "normative_cleanups", "normative_documents"] {
            try await database.schema(table).delete()
        }
    }
}
