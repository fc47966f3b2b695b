import FazhiCore
import Fluent
import Vapor

/// 年度方案: the plan as the document states it, with each arrangement's tasks.
struct PlanController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "plans", policy: .viewPlan, use: current)
        routes.on(.GET, "plans", ":year", policy: .viewPlan, use: show)
    }

    struct CategoryContext: Encodable {
        let name: String
        let count: Int
        let units: [String]
    }

    struct AreaContext: Encodable {
        let code: String
        let title: String
        let arrangements: [String]
    }

    struct ArrangementContext: Encodable {
        let code: String
        let anchor: String
        let text: String
        let tasks: [TaskRowContext]
        /// All the arrangement's tasks the caller sees; the page lists the first `PlanController.listed`.
        let total: Int
        let allHref: String
    }

    /// Tasks listed under each arrangement; the rest are one link away on the task list.
    static let listed = 20

    struct PlanContext: Encodable {
        let layout: LayoutContext
        let year: Int
        let years: [Int]
        let title: String
        let addressee: String
        let preamble: String
        let guidingThought: String
        let basisDocuments: [String]
        let unitsIntro: String
        let categories: [CategoryContext]
        let areasIntro: String
        let areas: [AreaContext]
        let arrangements: [ArrangementContext]
        let closing: String
        let seesAllTasks: Bool
        let canCreate: Bool
    }

    @Sendable func current(req: Request) async throws -> Response {
        guard let plan = try await req.districtPlan(year: nil) else {
            throw AppError.notFound("年度方案")
        }
        return req.redirect(to: SiteURL.plan(plan.year))
    }

    /// Each arrangement with its count and first tasks, in the plan's order (start date, title).
    private func arrangements(
        plan: Plan, refs: TaskService.PlanRefs, scope: RowScope, today: LocalDate, on db: any Database,
        row: (PlanTask) throws -> TaskRowContext
    ) async throws -> [ArrangementContext] {
        let list = TaskListQuery(planID: try plan.requireID(), scope: scope, today: today)
        let (tasks, totals) = try await list.firstOfEachArrangement(limit: Self.listed, on: db)
        return try refs.arrangements.map { a in
            let id = try a.requireID()
            return ArrangementContext(
                code: a.code, anchor: "arr-\(a.sort + 1)", text: a.text, tasks: try (tasks[id] ?? []).map(row), total: totals[id] ?? 0,
                allHref: "/tasks?year=\(plan.year)&arrangement=\(a.code)")
        }
    }

    @Sendable func show(req: Request) async throws -> View {
        let user = try req.requireUser()
        let year = try req.yearParameter()
        let plan = try await PlanService.requirePlan(year: year, district: try await req.districtID(), on: req.db)
        let refs = try await TaskService.refs(for: plan, on: req.db)
        let scope = user.scope(.viewTasks)
        let today = req.clock.today
        let counter = try await WorkdayCounter.load(req)
        let categories = try await UnitCategory.query(on: req.db).sort(\.$sort).all().compactMap { c -> CategoryContext? in
            let units = refs.units.filter { $0.categoryCode == c.code }.map(\.name)
            return units.isEmpty ? nil : CategoryContext(name: c.name, count: units.count, units: units)
        }
        let areas = try await WorkArea.query(on: req.db).filter(\.$plan.$id == plan.requireID()).sort(\.$sort).all()
        var unitFilter: UUID?
        if case .unit(let id) = scope { unitFilter = id }
        return try await req.view.render(
            "plan/index",
            PlanContext(
                layout: LayoutContext(req, title: plan.title, active: "plan"), year: plan.year,
                years: try await PlanService.years(district: plan.$district.id, on: req.db), title: plan.title, addressee: plan.addressee,
                preamble: plan.preamble, guidingThought: plan.guidingThought,
                basisDocuments: PlanService.decodeList(plan.basisDocuments), unitsIntro: plan.unitsIntro,
                categories: categories, areasIntro: plan.areasIntro,
                areas: areas.map { area in
                    AreaContext(
                        code: area.code, title: area.title,
                        arrangements: refs.arrangements.filter { $0.$area.id == area.id }.map(\.code))
                },
                arrangements: try await arrangements(plan: plan, refs: refs, scope: scope, today: today, on: req.db) { task in
                    try TaskRowContext(task, refs: refs, counter: counter, forUnit: unitFilter)
                },
                closing: plan.closing, seesAllTasks: scope.spansUnits, canCreate: req.may(.createTask)))
    }
}
