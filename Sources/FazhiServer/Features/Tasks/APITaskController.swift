import FazhiCore
import Fluent
import Vapor

/// `/api/v1/tasks`: list, get, create, update, report progress.
struct APITaskController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let tasks = routes.grouped("tasks")
        tasks.on(.GET, policy: .viewTasks, use: index)
        tasks.on(.POST, policy: .createTask, use: create)
        tasks.on(.GET, ":taskID", policy: .viewTask, use: show)
        tasks.on(.PATCH, ":taskID", policy: .editTask, use: update)
        tasks.on(.POST, ":taskID", "progress", policy: .addNote, use: progress)
    }

    /// A page of the caller's tasks (`page`, `per` ≤ 1000, default 500), filtered, counted and ordered in
    /// SQL; the total is in `X-Total-Count` and the neighbouring pages in `Link` (RFC 8288).
    @Sendable func index(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let today = req.clock.today
        let year = try req.queryYear()
        guard let plan = try await req.districtPlan(year: year) else {
            throw AppError.notFound("年度方案")
        }
        let refs = try await TaskService.refs(for: plan, on: req.db)
        let unitCode = try? req.query.get(String.self, at: "unit")
        let statusCode = try? req.query.get(String.self, at: "status")
        if let statusCode, TaskStatus(rawValue: statusCode) == nil {
            throw AppError.badRequest("未知的状态“\(statusCode)”,可选:\(TaskStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
        }
        var unitID: UUID?
        if let unitCode {
            guard let unit = refs.unitsByCode[unitCode] else { throw AppError.badRequest("未知的单位编码“\(unitCode)”", field: "unit") }
            unitID = unit.id
        }
        let page = try req.pageNumber()
        let per = try req.queryInt("per", in: 1...1_000, label: "每页条数") ?? 500
        let list = TaskListQuery(planID: try plan.requireID(), scope: user.scope(.viewTasks), unitID: unitID, today: today)
        let status = statusCode.flatMap(TaskStatus.init(rawValue:))
        let total = try await list.rows(status: status, on: req.db).count()
        let tasks = try await list.rows(status: status, on: req.db)
            .join(Arrangement.self, on: \PlanTask.$arrangement.$id == \Arrangement.$id)
            .sort(Arrangement.self, \.$sort).sort(\.$startDate).sort(\.$title).sort(\.$id)
            .range(((page - 1) * per)..<(page * per)).all()
        try await tasks.loadChildren(\.$coUnits, on: req.db)
        return try Response.paged(tasks.map { try TaskDTO($0, refs: refs, today: today) }, req: req, page: page, per: per, total: total)
    }

    @Sendable func show(req: Request) async throws -> TaskDTO {
        let task = try await load(req)
        try req.authorize(.viewTask, TaskService.resource(task))
        return try await dto(task, req)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let body = try req.content.decode(TaskCreateRequest.self)
        guard let plan = try await req.districtPlan(year: body.year) else {
            throw AppError.badRequest("\(body.year.map(String.init) ?? "当前") 年度方案不存在", field: "year")
        }
        let task = try await TaskService.create(body.input, in: plan, actor: .user(user), on: req.db, now: req.clock.now())
        let response = Response(status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/tasks/\(try task.requireID().uuidString)")
        try response.content.encode(try await dto(task, req))
        return response
    }

    @Sendable func update(req: Request) async throws -> TaskDTO {
        let user = try req.requireUser()
        let task = try await load(req)
        let body = try req.content.decode(TaskUpdateRequest.self)
        let plan = try await task.owningPlan(on: req.db)
        let refs = try await TaskService.refs(for: plan, on: req.db)
        let fieldsChange =
            body.title != nil || body.description != nil || body.arrangement != nil || body.leadUnit != nil
            || body.coUnits != nil || body.start != nil || body.due != nil || body.deliverable != nil
        if fieldsChange {
            let merged = body.merged(into: TaskService.fileTask(task, refs: refs).input)
            try await TaskService.update(
                task, with: merged, expectedVersion: body.version, actor: .user(user),
                on: req.db, now: req.clock.now())
        } else if let version = body.version, version != task.version {
            throw AppError.conflict("该任务已被他人修改(当前为第 \(task.version) 版),请重新获取后再修改")
        }
        if let cancelled = body.cancelled, cancelled != task.cancelled {
            try await TaskService.setCancelled(task, cancelled, actor: .user(user), on: req.db, now: req.clock.now())
        }
        return try await dto(task, req)
    }

    @Sendable func progress(req: Request) async throws -> TaskDTO {
        let user = try req.requireUser()
        let task = try await load(req)
        let resource = TaskService.resource(task)
        try req.authorize(.addNote, resource)
        let body = try req.content.decode(ProgressRequest.self)
        let mayReport = req.may(.reportProgress, resource)
        if !mayReport, body.progress != nil || body.complete == true {
            throw AppError.forbidden
        }
        try await TaskService.report(
            on: task, progress: body.progress ?? task.progress, note: body.note,
            complete: body.complete ?? false, user: user, mayReportProgress: mayReport,
            on: req.db, now: req.clock.now(), today: req.clock.today)
        return try await dto(task, req)
    }

    /// The task named in the path, once the policy allows the route's action on it (another
    /// district's task is refused for every role).
    private func load(_ req: Request) async throws -> PlanTask {
        let task = try await TaskService.find(req.parameters.get("taskID", as: UUID.self), on: req.db)
        guard let action = req.route?.policy else { throw AppError.forbidden }
        try req.authorize(action, TaskService.resource(task))
        return task
    }

    private func dto(_ task: PlanTask, _ req: Request) async throws -> TaskDTO {
        let plan = try await task.owningPlan(on: req.db)
        let refs = try await TaskService.refs(for: plan, on: req.db)
        try await task.$coUnits.load(on: req.db)
        return try TaskDTO(task, refs: refs, today: req.clock.today)
    }
}
