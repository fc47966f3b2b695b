import Fluent
import Foundation

/// 指标体系 one year's tree for one unit category; `version` counts its changes.
final class IndicatorTreeRecord: Model, @unchecked Sendable {
    static let schema = "indicator_trees"

    @ID(key: .id) var id: UUID?
    @Field(key: "year") var year: Int
    @Field(key: "category") var category: String
    @Field(key: "title") var title: String
    @Field(key: "version") var version: Int
    /// Category total in half-points (usually 200 = 100 points).
    @Field(key: "total_halves") var totalHalves: Int
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// 指标 one node of a stored tree, in the tree's order.
final class IndicatorNodeRecord: Model, @unchecked Sendable {
    static let schema = "indicator_nodes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "tree_id") var tree: IndicatorTreeRecord
    @Field(key: "code") var code: String
    @Field(key: "title") var title: String
    @OptionalField(key: "goal") var goal: String?
    @Field(key: "points_halves") var pointsHalves: Int
    @OptionalField(key: "rule") var rule: String?
    /// JSON array of evidence items.
    @Field(key: "evidence") var evidence: String
    @OptionalField(key: "basis") var basis: String?
    @Field(key: "source") var source: String
    @Field(key: "sort") var sort: Int

    init() {}
}
