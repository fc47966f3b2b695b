import FazhiCore
import Foundation

/// One step form on a case page: what it records, why (with the article), and its fields.
struct CaseStepForm: Encodable {
    struct Field: Encodable {
        let name: String
        let label: String
        /// `date`, `text`, `textarea`, `select`, `number`, `checkbox`.
        let kind: String
        let value: String
        let options: [OptionContext]
        let required: Bool

        /// The step's date (`date`).
        static func date(_ label: String, _ value: String) -> Field {
            Field(name: "date", label: label, kind: "date", value: value, options: [], required: true)
        }
        static func date(named name: String, _ label: String, _ value: String) -> Field {
            Field(name: name, label: label, kind: "date", value: value, options: [], required: true)
        }
        static func text(_ name: String, _ label: String, required: Bool = true, long: Bool = false) -> Field {
            Field(name: name, label: label, kind: long ? "textarea" : "text", value: "", options: [], required: required)
        }
        static func select(_ name: String, _ label: String, _ options: [OptionContext]) -> Field {
            Field(name: name, label: label, kind: "select", value: "", options: options, required: true)
        }
    }

    let id: String
    let title: String
    let help: String
    let action: String
    let fields: [Field]
    let button: String
    let primary: Bool
    /// An irreversible step names its consequence and asks once more before it runs.
    var confirm: String? = nil
}

/// One statutory step in a case's clock table.
struct CaseStepRow: Encodable {
    let name: String
    let party: String
    let due: String
    let done: String
    let state: String
    let stateCode: String
    let basis: String
}

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
