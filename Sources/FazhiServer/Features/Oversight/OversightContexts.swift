import FazhiCore
import Vapor

/// The register's tabs: 督办件 · 学法 · 法律顾问 · 普法 · 指标.
struct OversightTabs: Encodable {
    let active: String
    let rates: Bool
}

struct OversightListContext: Encodable {
    struct Row: Encodable {
        let href: String
        let channel: String
        let refNo: String
        let title: String
        let unit: String
        let assigned: String
        let due: String
        let replied: String
        /// Nil until answered.
        let onTime: Bool?
        let state: String
        let stateCode: String
    }

    let layout: LayoutContext
    let tabs: OversightTabs
    let rows: [Row]
    let total: Int
    let pages: PageLinks
    let channels: [OptionContext]
    let statuses: [OptionContext]
    let query: String
    let year: String
    let unit: String
    let rate: String
    let canRegister: Bool
}

struct OversightNewContext: Encodable {
    let layout: LayoutContext
    let fields: [CaseStepForm.Field]
    let errors: [FormError]
    let once: String
}

struct OversightItemContext: Encodable {
    struct Fact: Encodable {
        let label: String
        let value: String
    }

    struct File: Encodable {
        let name: String
        let href: String
    }

    struct Reply: Encodable {
        let round: Int
        let repliedOn: String
        let due: String
        let onTime: Bool
        let content: String
        let result: String
        let satisfaction: String
        let ratedOn: String
        let note: String
        let files: [File]
    }

    struct Finding: Encodable {
        let number: String
        let title: String
        let status: String
        let closed: Bool
        let href: String
    }

    let layout: LayoutContext
    let tabs: OversightTabs
    let title: String
    let state: String
    let stateCode: String
    let facts: [Fact]
    let summary: String
    let steps: [CaseStepRow]
    let replies: [Reply]
    let findings: [Finding]
    let audit: Bool
    let forms: [CaseStepForm]
    let errors: [FormError]
}

struct OversightImportContext: Encodable {
    let layout: LayoutContext
    let tabs: OversightTabs
    let columns: [CaseImportContext.Column]
    let errors: [FormError]
    let imported: Int?
}
