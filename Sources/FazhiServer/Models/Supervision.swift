import FazhiCore
import Fluent
import Foundation

/// 进展报告期 one reporting period of a plan, e.g. 2026年第三季度, due 2026-10-10.
final class ReportingPeriod: Model, @unchecked Sendable {
    static let schema = "reporting_periods"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: Plan
    @Field(key: "name") var name: String
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    @Field(key: "due") var due: String
    @Field(key: "created_by") var createdBy: String

    init() {}
}

/// 进展报告 a lead unit's report on one task for one period.
final class ProgressReport: Model, @unchecked Sendable {
    static let schema = "progress_reports"

    @ID(key: .id) var id: UUID?
    @Parent(key: "period_id") var period: ReportingPeriod
    @Parent(key: "task_id") var task: PlanTask
    @Parent(key: "unit_id") var unit: OrgNode
    @Field(key: "progress") var progress: Int
    @Field(key: "text") var text: String
    @Field(key: "submitted_on") var submittedOn: String
    @Field(key: "submitted_at") var submittedAt: Date
    @Field(key: "submitted_by") var submittedBy: String
    @Children(for: \.$report) var files: [ProgressReportFile]

    init() {}
}

/// Evidence of a progress report, in the content-addressed store.
final class ProgressReportFile: Model, @unchecked Sendable {
    static let schema = "progress_report_files"

    @ID(key: .id) var id: UUID?
    @Parent(key: "report_id") var report: ProgressReport
    @Field(key: "sha256") var sha256: String
    @Field(key: "filename") var filename: String
    @Field(key: "size") var size: Int
    @Field(key: "uploaded_by") var uploadedBy: String
    @Field(key: "uploaded_at") var uploadedAt: Date

    init() {}
}

/// 督办单 a supervision notice: the office requires a unit to act on an overdue matter and reply
/// by a date counted in working days; the notice has its own clock and is closed by the office.
final class SupervisionNotice: Model, @unchecked Sendable {
    static let schema = "supervision_notices"

    enum Status: String, Codable, CaseIterable {
        /// 待答复 issued, waiting for the unit's reply.
        case issued
        /// 已答复 the unit replied; the office checks it.
        case replied
        /// 已办结 the office closed it.
        case closed

        var label: String {
            switch self {
            case .issued: "待答复"
            case .replied: "已答复待审核"
            case .closed: "已办结"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: String
    @Field(key: "year") var year: Int
    @Field(key: "sequence") var sequence: Int
    @Parent(key: "unit_id") var unit: OrgNode
    @OptionalField(key: "subject_key") var subjectKey: String?
    @Field(key: "subject_title") var subjectTitle: String
    @OptionalField(key: "subject_href") var subjectHref: String?
    @Field(key: "matter") var matter: String
    @Field(key: "requirement") var requirement: String
    @Field(key: "issued_on") var issuedOn: String
    @Field(key: "reply_due") var replyDue: String
    @OptionalField(key: "original_reply_due") var originalReplyDue: String?
    @OptionalField(key: "extension_reason") var extensionReason: String?
    @Field(key: "status") var status: Status
    @OptionalField(key: "reply_text") var replyText: String?
    @OptionalField(key: "replied_on") var repliedOn: String?
    @OptionalField(key: "replied_by") var repliedBy: String?
    @OptionalField(key: "closed_on") var closedOn: String?
    @OptionalField(key: "office_note") var officeNote: String?
    @Field(key: "issued_by") var issuedBy: String
    @Field(key: "version") var version: Int

    init() {}
}

/// The office's escalation ladder; one row, the standard ladder until the office saves one.
final class EscalationSettings: Model, @unchecked Sendable {
    static let schema = "escalation_settings"

    @ID(key: .id) var id: UUID?
    @Field(key: "due_soon_workdays") var dueSoonWorkdays: Int
    @Field(key: "head_after_workdays") var headAfterWorkdays: Int
    @Field(key: "notice_after_workdays") var noticeAfterWorkdays: Int
    @Field(key: "reply_workdays") var replyWorkdays: Int
    @Field(key: "updated_by") var updatedBy: String

    init() {}

    var ladder: EscalationLadder {
        EscalationLadder(
            dueSoonWorkdays: dueSoonWorkdays, headAfterWorkdays: headAfterWorkdays,
            noticeAfterWorkdays: noticeAfterWorkdays, replyWorkdays: replyWorkdays)
    }
}

/// 站内提醒 one notification in a user's inbox.
final class InboxItem: Model, @unchecked Sendable {
    static let schema = "notifications"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "key") var key: String
    @Field(key: "kind") var kind: String
    @Field(key: "rung") var rung: String
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "href") var href: String
    @Field(key: "created_on") var createdOn: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?
    @OptionalField(key: "digested_on") var digestedOn: String?

    init() {}
}

/// A unit's group-robot webhook (企业微信 or 钉钉).
final class UnitChannel: Model, @unchecked Sendable {
    static let schema = "unit_channels"

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: OrgNode
    @Field(key: "kind") var kind: ChannelKind
    @Field(key: "url") var url: String
    /// 钉钉 加签 secret, if the robot uses signing.
    @OptionalField(key: "secret") var secret: String?
    @Field(key: "enabled") var enabled: Bool
    @Field(key: "created_by") var createdBy: String

    init() {}
}

/// One message in the outbox: claimed by exactly one scheduler process at a time, retried with
/// backoff, marked sent once. Times are epoch milliseconds so both databases compare them alike.
final class Delivery: Model, @unchecked Sendable {
    static let schema = "deliveries"

    enum Status: String, Codable, CaseIterable {
        case pending
        case sending
        case sent
        case failed

        var label: String {
            switch self {
            case .pending: "待发送"
            case .sending: "发送中"
            case .sent: "已发送"
            case .failed: "发送失败"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "channel") var channel: ChannelKind
    /// The webhook's channel id, or the e-mail address.
    @Field(key: "target") var target: String
    /// Who it is for, as shown to the office (unit or person).
    @Field(key: "label") var label: String
    @Field(key: "subject") var subject: String
    /// The robot's JSON, or the mail text.
    @Field(key: "body") var body: String
    @Field(key: "status") var status: Status
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_ms") var nextAttemptMS: Int64
    @OptionalField(key: "claimed_by") var claimedBy: String?
    @OptionalField(key: "claimed_until_ms") var claimedUntilMS: Int64?
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "sent_at_ms") var sentAtMS: Int64?
    @OptionalField(key: "sent_by") var sentBy: String?
    @Field(key: "created_at_ms") var createdAtMS: Int64

    init() {}
}
