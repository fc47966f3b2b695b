import Fluent

/// 016: number sequences, so that register numbers (YSQ-2026-00012, WT-2026-007, 督办〔2026〕4号)
/// are allocated by one atomic upsert instead of read-the-last-then-write.
struct CreateNumberSequences: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("number_sequences")
            .field("seq_key", .string, .identifier(auto: false))
            .field("seq_value", .int64, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("number_sequences").delete()
    }
}
