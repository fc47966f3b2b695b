import FazhiCore
import Fluent
import Vapor

/// 决策事项目录 of a year and the 专家库: read by everyone who reads the register, kept by the office.
struct DecisionCatalogueController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("decisions")
        r.on(.GET, "catalogue", policy: .viewDecisions, use: catalogue)
        for step in ["item", "approve", "publish"] {
            r.on(.POST, "catalogue", ":year", .constant(step), policy: .governDecisions, use: { try await self.change(req: $0, step) })
        }
        r.on(.GET, "experts", policy: .viewDecisions, use: experts)
        r.on(.POST, "experts", policy: .governDecisions, use: addExpert)
        r.on(.POST, "experts", ":expertID", "active", policy: .governDecisions, use: setActive)
    }

    struct YearQuery: Content { var year: Int? }

    private func year(_ req: Request) throws -> Int {
        let year = (try? req.query.decode(YearQuery.self))?.year ?? req.clock.today.year
        guard LocalDate.plausibleYears.contains(year) else { throw AppError.badRequest("年度无效", field: "year") }
        return year
    }

    @Sendable func catalogue(req: Request) async throws -> View {
        try await render(req, year: try year(req), errors: [])
    }

    private func render(_ req: Request, year: Int, errors: [FieldError]) async throws -> View {
        let today = req.clock.today
        let governs = req.may(.governDecisions)
        // Reading never writes: a year without a catalogue reads as empty; the first item makes it.
        let c = try await DecisionCatalogueService.find(year: year, district: try await req.districtID(), on: req.db)
        var items: [DecisionCatalogueItem] = []
        var decisions: [UUID: MajorDecision] = [:]
        if let c {
            items = try await DecisionCatalogueItem.query(on: req.db).filter(\.$catalogue.$id == c.requireID()).with(\.$leadUnit).sort(\.$sort).all()
            let ids = items.compactMap(\.id)
            if !ids.isEmpty {
                for d in try await MajorDecision.query(on: req.db).filter(\.$item.$id ~~ ids).all() { if let i = d.$item.id { decisions[i] = d } }
            }
        }
        var forms = CaseStepForms(base: "/decisions/catalogue/\(year)/")
        if governs {
            let units = try await req.nameableUnits()
            forms.add(
                "item", "增加目录事项", "决策事项目录和标准经同级党委同意后向社会公布;目录可以根据实际情况调整(第三条第三款)。",
                [
                    .text("title", "事项名称"),
                    .select(
                        "category", "类别",
                        [OptionContext(value: "", label: "请选择", selected: true)]
                            + DecisionCategory.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: false) }),
                    .select(
                        "unit", "承办单位",
                        [OptionContext(value: "", label: "请选择", selected: true)]
                            + units.map { OptionContext(value: $0.code, label: $0.name, selected: false) }),
                    .date(named: "plannedOn", "计划完成时间", ""),
                ], "增加", primary: items.isEmpty)
            if let c, c.partyApprovedOn == nil, !items.isEmpty {
                forms.add("approve", "党委同意", "目录经区委同意的日期。", [.date("同意日期", today.description)], "登记", primary: true)
            }
            if let c, c.partyApprovedOn != nil, c.publishedOn == nil {
                forms.add("publish", "向社会公布", "在区政府门户网站公布;公布后公众页面显示目录。", [.date("公布日期", today.description)], "登记公布", primary: true)
            }
        }
        let tabs = DecisionController.tabs(req, "catalogue")
        return try await req.view.render(
            "decisions/catalogue",
            DecisionCatalogueContext(
                layout: LayoutContext(req, title: "\(year) 年重大行政决策事项目录", active: "decisions"), tabs: tabs, year: year,
                years: (2024...today.year + 1).reversed().map { OptionContext(value: String($0), label: "\($0) 年", selected: $0 == year) },
                items: try items.map { i in
                    let d = decisions[try i.requireID()]
                    let (state, code) =
                        d.map { DecisionController.stage($0, today: today) }
                        ?? (i.plannedOn < today ? ("计划 \(i.plannedOn) 前完成,尚未启动", "overdue") : ("尚未启动", "waiting"))
                    return .init(
                        title: i.title, category: i.category.label, unit: i.leadUnit.name, planned: i.plannedOn.description,
                        decision: d?.number ?? "",
                        decisionHref: d.map { "/decisions/\($0.id?.uuidString ?? "")" } ?? "/decisions/new?item=\(i.id?.uuidString ?? "")",
                        state: state,
                        stateCode: code)
                },
                approved: c?.partyApprovedOn?.description ?? "", published: c?.publishedOn?.description ?? "",
                publishBy: c?.publishBy.description ?? "",
                late: c.map { c in c.publishedOn.map { $0 > c.publishBy } ?? (c.publishBy < today) } ?? false,
                forms: forms.forms, errors: .init(errors)))
    }

    struct ItemForm: Content {
        var title: String?, category: String?, unit: String?, plannedOn: String?, date: String?
    }

    func change(req: Request, _ step: String) async throws -> Response {
        guard let year = req.parameters.get("year", as: Int.self), LocalDate.plausibleYears.contains(year) else {
            throw AppError.badRequest("年度无效", field: "year")
        }
        let ctx = try await StepContext.of(req)
        let form = try req.content.decode(ItemForm.self)
        return try await req.attempt(
            success: "/decisions/catalogue?year=\(year)&notice=saved", render: { errors in try await render(req, year: year, errors: errors) }
        ) {
            let c = try await DecisionCatalogueService.catalogue(year: year, district: try await req.districtID(), ctx, on: req.db)
            switch step {
            case "item":
                try await DecisionCatalogueService.addItem(
                    c, .init(title: form.title ?? "", category: form.category ?? "", unit: form.unit ?? "", plannedOn: form.plannedOn ?? ""), ctx,
                    on: req.db)
            case "approve": try await DecisionCatalogueService.approve(c, on: form.date ?? "", ctx, on: req.db)
            case "publish": try await DecisionCatalogueService.publish(c, on: form.date ?? "", ctx, on: req.db)
            default: throw AppError.notFound("操作")
            }
        }
    }

    // MARK: experts

    static let pageSize = 100

    @Sendable func experts(req: Request) async throws -> View {
        try await renderExperts(req, errors: [])
    }

    private func renderExperts(_ req: Request, errors: [FieldError]) async throws -> View {
        let page = try req.pageNumber()
        let district = try await req.districtID()
        let total = try await DecisionExpert.query(on: req.db).filter(\.$district.$id == district).count()
        let rows = try await DecisionExpert.query(on: req.db).filter(\.$district.$id == district).sort(\.$active, .descending).sort(\.$field).sort(
            \.$name
        )
        .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        let ids = rows.compactMap(\.id)
        var counts: [UUID: Int] = [:]
        if !ids.isEmpty {
            let grouped = try await req.db.sql().raw(
                "SELECT expert_id, COUNT(*) AS n FROM decision_expert_opinions WHERE expert_id IN (\(binds: ids)) GROUP BY expert_id"
            ).all()
            for row in grouped { counts[try row.decode(column: "expert_id", as: UUID.self)] = Int(try row.decode(column: "n", as: Int64.self)) }
        }
        let governs = req.may(.governDecisions)
        return try await req.view.render(
            "decisions/experts",
            DecisionExpertsContext(
                layout: LayoutContext(req, title: "决策咨询论证专家库", active: "decisions"), tabs: DecisionController.tabs(req, "experts"),
                rows: rows.map {
                    .init(
                        id: $0.id?.uuidString ?? "", name: $0.name, field: $0.field, employer: $0.employer, active: $0.active,
                        opinions: counts[$0.id ?? RowScope.noUnit] ?? 0)
                }, total: total, pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: total),
                form: governs
                    ? CaseStepForm(
                        id: "expert", title: "增加专家", help: "县级人民政府可以根据需要建立专家库,也可以使用上级政府的专家库(第二十一条)。", action: "/decisions/experts",
                        fields: [.text("name", "姓名"), .text("field", "专业领域"), .text("employer", "工作单位")], button: "增加", primary: false) : nil,
                errors: .init(errors)))
    }

    struct ExpertForm: Content { var name: String?, field: String?, employer: String?, active: String? }

    @Sendable func addExpert(req: Request) async throws -> Response {
        let form = try req.content.decode(ExpertForm.self)
        let ctx = try await StepContext.of(req)
        return try await req.attempt(success: "/decisions/experts?notice=saved", render: { try await renderExperts(req, errors: $0) }) {
            try await DecisionCatalogueService.addExpert(
                .init(name: form.name ?? "", field: form.field ?? "", employer: form.employer ?? ""), district: try await req.districtID(), ctx,
                on: req.db)
        }
    }

    @Sendable func setActive(req: Request) async throws -> Response {
        let form = try req.content.decode(ExpertForm.self)
        try await DecisionCatalogueService.setActive(
            req.parameters.get("expertID", as: UUID.self), active: form.active == "1", district: try await req.districtID(),
            try await StepContext.of(req), on: req.db)
        return req.redirect(to: "/decisions/experts?notice=saved")
    }
}
