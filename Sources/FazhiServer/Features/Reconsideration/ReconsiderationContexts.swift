import FazhiCore
import Foundation

/// 行政复议·应诉 the register list (reconsideration cases or lawsuits).
struct CaseListContext: Encodable {
    struct Row: Encodable {
        let number: String
        let href: String
        let unit: String
        let category: String
        let act: String
        let received: String
        let due: String
        let state: String
        let stateCode: String
        let outcome: String
    }

    let layout: LayoutContext
    let kind: String
    let heading: String
    let intro: String
    let rows: [Row]
    let total: Int
    let pages: PageLinks
    let years: [OptionContext]
    let units: [OptionContext]
    let states: [OptionContext]
    let query: String
    let counts: [String: Int]
    let tiles: [Tile]
    let canRegister: Bool
    let canImport: Bool
    let canRates: Bool
    let countedNote: String

    struct Tile: Encodable {
        let label: String
        let value: Int
        let href: String
        let urgent: Bool
    }
}

/// One reconsideration case or lawsuit.
struct CaseDetailContext: Encodable {
    let layout: LayoutContext
    let kind: String
    let id: String
    let number: String
    let heading: String
    let phase: String
    let phaseCode: String
    let provisional: String?
    let facts: [Fact]
    let steps: [CaseStepRow]
    let hearings: [HearingRow]
    let letters: [Letter]
    let forms: [CaseStepForm]
    let errors: [FormError]
    let today: String

    struct Fact: Encodable {
        let label: String
        let value: String
    }

    struct Letter: Encodable {
        let label: String
        let href: String
    }

    struct HearingRow: Encodable {
        let instance: String
        let hearingOn: String
        let notice: String
        let head: String
        let appearance: String
        let warning: String
        let form: CaseStepForm?
    }
}

/// 登记 a new case.
struct CaseNewContext: Encodable {
    let layout: LayoutContext
    let kind: String
    let heading: String
    let action: String
    let fields: [CaseStepForm.Field]
    let errors: [FormError]
    let once: String
}

/// 比率: the rates per unit with their definitions and the cases counted.
struct CaseRatesContext: Encodable {
    struct Cell: Encodable {
        let text: String
        let numerator: Int
        let denominator: Int
        let href: String
    }

    struct Row: Encodable {
        let unit: String
        let cells: [Cell]
    }

    struct Definition: Encodable {
        let name: String
        let text: String
    }

    let layout: LayoutContext
    /// Whether the reader may open the registers themselves (assessors read the rates only).
    let canCases: Bool
    let year: Int
    let years: [OptionContext]
    let definitions: [Definition]
    let rows: [Row]
    let district: Row?
}

/// 导入历史复议案件.
struct CaseImportContext: Encodable {
    struct Column: Encodable {
        let label: String
        let required: Bool
        let help: String
    }

    let layout: LayoutContext
    let columns: [Column]
    let errors: [FormError]
    let imported: Int?
}
