import FazhiCore
import Foundation

/// The register's tabs (cases, officers, matters) and what the signed-in user may open.
struct EnforcementTabs: Encodable {
    let active: String
    let canHandle: Bool
}

/// 行政执法案件 list.
struct EnforcementListContext: Encodable {
    struct Row: Encodable {
        let number: String
        let href: String
        let unit: String
        let type: String
        let title: String
        let opened: String
        let due: String
        let state: String
        let stateCode: String
    }

    struct Tile: Encodable {
        let label: String
        let value: Int
        let href: String
        let urgent: Bool
    }

    let layout: LayoutContext
    let tabs: EnforcementTabs
    let rows: [Row]
    let total: Int
    let pages: PageLinks
    let years: [OptionContext]
    let units: [OptionContext]
    let types: [OptionContext]
    let states: [OptionContext]
    let query: String
    let tiles: [Tile]
    let canRegister: Bool
    /// Set when the list is an indicator's drill-down.
    let countedNote: String
}

/// Registering a case.
struct EnforcementNewContext: Encodable {
    let layout: LayoutContext
    let fields: [CaseStepForm.Field]
    let errors: [FormError]
    let once: String
    let noOfficers: Bool
    /// The office picks the unit first (a GET back to this page).
    let pickUnit: Bool
}

/// One case.
struct EnforcementCaseContext: Encodable {
    struct Fact: Encodable {
        let label: String
        let value: String
    }

    struct Record: Encodable {
        let step: String
        let on: String
        let av: String
        let note: String
        let files: [File]
        let by: String
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
    let state: String
    let stateCode: String
    let gate: String?
    let provisional: String?
    let facts: [Fact]
    let steps: [CaseStepRow]
    let forms: [CaseStepForm]
    let records: [Record]
    let recordSteps: [OptionContext]
    let canHandle: Bool
    let maxUpload: Int
    let errors: [FormError]
    let today: String
}

/// 执法人员 list.
struct OfficerListContext: Encodable {
    struct Row: Encodable {
        let name: String
        let href: String
        let unit: String
        let certificate: String
        let validUntil: String
        let status: String
        let statusCode: String
        let legal: Bool
        let hours: Int
        let trained: Bool
    }

    let layout: LayoutContext
    let tabs: EnforcementTabs
    let rows: [Row]
    let total: Int
    let pages: PageLinks
    let units: [OptionContext]
    let states: [OptionContext]
    let query: String
    let year: Int
    let requirement: Int
    let canAdd: Bool
    let addUnits: [OptionContext]
    let errors: [FormError]
    let form: [String: String]
}

/// One officer with their trainings.
struct OfficerContext: Encodable {
    struct Training: Encodable {
        let heldOn: String
        let title: String
        let hours: Int
    }

    struct YearHours: Encodable {
        let year: Int
        let hours: Int
        let met: Bool
    }

    let layout: LayoutContext
    let id: String
    let name: String
    let facts: [EnforcementCaseContext.Fact]
    let trainings: [Training]
    let years: [YearHours]
    let requirement: Int
    let statuses: [OptionContext]
    let canHandle: Bool
    let errors: [FormError]
    let today: String
}

/// A unit's public lists (权责事项, 随机抽查事项) as the unit keeps them.
struct MatterListContext: Encodable {
    struct Row: Encodable {
        let unit: String
        let kind: String
        let type: String
        let name: String
        let basis: String
        let listed: Bool
    }

    let layout: LayoutContext
    let tabs: EnforcementTabs
    let rows: [Row]
    let total: Int
    let pages: PageLinks
    let units: [OptionContext]
    let addUnits: [OptionContext]
    let kinds: [OptionContext]
    let types: [OptionContext]
    let canAdd: Bool
    let errors: [FormError]
}

/// 行政执法公示 the public page.
struct EnforcementPublicContext: Encodable {
    struct Matter: Encodable {
        let name: String
        let type: String
        let basis: String
        let listed: Bool
    }

    struct Officer: Encodable {
        let name: String
        let certificate: String
    }

    struct Decision: Encodable {
        let number: String
        let type: String
        let party: String
        let title: String
        let outcome: String
        let summary: String
        let decidedOn: String
        let publishedOn: String
        let withdrawn: String
    }

    let layout: LayoutContext
    let units: [OptionContext]
    let unitName: String
    let unitCode: String
    let powers: [Matter]
    let spotChecks: [Matter]
    let officers: [Officer]
    let decisions: [Decision]
    let total: Int
    let pages: PageLinks
}

/// 行政执法指标 page.
struct EnforcementRatesContext: Encodable {
    typealias Definition = RateTable.Definition
    typealias Row = RateTable.Row

    let layout: LayoutContext
    let tabs: EnforcementTabs
    let canCases: Bool
    let year: Int
    let years: [OptionContext]
    let definitions: [Definition]
    let rows: [Row]
    let district: Row?
}
