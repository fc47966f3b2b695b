import FazhiCore
import Fluent
import Vapor

/// 任务分解: creating, changing, listing tasks and reporting their progress.
enum TaskService {
    /// The plan's units and arrangements, looked up once per request.
    struct PlanRefs {
        let plan: Plan
        let units: [OrgNode]
        let arrangements: [Arrangement]
        var unitsByCode: [String: OrgNode] { Dictionary(uniqueKeysWithValues: units.map { ($0.code, $0) }) }
        var unitsByID: [UUID: OrgNode] { Dictionary(uniqueKeysWithValues: units.compactMap { unit in unit.id.map { ($0, unit) } }) }
        var arrangementsByID: [UUID: Arrangement] { Dictionary(uniqueKeysWithValues: arrangements.compactMap { a in a.id.map { ($0, a) } }) }

        func unitName(_ id: UUID) -> String { unitsByID[id]?.name ?? "(未知单位)" }

        /// A task's co-units in the plan's unit order (not the order rows come back from the database).
        func coUnits(of task: PlanTask) -> [OrgNode] {
            let ids = Set(task.coUnits.map(\.$unit.id))
            return units.filter { $0.id.map(ids.contains) ?? false }
        }
    }

    static func refs(for plan: Plan, on db: any Database) async throws -> PlanRefs {
        let planUnits = try await PlanUnit.query(on: db).filter(\.$plan.$id == plan.requireID()).sort(\.$sort).with(\.$unit).all()
        let arrangements = try await Arrangement.query(on: db).filter(\.$plan.$id == plan.requireID()).sort(\.$sort).all()
        return PlanRefs(plan: plan, units: planUnits.map(\.unit), arrangements: arrangements)
    }

    /// One task with its co-units (the web pages and the API load it the same way), or 404.
    static func find(_ id: UUID?, on db: any Database) async throws -> PlanTask {
        guard let id, let task = try await PlanTask.query(on: db).filter(\.$id == id).with(\.$coUnits).first() else {
            throw AppError.notFound("任务")
        }
        return task
    }

    /// The plan's tasks the scope allows, co-units loaded, in plan order.
    static func tasks(of plan: Plan, refs: PlanRefs, scope: RowScope, on db: any Database) async throws -> [PlanTask] {
        let query = try PlanTask.query(on: db).filter(\.$plan.$id == plan.requireID())
        switch scope {
        case .all, .district: break  // a plan is one district's
        case .nothing: return []
        case .unit(let unitID):
            let coTaskIDs = try await TaskCoUnit.query(on: db).filter(\.$unit.$id == unitID).all().map(\.$task.id)
            query.group(.or) { $0.filter(\.$leadUnit.$id == unitID).filter(\.$id ~~ coTaskIDs) }
        }
        let order = Dictionary(uniqueKeysWithValues: try refs.arrangements.map { (try $0.requireID(), $0.sort) })
        let tasks = try await query.sort(\.$startDate).sort(\.$title).all()
        try await tasks.loadChildren(\.$coUnits, on: db)
        return
            tasks.sorted { (order[$0.$arrangement.id] ?? 0, $0.startDate) < (order[$1.$arrangement.id] ?? 0, $1.startDate) }
    }

    static func status(_ task: PlanTask, today: LocalDate) -> TaskStatus {
        TaskStatus.derive(
            start: task.startDate, due: task.dueDate,
            completedOn: task.completedOn, cancelled: task.cancelled,
            progress: task.progress, today: today, paused: task.pausedReason != nil)
    }

