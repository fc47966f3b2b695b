import Fluent
import Foundation

/// A node of the organisation tree (city → district → department / 办事处). Responsible units
/// (责任单位) are the nodes of kind `unit`; every plan belongs to a district node.
/// Fluent models are reference types mutated only by the request that loaded them; hence unchecked.
final class OrgNode: Model, @unchecked Sendable {
    static let schema = "org_nodes"

    enum Kind: String, Codable { case city, district, unit }

    @ID(key: .id) var id: UUID?
    @OptionalParent(key: "parent_id") var parent: OrgNode?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: Kind
    /// Unit category code (区属职能部门 / 办事处 …); nil above unit level.
    @OptionalField(key: "category_code") var categoryCode: String?
    @Field(key: "sort") var sort: Int

    init() {}

    init(id: UUID? = nil, parentID: UUID?, code: String, name: String, kind: Kind, categoryCode: String?, sort: Int) {
        self.id = id
        self.$parent.id = parentID
        self.code = code
        self.name = name
        self.kind = kind
        self.categoryCode = categoryCode
        self.sort = sort
    }
}

/// 单位类别 a unit category; categories are data, not code.
final class UnitCategory: Model, @unchecked Sendable {
    static let schema = "unit_categories"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "sort") var sort: Int

    init() {}

    init(code: String, name: String, sort: Int) {
        self.code = code
        self.name = name
        self.sort = sort
    }
}
