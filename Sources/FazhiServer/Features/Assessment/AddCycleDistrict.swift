import Fluent

/// 028: an assessment cycle belongs to a district: one cycle per district and year (it was one per year).
struct AddCycleDistrict: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await DistrictColumn.add(to: "assessment_cycles", unique: ["year"], on: database)
    }

    func revert(on database: any Database) async throws {
        try await DistrictColumn.remove(from: "assessment_cycles", unique: ["year"], on: database)
    }
}
