import Fluent
import SQLKit

/// 027: the organisation tree's revision (`Districts.revisionKey`), moved by a trigger on every change
/// of `org_nodes`, so each process's cached district → units map (`Districts.units`) is never older
/// than the tree; and the index the map is read by.
struct AddOrgRevision: AsyncMigration {
    static let trigger = RevisionTrigger(table: "org_nodes", key: Districts.revisionKey, name: "org_nodes_revision")

    func prepare(on database: any Database) async throws {
        try await Self.trigger.create(on: database)
        try await database.sql().raw("CREATE INDEX org_nodes_parent_idx ON org_nodes (parent_id, kind)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql().raw("DROP INDEX org_nodes_parent_idx").run()
        try await Self.trigger.drop(on: database)
    }
}
