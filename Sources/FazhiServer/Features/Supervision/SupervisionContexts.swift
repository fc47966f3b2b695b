import Foundation

/// 我的提醒.
struct InboxContext: Encodable {
    struct Item: Encodable {
        let id: String
        let title: String
        let body: String
        let href: String
        let kind: String
        let at: String
        let unread: Bool
    }

    let layout: LayoutContext
    let items: [Item]
    let unreadOnly: Bool
    let total: Int
}

/// 督办单 list.
struct NoticeListContext: Encodable {
    struct Row: Encodable {
        let number: String
        let href: String
        let unit: String
        let subject: String
        let issuedOn: String
        let replyDue: String
        let status: String
        let statusCode: String
        /// Working days the reply is overdue (0 when answered or not yet due).
        let overdueDays: Int
        let repliedOn: String?
    }

    let layout: LayoutContext
    let rows: [Row]
    let pages: PageLinks
    let statuses: [OptionContext]
    let units: [OptionContext]
    let exportHref: String
    let canIssue: Bool
}

/// One 督办单.
struct SupervisionNoticeContext: Encodable {
    let layout: LayoutContext
    let id: String
    let number: String
    let unit: String
    let subject: String
    let subjectHref: String?
    let matter: String
    let requirement: String
    let issuedOn: String
    let issuedBy: String
    let replyDue: String
    let originalReplyDue: String?
    let extensionReason: String?
    let overdueDays: Int
    let status: String
    let statusCode: String
    let replyText: String?
    let repliedOn: String?
    let repliedBy: String?
    let lateReply: Bool
    let officeNote: String?
    let closedOn: String?
    let canReply: Bool
    let canDecide: Bool
    let canExtend: Bool
    let errors: [FormError]
    let draft: String
}

/// The office's form to issue a 督办单, prefilled from an overdue item.
struct NoticeFormContext: Encodable {
    let layout: LayoutContext
    let units: [OptionContext]
    let subjectKey: String
    let subjectTitle: String
    let subjectHref: String
    let matter: String
    let requirement: String
    let replyWorkdays: Int
    let errors: [FormError]
    /// The one-time form token (`FormOnce`).
    let once: String
}

/// 督办设置: the ladder, the units' robot channels and the outbox.
struct SupervisionSettingsContext: Encodable {
    struct Channel: Encodable {
        let id: String
        let unit: String
        let kind: String
        let url: String
        let signed: Bool
        let enabled: Bool
    }

    struct DeliveryRow: Encodable {
        let label: String
        let channel: String
        let subject: String
        let status: String
        let statusCode: String
        let attempts: Int
        let created: String
        let sent: String
        let error: String?
    }

    let layout: LayoutContext
    let dueSoon: String
    let headAfter: String
    let noticeAfter: String
    let reply: String
    let channels: [Channel]
    let units: [OptionContext]
    let kinds: [OptionContext]
    let deliveries: [DeliveryRow]
    let counts: [String: Int]
    let smtp: String
    let scheduler: String
    let errors: [FormError]
}

/// 进展报告 periods of the plan.
struct PeriodListContext: Encodable {
    struct Period: Encodable {
        let name: String
        let href: String
        let span: String
        let due: String
        let expected: Int
        let submitted: Int
        let missing: Int
        let deleteHref: String?
    }

    let layout: LayoutContext
    let planTitle: String
    let periods: [Period]
    let canManage: Bool
    let form: [String: String]
    let errors: [FormError]
}

/// One period: each task's report or its absence.
struct PeriodContext: Encodable {
    struct Row: Encodable {
        let taskID: String
        let taskTitle: String
        let taskHref: String
        let unit: String
        let state: String
        let stateCode: String
        let progress: Int
        let text: String?
        let submitted: String?
        let files: [FileLink]
        let canReport: Bool
    }

    struct FileLink: Encodable {
        let name: String
        let href: String
    }

    let layout: LayoutContext
    let id: String
    let name: String
    let span: String
    let due: String
    let rows: [Row]
    let pages: PageLinks
    let counts: [String: Int]
    let missingOnly: Bool
    let exportHref: String
    let maxUpload: Int
    let errors: [FormError]
}
