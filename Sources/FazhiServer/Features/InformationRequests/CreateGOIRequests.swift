import Fluent
import SQLKit

/// 015: the 依申请公开 register: requests, their consultations, and the annual report's
/// manually kept counts and texts.
struct CreateGOIRequests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("goi_requests")
            .id()
            .field("number", .string, .required)
            .field("verify_hash", .string, .required)
            .field("unit_id", .uuid, .required, .references("org_nodes", "id"))
            .field("co_unit_ids", .string, .required)
            .field("channel", .string, .required)
            .field("source", .string, .required)
            .field("submitted_at", .datetime, .required)
            .field("received_on", .string)
            .field("applicant_type", .string, .required)
            .field("applicant_name", .string, .required)
            .field("applicant_id_number", .string, .required)
            .field("applicant_contact", .string, .required)
            .field("applicant_phone", .string, .required)
            .field("applicant_email", .string, .required)
            .field("applicant_address", .string, .required)
            .field("content", .string, .required)
            .field("purpose", .string, .required)
            .field("delivery", .string, .required)
            .field("clarify_sent_on", .string)
            .field("clarify_due_on", .string)
            .field("clarify_items", .string)
            .field("clarified_on", .string)
            .field("extension_days", .int, .required)
            .field("extension_on", .string)
            .field("extension_approver", .string)
            .field("extension_reason", .string)
            .field("due_on", .string)
            .field("closed_on", .string)
            .field("reply_type", .string)
            .field("ground", .string)
            .field("grounds", .string, .required)
            .field("reply_note", .string)
            .field("fee_method", .string, .required)
            .field("fee_quantity", .int, .required)
            .field("fee_amount", .int, .required)
            .field("created_by", .string, .required)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        try await database.schema("goi_consultations")
            .id()
            .field("request_id", .uuid, .required, .references("goi_requests", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("party", .string, .required)
            .field("sent_on", .string, .required)
            .field("replied_on", .string)
            .field("note", .string)
            .create()
        try await database.schema("goi_report_entries")
            .id()
            .field("year", .int, .required)
            /// A unit's id, or `district` for the district-wide report's own texts.
            .field("scope", .string, .required)
            .field("key", .string, .required)
            .field("value", .string, .required)
            .unique(on: "year", "scope", "key")
            .create()
        let sql = try database.sql()
        // The annual report reads a year's requests of one unit or of all units by receipt and
        // closing dates; the scan reads the open ones by due date.
        try await sql.create(index: "goi_requests_unit_received_idx").on("goi_requests").column("unit_id").column("received_on").run()
        try await sql.create(index: "goi_requests_received_idx").on("goi_requests").column("received_on").run()
        try await sql.create(index: "goi_requests_closed_idx").on("goi_requests").column("closed_on").run()
        try await sql.raw("CREATE INDEX goi_requests_open_due_idx ON goi_requests (due_on) WHERE closed_on IS NULL").run()
        try await sql.create(index: "goi_consultations_request_idx").on("goi_consultations").column("request_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["goi_report_entries", "goi_consultations", "goi_requests"] { try await database.schema(table).delete() }
    }
}
