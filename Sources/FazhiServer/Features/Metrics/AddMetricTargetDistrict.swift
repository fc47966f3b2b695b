import Fluent

/// 031: a metric's yearly target belongs to a district: one per district, year and metric (it was one
/// per year and metric, for the only district).
struct AddMetricTargetDistrict: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await DistrictColumn.add(to: "metric_targets", unique: ["year", "code"], on: database)
    }

    func revert(on database: any Database) async throws {
        try await DistrictColumn.remove(from: "metric_targets", unique: ["year", "code"], on: database)
    }
}
