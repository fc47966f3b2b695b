import FazhiCore
import Fluent
import Vapor

/// `/api/v1`: the caller, units, plans and the OpenAPI description.
struct APIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "openapi.json", policy: .viewPublic, use: openAPI)
        routes.on(.GET, "me", policy: .useAccount, use: me)
        routes.on(.GET, "units", policy: .viewUnits, use: units)
        routes.on(.GET, "plans", ":year", policy: .viewPlan, use: plan)
    }

    @Sendable func openAPI(req: Request) async throws -> Response {
        let path = req.application.directory.resourcesDirectory + "OpenAPI/openapi.json"
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    @Sendable func me(req: Request) async throws -> MeDTO {
        let user = try req.requireUser()
        return MeDTO(username: user.username, displayName: user.displayName, role: user.role.rawValue, unit: user.unitName)
    }

    @Sendable func units(req: Request) async throws -> [UnitDTO] {
        let categories = Dictionary(uniqueKeysWithValues: try await UnitCategory.query(on: req.db).all().map { ($0.code, $0.name) })
        return try await OrgNode.units(in: try req.requireUser().scope(.viewUnits), on: req.db).map {
            UnitDTO(
                id: try $0.requireID(), code: $0.code, name: $0.name, category: $0.categoryCode ?? "",
                categoryName: categories[$0.categoryCode ?? ""] ?? "")
        }
    }

    @Sendable func plan(req: Request) async throws -> PlanDTO {
        let user = try req.requireUser()
        let year = try req.yearParameter()
        let plan = try await PlanService.requirePlan(year: year, district: try await req.districtID(), on: req.db)
        let refs = try await TaskService.refs(for: plan, on: req.db)
        let tasks = try await TaskService.tasks(of: plan, refs: refs, scope: user.scope(.viewTasks), on: req.db)
        let today = req.clock.today
        let areas = try await WorkArea.query(on: req.db).filter(\.$plan.$id == plan.requireID()).sort(\.$sort).all()
        let areaCodes = Dictionary(uniqueKeysWithValues: try areas.map { (try $0.requireID(), $0.code) })
        let categories = Dictionary(uniqueKeysWithValues: try await UnitCategory.query(on: req.db).all().map { ($0.code, $0.name) })
        let district = try await OrgNode.find(plan.$district.id, on: req.db)
        return PlanDTO(
            year: plan.year, district: district?.name ?? "", title: plan.title, addressee: plan.addressee,
            preamble: plan.preamble, guidingThought: plan.guidingThought,
            basisDocuments: PlanService.decodeList(plan.basisDocuments),
            units: try refs.units.map {
                UnitDTO(
                    id: try $0.requireID(), code: $0.code, name: $0.name, category: $0.categoryCode ?? "",
                    categoryName: categories[$0.categoryCode ?? ""] ?? "")
            },
            areas: areas.map { AreaDTO(code: $0.code, title: $0.title) },
            arrangements: try refs.arrangements.map { a in
                ArrangementDTO(
                    code: a.code, title: a.title, text: a.text, area: a.$area.id.flatMap { areaCodes[$0] },
                    tasks: try tasks.filter { $0.$arrangement.id == a.id }.map { try TaskDTO($0, refs: refs, today: today) })
            },
            closing: plan.closing)
    }
}
