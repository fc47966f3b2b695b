import Foundation

/// A step a register case allows now, as a form on the case page (`steps/forms.leaf`): its fields
/// (`steps/field.leaf`), the button, and for an irreversible step the consequence it confirms.
struct CaseStepForm: Encodable {
    struct Field: Encodable {
        let name: String
        let label: String
        /// `date`, `text`, `textarea`, `select`, `number`, `checkbox`, `checks` (several boxes, `name[]`).
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
        /// Several choices at once, posted as `name[]`.
        static func checks(_ name: String, _ label: String, _ options: [OptionContext]) -> Field {
            Field(name: name, label: label, kind: "checks", value: "", options: options, required: false)
        }
        /// One box, posted as `name=1` when ticked.
        static func checkbox(_ name: String, _ label: String) -> Field {
            Field(name: name, label: label, kind: "checkbox", value: "1", options: [], required: false)
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
    /// A form with a `file` field posts as multipart (the route receives it streamed).
    var multipart = false
}

/// Collects the step forms a case page offers, each posting to `base + step`.
struct CaseStepForms {
    let base: String
    private(set) var forms: [CaseStepForm] = []

    init(base: String) { self.base = base }

    mutating func add(
        _ step: String, _ title: String, _ help: String, _ fields: [CaseStepForm.Field], _ button: String, primary: Bool = false,
        confirm: String? = nil
    ) {
        forms.append(
            .init(
                id: step, title: title, help: help, action: base + step, fields: fields, button: button, primary: primary, confirm: confirm,
                multipart: fields.contains { $0.kind == "file" }))
    }
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
