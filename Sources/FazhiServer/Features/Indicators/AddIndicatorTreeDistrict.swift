import Fluent

/// 029: an indicator tree belongs to a district: one tree per district, year and unit category.
struct AddIndicatorTreeDistrict: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await DistrictColumn.add(to: "indicator_trees", unique: ["year", "category"], on: database)
    }

    func revert(on database: any Database) async throws {
        try await DistrictColumn.remove(from: "indicator_trees", unique: ["year", "category"], on: database)
    }
}
