import Fluent

/// A 行政执法 migration: a case-file review round (案卷评查) belongs to a district — the legal office of
/// a district reviews its own units' files. Rounds drawn before belong to the first district.
struct AddFileReviewDistrict: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await DistrictColumn.add(to: "enforcement_file_reviews", on: database)
    }

    func revert(on database: any Database) async throws {
        try await DistrictColumn.remove(from: "enforcement_file_reviews", on: database)
    }
}
