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
        guard let plan = try await req.districtPlan(year: nil) else {
            throw AppError.notFound("年度方案")
        }
        let refs = try await TaskService.refs(for: plan, on: req.db)
        // Each unit's led tasks by status, in one grouped query.
        let counts = try await TaskListQuery(planID: try plan.requireID(), scope: .all, today: today).counts(on: req.db).perUnit
        let scope = user.scope(.viewTasks)
        let groups = try await UnitCategory.query(on: req.db).sort(\.$sort).all().map { category in
            CategoryGroup(
                name: category.name,
                units: try refs.units.filter { $0.categoryCode == category.code }.map { unit in
                    let visible = req.may(.viewUnit, .unit(try unit.requireID()))
                    return UnitItem(
                        name: unit.name, href: visible ? SiteURL.unit(try unit.requireID()) : nil,
                        counts: scope.includes(unit.id) ? counts[try unit.requireID()] ?? StatusCounts() : StatusCounts(),
                        isMine: unit.id == user.unitID)
                })
        }.filter { !$0.units.isEmpty }
        return try await req.view.render(
            "units/index",
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
        /// The most urgent of the led and co-handled tasks (`listed` each); the rest on the task list.
        let led: [TaskRowContext]
        let supported: [TaskRowContext]
        let supportedTotal: Int
        let allHref: String
    }

    static let listed = 50

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
        var counts = StatusCounts(), supportedTotal = 0
        if let plan = try await req.districtPlan(year: nil) {
            let refs = try await TaskService.refs(for: plan, on: req.db)
            // The unit's tasks in SQL: counted whole, the most urgent shown, the rest one link away.
            let list = TaskListQuery(planID: try plan.requireID(), scope: .unit(id), today: today)
            counts = try await list.counts(on: req.db).perUnit[id] ?? StatusCounts()
            let ledTasks = try await list.rows(status: nil, on: req.db).filter(\.$leadUnit.$id == id)
                .sort(.sql(embed: TaskListQuery.urgencySQL(today: today))).sort(\.$dueDate).sort(\.$id).limit(Self.listed).all()
            let supportedQuery = list.rows(status: nil, on: req.db).filter(\.$leadUnit.$id != id)
            supportedTotal = try await supportedQuery.copy().count()
            let supportedTasks = try await supportedQuery.sort(.sql(embed: TaskListQuery.urgencySQL(today: today))).sort(\.$dueDate)
                .sort(\.$id).limit(Self.listed).all()
            try await (ledTasks + supportedTasks).loadChildren(\.$coUnits, on: req.db)
            led = try ledTasks.map { try TaskRowContext($0, refs: refs, counter: counter, forUnit: id) }
            supported = try supportedTasks.map { try TaskRowContext($0, refs: refs, counter: counter, forUnit: id) }
        }
        let allHref = "/tasks?unit=\(unit.code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? unit.code)"
        return try await req.view.render(
            "units/unit",
            UnitContext(
                layout: LayoutContext(req, title: unit.name, active: "units"), name: unit.name, category: category?.name ?? "",
                people: people, counts: counts, led: led, supported: supported, supportedTotal: supportedTotal, allHref: allHref))
    }
}
