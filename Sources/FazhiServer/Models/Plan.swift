import Fluent
import Foundation

/// 年度实施方案 one district's plan for one year.
final class Plan: Model, @unchecked Sendable {
    static let schema = "plans"

    @ID(key: .id) var id: UUID?
    @Parent(key: "district_id") var district: OrgNode
    @Field(key: "year") var year: Int
    @Field(key: "title") var title: String
    @Field(key: "addressee") var addressee: String
    @Field(key: "preamble") var preamble: String
    @Field(key: "guiding_thought") var guidingThought: String
    /// JSON array of the documents the plan is based on.
    @Field(key: "basis_documents") var basisDocuments: String
    @Field(key: "units_intro") var unitsIntro: String
    @Field(key: "areas_intro") var areasIntro: String
    @Field(key: "closing") var closing: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// 责任单位 a unit named responsible in a plan, in the plan's order.
final class PlanUnit: Model, @unchecked Sendable {
    static let schema = "plan_units"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: Plan
    @Parent(key: "unit_id") var unit: OrgNode
    @Field(key: "sort") var sort: Int

    init() {}

    init(planID: UUID, unitID: UUID, sort: Int) {
        self.$plan.id = planID
        self.$unit.id = unitID
        self.sort = sort
    }
}

/// 工作内容 a work area of a plan.
final class WorkArea: Model, @unchecked Sendable {
    static let schema = "work_areas"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: Plan
    @Field(key: "code") var code: String
    @Field(key: "title") var title: String
    @Field(key: "sort") var sort: Int

    init() {}
}

/// 工作安排 a work arrangement of a plan, with its full text.
final class Arrangement: Model, @unchecked Sendable {
    static let schema = "arrangements"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: Plan
    @OptionalParent(key: "area_id") var area: WorkArea?
    @Field(key: "code") var code: String
    @Field(key: "title") var title: String
    @Field(key: "text") var text: String
    @Field(key: "sort") var sort: Int

    init() {}
}
