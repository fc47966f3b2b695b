import FazhiCore
import Foundation

/// 在线申请 the public application form.
struct GOIApplyContext: Encodable {
    let layout: LayoutContext
    let units: [OptionContext]
    let applicantTypes: [OptionContext]
    let deliveries: [OptionContext]
    let form: [String: String]
    let errors: [FormError]
    /// Staff registering a request also choose the channel and the receipt date.
    let staff: Bool
    let channels: [OptionContext]
    let receiptRules: [OptionContext]
    /// The form's one-time token (`FormOnce`): kept across a re-render, so the corrected form is
    /// still one submission.
    let once: String
}

/// The page after a request is filed: its number and the verification code, shown once.
struct GOIFiledContext: Encodable {
    let layout: LayoutContext
    let number: String
    let code: String
    let unit: String
    let staff: Bool
    let href: String
}

/// 申请查询 the public status page.
struct GOIQueryContext: Encodable {
    struct Result: Encodable {
        let number: String
        let unit: String
        let submitted: String
        let received: String
        let state: String
        let due: String
        let closed: String
        let reply: String
    }

    let layout: LayoutContext
    let number: String
    let error: String?
    let result: Result?
}

/// 依申请公开登记簿 the register list.
struct GOIListContext: Encodable {
    struct Row: Encodable {
        let number: String
        let href: String
        let unit: String
        let applicantType: String
        let channel: String
        let received: String
        let content: String
        let state: String
        let stateCode: String
        let due: String
        let closed: String
        let reply: String
    }

    let layout: LayoutContext
    let rows: [Row]
    let total: Int
    let pages: PageLinks
    let years: [OptionContext]
    let units: [OptionContext]
    let states: [OptionContext]
    let query: String
    let exportHref: String
    let canRegister: Bool
    let canImport: Bool
    let canReport: Bool
    let counts: [String: Int]
}

/// 申请详情 one request with its clock, steps and letters.
struct GOIDetailContext: Encodable {
    struct Applicant: Encodable {
        let type: String
        let name: String
        let idNumber: String
        let contact: String
        let phone: String
        let email: String
        let address: String
    }

    struct Consultation: Encodable {
        let id: String
        let kind: String
        let party: String
        let sentOn: String
        /// The day the party received the letter; empty while unknown.
        let receivedOn: String
        let repliedOn: String
        /// 15 working days from the receipt; empty while the receipt is unknown.
        let limit: String
        let note: String
        /// The silence rule once the limit has passed unanswered (第三十二条 / 第三十四条), else empty.
        let silence: String
    }

    /// 收费通知 as it stands.
    struct Fee: Encodable {
        let method: String
        let amount: Int
        let deliveredOn: String
        let payBy: String
        let paidOn: String
        let lapsed: Bool
    }

    struct Letter: Encodable {
        let label: String
        let href: String
    }

    let layout: LayoutContext
    let id: String
    let number: String
    let unit: String
    let coUnits: String
    let channel: String
    let receiptRule: String
    let submitted: String
    let received: String
    let applicantType: String
    let applicant: Applicant?
    let content: String
    let purpose: String
    let delivery: String
    let state: String
    let stateCode: String
    let due: String
    /// Why the due date is 暂定 (no holiday notice loaded for a year it depends on), or nil.
    let dueProvisional: String?
    let explanation: [String]
    let clarifyBy: String
    let clarifySentOn: String
    let clarifyDueOn: String
    let clarifyItems: String
    let clarifiedOn: String
    let consultations: [Consultation]
    let extensionText: String
    let fee: Fee?
    /// 延迟答复 (第三十五条) as decided, or empty.
    let delayText: String
    let closed: Bool
    let reply: [String: String]
    let letters: [Letter]
    let today: String
    let canHandle: Bool
    let canExtend: Bool
    let awaitingConfirmation: Bool
    let canClarify: Bool
    let awaitingClarification: Bool
    let canConsult: Bool
    let canNotifyFee: Bool
    let awaitingPayment: Bool
    let canDelay: Bool
    let replyTypes: [OptionContext]
    let grounds: [OptionContext]
    let feeMethods: [OptionContext]
    let consultKinds: [OptionContext]
    let unitOptions: [OptionContext]
    let errors: [FormError]
}

/// 年度报告 the report tables of one year, a unit's or the district's, with the indicators.
struct GOIReportContext: Encodable {
    struct Row: Encodable {
        let group: String
        let label: String
        let values: [Int]
        /// `head` (一、二、四), `result` or `total` (（七）).
        let kind: String
        /// Rows spanned by the 三、本年度办理结果 cell (on its first row) and by the group cell
        /// (on a group's first row); 0 where a merged cell continues.
        let sectionSpan: Int
        let groupSpan: Int
        let grouped: Bool
    }

    struct Balance: Encodable {
        let column: String
        let received: Int
        let accounted: Int
        let holds: Bool
    }

    struct EntryCell: Encodable {
        let key: String
        let block: String
        let row: String
        let column: String
        let value: String
        let decimal: Bool
        /// Counted by a register, not entered.
        var counted = false
    }

    struct Table4Row: Encodable {
        let group: String
        let cells: [EntryCell]
        let total: Int
    }

    struct IndicatorRow: Encodable {
        let unit: String
        let href: String
        let received: Int
        let answered: Int
        let onTime: Int
        let late: Int
        let onTimeRate: String
        let extended: Int
        let extensionRate: String
        let overdue: Int
        let open: Int
    }

    let layout: LayoutContext
    let year: Int
    let title: String
    let scope: String
    let years: [OptionContext]
    let units: [OptionContext]
    let columns: [String]
    let cornerNote: String
    let rows: [Row]
    let balances: [Balance]
    let balanced: Bool
    let table2: [EntryCell]
    let table4: [Table4Row]
    let texts: [EntryCell]
    /// The narrative sections still empty: the Word export marks them 待填写 so a draft is never mistaken for a finished report.
    let missingTexts: [String]
    let fees: Int
    let canEdit: Bool
    let editCounts: Bool
    /// Where table 4 was counted from, when a register supplies it: then it is not entered by hand.
    let table4Source: String?
    let table2Source: String?
    let indicators: [IndicatorRow]
    let total: IndicatorRow?
    let downloads: [GOIDetailContext.Letter]
    let errors: [FormError]
}

/// 历史申请导入.
struct GOIImportContext: Encodable {
    struct Column: Encodable {
        let label: String
        let required: Bool
        let help: String
    }

    let layout: LayoutContext
    let columns: [Column]
    let replyTypes: [String]
    let grounds: [String]
    let errors: [FormError]
    let imported: Int?
}