    /// 延期: the office lawfully moves a task's due date later, with the reason. The first due date
    /// is kept; the reason goes into the task's notes so the page tells why.
    static func extend(_ task: PlanTask, to raw: String, reason: String, user: CurrentUser, on db: any Database, now: Date) async throws {
        var v = Validator()
        let date = v.date(raw, field: "due", label: "新的完成时限")
        if let date, date <= task.dueDate { v.add("due", "新的完成时限应晚于现完成时限 \(task.dueDate)") }
        v.text(reason, field: "reason", label: "延期理由", max: 500)
        if task.cancelled || task.completedOn != nil { v.add("form", "已完成或已取消的任务不能延期") }
        try v.check()
        guard let date else { throw ValidationFailure(v.errors) }
        if task.$coUnits.value == nil { try await task.$coUnits.load(on: db) }
        let plan = try await task.owningPlan(on: db)
        let refs = try await refs(for: plan, on: db)
        let old = task.dueDate
        try await change(task, expectedVersion: nil, action: .extend, refs: refs, actor: .user(user), on: db, now: now) { tx in
            if task.originalDue == nil { task.originalDue = old }
            task.dueDate = date
            task.extensionReason = reason.trimmed
            try await note(task, "【延期】完成时限由 \(old) 延至 \(date):\(reason.trimmed)", user: user, on: tx, now: now)
        }
    }

    /// 暂停 / 恢复: while paused with a reason, a task is never due soon or overdue.
    static func setPaused(_ task: PlanTask, reason: String?, user: CurrentUser, on db: any Database, now: Date) async throws {
        if let reason {
            var v = Validator()
            v.text(reason, field: "pauseReason", label: "暂停理由", max: 500)
            if task.cancelled || task.completedOn != nil { v.add("form", "已完成或已取消的任务不能暂停") }
            if task.pausedReason != nil { v.add("form", "任务已暂停") }
            try v.check()
        } else if task.pausedReason == nil {
            throw AppError.conflict("任务未暂停")
        }
        if task.$coUnits.value == nil { try await task.$coUnits.load(on: db) }
        let plan = try await task.owningPlan(on: db)
        let refs = try await refs(for: plan, on: db)
        try await change(task, expectedVersion: nil, action: reason == nil ? .resume : .pause, refs: refs, actor: .user(user), on: db, now: now) {
            tx in
            task.pausedReason = reason?.trimmed
            try await note(task, reason.map { "【暂停】\($0.trimmed)" } ?? "【恢复】任务恢复办理,按完成时限 \(task.dueDate) 计算逾期。", user: user, on: tx, now: now)
        }
    }

    private static func note(_ task: PlanTask, _ text: String, user: CurrentUser, on db: any Database, now: Date) async throws {
        let note = ProgressNote()
        note.$task.id = try task.requireID()
        note.$author.id = user.id
        note.authorName = "\(user.displayName)(区法治办)"
        note.text = text
        note.createdAt = now
        try await note.create(on: db)
    }

    /// A task as the audit trail keeps it on a change: its plan-file entry and, beside it, the
    /// office's lawful extension and pause with their reasons (keys the plan file does not have).
    struct AuditSnapshot: Encodable {
        let task: PlanDocument.Task
        let originalDue: String?
        let extensionReason: String?
        let pausedReason: String?

        init(_ task: PlanTask, refs: PlanRefs) {
            self.task = fileTask(task, refs: refs)
            originalDue = task.originalDue?.description
            extensionReason = task.extensionReason
            pausedReason = task.pausedReason
        }

        enum Keys: String, CodingKey { case originalDue, extensionReason, pausedReason }

        func encode(to encoder: any Encoder) throws {
            try task.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encodeIfPresent(originalDue, forKey: .originalDue)
            try c.encodeIfPresent(extensionReason, forKey: .extensionReason)
            try c.encodeIfPresent(pausedReason, forKey: .pausedReason)
        }
    }

    static func resource(_ task: PlanTask) -> Resource {
        .task(leadUnit: task.$leadUnit.id, coUnits: task.coUnits.map(\.$unit.id))
    }

    /// The task as a plan-file entry (also its audit snapshot).
    static func fileTask(_ task: PlanTask, refs: PlanRefs) -> PlanDocument.Task {
        let units = refs.unitsByID
        return PlanDocument.Task(
            arrangement: refs.arrangementsByID[task.$arrangement.id]?.code ?? "", title: task.title,
            description: task.description, leadUnit: units[task.$leadUnit.id]?.code ?? "",
            coUnits: refs.coUnits(of: task).map(\.code), start: task.startDate.description, due: task.dueDate.description,
            deliverable: task.deliverable, progress: task.progress, completedOn: task.completedOn?.description, cancelled: task.cancelled)
    }

