import FazhiCore
import Vapor

/// 首页: a unit's own tasks; for the office and leaders, the whole programme by status and unit.
struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, policy: .useAccount, use: home)
    }

    struct UnitSummary: Encodable {
        let name: String
        let href: String
        let counts: StatusCounts
    }

    struct HomeContext: Encodable {
        let layout: LayoutContext
        let today: String
        let planTitle: String?
        let planHref: String?
        let isUnitUser: Bool
        let counts: StatusCounts
        /// Unit users: their unit's tasks, most urgent first. Others: overdue tasks.
        let tasks: [TaskRowContext]
        let byUnit: [UnitSummary]
        let canCreate: Bool
    }

    @Sendable func home(req: Request) async throws -> View {
        let user = try req.requireUser()
        let today = req.clock.today
        let layout = LayoutContext(req, title: "首页", active: "home")
        guard let plan = try await PlanService.plan(year: nil, today: today, on: req.db) else {
            return try await req.view.render("home", HomeContext(
                layout: layout, today: today.description, planTitle: nil, planHref: nil, isUnitUser: user.role.needsUnit,
                counts: StatusCounts(), tasks: [], byUnit: [], canCreate: false))
        }
        let refs = try await TaskService.refs(for: plan, on: req.db)
        let scope = Policy.taskScope(user.actor)
        let tasks = try await TaskService.tasks(of: plan, refs: refs, scope: scope, on: req.db)
        var counts = StatusCounts()
        var perUnit: [UUID: StatusCounts] = [:]
        for task in tasks {
            let status = TaskService.status(task, today: today)
            counts.add(status)
            perUnit[task.$leadUnit.id, default: StatusCounts()].add(status)
        }
        let rows: [TaskRowContext]
        if case .unit(let unitID) = scope {
            rows = tasks.map { TaskRowContext($0, refs: refs, today: today, forUnit: unitID) }
                .sorted { urgency($0) < urgency($1) }
        } else {
            rows = tasks.filter { TaskService.status($0, today: today) == .overdue }
                .map { TaskRowContext($0, refs: refs, today: today) }
                .sorted { $0.daysOverdue > $1.daysOverdue }
        }
        let byUnit = scope == .all ? refs.units.map {
            UnitSummary(name: $0.name, href: SiteURL.unit($0.id!), counts: perUnit[$0.id!] ?? StatusCounts())
        } : []
        return try await req.view.render("home", HomeContext(
            layout: layout, today: today.description, planTitle: plan.title, planHref: SiteURL.plan(plan.year),
            isUnitUser: user.role.needsUnit, counts: counts, tasks: rows, byUnit: byUnit, canCreate: req.may(.createTask)))
    }

    /// Overdue first, then open tasks by due date, then finished ones.
    private func urgency(_ row: TaskRowContext) -> (Int, String) {
        switch row.status {
        case TaskStatus.overdue.rawValue: (0, row.due)
        case TaskStatus.inProgress.rawValue, TaskStatus.notStarted.rawValue: (1, row.due)
        default: (2, row.due)
        }
    }
}
