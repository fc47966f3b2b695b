import FazhiCore
import Vapor

/// 责任单位 in the API.
struct UnitDTO: Content {
    let id: UUID
    let code: String
    let name: String
    let category: String
    let categoryName: String
}

struct UnitRefDTO: Content {
    let code: String
    let name: String
}

/// A task in the API; dates are local dates `YYYY-MM-DD` (Asia/Shanghai).
struct TaskDTO: Content {
    let id: UUID
    let year: Int
    let arrangement: String
    let title: String
    let description: String
    let leadUnit: UnitRefDTO
    let coUnits: [UnitRefDTO]
    let start: LocalDate
    let due: LocalDate
    let deliverable: String
    let status: String
    let statusLabel: String
    let progress: Int
    let completedOn: LocalDate?
    let cancelled: Bool
    let version: Int

    init(_ task: PlanTask, refs: TaskService.PlanRefs, today: LocalDate) throws {
        let units = refs.unitsByID
        let status = TaskService.status(task, today: today)
        id = try task.requireID()
        year = refs.plan.year
        arrangement = refs.arrangementsByID[task.$arrangement.id]?.code ?? ""
        title = task.title
        description = task.description
        leadUnit = UnitRefDTO(code: units[task.$leadUnit.id]?.code ?? "", name: units[task.$leadUnit.id]?.name ?? "")
        coUnits = refs.coUnits(of: task).map { UnitRefDTO(code: $0.code, name: $0.name) }
        start = task.startDate
        due = task.dueDate
        deliverable = task.deliverable
        self.status = status.rawValue
        statusLabel = status.label
        progress = task.progress
        completedOn = task.completedOn
        cancelled = task.cancelled
        version = task.version
    }
}

struct ArrangementDTO: Content {
    let code: String
    let title: String
    let text: String
    let area: String?
    let tasks: [TaskDTO]
}

struct AreaDTO: Content {
    let code: String
    let title: String
}

struct PlanDTO: Content {
    let year: Int
    let district: String
    let title: String
    let addressee: String
    let preamble: String
    let guidingThought: String
    let basisDocuments: [String]
    let units: [UnitDTO]
    let areas: [AreaDTO]
    let arrangements: [ArrangementDTO]
    let closing: String
}

struct MeDTO: Content {
    let username: String
    let displayName: String
    let role: String
    let unit: String?
}

/// POST /api/v1/tasks
struct TaskCreateRequest: Content {
    let year: Int?
    let arrangement: String
    let title: String
    let description: String?
    let leadUnit: String
    let coUnits: [String]?
    let start: String
    let due: String
    let deliverable: String?

    var input: TaskInput {
        TaskInput(
            title: title, description: description ?? "", arrangementCode: arrangement, leadUnitCode: leadUnit,
            coUnitCodes: coUnits ?? [], start: start, due: due, deliverable: deliverable ?? "")
    }
}

/// PATCH /api/v1/tasks/{id}: only the fields given change. `version`, when given, must match.
struct TaskUpdateRequest: Content {
    let version: Int?
    let arrangement: String?
    let title: String?
    let description: String?
    let leadUnit: String?
    let coUnits: [String]?
    let start: String?
    let due: String?
    let deliverable: String?
    let cancelled: Bool?

    func merged(into current: TaskInput) -> TaskInput {
        TaskInput(
            title: title ?? current.title, description: description ?? current.description,
            arrangementCode: arrangement ?? current.arrangementCode, leadUnitCode: leadUnit ?? current.leadUnitCode,
            coUnitCodes: coUnits ?? current.coUnitCodes, start: start ?? current.start, due: due ?? current.due,
            deliverable: deliverable ?? current.deliverable)
    }
}

/// POST /api/v1/tasks/{id}/progress
struct ProgressRequest: Content {
    let progress: Int?
    let note: String
    let complete: Bool?
}
