import Fluent
import FluentSQL

/// 021: evidence files become attachments (`attachments`, owner `evidence`); what they prove stays
/// in `assessment_evidence`. Each file keeps its id in both tables, so every download link and the
/// frozen manifests (SHA-256 per leaf) are unchanged.
struct MoveEvidenceToAttachments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(EvidenceFile.schema)
            .id()
            .field("cycle_id", .uuid, .required, .references("assessment_cycles", "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references("org_nodes", "id"))
            .field("code", .string, .required)
            .field("item", .string, .required)
            .field("stage", .string, .required)
            .field("withdrawn", .bool, .required)
            .field("attachment_id", .uuid, .required, .references(Attachment.schema, "id"))
            .create()
        let sql = try database.sql()
        try await sql.create(index: "assessment_evidence_unit_idx").on(EvidenceFile.schema).column("cycle_id").column("unit_id").run()
        try await AttachmentMove.copy(from: "evidence_files", owner: .evidence, ownerColumn: "id", kindColumn: "kind", on: database)
        try await sql.raw(
            """
            INSERT INTO assessment_evidence (id, cycle_id, unit_id, code, item, stage, withdrawn, attachment_id)
            SELECT id, cycle_id, unit_id, code, item, stage, withdrawn, id FROM evidence_files
            """
        ).run()
        try await database.schema("evidence_files").delete()
    }

    func revert(on database: any Database) async throws {
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
        try await database.sql().raw(
            """
            INSERT INTO evidence_files (id, cycle_id, unit_id, code, item, sha256, filename, kind, size, stage, uploaded_by, uploaded_at, withdrawn)
            SELECT e.id, e.cycle_id, e.unit_id, e.code, e.item, a.sha256, a.filename, a.kind, a.size, e.stage, a.uploaded_by, a.uploaded_at, e.withdrawn
            FROM assessment_evidence e JOIN attachments a ON a.id = e.attachment_id
            """
        ).run()
        try await database.schema(EvidenceFile.schema).delete()
        try await database.sql().raw("DELETE FROM attachments WHERE owner_type = \(bind: AttachmentOwner.evidence.code)").run()
    }
}
