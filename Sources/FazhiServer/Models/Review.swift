import Fluent
import Foundation

/// 自评 one unit's self-assessment in one cycle: its state, when it was submitted and approved,
/// and the manifest of evidence hashes frozen at submission.
final class AssessmentSubmission: Model, @unchecked Sendable {
    static let schema = "assessment_submissions"

    enum Status: String, Codable {
        /// 填报中 being filled in by the liaison.
        case draft
        /// 待审批 submitted, waiting for the unit head.
        case submitted
        /// 已审批 approved by the head; visible to the assessors.
        case approved
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "cycle_id") var cycle: AssessmentCycle
    @Parent(key: "unit_id") var unit: OrgNode
    @Field(key: "status") var status: Status
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "submitted_by") var submittedBy: String?
    @OptionalField(key: "approved_at") var approvedAt: Date?
    @OptionalField(key: "approved_by") var approvedBy: String?
    /// Working days after the self-assessment window's last day; 0 when on time.
    @Field(key: "late_workdays") var lateWorkdays: Int
    /// The head's reason when they sent it back.
    @OptionalField(key: "returned_note") var returnedNote: String?
    /// JSON `{leaf code: [sha256]}` of the evidence at submission, and its own SHA-256.
    @OptionalField(key: "manifest") var manifest: String?
    @OptionalField(key: "manifest_hash") var manifestHash: String?
    /// 结果确认 when the unit confirmed its preliminary result without objection.
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?

    init() {}
}

/// One leaf of a self-assessment: the unit's own score and its narrative (自评说明).
final class AssessmentEntry: Model, @unchecked Sendable {
    static let schema = "assessment_entries"

    @ID(key: .id) var id: UUID?
    @Parent(key: "cycle_id") var cycle: AssessmentCycle
    @Parent(key: "unit_id") var unit: OrgNode
    @Field(key: "code") var code: String
    @OptionalField(key: "self_halves") var selfHalves: Int?
    @Field(key: "narrative") var narrative: String

    init() {}
}

/// 佐证材料 one uploaded evidence file. The bytes live in the content-addressed store under their
/// SHA-256 and are never overwritten or deleted; a draft's file can only be withdrawn.
final class EvidenceFile: Model, @unchecked Sendable {
    static let schema = "evidence_files"

    @ID(key: .id) var id: UUID?
    @Parent(key: "cycle_id") var cycle: AssessmentCycle
    @Parent(key: "unit_id") var unit: OrgNode
    @Field(key: "code") var code: String
    /// The checklist item it proves (or 其他材料).
    @Field(key: "item") var item: String
    @Field(key: "sha256") var sha256: String
    @Field(key: "filename") var filename: String
    @Field(key: "kind") var kind: String
    @Field(key: "size") var size: Int
    /// `self`, `supplement` or `objection`: when in the cycle it was added.
    @Field(key: "stage") var stage: String
    @Field(key: "uploaded_by") var uploadedBy: String
    @Field(key: "uploaded_at") var uploadedAt: Date
    @Field(key: "withdrawn") var withdrawn: Bool

    init() {}
}

/// 考评员分工 an assessor assigned to a unit: position 1 marks; position 2 is the blind second marker.
final class AssessorAssignment: Model, @unchecked Sendable {
    static let schema = "assessor_assignments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "cycle_id") var cycle: AssessmentCycle
    @Parent(key: "unit_id") var unit: OrgNode
    @Parent(key: "user_id") var user: User
    @Field(key: "position") var position: Int

    init() {}
}

/// One assessor's mark on one leaf (blind: the other assessor never sees it).
final class AssessmentMark: Model, @unchecked Sendable {
    static let schema = "assessment_marks"

    @ID(key: .id) var id: UUID?
    @Parent(key: "cycle_id") var cycle: AssessmentCycle
    @Parent(key: "unit_id") var unit: OrgNode
    @Field(key: "code") var code: String
    @Parent(key: "user_id") var user: User
    @Field(key: "points_halves") var pointsHalves: Int
    @Field(key: "reason") var reason: String
    @Field(key: "marked_at") var markedAt: Date

    init() {}
}

/// 退回补充 an assessor's request for more on one leaf, with a deadline, and the unit's answer.
final class SupplementRequest: Model, @unchecked Sendable {
    static let schema = "supplement_requests"

    @ID(key: .id) var id: UUID?
    @Parent(key: "cycle_id") var cycle: AssessmentCycle
    @Parent(key: "unit_id") var unit: OrgNode
    @Field(key: "code") var code: String
    @Field(key: "reason") var reason: String
    /// Local date `YYYY-MM-DD` by which the unit must answer.
    @Field(key: "due") var due: String
    @Field(key: "requested_by") var requestedBy: String
    @Field(key: "requested_at") var requestedAt: Date
    @OptionalField(key: "answer") var answer: String?
    @OptionalField(key: "answered_at") var answeredAt: Date?

    init() {}
}

/// 申诉 a unit's objection to one leaf of its preliminary result, and the office's decision.
final class AssessmentObjection: Model, @unchecked Sendable {
    static let schema = "assessment_objections"

    enum Status: String, Codable {
        case pending
        /// 维持 the score stands.
        case upheld
        /// 调整 the score was changed.
        case adjusted
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "cycle_id") var cycle: AssessmentCycle
    @Parent(key: "unit_id") var unit: OrgNode
    @Field(key: "code") var code: String
    @Field(key: "reason") var reason: String
    @Field(key: "filed_by") var filedBy: String
    @Field(key: "filed_at") var filedAt: Date
    @Field(key: "status") var status: Status
    @Field(key: "previous_halves") var previousHalves: Int
    @OptionalField(key: "new_halves") var newHalves: Int?
    @OptionalField(key: "decision") var decision: String?
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?

    init() {}
}
