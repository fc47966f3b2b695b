import Fluent

/// An oversight migration: a 法律顾问 belongs to a district's pool — the district government's own
/// advisers and those its units engaged; another district neither lists nor names them. Advisers
/// recorded before belong to the first district.
struct AddAdviserDistrict: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await DistrictColumn.add(to: "legal_advisers", on: database)
    }

    func revert(on database: any Database) async throws {
        try await DistrictColumn.remove(from: "legal_advisers", on: database)
    }
}
