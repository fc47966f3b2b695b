import Fluent
import SQLKit

/// Leaves bound to register metrics (issue 17): the node's metric and its scoring rule; a leaf
/// score's pinned metric evaluation (value, computed points, the counted records — kept from the
/// release of the preliminary results) and whether a person overrode the computed score.
struct AddMetricBoundLeaves: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // SQLite adds one column per ALTER TABLE.
        try await database.schema("indicator_nodes").field("metric", .string).update()
        try await database.schema("indicator_nodes").field("metric_rule", .string).update()
        try await database.schema("assessment_scores").field("metric", .string).update()
        try await database.schema("assessment_scores").field("overridden", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("assessment_scores").deleteField("overridden").update()
        try await database.schema("assessment_scores").deleteField("metric").update()
        try await database.schema("indicator_nodes").deleteField("metric_rule").update()
        try await database.schema("indicator_nodes").deleteField("metric").update()
    }
}