    /// Inserts a plan-file task (validated here against the plan) with its co-units and audit event.
    @discardableResult
    static func insert(
        _ entry: PlanDocument.Task, refs: PlanRefs, actor: AuditActor, on tx: any Database,
        now: Date
    ) async throws -> PlanTask {
        let valid = try TaskRules.validate(
            entry.input, planYear: refs.plan.year, unitCodes: Set(refs.unitsByCode.keys),
            arrangementCodes: Set(refs.arrangements.map(\.code)))
        let task = PlanTask()
        task.$plan.id = try refs.plan.requireID()
        try apply(valid, to: task, refs: refs)
        task.progress = entry.progress ?? 0
        // Checked by `TaskRules.validate` (PlanDocument: a completion date must be a date).
        task.completedOn = entry.completedOn.flatMap(LocalDate.init)
        task.cancelled = entry.cancelled ?? false
        task.version = 1
        try await task.create(on: tx)
        try await replaceCoUnits(of: task, with: valid.coUnitCodes, refs: refs, on: tx)
        try await AuditService.record(
            on: tx, actor: actor, action: .create, entityType: .task, entityID: task.requireID().uuidString,
            after: fileTask(task, refs: refs), at: now)
        return task
    }

    /// `once`: the form's one-time token; the same form sent again returns the task it created.
    static func create(
        _ input: TaskInput, in plan: Plan, actor: AuditActor, once: String? = nil, on db: any Database, now: Date
    ) async throws -> PlanTask {
        let refs = try await refs(for: plan, on: db)
        let entry = PlanDocument.Task(
            arrangement: input.arrangementCode, title: input.title, description: input.description,
            leadUnit: input.leadUnitCode, coUnits: input.coUnitCodes, start: input.start,
            due: input.due, deliverable: input.deliverable)
        return try await db.writeTransaction { tx in
            if let once, let earlier = try await FormOnce.claim(once, kind: "task", on: tx, now: now) {
                guard let id = UUID(uuidString: earlier), let task = try await PlanTask.find(id, on: tx) else {
                    throw AppError.conflict("表单已提交过,请到任务列表查看")
                }
                return task
            }
            let task = try await insert(entry, refs: refs, actor: actor, on: tx, now: now)
            if let once { try await FormOnce.record(once, result: try task.requireID().uuidString, on: tx) }
            return task
        }
    }

    /// Changes a task's plan fields. `expectedVersion` guards against overwriting someone else's edit.
    static func update(
        _ task: PlanTask, with input: TaskInput, expectedVersion: Int?, actor: AuditActor,
        on db: any Database, now: Date
    ) async throws {
        let plan = try await task.owningPlan(on: db)
        let refs = try await refs(for: plan, on: db)
        let valid = try TaskRules.validate(
            input, planYear: plan.year, unitCodes: Set(refs.unitsByCode.keys),
            arrangementCodes: Set(refs.arrangements.map(\.code)))
        try await change(task, expectedVersion: expectedVersion, action: .update, refs: refs, actor: actor, on: db, now: now) { tx in
            try apply(valid, to: task, refs: refs)
            try await replaceCoUnits(of: task, with: valid.coUnitCodes, refs: refs, on: tx)
        }
    }

