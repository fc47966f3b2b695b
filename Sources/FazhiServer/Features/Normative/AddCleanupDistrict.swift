import Fluent

/// A 规范性文件 migration: a clean-up round belongs to a district — it lists the documents of that
/// district's units, and one district's open round does not hold up another's. Rounds made before
/// belong to the first district.
struct AddCleanupDistrict: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await DistrictColumn.add(to: "normative_cleanups", on: database)
    }

    func revert(on database: any Database) async throws {
        try await DistrictColumn.remove(from: "normative_cleanups", on: database)
    }
}
