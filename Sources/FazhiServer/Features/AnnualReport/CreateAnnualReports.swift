import Fluent
import SQLKit

/// 法治政府建设年度报告: one row per year and unit (the district's under the district node).
struct CreateAnnualReports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AnnualReport.schema)
            .id()
            .field("year", .int, .required)
            .field("unit_id", .uuid, .required, .references("org_nodes", "id"))
            .field("status", .string, .required)
            .field("report_by", .string, .required)
            .field("publish_by", .string, .required)
            .field("measures", .string, .required)
            .field("shortcomings", .string, .required)
            .field("leadership", .string, .required)
            .field("next_year", .string, .required)
            .field("other", .string, .required)
            .field("submitted_on", .string)
            .field("submitted_by", .string)
            .field("submitted_to", .string)
            .field("published_on", .string)
            .field("figures", .string)
            .field("figures_as_of", .string)
            .field("version", .int, .required)
            .field("updated_at", .datetime)
            .unique(on: "year", "unit_id")
            .create()
        let sql = try database.sql()
        // The scan's two sources: reports not yet submitted, and not yet published.
        try await sql.raw("CREATE INDEX annual_reports_unsubmitted ON annual_reports (report_by) WHERE submitted_on IS NULL").run()
        try await sql.raw("CREATE INDEX annual_reports_unpublished ON annual_reports (publish_by) WHERE published_on IS NULL").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AnnualReport.schema).delete()
    }
}
