import Foundation

/// 问题池 list.
struct ProblemListContext: Encodable {
    struct Row: Encodable {
        let number: String
        let href: String
        let unit: String
        let source: String
        let title: String
        let raisedOn: String
        let status: String
        let statusCode: String
        let measures: String
        let nextDue: String
        let overdueDays: Int
    }

    let layout: LayoutContext
    let rows: [Row]
    let pages: PageLinks
    let units: [OptionContext]
    let sources: [OptionContext]
    let statuses: [OptionContext]
    let overdueOnly: Bool
    let exportHref: String
    let canCreate: Bool
    let counts: [String: Int]
}

/// 问题 one problem with its measures, files and the office's decision.
struct ProblemContext: Encodable {
    struct Measure: Encodable {
        let id: String
        let text: String
        let due: String
        let doneOn: String?
        let note: String
        let overdueDays: Int
    }

    struct FileRow: Encodable {
        let filename: String
        let size: String
        let sha256: String
        let uploaded: String
        let href: String
    }

    let layout: LayoutContext
    let id: String
    let number: String
    let unit: String
    let source: String
    let title: String
    let description: String
    let raisedOn: String
    let status: String
    let statusCode: String
    let createdBy: String
    let reportNote: String?
    let reportedAt: String?
    let officeNote: String?
    let closed: String?
    let measures: [Measure]
    let files: [FileRow]
    let canReport: Bool
    let canDecide: Bool
    let canReopen: Bool
    let maxUpload: Int
    let errors: [FormError]
}

/// 新建问题 form.
struct ProblemFormContext: Encodable {
    struct MeasureRow: Encodable {
        let index: Int
        let text: String
        let due: String
    }

    let layout: LayoutContext
    let units: [OptionContext]
    let sources: [OptionContext]
    let title: String
    let description: String
    let raisedOn: String
    let measures: [MeasureRow]
    let errors: [FormError]
    /// The one-time form token (`FormOnce`).
    let once: String
}

/// 逾期看板.
struct OverdueBoardContext: Encodable {
    struct UnitRow: Encodable {
        let unit: String
        let tasks: Int
        let reports: Int
        let measures: Int
        let others: Int
        /// The longest any item of the unit is overdue, in working days.
        let longest: Int
        let total: Int
    }

    struct Item: Encodable {
        let kind: String
        let title: String
        let href: String
        let unit: String
        let due: String
        let workdays: Int
        let stage: String
        let stageCode: String
        let notice: String?
        let issueHref: String?
    }

    let layout: LayoutContext
    let today: String
    let units: [UnitRow]
    let items: [Item]
    /// Every overdue item counts in the unit rows; the list shows a page of them, the longest first.
    let total: Int
    let pages: PageLinks
    /// The escalation ladder in words.
    let ladder: String
    let canManage: Bool
}
