import Fluent
import FluentSQL

/// 020: one table for every uploaded file (`Attachment`). The features' own file tables move into
/// it in their next migrations, keeping each file's id, so every link to a file keeps working.
struct CreateAttachments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Attachment.schema)
            .id()
            .field("owner_type", .string, .required)
            .field("owner_id", .uuid, .required)
            .field("sha256", .string, .required)
            .field("filename", .string, .required)
            .field("kind", .string, .required)
            .field("size", .int, .required)
            .field("uploaded_by", .string, .required)
            .field("uploaded_at", .datetime, .required)
            .create()
        try await database.sql().create(index: "attachments_owner_idx").on(Attachment.schema).column("owner_type").column("owner_id")
            .column("uploaded_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Attachment.schema).delete()
    }
}

/// Moving a feature's old file table into `attachments`, in SQL that reads the same on SQLite and
/// PostgreSQL. The old tables did not all record the content's kind; their files were checked at
/// upload against their names, so the name's extension tells it.
enum AttachmentMove {
    /// `INSERT … SELECT` of an old file table's rows as attachments of `owner`, owned by the row in `ownerColumn`.
    static func copy(
        from table: String, owner: AttachmentOwner, ownerColumn: String, kindColumn: String? = nil, on database: any Database
    ) async throws {
        let kind =
            kindColumn
                ?? """
                CASE
                    WHEN lower(filename) LIKE '%.pdf' THEN 'pdf'
                    WHEN lower(filename) LIKE '%.doc' OR lower(filename) LIKE '%.docx' THEN 'word'
                    WHEN lower(filename) LIKE '%.xls' OR lower(filename) LIKE '%.xlsx' THEN 'excel'
                    ELSE 'image'
                END
                """
        try await database.sql().raw(
            """
            INSERT INTO attachments (id, owner_type, owner_id, sha256, filename, kind, size, uploaded_by, uploaded_at)
            SELECT id, \(bind: owner.code), \(unsafeRaw: ownerColumn), sha256, filename, \(unsafeRaw: kind), size, uploaded_by, uploaded_at
            FROM \(unsafeRaw: table)
            """
        ).run()
    }

    /// A feature's old file table (`id`, the owner's column, `sha256`, `filename`, `size`,
    /// `uploaded_by`, `uploaded_at`) moved into `attachments` and dropped.
    static func move(from table: String, owner: AttachmentOwner, ownerColumn: String, on database: any Database) async throws {
        try await copy(from: table, owner: owner, ownerColumn: ownerColumn, on: database)
        try await database.schema(table).delete()
    }

    /// The reverse of `move`, for a migration's revert: the old table as it was (its owner column
    /// referencing `parent`, indexed as `index`), with the owner's attachments back in it.
    static func restore(
        to table: String, owner: AttachmentOwner, ownerColumn: String, parent: String, index: String, on database: any Database
    ) async throws {
        try await database.schema(table)
            .id()
            .field(.string(ownerColumn), .uuid, .required, .references(parent, "id", onDelete: .cascade))
            .field("sha256", .string, .required)
            .field("filename", .string, .required)
            .field("size", .int, .required)
            .field("uploaded_by", .string, .required)
            .field("uploaded_at", .datetime, .required)
            .create()
        try await database.sql().create(index: index).on(table).column(ownerColumn).run()
        try await copyBack(to: table, owner: owner, ownerColumn: ownerColumn, on: database)
    }

    /// The owner's attachments back into an old table's columns.
    static func copyBack(
        to table: String, owner: AttachmentOwner, ownerColumn: String, withKind: Bool = false, on database: any Database
    ) async throws {
        let kind = withKind ? ", kind" : ""
        try await database.sql().raw(
            """
            INSERT INTO \(unsafeRaw: table) (id, \(unsafeRaw: ownerColumn), sha256, filename\(unsafeRaw: kind), size, uploaded_by, uploaded_at)
            SELECT id, owner_id, sha256, filename\(unsafeRaw: kind), size, uploaded_by, uploaded_at FROM attachments
            WHERE owner_type = \(bind: owner.code)
            """
        ).run()
        try await database.sql().raw("DELETE FROM attachments WHERE owner_type = \(bind: owner.code)").run()
    }
}
