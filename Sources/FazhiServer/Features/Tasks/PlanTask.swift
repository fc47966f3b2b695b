import Fluent
import Foundation

/// 任务 a task decomposed from an arrangement. Dates are local dates held as `YYYY-MM-DD` text,
/// so they sort and compare correctly in both SQLite and PostgreSQL and never pass through UTC.
final class PlanTask: Model, @unchecked Sendable {
    static let schema = "tasks"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: Plan
    @Parent(key: "arrangement_id") var arrangement: Arrangement
    /// 牵头单位 lead unit.
    @Parent(key: "lead_unit_id") var leadUnit: OrgNode
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    @Field(key: "start_date") var startDate: String
    @Field(key: "due_date") var dueDate: String
    /// 成果形式 deliverable.
    @Field(key: "deliverable") var deliverable: String
    @Field(key: "progress") var progress: Int
    @OptionalField(key: "completed_on") var completedOn: String?
    @Field(key: "cancelled") var cancelled: Bool
    /// 延期: the due date before the office's first lawful extension; `due_date` holds the extended one.
    @OptionalField(key: "original_due") var originalDue: String?
    @OptionalField(key: "extension_reason") var extensionReason: String?
    /// 暂停: set while the office has paused the task, with the reason; never overdue meanwhile.
    @OptionalField(key: "paused_reason") var pausedReason: String?
    /// Bumped on every change; an edit based on an older version is refused.
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Children(for: \.$task) var coUnits: [TaskCoUnit]

    init() {}
}

/// 配合单位 a co-unit of a task.
final class TaskCoUnit: Model, @unchecked Sendable {
    static let schema = "task_co_units"

    @ID(key: .id) var id: UUID?
    @Parent(key: "task_id") var task: PlanTask
    @Parent(key: "unit_id") var unit: OrgNode

    init() {}

    init(taskID: UUID, unitID: UUID) {
        self.$task.id = taskID
        self.$unit.id = unitID
    }
}

/// 进展情况 a progress note on a task, with its author and time.
final class ProgressNote: Model, @unchecked Sendable {
    static let schema = "progress_notes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "task_id") var task: PlanTask
    @OptionalParent(key: "author_id") var author: User?
    @Field(key: "author_name") var authorName: String
    /// The progress % reported with the note, if the author may report it.
    @OptionalField(key: "progress") var progress: Int?
    @Field(key: "text") var text: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
