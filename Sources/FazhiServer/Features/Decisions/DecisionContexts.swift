import FazhiCore
import Foundation

/// The register's tabs and what the signed-in user may open.
struct DecisionTabs: Encodable {
    let active: String
    let governs: Bool
}

/// 重大行政决策 list.
struct DecisionListContext: Encodable {
    struct Row: Encodable {
        let number: String
        let href: String
        let unit: String
        let title: String
        let category: String
        let started: String
        let stage: String
        let stageCode: String
    }

    let layout: LayoutContext
    let tabs: DecisionTabs
    let rows: [Row]
    let total: Int
    let pages: PageLinks
    let years: [OptionContext]
    let stages: [OptionContext]
    let query: String
    let canStart: Bool
}

/// Starting a decision.
struct DecisionNewContext: Encodable {
    let layout: LayoutContext
    let fields: [CaseStepForm.Field]
    let errors: [FormError]
    let once: String
}

/// One decision.
struct DecisionPageContext: Encodable {
    struct Fact: Encodable {
        let label: String
        let value: String
    }

    struct Gate: Encodable {
        let procedure: String
        let state: String
        let stateCode: String
        let basis: String
        let exemptible: Bool
    }

    struct Line: Encodable {
        let on: String
        let who: String
        let text: String
        let mark: String
    }

    struct Opinion: Encodable {
        let id: String
        let receipt: String
        let on: String
        let body: String
        let theme: String
        let response: String
    }

    struct Document: Encodable {
        let label: String
        let files: [File]
        let missing: Bool
    }

    struct File: Encodable {
        let name: String
        let href: String
        let sha: String
    }

    let layout: LayoutContext
    let id: String
    let number: String
    let title: String
    let stage: String
    let stageCode: String
    let facts: [Fact]
    let gates: [Gate]
    let openGates: Int
    let draft: String
    let experts: [Line]
    let meeting: [Line]
    let executions: [Line]
    let opinions: [Opinion]
    let opinionTotal: Int
    /// Not yet answered (the feedback is published once this is 0).
    let opinionOpen: Int
    let canAnswer: Bool
    let responses: [OptionContext]
    let documents: [Document]
    let missing: [String]
    let documentKinds: [OptionContext]
    let canUpload: Bool
    let forms: [CaseStepForm]
    let errors: [FormError]
    let maxUpload: Int
}

/// 决策事项目录 of a year.
struct DecisionCatalogueContext: Encodable {
    struct Item: Encodable {
        let title: String
        let category: String
        let unit: String
        let planned: String
        let decision: String
        let decisionHref: String
        let state: String
        let stateCode: String
    }

    let layout: LayoutContext
    let tabs: DecisionTabs
    let year: Int
    let years: [OptionContext]
    let items: [Item]
    let approved: String
    let published: String
    let publishBy: String
    let late: Bool
    let forms: [CaseStepForm]
    let errors: [FormError]
}

/// 专家库.
struct DecisionExpertsContext: Encodable {
    struct Row: Encodable {
        let id: String
        let name: String
        let field: String
        let employer: String
        let active: Bool
        let opinions: Int
    }

    let layout: LayoutContext
    let tabs: DecisionTabs
    let rows: [Row]
    let total: Int
    let pages: PageLinks
    let form: CaseStepForm?
    let errors: [FormError]
}

/// The public pages: the published catalogues and decisions, the open drafts.
struct DecisionPublicContext: Encodable {
    struct Item: Encodable {
        let title: String
        let unit: String
        let planned: String
    }

    struct Published: Encodable {
        let number: String
        let title: String
        let unit: String
        let published: String
        let ref: String
        let note: String
    }

    struct Draft: Encodable {
        let href: String
        let title: String
        let unit: String
        let until: String
    }

    let layout: LayoutContext
    let year: Int
    let catalogueNote: String
    let items: [Item]
    let decisions: [Published]
    let drafts: [Draft]
}

/// One open draft with the opinion form, or the receipt after sending.
struct ConsultationContext: Encodable {
    let layout: LayoutContext
    let id: String
    let title: String
    let unit: String
    let draft: String
    let from: String
    let until: String
    let open: Bool
    let form: [String: String]
    let errors: [FormError]
    let once: String
    let receipt: String?
    /// 意见反馈 the published statement: the opinions grouped by theme and answer, with the reasons.
    let feedbackOn: String
    let feedback: [FeedbackGroup]

    struct FeedbackGroup: Encodable {
        let theme: String
        let count: Int
        let response: String
        let reason: String
    }
}

/// 意见反馈查询.
struct ConsultationReceiptContext: Encodable {
    let layout: LayoutContext
    let receipt: String
    let error: String?
    let found: Found?

    struct Found: Encodable {
        let decision: String
        let submitted: String
        let body: String
        let answered: Bool
        let theme: String
        let response: String
        let reason: String
        let note: String
    }
}

/// 指标 page: a row per unit (and the district), a cell per rate linking to what it counted.
struct DecisionIndicatorsContext: Encodable {
    typealias Definition = RateTable.Definition
    typealias Row = RateTable.Row

    let layout: LayoutContext
    let tabs: DecisionTabs
    let canRecords: Bool
    let year: Int
    let years: [OptionContext]
    let definitions: [Definition]
    let rows: [Row]
    let district: Row?
}
