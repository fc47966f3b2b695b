import FazhiCore
import Fluent
import Vapor

/// Builds the task detail page: fields, progress notes, and the change history read from the
/// audit trail (so the history cannot disagree with the audit record).
enum TaskDetail {
    static let fieldLabels: [(String, String)] = [
        ("title", "任务名称"), ("arrangement", "工作安排"), ("leadUnit", "牵头单位"), ("coUnits", "配合单位"),
        ("start", "开始日期"), ("due", "完成时限"), ("deliverable", "成果形式"), ("description", "任务内容"),
        ("progress", "完成进度"), ("completedOn", "完成日期"), ("cancelled", "已取消"),
        ("originalDue", "原完成时限"), ("extensionReason", "延期理由"), ("pausedReason", "暂停理由"),
    ]

    /// The extension and pause keys an audit snapshot carries beside the plan-file fields.
    private struct SupervisionFields: Decodable {
        let originalDue: String?
        let extensionReason: String?
        let pausedReason: String?
    }

    /// `errors` belong to the progress form, `superviseErrors` to the office's extension/pause forms.
    static func context(
        _ req: Request, task: PlanTask, errors: [FieldError], draftNote: String,
        superviseErrors: [FieldError] = []
    ) async throws -> TaskDetailContext {
        let today = req.clock.today
        let plan = try await task.owningPlan(on: req.db)
        let refs = try await TaskService.refs(for: plan, on: req.db)
        let status = TaskService.status(task, today: today)
        let arrangement = refs.arrangementsByID[task.$arrangement.id]
        let notes = try await ProgressNote.query(on: req.db).filter(\.$task.$id == task.requireID()).sort(\.$createdAt, .descending).all()
        let events = try await AuditEvent.query(on: req.db).filter(\.$entityType == "task")
            .filter(\.$entityID == task.requireID().uuidString).sort(\.$id, .descending).limit(200).all()
        let resource = TaskService.resource(task)
        let editable = req.may(.editTask, resource)
        let unitNames = Dictionary(uniqueKeysWithValues: refs.units.map { ($0.code, $0.name) })
        return TaskDetailContext(
            layout: LayoutContext(req, title: task.title, active: "tasks"), id: try task.requireID().uuidString, title: task.title,
            planTitle: plan.title, planHref: SiteURL.plan(plan.year), arrangement: arrangement.map { "(\($0.code))" } ?? "",
            arrangementTitle: arrangement?.title ?? "", leadUnit: refs.unitName(task.$leadUnit.id),
            coUnits: refs.coUnits(of: task).map(\.name).joined(separator: "、"),
            start: task.startDate.description, due: task.dueDate.description, deliverable: task.deliverable, description: task.description,
            status: status.rawValue, statusLabel: status.label, progress: task.progress, completedOn: task.completedOn?.description,
            daysOverdue: status == .overdue ? try await WorkdayCounter.load(req).overdue(task.dueDate) : 0, version: task.version,
            originalDue: task.originalDue?.description, extensionReason: task.extensionReason, pausedReason: task.pausedReason,
            canSupervise: req.may(.manageSupervision) && !task.cancelled && task.completedOn == nil,
            notice: try await SupervisionNotice.query(on: req.db).filter(\.$subjectKey == "task:\(task.requireID().uuidString)")
                .filter(\.$status != .closed).first().map { NoticeLink(number: $0.number, href: "/supervision/\(try $0.requireID().uuidString)") },
            canEdit: editable && !task.cancelled, canCancel: editable && !task.cancelled, canReopen: editable && task.cancelled,
            canAddNote: req.may(.addNote, resource) && !task.cancelled,
            canReportProgress: req.may(.reportProgress, resource) && !task.cancelled,
            notes: notes.map { NoteContext(author: $0.authorName, at: TimeText.local($0.createdAt), progress: $0.progress, text: $0.text) },
            history: events.map { history($0, unitNames: unitNames) },
            errors: .init(errors), superviseErrors: .init(superviseErrors), draftNote: draftNote)
    }

    private static func history(_ event: AuditEvent, unitNames: [String: String]) -> HistoryContext {
        let before = fields(event.before, unitNames: unitNames)
        let after = fields(event.after, unitNames: unitNames)
        let changes = fieldLabels.compactMap { key, label -> ChangeContext? in
            let old = before[key] ?? "", new = after[key] ?? ""
            guard old != new, event.action != "create" || !new.isEmpty else { return nil }
            return ChangeContext(field: label, before: old, after: new)
        }
        return HistoryContext(
            at: TimeText.local(TimeText.parseISO(event.at)), actor: event.actor,
            action: AuditVocabulary.all.actionLabel(event.action), changes: changes)
    }

    /// A task snapshot from the audit trail as display text per field.
    private static func fields(_ json: String?, unitNames: [String: String]) -> [String: String] {
        guard let json, let task = try? JSONDecoder().decode(PlanDocument.Task.self, from: Data(json.utf8)) else { return [:] }
        let supervision = try? JSONDecoder().decode(SupervisionFields.self, from: Data(json.utf8))
        return [
            "originalDue": supervision?.originalDue ?? "", "extensionReason": supervision?.extensionReason ?? "",
            "pausedReason": supervision?.pausedReason ?? "",
            "title": task.title, "arrangement": "(\(task.arrangement))", "leadUnit": unitNames[task.leadUnit] ?? task.leadUnit,
            "coUnits": task.coUnits.map { unitNames[$0] ?? $0 }.joined(separator: "、"), "start": task.start, "due": task.due.description,
            "deliverable": task.deliverable, "description": task.description, "progress": task.progress.map { "\($0)%" } ?? "",
            "completedOn": task.completedOn?.description ?? "", "cancelled": task.cancelled == true ? "是" : "否",
        ]
    }
}
