import Fluent
import SQLKit

/// 编号 allocation without a read-then-write race, on SQLite and PostgreSQL alike: one upsert on the
/// sequence's row inside the caller's write transaction. On PostgreSQL the row lock queues
/// concurrent writers; on SQLite the write transaction already holds the database's write lock.
enum NumberSequence {
    /// The next number of `key` (e.g. `goi/2026`). `floor` is the highest number already used by
    /// rows written without the sequence (imports, the demo, rows from before it existed): the
    /// result is always above it and above every number this sequence handed out before.
    static func next(_ key: String, floor: Int, on db: any Database) async throws -> Int {
        let sql = try db.sql()
        let start = Int64(max(floor, 0)) + 1
        let row = try await sql.raw(
            """
            INSERT INTO number_sequences (seq_key, seq_value) VALUES (\(bind: key), \(bind: start))
            ON CONFLICT (seq_key) DO UPDATE SET seq_value = CASE
                WHEN number_sequences.seq_value >= excluded.seq_value THEN number_sequences.seq_value + 1
                ELSE excluded.seq_value END
            RETURNING seq_value
            """
        ).first()
        guard let value = try row?.decode(column: "seq_value", as: Int64.self), let n = Int(exactly: value) else {
            throw AppError.conflict("编号分配失败,请重试")
        }
        return n
    }
}
