import Fluent

/// The yearly targets of the metrics, one row per year and metric.
struct CreateMetricTargets: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("metric_targets")
            .id()
            .field("year", .int, .required)
            .field("code", .string, .required)
            .field("value", .int, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "year", "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("metric_targets").delete()
    }
}
