import FazhiCore
import Fluent
import Foundation

/// 当事人类型.
enum EnforcementPartyType: String, Codable, CaseIterable, Sendable {
    case person, organization

    var label: String { self == .person ? "自然人" : "法人或其他组织" }
}

/// 法制审核结论.
enum LegalReviewResult: String, Codable, CaseIterable, Sendable {
    case passed, failed

    var label: String { self == .passed ? "审核通过" : "审核未通过(退回)" }
}

/// 执法决定.
enum EnforcementOutcome: String, Codable, CaseIterable, Sendable {
    /// 作出处罚 / 准予许可 / 采取强制措施 / 检查发现问题并处理 …: the act was taken.
    case taken
    /// 不予处罚 / 不予许可 / 未发现问题.
    case notTaken = "not_taken"
    /// 撤销立案 / 终止 (the act ended without a decision on the merits).
    case terminated

    func label(for type: EnforcementCaseType) -> String {
        switch (self, type) {
        case (.taken, .penalty): "作出行政处罚决定"
        case (.notTaken, .penalty): "不予行政处罚"
        case (.taken, .licensing): "准予行政许可"
        case (.notTaken, .licensing): "不予行政许可"
        case (.taken, .coercion): "采取行政强制"
        case (.notTaken, .coercion): "解除或不采取强制"
        case (.taken, .inspection): "检查发现问题并依法处理"
        case (.notTaken, .inspection): "检查未发现问题"
        case (.taken, _): "作出决定"
        case (.notTaken, _): "不予作出"
        case (.terminated, _): "终止(撤销立案)"
        }
    }
}

/// 行政执法案件 one act of enforcement by a unit: a penalty, a licence, a coercive measure, an
/// inspection, a levy. The party's personal data is shown to the unit and the office only and is
/// masked when the decision is published.
final class EnforcementCase: Model, @unchecked Sendable {
    static let schema = "enforcement_cases"

    @ID(key: .id) var id: UUID?
    /// 案号 `ZF-2026-00012` (or the number an imported case had).
    @Field(key: "number") var number: String
    @Parent(key: "unit_id") var unit: OrgNode
    @Field(key: "type") var type: EnforcementCaseType
    /// The 权责事项 the case is about, if it is on the unit's list.
    @OptionalParent(key: "matter_id") var matter: EnforcementMatter?
    /// 案由 / 申请事项.
    @Field(key: "title") var title: String
    @Field(key: "party_type") var partyType: EnforcementPartyType
    @Field(key: "party_name") var partyName: String
    /// `register` or `import`.
    @Field(key: "source") var source: String
    @Field(key: "opened_on") var openedOn: LocalDate
    /// 法制审核: required (matter listed, flagged or heard) — kept so lists and indicators count in SQL.
    @Field(key: "review_required") var reviewRequired: Bool
    /// Flagged by the unit (重大公共利益, 疑难复杂 …, 第五十八条第一款第一、三、四项), with the ground.
    @OptionalField(key: "review_flag") var reviewFlag: String?
    @OptionalField(key: "notice_on") var noticeOn: LocalDate?
    @Field(key: "hearing_offered") var hearingOffered: Bool
    @OptionalField(key: "hearing_requested_on") var hearingRequestedOn: LocalDate?
    @OptionalField(key: "hearing_notice_on") var hearingNoticeOn: LocalDate?
    @OptionalField(key: "hearing_on") var hearingOn: LocalDate?
    @OptionalField(key: "heard_on") var heardOn: LocalDate?
    @OptionalField(key: "review_submitted_on") var reviewSubmittedOn: LocalDate?
    @OptionalField(key: "reviewed_on") var reviewedOn: LocalDate?
    @OptionalField(key: "review_result") var reviewResult: LegalReviewResult?
    @OptionalParent(key: "reviewer_id") var reviewer: EnforcementOfficer?
    @OptionalField(key: "review_opinion") var reviewOpinion: String?
    @Field(key: "extension_days") var extensionDays: Int
    @OptionalField(key: "extension_approver") var extensionApprover: String?
    @OptionalField(key: "extension_basis") var extensionBasis: String?
    @OptionalField(key: "decision_on") var decisionOn: LocalDate?
    @OptionalField(key: "outcome") var outcome: EnforcementOutcome?
    /// 决定内容 (the penalty, the licence's scope …), published with the party masked.
    @OptionalField(key: "decision_summary") var decisionSummary: String?
    /// 罚没款 in 分, when a fine was imposed.
    @OptionalField(key: "fine_cents") var fineCents: Int64?
    @OptionalField(key: "served_on") var servedOn: LocalDate?
    @OptionalField(key: "executed_on") var executedOn: LocalDate?
    @OptionalField(key: "published_on") var publishedOn: LocalDate?
    @OptionalField(key: "revoked_on") var revokedOn: LocalDate?
    @OptionalField(key: "revoke_reason") var revokeReason: String?
    @OptionalField(key: "withdrawn_on") var withdrawnOn: LocalDate?
    @OptionalField(key: "closed_on") var closedOn: LocalDate?
    /// The decision's due date (90 days / 20 working days), kept by the deadline engine for lists
    /// and the scan; nil for types without a general period or once decided.
    @OptionalField(key: "decision_due_on") var decisionDueOn: LocalDate?
    /// The publication's due date once decided (7 or 20 working days); the withdrawal's once revoked.
    @OptionalField(key: "publish_due_on") var publishDueOn: LocalDate?
    /// The decision's deadline as it stood when the decision was made (or stands now, undecided),
    /// kept after the decision so the 90日办结率 is counted in SQL.
    @OptionalField(key: "decide_by") var decideBy: LocalDate?
    /// The publication's deadline, kept after publication (公示及时率).
    @OptionalField(key: "publish_by") var publishBy: LocalDate?
    @Field(key: "created_by") var createdBy: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Siblings(through: EnforcementCaseOfficer.self, from: \.$enforcementCase, to: \.$officer) var officers: [EnforcementOfficer]
    // generated by scripts/model_properties.py: every property wrapper, so FluentKit needs no reflection per row
    var properties: [any AnyProperty] {
        [
            _id, _number, _unit, _type, _matter, _title, _partyType, _partyName, _source, _openedOn, _reviewRequired, _reviewFlag, _noticeOn,
            _hearingOffered, _hearingRequestedOn, _hearingNoticeOn, _hearingOn, _heardOn, _reviewSubmittedOn, _reviewedOn, _reviewResult, _reviewer,
            _reviewOpinion, _extensionDays, _extensionApprover, _extensionBasis, _decisionOn, _outcome, _decisionSummary, _fineCents, _servedOn,
            _executedOn, _publishedOn, _revokedOn, _revokeReason, _withdrawnOn, _closedOn, _decisionDueOn, _publishDueOn, _decideBy, _publishBy,
            _createdBy, _version, _createdAt, _officers,
        ]
    }

