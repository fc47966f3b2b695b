import Fluent
import Foundation
import SQLKit

/// 030: the district whose audit log shows an event: the acting user's district (a unit's people:
/// their unit's), none for system actors (the seed, the command line), whose events only the city's
/// log shows. A view column beside the chain, not part of it: moving an event to another district's
/// log breaks nothing that matters; changing or removing one still breaks the chain. Events written
/// before are given their actor's district.
struct AddAuditDistrict: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_events").field("district_id", .uuid).update()
        let sql = try database.sql()
        try await sql.raw(
            """
            UPDATE audit_events SET district_id = (
              SELECT COALESCE(u.district_id, n.parent_id) FROM users u LEFT JOIN org_nodes n ON n.id = u.unit_id
              WHERE u.id = audit_events.actor_id)
            WHERE actor_id IS NOT NULL
            """
        ).run()
        try await sql.raw("CREATE INDEX audit_events_district_idx ON audit_events (district_id, seq)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql().raw("DROP INDEX audit_events_district_idx").run()
        try await database.schema("audit_events").deleteField("district_id").update()
    }
}
