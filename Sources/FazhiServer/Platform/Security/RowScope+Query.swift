import FazhiCore
import Foundation
import Fluent
import SQLKit
import Vapor

extension QueryBuilder {
    /// Narrows a list to the rows `Policy.scope` allows: one unit's, a district's units', every
    /// district's (the city), or none.
    func scoped(_ scope: RowScope, unit field: KeyPath<Model, FieldProperty<Model, UUID>>) -> Self {
        guard let units = scope.units else { return self }
        return filter(field ~~ units)
    }
}

extension RowScope {
    /// The same narrowing for raw SQL: `<column> IN (…)`, nil for the city's view (no narrowing).
    /// - Parameter column: a column named in code (never from a request).
    func unitCondition(_ column: String) -> SQLQueryString? {
        guard let units else { return nil }
        if units.isEmpty { return "1 = 0" }
        return "\(unsafeRaw: column) IN (\(binds: units.map { $0 as any Encodable & Sendable }))"
    }

    /// `unitCondition` to append to a `WHERE`: ` AND <column> IN (…)`, or nothing.
    func andUnits(_ column: String) -> SQLQueryString {
        unitCondition(column).map { " AND \($0)" } ?? ""
    }
}

extension OrgNode {
    /// The units a scope spans, in their order: one unit, a district's, or every district's (the city).
    static func units(in scope: RowScope, on db: any Database) async throws -> [OrgNode] {
        var q = OrgNode.query(on: db).filter(\.$kind == .unit)
        if let units = scope.units { q = q.filter(\.$id ~~ units) }
        return try await q.sort(\.$sort).sort(\.$code).all()
    }

    /// The units a list offers to filter by: the scope's when it spans several, none for a unit's own list.
    static func choices(for scope: RowScope, on db: any Database) async throws -> [OrgNode] {
        scope.spansUnits ? try await units(in: scope, on: db) : []
    }

    /// A unit named by its code on a form or in a query, if the scope reaches it.
    static func unit(code: String, in scope: RowScope, on db: any Database) async throws -> OrgNode? {
        let found = try await OrgNode.query(on: db).filter(\.$code == code).filter(\.$kind == .unit).first()
        return found.flatMap { scope.includes($0.id) ? $0 : nil }
    }
}

extension CurrentUser {
    /// The rows a list may show this user for `action` (the policy's scope).
    func scope(_ action: Action) -> RowScope { Policy.scope(action, actor) }
}

extension Request {
    /// The units the signed-in user may name on a form (a record's unit, co-units, an import's rows):
    /// those of their district, every district's for the city. What a role may do with them is the
    /// policy's question, asked when the form is sent.
    func nameableUnits() async throws -> [OrgNode] {
        try await OrgNode.units(in: requireUser().jurisdiction.wholeScope, on: db)
    }
}