    init() {}

    var facts: EnforcementFacts {
        EnforcementFacts(
            type: type, openedOn: openedOn, noticeOn: noticeOn, hearingOffered: hearingOffered, hearingRequestedOn: hearingRequestedOn,
            hearingNoticeOn: hearingNoticeOn, hearingOn: heardOn ?? hearingOn, extensionDays: extensionDays, decisionOn: decisionOn,
            servedOn: servedOn, executedOn: executedOn, publishedOn: publishedOn, revokedOn: revokedOn, withdrawnOn: withdrawnOn,
            closedOn: closedOn)
    }

    /// The party as the public page names it: a natural person's name masked (王某), an
    /// organisation's in full (《行政处罚法》第四十八条: decisions are published; personal data is not).
    var maskedParty: String { PersonName.masked(partyName, naturalPerson: partyType == .person) }
}

/// 承办人员: the officers on a case (at least two, each with a valid certificate on every act's day).
final class EnforcementCaseOfficer: Model, @unchecked Sendable {
    static let schema = "enforcement_case_officers"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var enforcementCase: EnforcementCase
    @Parent(key: "officer_id") var officer: EnforcementOfficer
    // generated by scripts/model_properties.py: every property wrapper, so FluentKit needs no reflection per row
    var properties: [any AnyProperty] {
        [_id, _enforcementCase, _officer]
    }

    init() {}
}

/// 全过程记录 one record of a step (启动、调查取证、审核、决定、送达、执行, 《行政处罚法》第四十七条): a
/// document kept in the shared attachment store (sealed by its SHA-256), or an audio-video
/// recording referred to by its number in the unit's AV archive.
final class EnforcementRecord: Model, @unchecked Sendable {
    static let schema = "enforcement_records"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var enforcementCase: EnforcementCase
    /// `EnforcementRecordStep` raw value.
    @Field(key: "step") var step: String
    @Field(key: "recorded_on") var recordedOn: LocalDate
    /// 录音录像编号, when the record is an AV recording.
    @OptionalField(key: "av_reference") var avReference: String?
    @Field(key: "note") var note: String
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    // generated by scripts/model_properties.py: every property wrapper, so FluentKit needs no reflection per row
    var properties: [any AnyProperty] {
        [_id, _enforcementCase, _step, _recordedOn, _avReference, _note, _createdBy, _createdAt]
    }

    init() {}
}

/// The stages 全过程记录 covers (《行政处罚法》第四十七条).
enum EnforcementRecordStep: String, CaseIterable, Sendable {
    case opening, investigation, notice, hearing, review, decision, service, execution

    var label: String {
        switch self {
        case .opening: "启动(立案、受理)"
        case .investigation: "调查取证"
        case .notice: "告知"
        case .hearing: "听证"
        case .review: "法制审核"
        case .decision: "决定"
        case .service: "送达"
        case .execution: "执行"
        }
    }
}

extension AttachmentOwner {
    /// A 全过程记录 document.
    static let enforcementRecord = AttachmentOwner("enforcement_record")
}
