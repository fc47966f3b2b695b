import FazhiCore
import Foundation

struct OptionContext: Encodable {
    let value: String
    let label: String
    let selected: Bool
}

/// Per-field messages of the task form.
struct TaskFieldErrors: Encodable {
    var title: String?
    var arrangement: String?
    var leadUnit: String?
    var coUnits: String?
    var start: String?
    var due: String?
    var deliverable: String?
    var description: String?

    init(_ errors: [FieldError]) {
        for e in errors {
            let key = String(e.field.prefix { $0 != "[" && $0 != "." })
            switch key {
            case "title": title = e.message
            case "arrangement": arrangement = e.message
            case "leadUnit": leadUnit = e.message
            case "coUnits": coUnits = e.message
            case "start": start = e.message
            case "due": due = e.message
            case "deliverable": deliverable = e.message
            case "description": description = e.message
            default: break
            }
        }
    }
}

struct TaskFormContext: Encodable {
    let layout: LayoutContext
    let isNew: Bool
    let action: String
    let cancelHref: String
    let planTitle: String
    let year: Int
    let version: Int
    let input: TaskInput
    let arrangements: [OptionContext]
    let units: [OptionContext]
    let coUnits: [OptionContext]
    let errors: [FormError]
    let fieldErrors: TaskFieldErrors
    /// A new task's one-time form token (`FormOnce`); "" when editing.
    let once: String

    init(
        layout: LayoutContext, isNew: Bool, action: String, cancelHref: String, refs: TaskService.PlanRefs,
        version: Int, input: TaskInput, errors: [FieldError], once: String? = nil
    ) {
        self.once = isNew ? (FormOnce.parse(once) ?? FormOnce.token()) : ""
        self.layout = layout
        self.isNew = isNew
        self.action = action
        self.cancelHref = cancelHref
        self.planTitle = refs.plan.title
        self.year = refs.plan.year
        self.version = version
        self.input = input
        self.arrangements = refs.arrangements.map {
            OptionContext(value: $0.code, label: "(\($0.code))\($0.title)", selected: $0.code == input.arrangementCode)
        }
        self.units = refs.units.map { OptionContext(value: $0.code, label: $0.name, selected: $0.code == input.leadUnitCode) }
        self.coUnits = refs.units.map { OptionContext(value: $0.code, label: $0.name, selected: input.coUnitCodes.contains($0.code)) }
        self.errors = .init(errors)
        self.fieldErrors = TaskFieldErrors(errors)
    }
}

struct NoteContext: Encodable {
    let author: String
    let at: String
    let progress: Int?
    let text: String
}

struct ChangeContext: Encodable {
    let field: String
    let before: String
    let after: String
}

struct HistoryContext: Encodable {
    let at: String
    let actor: String
    let action: String
    let changes: [ChangeContext]
}

struct TaskDetailContext: Encodable {
    let layout: LayoutContext
    let id: String
    let title: String
    let planTitle: String
    let planHref: String
    let arrangement: String
    let arrangementTitle: String
    let leadUnit: String
    let coUnits: String
    let start: String
    let due: String
    let deliverable: String
    let description: String
    let status: String
    let statusLabel: String
    let progress: Int
    let completedOn: String?
    let daysOverdue: Int
    let version: Int
    /// 延期: the first due date and why it was moved; 暂停: why the task is paused.
    let originalDue: String?
    let extensionReason: String?
    let pausedReason: String?
    /// The office may extend, pause or resume the task and issue a supervision notice.
    let canSupervise: Bool
    let notice: NoticeLink?
    let canEdit: Bool
    let canCancel: Bool
    let canReopen: Bool
    let canAddNote: Bool
    let canReportProgress: Bool
    let notes: [NoteContext]
    let history: [HistoryContext]
    let errors: [FormError]
    let superviseErrors: [FormError]
    let draftNote: String
}

/// A link to an open supervision notice.
struct NoticeLink: Encodable {
    let number: String
    let href: String
}
