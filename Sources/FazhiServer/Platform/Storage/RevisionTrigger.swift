import Fluent
import SQLKit

/// A trigger that replaces a `RevisionCache`'s revision on every insert, update or delete of a
/// table, whatever writes it (a service, an import, `fazhi demo grow`, a hand-made SQL fix).
struct RevisionTrigger {
    static let events = ["insert", "update", "delete"]

    /// The table whose changes move the revision.
    let table: String
    /// The revision's row in `number_sequences`.
    let key: String
    /// The trigger's name.
    let name: String
    /// PostgreSQL: the trigger's function.
    let function: String

    init(table: String, key: String, name: String, function: String? = nil) {
        self.table = table
        self.key = key
        self.name = name
        self.function = function ?? "fazhi_\(name)"
    }

    func create(on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.raw(
            """
            INSERT INTO number_sequences (seq_key, seq_value) VALUES (\(bind: key), 1)
            ON CONFLICT (seq_key) DO NOTHING
            """
        ).run()
        if sql.dialect.name == "sqlite" {
            // SQLite triggers run per row; `random()` is any 64-bit integer.
            for event in Self.events {
                try await sql.raw(
                    """
                    CREATE TRIGGER \(unsafeRaw: name)_\(unsafeRaw: event) AFTER \(unsafeRaw: event.uppercased()) ON \(ident: table)
                    BEGIN UPDATE number_sequences SET seq_value = random() WHERE seq_key = '\(unsafeRaw: key)'; END
                    """
                ).run()
            }
        } else {
            // PostgreSQL: once per statement (a bulk insert changes the revision once).
            try await sql.raw(
                """
                CREATE OR REPLACE FUNCTION \(unsafeRaw: function)() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE number_sequences SET seq_value = (random() * 9.0e18)::bigint WHERE seq_key = '\(unsafeRaw: key)';
                    RETURN NULL;
                END $$
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER \(unsafeRaw: name) AFTER INSERT OR UPDATE OR DELETE ON \(ident: table)
                FOR EACH STATEMENT EXECUTE FUNCTION \(unsafeRaw: function)()
                """
            ).run()
        }
    }

    func drop(on database: any Database) async throws {
        let sql = try database.sql()
        if sql.dialect.name == "sqlite" {
            for event in Self.events { try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name)_\(unsafeRaw: event)").run() }
        } else {
            try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name) ON \(ident: table)").run()
            try await sql.raw("DROP FUNCTION IF EXISTS \(unsafeRaw: function)()").run()
        }
        try await sql.raw("DELETE FROM number_sequences WHERE seq_key = \(bind: key)").run()
    }
}