    /// 报送进展: a note, and for the lead unit or the office a new progress % and completion.
    static func report(
        on task: PlanTask, progress: Int?, note: String, complete: Bool, user: CurrentUser,
        mayReportProgress: Bool, on db: any Database, now: Date, today: LocalDate
    ) async throws {
        let percent: Int? = mayReportProgress ? (complete ? 100 : progress) : nil
        if mayReportProgress {
            _ = try TaskRules.validateProgress(percent: percent, note: note)
        } else {
            var v = Validator()
            v.text(note, field: "note", label: "进展说明", max: TaskRules.maxNote)
            try v.check()
        }
        if task.cancelled { throw AppError.conflict("任务已取消,不能再报送进展") }
        let plan = try await task.owningPlan(on: db)
        let refs = try await refs(for: plan, on: db)
        try await change(task, expectedVersion: nil, action: .progress, refs: refs, actor: .user(user), on: db, now: now) { tx in
            if let percent {
                task.progress = percent
                task.completedOn = percent == 100 ? (task.completedOn ?? today) : nil
            }
            let entry = ProgressNote()
            entry.$task.id = try task.requireID()
            entry.$author.id = user.id
            entry.authorName = user.unitName.map { "\(user.displayName)(\($0))" } ?? user.displayName
            entry.progress = percent
            entry.text = note.trimmed
            entry.createdAt = now
            try await entry.create(on: tx)
        }
    }

    static func setCancelled(_ task: PlanTask, _ cancelled: Bool, actor: AuditActor, on db: any Database, now: Date) async throws {
        let plan = try await task.owningPlan(on: db)
        let refs = try await refs(for: plan, on: db)
        try await change(task, expectedVersion: nil, action: cancelled ? .cancel : .reopen, refs: refs, actor: actor, on: db, now: now) { _ in
            task.cancelled = cancelled
        }
    }

    /// Runs one change of a task in a transaction: version check, the change, version bump, audit.
    private static func change(
        _ task: PlanTask, expectedVersion: Int?, action: AuditAction, refs: PlanRefs, actor: AuditActor,
        on db: any Database, now: Date, _ body: @escaping @Sendable (any Database) async throws -> Void
    ) async throws {
        if let expectedVersion, expectedVersion != task.version {
            throw AppError.conflict("该任务已被他人修改(当前为第 \(task.version) 版),请刷新页面后重新编辑")
        }
        let before = AuditSnapshot(task, refs: refs)
        try await db.writeTransaction { tx in
            try await body(tx)
            task.version += 1
            try await task.update(on: tx)
            try await task.$coUnits.load(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: action, entityType: .task, entityID: task.requireID().uuidString,
                before: before, after: AuditSnapshot(task, refs: refs), at: now)
        }
    }

    /// `valid` was checked against `refs`, so both codes name a row; a row missing all the same
    /// is a 400 with the field, never a crash.
    private static func apply(_ valid: ValidTask, to task: PlanTask, refs: PlanRefs) throws {
        guard let arrangement = refs.arrangements.first(where: { $0.code == valid.arrangementCode }) else {
            throw AppError.badRequest("部署事项“\(valid.arrangementCode)”不存在", field: "arrangement")
        }
        guard let lead = refs.unitsByCode[valid.leadUnitCode] else {
            throw AppError.badRequest("牵头单位“\(valid.leadUnitCode)”不存在", field: "leadUnit")
        }
        task.$arrangement.id = try arrangement.requireID()
        task.$leadUnit.id = try lead.requireID()
        task.title = valid.title
        task.description = valid.description
        task.startDate = valid.start
        task.dueDate = valid.due
        task.deliverable = valid.deliverable
    }

    private static func replaceCoUnits(of task: PlanTask, with codes: [String], refs: PlanRefs, on tx: any Database) async throws {
        try await TaskCoUnit.query(on: tx).filter(\.$task.$id == task.requireID()).delete()
        let byCode = refs.unitsByCode
        for code in codes {
            guard let unit = byCode[code] else { throw AppError.badRequest("配合单位“\(code)”不存在", field: "coUnits") }
            try await TaskCoUnit(taskID: task.requireID(), unitID: unit.requireID()).create(on: tx)
        }
        try await task.$coUnits.load(on: tx)
    }
}

extension PlanTask {
    /// The plan the task belongs to (a foreign key, so always there; a missing row is a 404, not a crash).
    func owningPlan(on db: any Database) async throws -> Plan {
        guard let plan = try await Plan.find($plan.id, on: db) else { throw AppError.notFound("任务所属的方案") }
        return plan
    }
}
