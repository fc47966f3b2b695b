import FazhiCore
import Foundation

/// `/reports/annual`: the year's reports the caller may see, with their dates and state.
struct AnnualReportListContext: Encodable {
    struct Row: Encodable {
        let name: String
        let href: String
        let status: String
        let statusCode: String
        let reportBy: String
        let submitted: String
        let late: Bool
        let published: String
    }

    let layout: LayoutContext
    let year: Int
    let years: [OptionContext]
    let started: Bool
    let canStart: Bool
    let reportBy: String
    let publishBy: String
    let rows: [Row]
    /// Units' reports: how many submitted of how many (the office's view).
    let summary: String
    let errors: [FormError]
}

/// `/reports/annual/:year/:code`: one report — part one's figures, the parts, the steps.
struct AnnualReportContext: Encodable {
    struct Part: Encodable {
        let key: String
        let heading: String
        let hint: String
        let text: String
        let paragraphs: [String]
    }

    struct Area: Encodable {
        let heading: String
        /// `(三)`: the table's first column.
        let short: String
        let figures: [ReportFigure]
        /// The figures part one's sentence names (those with something counted).
        let shown: [ReportFigure]
    }

    struct Contribution: Encodable {
        let name: String
        let href: String
        let status: String
        let statusCode: String
    }

    let layout: LayoutContext
    let year: Int
    let title: String
    let addressee: String
    let preamble: String
    let status: String
    let statusCode: String
    let reportBy: String
    let publishBy: String
    let submitted: String?
    let published: String?
    let asOf: String
    let frozen: Bool
    let areas: [Area]
    let parts: [Part]
    let base: String
    let canWrite: Bool
    let canSubmit: Bool
    let canSendBack: Bool
    let canPublish: Bool
    let defaultTo: String
    let today: String
    let isDistrict: Bool
    let contributions: [Contribution]
    let publicHref: String?
    let errors: [FormError]
}

/// `/public/reports/annual`: the published reports.
struct PublicAnnualReportsContext: Encodable {
    struct Row: Encodable {
        let title: String
        let href: String
        let published: String
    }

    let layout: LayoutContext
    let year: Int
    let years: [OptionContext]
    let rows: [Row]
}

/// `/public/reports/annual/:year/:code`: a published report as the public reads it.
struct PublicAnnualReportContext: Encodable {
    let layout: LayoutContext
    let title: String
    let addressee: String
    let published: String
    let blocks: [PublicBlock]
    let docx: String

    struct PublicBlock: Encodable {
        let kind: String
        let text: String
        let heading: String
        let rows: [[String]]
    }
}
