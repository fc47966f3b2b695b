import FazhiCore
import Foundation
import Vapor

struct NormativeTabs: Encodable {
    let active: String
    let reviews: Bool
}

/// 行政规范性文件 list.
struct NormativeListContext: Encodable {
    struct Row: Encodable {
        let href: String
        let regNo: String
        let docNo: String
        let title: String
        let unit: String
        let issued: String
        let validUntil: String
        let state: String
        let stateCode: String
    }

    let layout: LayoutContext
    let tabs: NormativeTabs
    let rows: [Row]
    let total: Int
    let pages: PageLinks
    let statuses: [OptionContext]
    let query: String
    let canDraft: Bool
}

struct NormativeNewContext: Encodable {
    let layout: LayoutContext
    let fields: [CaseStepForm.Field]
    let errors: [FormError]
    let once: String
}

/// One document.
struct NormativeDocumentContext: Encodable {
    struct Fact: Encodable {
        let label: String
        let value: String
    }

    let layout: LayoutContext
    let title: String
    let regNo: String
    let state: String
    let stateCode: String
    let facts: [Fact]
    let summary: String
    let steps: [CaseStepRow]
    let forms: [CaseStepForm]
    let errors: [FormError]
}

/// 清理 rounds and one round.
struct NormativeCleanupsContext: Encodable {
    struct Row: Encodable {
        let href: String
        let title: String
        let started: String
        let due: String
        let published: String
        let late: Bool
        let count: Int
    }

    let layout: LayoutContext
    let tabs: NormativeTabs
    let rows: [Row]
    let form: CaseStepForm?
    let errors: [FormError]
}

struct NormativeCleanupContext: Encodable {
    struct Item: Encodable {
        let id: String
        let regNo: String
        let title: String
        let unit: String
        let validUntil: String
        let conclusion: String
        let note: String
        let options: [OptionContext]
    }

    let layout: LayoutContext
    let tabs: NormativeTabs
    let id: String
    let title: String
    let started: String
    let due: String
    let published: String
    let items: [Item]
    let open: Int
    let counts: [OptionContext]
    let canEdit: Bool
    let forms: [CaseStepForm]
    let errors: [FormError]
}

/// The public library of documents in force.
struct NormativeLibraryContext: Encodable {
    struct Row: Encodable {
        let regNo: String
        let docNo: String
        let title: String
        let issuer: String
        let issued: String
        let effective: String
        let validUntil: String
    }

    let layout: LayoutContext
    let rows: [Row]
    let total: Int
    let pages: PageLinks
    let query: String
    let cleanups: [OptionContext]
}

/// A published clean-up's result: the documents by conclusion.
struct NormativeCleanupResultContext: Encodable {
    struct Group: Encodable {
        let label: String
        let rows: [Row]
    }

    struct Row: Encodable {
        let regNo: String
        let title: String
        let issuer: String
        let note: String
    }

    let layout: LayoutContext
    let title: String
    let published: String
    let groups: [Group]
}

/// `GET /api/v1/normative-documents`.
struct NormativeDocumentsDTO: Content {
    struct Row: Content {
        let id: UUID
        let title: String
        let unit: String
        let issuer: String
        let registrationNumber: String?
        let documentNumber: String?
        let status: String
        let issuedOn: String?
        let publishedOn: String?
        let effectiveOn: String?
        let validUntil: String?
        let filingDue: String?
        let filedOn: String?
        let endedOn: String?
    }

    let asOf: String
    let status: String
    let total: Int
    let page: Int
    let pageSize: Int
    let items: [Row]
}
