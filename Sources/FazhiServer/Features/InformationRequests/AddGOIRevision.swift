import Fluent
import SQLKit

/// The 依申请公开 register's revision (`GOIReportService.revisionKey`): a trigger replaces it on every
/// insert, update or delete of a request, whatever wrote it (the service, an import, `fazhi demo grow`
/// or a hand-made SQL fix), so the annual report's cached figures are never older than the register.
struct AddGOIRevision: AsyncMigration {
    static let triggers = ["insert", "update", "delete"]

    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        let key = GOIReportService.revisionKey
        try await sql.raw(
            """
            INSERT INTO number_sequences (seq_key, seq_value) VALUES (\(bind: key), 1)
            ON CONFLICT (seq_key) DO NOTHING
            """
        ).run()
        if sql.dialect.name == "sqlite" {
            // SQLite triggers run per row; `random()` is any 64-bit integer.
            for event in Self.triggers {
                try await sql.raw(
                    """
                    CREATE TRIGGER goi_requests_revision_\(unsafeRaw: event) AFTER \(unsafeRaw: event.uppercased()) ON goi_requests
                    BEGIN UPDATE number_sequences SET seq_value = random() WHERE seq_key = '\(unsafeRaw: key)'; END
                    """
                ).run()
            }
        } else {
            // PostgreSQL: once per statement (a bulk insert changes the revision once).
            try await sql.raw(
                """
                CREATE OR REPLACE FUNCTION fazhi_goi_revision() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE number_sequences SET seq_value = (random() * 9.0e18)::bigint WHERE seq_key = '\(unsafeRaw: key)';
                    RETURN NULL;
                END $$
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER goi_requests_revision AFTER INSERT OR UPDATE OR DELETE ON goi_requests
                FOR EACH STATEMENT EXECUTE FUNCTION fazhi_goi_revision()
                """
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql()
        if sql.dialect.name == "sqlite" {
            for event in Self.triggers { try await sql.raw("DROP TRIGGER IF EXISTS goi_requests_revision_\(unsafeRaw: event)").run() }
        } else {
            try await sql.raw("DROP TRIGGER IF EXISTS goi_requests_revision ON goi_requests").run()
            try await sql.raw("DROP FUNCTION IF EXISTS fazhi_goi_revision()").run()
        }
        try await sql.raw("DELETE FROM number_sequences WHERE seq_key = \(bind: GOIReportService.revisionKey)").run()
    }
}
