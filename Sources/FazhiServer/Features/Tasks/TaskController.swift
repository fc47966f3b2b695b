import FazhiCore
import Fluent
import Vapor

/// 任务 pages: list, create, detail with progress notes and history, edit, cancel.
struct TaskController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "tasks", policy: .viewTasks, use: index)
        routes.on(.GET, "tasks", "new", policy: .createTask, use: newForm)
        routes.on(.POST, "tasks", policy: .createTask, use: create)
        routes.on(.GET, "tasks", ":taskID", policy: .viewTask, use: show)
        routes.on(.GET, "tasks", ":taskID", "edit", policy: .editTask, use: editForm)
        routes.on(.POST, "tasks", ":taskID", policy: .editTask, use: update)
        routes.on(.POST, "tasks", ":taskID", "progress", policy: .addNote, use: progress)
        routes.on(.POST, "tasks", ":taskID", "cancel", policy: .editTask) { try await setCancelled($0, true) }
        routes.on(.POST, "tasks", ":taskID", "reopen", policy: .editTask) { try await setCancelled($0, false) }
        routes.on(.POST, "tasks", ":taskID", "extend", policy: .manageSupervision, use: extend)
        routes.on(.POST, "tasks", ":taskID", "pause", policy: .manageSupervision) { try await pause($0, resume: false) }
        routes.on(.POST, "tasks", ":taskID", "resume", policy: .manageSupervision) { try await pause($0, resume: true) }
    }

    struct TaskListContext: Encodable {
        let layout: LayoutContext
        let planTitle: String
        let year: Int
        let rows: [TaskRowContext]
        /// Rows matching the filters (all pages).
        let total: Int
        let pages: PageLinks
        let units: [OptionContext]
        let statuses: [OptionContext]
        let arrangements: [OptionContext]
        let query: String
        let counts: StatusCounts
        let canCreate: Bool
        let seesAll: Bool
    }

    static let pageSize = 100

    @Sendable func index(req: Request) async throws -> View {
        let user = try req.requireUser()
        let today = req.clock.today
        let counter = try await WorkdayCounter.load(req)
        let year = try req.queryYear()
        guard let plan = try await req.districtPlan(year: year) else {
            throw AppError.notFound("年度方案")
        }
        let refs = try await TaskService.refs(for: plan, on: req.db)
        let scope = user.scope(.viewTasks)
        let unitCode = (try? req.query.get(String.self, at: "unit")) ?? ""
        let statusCode = (try? req.query.get(String.self, at: "status")) ?? ""
        let arrangementCode = (try? req.query.get(String.self, at: "arrangement")) ?? ""
        let text = ((try? req.query.get(String.self, at: "q")) ?? "").trimmed
        let page = try req.pageNumber()
        let list = TaskListQuery(
            planID: try plan.requireID(), scope: scope, unitID: refs.unitsByCode[unitCode]?.id,
            arrangementID: refs.arrangements.first { $0.code == arrangementCode }?.id, text: text, today: today)
        let status = TaskStatus(rawValue: statusCode)
        let counts = try await list.counts(on: req.db).all
        let total = status.map { counts.count($0) } ?? counts.total
        // In the plan's order: by arrangement, then start date and title; a page at a time.
        let tasks = try await list.rows(status: status, on: req.db)
            .join(Arrangement.self, on: \PlanTask.$arrangement.$id == \Arrangement.$id)
            .sort(Arrangement.self, \.$sort).sort(\.$startDate).sort(\.$title).sort(\.$id)
            .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        try await tasks.loadChildren(\.$coUnits, on: req.db)
        let rows = try tasks.map { try TaskRowContext($0, refs: refs, counter: counter, forUnit: user.unitID) }
        return try await req.view.render(
            "tasks/list",
            TaskListContext(
                layout: LayoutContext(req, title: "任务", active: "tasks"), planTitle: plan.title, year: plan.year, rows: rows,
                total: total, pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: total),
                units: refs.units.map { OptionContext(value: $0.code, label: $0.name, selected: $0.code == unitCode) },
                statuses: TaskStatus.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: $0.rawValue == statusCode) },
                arrangements: refs.arrangements.map {
                    OptionContext(value: $0.code, label: "(\($0.code))\($0.title)", selected: $0.code == arrangementCode)
                },
                query: text, counts: counts, canCreate: req.may(.createTask), seesAll: scope.spansUnits))
    }

    struct TaskForm: Content {
        var title: String?
        var description: String?
        var arrangement: String?
        var leadUnit: String?
        var coUnits: [String]?
        var start: String?
        var due: String?
        var deliverable: String?
        var version: String?
        var year: String?
        var formOnce: String?

        var input: TaskInput {
            TaskInput(
                title: title ?? "", description: description ?? "", arrangementCode: arrangement ?? "",
                leadUnitCode: leadUnit ?? "", coUnitCodes: coUnits ?? [], start: start ?? "", due: due ?? "",
                deliverable: deliverable ?? "")
        }
    }

    @Sendable func newForm(req: Request) async throws -> View {
        let today = req.clock.today
        let year = try req.queryYear()
        guard let plan = try await req.districtPlan(year: year) else {
            throw AppError.notFound("年度方案")
        }
        let refs = try await TaskService.refs(for: plan, on: req.db)
        let arrangement = (try? req.query.get(String.self, at: "arrangement")) ?? ""
        let start = plan.year == today.year ? today : LocalDate(year: plan.year, month: 1, day: 1)!
        let input = TaskInput(
            title: "", description: "", arrangementCode: arrangement, leadUnitCode: "", coUnitCodes: [],
            start: start.description, due: "\(plan.year)-12-31", deliverable: "")
        return try await req.view.render(
            "tasks/form",
            TaskFormContext(
                layout: LayoutContext(req, title: "新建任务", active: "tasks"), isNew: true, action: "\(SiteURL.tasks)?year=\(plan.year)",
                cancelHref: SiteURL.tasks, refs: refs, version: 0, input: input, errors: []))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(TaskForm.self)
        let year = (try req.queryYear()) ?? form.year.flatMap { Int($0) }
        guard let plan = try await req.districtPlan(year: year) else {
            throw AppError.notFound("年度方案")
        }
        do {
            let task = try await TaskService.create(
                form.input, in: plan, actor: .user(user), once: FormOnce.parse(form.formOnce), on: req.db, now: req.clock.now())
            return req.redirect(to: "\(SiteURL.task(try task.requireID()))?notice=created")
        } catch let failure as ValidationFailure {
            let refs = try await TaskService.refs(for: plan, on: req.db)
            return try await renderForm(
                req,
                TaskFormContext(
                    layout: LayoutContext(req, title: "新建任务", active: "tasks"), isNew: true, action: "\(SiteURL.tasks)?year=\(plan.year)",
                    cancelHref: SiteURL.tasks, refs: refs, version: 0, input: form.input, errors: failure.errors,
                    once: form.formOnce))
        }
    }

    @Sendable func show(req: Request) async throws -> View {
        let task = try await load(req)
        try req.authorize(.viewTask, TaskService.resource(task))
        return try await req.view.render("tasks/detail", try await TaskDetail.context(req, task: task, errors: [], draftNote: ""))
    }

    @Sendable func editForm(req: Request) async throws -> View {
        let task = try await load(req)
        let plan = try await task.owningPlan(on: req.db)
        let refs = try await TaskService.refs(for: plan, on: req.db)
        return try await req.view.render(
            "tasks/form",
            TaskFormContext(
                layout: LayoutContext(req, title: "编辑任务", active: "tasks"), isNew: false, action: SiteURL.task(task.requireID()),
                cancelHref: SiteURL.task(task.requireID()), refs: refs, version: task.version,
                input: TaskService.fileTask(task, refs: refs).input, errors: []))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let task = try await load(req)
        let form = try req.content.decode(TaskForm.self)
        do {
            try await TaskService.update(
                task, with: form.input, expectedVersion: form.version.flatMap { Int($0) },
                actor: .user(user), on: req.db, now: req.clock.now())
            return req.redirect(to: "\(SiteURL.task(try task.requireID()))?notice=saved")
        } catch let failure as ValidationFailure {
            let plan = try await task.owningPlan(on: req.db)
            return try await renderForm(
                req,
                TaskFormContext(
                    layout: LayoutContext(req, title: "编辑任务", active: "tasks"), isNew: false, action: SiteURL.task(task.requireID()),
                    cancelHref: SiteURL.task(task.requireID()), refs: try await TaskService.refs(for: plan, on: req.db),
                    version: task.version, input: form.input, errors: failure.errors))
        }
    }

    struct ProgressForm: Content {
        var progress: String?
        var note: String?
        var complete: String?
    }

    @Sendable func progress(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let task = try await load(req)
        try req.authorize(.addNote, TaskService.resource(task))
        let form = try req.content.decode(ProgressForm.self)
        let mayReport = req.may(.reportProgress, TaskService.resource(task))
        let percent = form.progress.flatMap { Int($0.trimmed) }
        do {
            try await TaskService.report(
                on: task, progress: percent ?? (form.progress == nil ? task.progress : nil),
                note: form.note ?? "", complete: form.complete == "on" || form.complete == "true",
                user: user, mayReportProgress: mayReport, on: req.db, now: req.clock.now(),
                today: req.clock.today)
            return req.redirect(to: "\(SiteURL.task(try task.requireID()))?notice=progress#notes")
        } catch let failure as ValidationFailure {
            let context = try await TaskDetail.context(req, task: task, errors: failure.errors, draftNote: form.note ?? "")
            let response = try await req.view.render("tasks/detail", context).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    @Sendable func setCancelled(_ req: Request, _ cancelled: Bool) async throws -> Response {
        let user = try req.requireUser()
        let task = try await load(req)
        try await TaskService.setCancelled(task, cancelled, actor: .user(user), on: req.db, now: req.clock.now())
        return req.redirect(to: "\(SiteURL.task(try task.requireID()))?notice=\(cancelled ? "cancelled" : "reopened")")
    }

    struct SuperviseForm: Content {
        var due: String?
        var reason: String?
        var pauseReason: String?
    }

    /// 延期 (lawful extension with a reason); a refusal shows the task page again with why.
    @Sendable func extend(req: Request) async throws -> Response {
        let task = try await load(req)
        let form = try req.content.decode(SuperviseForm.self)
        return try await req.attempt(
            success: "\(SiteURL.task(task.requireID()))?notice=extended",
            render: {
                try await req.view.render(
                    "tasks/detail", try await TaskDetail.context(req, task: task, errors: [], draftNote: "", superviseErrors: $0))
            }
        ) {
            try await TaskService.extend(
                task, to: form.due?.description ?? "", reason: form.reason ?? "", user: try req.requireUser(), on: req.db, now: req.clock.now())
        }
    }

    @Sendable func pause(_ req: Request, resume: Bool) async throws -> Response {
        let task = try await load(req)
        let form = try req.content.decode(SuperviseForm.self)
        return try await req.attempt(
            success: "\(SiteURL.task(task.requireID()))?notice=\(resume ? "resumed" : "paused")",
            render: {
                try await req.view.render(
                    "tasks/detail", try await TaskDetail.context(req, task: task, errors: [], draftNote: "", superviseErrors: $0))
            }
        ) {
            try await TaskService.setPaused(
                task, reason: resume ? nil : (form.pauseReason ?? ""), user: try req.requireUser(), on: req.db,
                now: req.clock.now())
        }
    }

    /// The task named in the path, once the policy allows the route's action on it (another
    /// district's task is refused for every role).
    private func load(_ req: Request) async throws -> PlanTask {
        let task = try await TaskService.find(req.parameters.get("taskID", as: UUID.self), on: req.db)
        guard let action = req.route?.policy else { throw AppError.forbidden }
        try req.authorize(action, TaskService.resource(task))
        return task
    }

    private func renderForm(_ req: Request, _ context: TaskFormContext) async throws -> Response {
        let response = try await req.view.render("tasks/form", context).encodeResponse(for: req)
        response.status = .unprocessableEntity
        return response
    }
}
