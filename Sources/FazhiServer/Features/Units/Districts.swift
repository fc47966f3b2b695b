import FazhiCore
import Fluent
import SQLKit
import Vapor

/// 辖区 the districts of the organisation tree and their units, as the policy needs them on every
/// signed-in request (`Jurisdiction`).
enum Districts {
    /// The tree's revision, moved by a trigger on every change of `org_nodes` (migration 027).
    static let revisionKey = "org/revision"
    /// Each district's units at a revision of the tree: read once per process and change of the tree.
    static let units = RevisionCache<UUID, Set<UUID>>(revisionKey: revisionKey, capacity: 1024)

    /// Where a user works: the city for the city's role; otherwise their district (a unit's people:
    /// their unit's) with its units; nowhere for a district role without a district.
    /// - Parameter revision: the tree's revision when the caller read it with the user (the session
    ///   query does), saving a query; nil reads it.
    static func jurisdiction(role: Role, district: UUID?, revision: Int64?, on db: any Database) async throws -> Jurisdiction {
        if role.worksForCity { return .city }
        guard let district else { return .nowhere }
        let build = { try await unitIDs(of: district, on: db) }
        let units =
            if let revision {
                try await self.units.value(district, revision: revision, build: build)
            } else {
                try await self.units.value(district, on: db, build: build)
            }
        return .district(district, units: units)
    }

    /// The district's units, read from the tree.
    static func unitIDs(of district: UUID, on db: any Database) async throws -> Set<UUID> {
        let rows = try await db.sql().raw(
            "SELECT id FROM \(ident: OrgNode.schema) WHERE parent_id = \(bind: district) AND kind = \(bind: OrgNode.Kind.unit.rawValue)"
        ).all()
        return Set(try rows.map { try $0.decode(column: "id", as: UUID.self) })
    }
}

extension Districts {
    /// The deployment's first district (by its order): what public pages and commands show when no
    /// district is named.
    static func first(on db: any Database) async throws -> OrgNode? {
        try await OrgNode.query(on: db).filter(\.$kind == .district).sort(\.$sort).sort(\.$code).first()
    }

    /// The district a command works in: the one named by its code, or the only one there is. With
    /// `city`, the city's own code names the city (its indicator tree for 市对区考评).
    static func named(_ code: String?, city: Bool = false, on db: any Database) async throws -> UUID {
        if let code {
            guard
                let node = try await OrgNode.query(on: db).filter(\.$code == code).filter(\.$kind ~~ (city ? [.district, .city] : [.district]))
                    .first()
            else {
                throw CommandFailure("区编码“\(code)”不存在(fazhi district list 列出各区)")
            }
            return try node.requireID()
        }
        let districts = try await OrgNode.query(on: db).filter(\.$kind == .district).limit(2).all()
        guard districts.count == 1 else {
            throw CommandFailure(districts.isEmpty ? "还没有区:先用 fazhi district create 创建" : "有多个区:用 --district 指明所属的区")
        }
        return try districts[0].requireID()
    }

    /// The district a unit lies in (its parent).
    static func of(unit: UUID, on db: any Database) async throws -> UUID? {
        try await OrgNode.find(unit, on: db)?.$parent.id
    }

    /// The one district a scope lies in: a district's, or a unit's district; nil for the city's view
    /// (every district) and for nothing.
    static func of(scope: RowScope, on db: any Database) async throws -> UUID? {
        if let id = scope.districtID { return id }
        if let unit = scope.ownUnit { return try await of(unit: unit, on: db) }
        return nil
    }

    /// A district by its id, or the first when none is given.
    static func node(_ id: UUID?, on db: any Database) async throws -> OrgNode {
        let found: OrgNode? =
            if let id { try await OrgNode.query(on: db).filter(\.$id == id).filter(\.$kind == .district).first() } else { try await first(on: db) }
        guard let node = found else {
            throw AppError.notFound("区(组织机构中没有这个区)")
        }
        return node
    }
}

extension Request {
    /// 本区 the district this request works in: the signed-in user's own; for the city's role and
    /// the public, the district they chose (`DistrictChoiceMiddleware`), else the first.
    func district() async throws -> OrgNode {
        if currentUser?.districtID == nil, let chosen = districtChoice?.chosen { return chosen }
        return try await Districts.node(currentUser?.districtID, on: db)
    }
}

extension Request {
    /// The id of `district()`, without a query for a user who belongs to a district.
    func districtID() async throws -> UUID {
        if let id = currentUser?.districtID { return id }
        return try await district().requireID()
    }
}

extension Districts {
    /// Every unit of one district, as a list scope (public pages and a district's own report).
    static func scope(of district: UUID, on db: any Database) async throws -> RowScope {
        let units = try await self.units.value(district, on: db) { try await unitIDs(of: district, on: db) }
        return .district(district, units: units.sorted { $0.uuidString < $1.uuidString })
    }
}
