import FazhiCore
import Fluent
import Vapor

/// 责任单位: the units of the plan by category, and one unit's page.
struct UnitController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "units", policy: .viewUnits, use: index)
        routes.on(.GET, "units", ":unitID", policy: .viewUnit, use: show)
    }

    struct UnitItem: Encodable {
        let name: String
        let href: String?
        let counts: StatusCounts
        let isMine: Bool
    }

    struct CategoryGroup: Encodable {
        let name: String
        let units: [UnitItem]
    }

    struct UnitsContext: Encodable {
        let layout: LayoutContext
        let planTitle: String
        let groups: [CategoryGroup]
    }

    @Sendable func index(req: Request) async throws -> View {
        let user = try req.requireUser()
        let today = req.clock.today
        guard let plan = try await PlanService.plan(year: nil, today: today, on: req.db) else { throw AppError.notFound("年度方案") }
        let refs = try await TaskService.refs(for: plan, on: req.db)
        let tasks = try await TaskService.tasks(of: plan, refs: refs, scope: .all, on: req.db)
        var counts: [UUID: StatusCounts] = [:]
        for task in tasks { counts[task.$leadUnit.id, default: StatusCounts()].add(TaskService.status(task, today: today)) }
        let seesAll = Policy.taskScope(user.actor) == .all
        let groups = try await UnitCategory.query(on: req.db).sort(\.$sort).all().map { category in
            CategoryGroup(
                name: category.name,
                units: refs.units.filter { $0.categoryCode == category.code }.map { unit in
                    let visible = req.may(.viewUnit, .unit(unit.id!))
                    return UnitItem(
                        name: unit.name, href: visible ? SiteURL.unit(unit.id!) : nil,
                        counts: seesAll || unit.id == user.unitID ? counts[unit.id!] ?? StatusCounts() : StatusCounts(),
                        isMine: unit.id == user.unitID)
                })
        }.filter { !$0.units.isEmpty }
        return try await req.view.render(
            "units",
            UnitsContext(
                layout: LayoutContext(req, title: "责任单位", active: "units"), planTitle: plan.title, groups: groups))
    }

    struct PersonContext: Encodable {
        let name: String
        let role: String
        let username: String
    }

    struct UnitContext: Encodable {
        let layout: LayoutContext
        let name: String
        let category: String
        let people: [PersonContext]
        let counts: StatusCounts
        let led: [TaskRowContext]
        let supported: [TaskRowContext]
    }

    @Sendable func show(req: Request) async throws -> View {
        guard let id = req.parameters.get("unitID", as: UUID.self),
            let unit = try await OrgNode.find(id, on: req.db), unit.kind == .unit
        else { throw AppError.notFound("单位") }
        try req.authorize(.viewUnit, .unit(id))
        let today = req.clock.today
        let counter = try await WorkdayCounter.load(req)
        let category = try await UnitCategory.query(on: req.db).filter(\.$code == unit.categoryCode ?? "").first()
        let people = try await User.query(on: req.db).filter(\.$unit.$id == id).filter(\.$isActive == true)
            .sort(\.$role).all().map { PersonContext(name: $0.displayName, role: $0.role.label, username: $0.username) }
        var led: [TaskRowContext] = [], supported: [TaskRowContext] = []
        var counts = StatusCounts()
        if let plan = try await PlanService.plan(year: nil, today: today, on: req.db) {
            let refs = try await TaskService.refs(for: plan, on: req.db)
            for task in try await TaskService.tasks(of: plan, refs: refs, scope: .unit(id), on: req.db) {
                let row = TaskRowContext(task, refs: refs, counter: counter, forUnit: id)
                if task.$leadUnit.id == id {
                    led.append(row)
                    counts.add(TaskService.status(task, today: today))
                } else {
                    supported.append(row)
                }
            }
        }
        return try await req.view.render(
            "unit",
            UnitContext(
                layout: LayoutContext(req, title: unit.name, active: "units"), name: unit.name, category: category?.name ?? "",
                people: people, counts: counts, led: led, supported: supported))
    }
}
