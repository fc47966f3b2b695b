import Fluent

/// 006: the working-day calendar (years loaded and their dated entries).
struct CreateCalendar: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("calendar_years")
            .id()
            .field("year", .int, .required)
            .field("notice", .string, .required)
            .unique(on: "year")
            .create()
        try await database.schema("calendar_days")
            .id()
            .field("date", .string, .required)
            .field("year", .int, .required)
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .unique(on: "date")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("calendar_days").delete()
        try await database.schema("calendar_years").delete()
    }
}
