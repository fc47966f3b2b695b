import Fluent

/// The 依申请公开 register's revision (`GOIReportService.revisionKey`): a trigger replaces it on every
/// insert, update or delete of a request, whatever wrote it (the service, an import, `fazhi demo grow`
/// or a hand-made SQL fix), so the annual report's cached figures are never older than the register.
struct AddGOIRevision: AsyncMigration {
    /// The names the shipped migration created (`goi_requests_revision[_event]`, `fazhi_goi_revision()`).
    static let trigger = RevisionTrigger(
        table: "goi_requests", key: GOIReportService.revisionKey, name: "goi_requests_revision", function: "fazhi_goi_revision")

    func prepare(on database: any Database) async throws { try await Self.trigger.create(on: database) }

    func revert(on database: any Database) async throws { try await Self.trigger.drop(on: database) }
}
