import FazhiCore
import Fluent
import Foundation

/// 依申请公开 one government-information request in the register. The applicant's personal data
/// (name, id number, contacts, address) is shown only to the handling unit and the office
/// (`Action.viewApplicant`), never written to the audit trail or to exports for publication.
final class GOIRequest: Model, @unchecked Sendable {
    static let schema = "goi_requests"

    @ID(key: .id) var id: UUID?
    /// 申请编号 `YSQ-2026-00012`, the tracking number given to the applicant.
    @Field(key: "number") var number: String
    /// SHA-256 of the verification code (查询码); the code itself is shown once.
    @Field(key: "verify_hash") var verifyHash: String
    /// 承办单位 the handling unit.
    @Parent(key: "unit_id") var unit: OrgNode
    /// 协办单位 comma-separated unit ids; they see the request without the applicant's data.
    @Field(key: "co_unit_ids") var coUnitIDs: String
    @Field(key: "channel") var channel: GOIChannel
    /// `online` (public form), `register` (entered by staff), `import`.
    @Field(key: "source") var source: String
    @Field(key: "submitted_at") var submittedAt: Date
    /// 收到申请之日 (第三十一条); nil until an online/fax request is confirmed.
    @OptionalField(key: "received_on") var receivedOn: String?
    @Field(key: "applicant_type") var applicantType: GOIApplicantType
    @Field(key: "applicant_name") var applicantName: String
    @Field(key: "applicant_id_number") var applicantIDNumber: String
    @Field(key: "applicant_contact") var applicantContact: String
    @Field(key: "applicant_phone") var applicantPhone: String
    @Field(key: "applicant_email") var applicantEmail: String
    @Field(key: "applicant_address") var applicantAddress: String
    @Field(key: "content") var content: String
    @Field(key: "purpose") var purpose: String
    @Field(key: "delivery") var delivery: GOIDelivery
    @OptionalField(key: "clarify_sent_on") var clarifySentOn: String?
    @OptionalField(key: "clarify_due_on") var clarifyDueOn: String?
    @OptionalField(key: "clarify_items") var clarifyItems: String?
    @OptionalField(key: "clarified_on") var clarifiedOn: String?
    @Field(key: "extension_days") var extensionDays: Int
    @OptionalField(key: "extension_on") var extensionOn: String?
    @OptionalField(key: "extension_approver") var extensionApprover: String?
    @OptionalField(key: "extension_reason") var extensionReason: String?
    /// The current 答复期限 (kept with every change, for lists, the scan and indicators); nil while no period runs.
    @OptionalField(key: "due_on") var dueOn: String?
    @OptionalField(key: "closed_on") var closedOn: String?
    @OptionalField(key: "reply_type") var replyType: GOIReplyType?
    /// The principal withholding ground (the one table 3 counts a 不予公开 under).
    @OptionalField(key: "ground") var ground: GOIWithholdingGround?
    /// Every ground, comma-separated, principal first.
    @Field(key: "grounds") var grounds: String
    @OptionalField(key: "reply_note") var replyNote: String?
    @Field(key: "fee_method") var feeMethod: GOIFeeMethod
    @Field(key: "fee_quantity") var feeQuantity: Int
    /// 信息处理费 in 元, as notified; collected only once `feePaidOn` is set.
    @Field(key: "fee_amount") var feeAmount: Int
    /// 收费通知 送达日期 (国办函〔2020〕109号第七条).
    @OptionalField(key: "fee_notice_on") var feeNoticeOn: LocalDate?
    /// 缴费日期: the fee was paid on this day.
    @OptionalField(key: "fee_paid_on") var feePaidOn: LocalDate?
    /// 延迟答复 (第三十五条): decided on, the organ's answer date, and why.
    @OptionalField(key: "delay_decided_on") var delayDecidedOn: LocalDate?
    @OptionalField(key: "delay_answer_by") var delayAnswerBy: LocalDate?
    @OptionalField(key: "delay_reason") var delayReason: String?
    @Field(key: "created_by") var createdBy: String
    @Field(key: "version") var version: Int
    @Children(for: \.$request) var consultations: [GOIConsultationRecord]

    init() {}

    var coUnits: [UUID] { coUnitIDs.split(separator: ",").compactMap { UUID(uuidString: String($0)) } }
    var groundList: [GOIWithholdingGround] { grounds.split(separator: ",").compactMap { GOIWithholdingGround(rawValue: String($0)) } }

    /// The facts the clock is computed from.
    var clockFacts: GOIClockFacts {
        GOIClockFacts(
            receivedOn: receivedOn.flatMap(LocalDate.init), clarifySentOn: clarifySentOn.flatMap(LocalDate.init),
            clarifyDueOn: clarifyDueOn.flatMap(LocalDate.init), clarifiedOn: clarifiedOn.flatMap(LocalDate.init),
            consultations: ($consultations.value ?? []).compactMap(\.fact),
            extensionDays: extensionDays, feeNotice: feeNotice,
            delay: delayDecidedOn.flatMap { decided in delayAnswerBy.map { GOIDelay(decidedOn: decided, answerBy: $0) } },
            closedOn: closedOn.flatMap(LocalDate.init))
    }

    var feeNotice: GOIFeeNotice? { feeNoticeOn.map { GOIFeeNotice(deliveredOn: $0, paidOn: feePaidOn) } }

    /// Where the fee stands, for the answer's checks: from the clock's state on the day.
    func feeState(_ state: GOIClockState?) -> GOIFeeState {
        guard let notice = feeNotice else { return .none }
        if notice.paidOn != nil { return .paid(feeMethod) }
        if case .feeLapsed? = state { return .lapsed }
        return .awaitingPayment
    }
}

/// 征求意见 a consultation of a third party or another organ about one request.
final class GOIConsultationRecord: Model, @unchecked Sendable {
    static let schema = "goi_consultations"

    typealias Kind = GOIConsultationKind

    @ID(key: .id) var id: UUID?
    @Parent(key: "request_id") var request: GOIRequest
    @Field(key: "kind") var kind: Kind
    @Field(key: "party") var party: String
    @Field(key: "sent_on") var sentOn: String
    /// The day the party received the letter: its 15 working days run from the next day.
    @OptionalField(key: "received_on") var receivedOn: LocalDate?
    @OptionalField(key: "replied_on") var repliedOn: String?
    @OptionalField(key: "note") var note: String?

    init() {}

    /// The facts the clock counts (nil only for a row whose stored date is unreadable).
    var fact: GOIConsultation? {
        LocalDate(sentOn).map { GOIConsultation(kind: kind, sentOn: $0, receivedOn: receivedOn, repliedOn: repliedOn.flatMap(LocalDate.init)) }
    }
}

/// 年度报告 one manually kept value (tables 2 and 4, the narrative sections) of one year's report.
final class GOIReportEntry: Model, @unchecked Sendable {
    static let schema = "goi_report_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "year") var year: Int
    /// A unit's id, or `district`.
    @Field(key: "scope") var scope: String
    @Field(key: "key") var key: String
    @Field(key: "value") var value: String

    init() {}
}
