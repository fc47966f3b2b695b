import Fluent

/// A decision register migration: the yearly 决策事项目录 and the expert pool belong to a district
/// (one catalogue per district and year).
struct AddDecisionDistricts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await DistrictColumn.add(to: "decision_catalogues", unique: ["year"], on: database)
        try await DistrictColumn.add(to: "decision_experts", on: database)
    }

    func revert(on database: any Database) async throws {
        try await DistrictColumn.remove(from: "decision_experts", on: database)
        try await DistrictColumn.remove(from: "decision_catalogues", unique: ["year"], on: database)
    }
}
