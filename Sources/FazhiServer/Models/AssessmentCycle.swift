import Fluent
import Foundation

/// 考评周期 one year's assessment: its scheme (weights, grades, tie rule, adjustment types), its state,
/// and, once frozen, the snapshot of every result with the snapshot's hash.
final class AssessmentCycle: Model, @unchecked Sendable {
    static let schema = "assessment_cycles"

    enum Status: String, Codable { case open, frozen, published }

    @ID(key: .id) var id: UUID?
    @Field(key: "year") var year: Int
    @Field(key: "status") var status: Status
    @Field(key: "desk_weight") var deskWeight: Int
    @Field(key: "survey_weight") var surveyWeight: Int
    /// JSON `[category code: GradeScheme]`: bands, quota and veto grade per unit category.
    @Field(key: "grade_scheme") var gradeScheme: String
    /// JSON [String]: level-1 codes that break ties.
    @Field(key: "tie_breakers") var tieBreakers: String
    /// JSON [AdjustmentType].
    @Field(key: "adjustment_types") var adjustmentTypes: String
    /// Whether the public page shows totals besides ranks and grades.
    @Field(key: "publish_totals") var publishTotals: Bool
    /// 自评 window (local dates `YYYY-MM-DD`); submissions after `selfUntil` are late.
    @Field(key: "self_from") var selfFrom: String
    @Field(key: "self_until") var selfUntil: String
    /// Last day of the review (审核赋分).
    @Field(key: "review_until") var reviewUntil: String
    /// 申诉期 length in working days, counted from the day after the preliminary results are released.
    @Field(key: "objection_workdays") var objectionWorkdays: Int
    /// Set when the preliminary results are released: the objection window, inclusive.
    @OptionalField(key: "objections_from") var objectionsFrom: String?
    @OptionalField(key: "objections_until") var objectionsUntil: String?
    /// 背靠背 blind second marking, and the difference (half-points) above which marks are reconciled.
    @Field(key: "blind_marking") var blindMarking: Bool
    @Field(key: "mark_threshold_halves") var markThresholdHalves: Int
    /// Deduction per working day of late self-assessment (half-points; 0 = none), capped by the
    /// `late` adjustment type.
    @Field(key: "late_halves_per_day") var lateHalvesPerDay: Int
    @OptionalField(key: "snapshot") var snapshot: String?
    @OptionalField(key: "snapshot_hash") var snapshotHash: String?
    @OptionalField(key: "frozen_at") var frozenAt: Date?
    @OptionalField(key: "published_at") var publishedAt: Date?

    init() {}

    /// Whether the preliminary results have gone to the units.
    var released: Bool { objectionsFrom != nil }
}

/// 赋分 one leaf's score for one unit, with the reason whenever it is below the maximum.
final class AssessmentScore: Model, @unchecked Sendable {
    static let schema = "assessment_scores"

    @ID(key: .id) var id: UUID?
    @Parent(key: "cycle_id") var cycle: AssessmentCycle
    @Parent(key: "unit_id") var unit: OrgNode
    @Field(key: "code") var code: String
    @Field(key: "points_halves") var pointsHalves: Int
    @Field(key: "reason") var reason: String
    @Field(key: "scored_by") var scoredBy: String

    init() {}
}

/// 满意度 a unit's survey score (0–100, four decimals as integer units) and 加扣分 items.
final class AssessmentExtra: Model, @unchecked Sendable {
    static let schema = "assessment_extras"

    @ID(key: .id) var id: UUID?
    @Parent(key: "cycle_id") var cycle: AssessmentCycle
    @Parent(key: "unit_id") var unit: OrgNode
    /// `survey`, or an adjustment type code.
    @Field(key: "kind") var kind: String
    /// Survey: score units (1/10000); adjustment: half-points.
    @Field(key: "value") var value: Int
    @Field(key: "reason") var reason: String
    @OptionalField(key: "proof") var proof: String?

    init() {}
}
