import Fluent
import Vapor

/// Frozen results cannot change (考评冻结后不得更改). Every refused attempt to change a frozen
/// cycle, whether answered with an error page or a form showing the refusal, is itself audited.
struct FrozenCycleAudit: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            let response = try await next.respond(to: req)
            if response.status == .conflict { try await record(req) }
            return response
        } catch let error as AppError {
            if case .conflict = error { try await record(req) }
            throw error
        }
    }

    private func record(_ req: Request) async throws {
        guard req.method != .GET, let user = req.currentUser, let year = req.parameters.get("year", as: Int.self),
            let cycle = try await AssessmentCycle.query(on: req.db).filter(\.$district.$id == req.districtID()).filter(\.$year == year).first(),
            cycle.status != .open
        else { return }
        let unit = try await req.parameters.get("unitID", as: UUID.self).asyncMap { try await OrgNode.find($0, on: req.db) } ?? nil
        try await AuditService.record(
            on: req.db, actor: .user(user), action: .refusedFrozen,
            entityType: unit == nil ? .assessmentCycle : .assessmentUnit,
            entityID: unit.map { "\(year)/\($0.code)" } ?? "\(year)",
            after: ["path": req.url.path, "method": req.method.rawValue], at: req.clock.now())
    }
}
