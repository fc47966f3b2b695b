import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 执法人员和执法事项: the officers with their certificates and yearly training hours, one officer's
/// trainings and status, and the units' public lists of matters.
struct OfficerController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("enforcement")
        r.on(.GET, "officers", policy: .viewEnforcement, use: officers)
        r.on(.POST, "officers", policy: .handleEnforcement, use: addOfficer)
        r.on(.GET, "officers", ":officerID", policy: .viewEnforcement, use: officer)
        r.on(.POST, "officers", ":officerID", "status", policy: .handleEnforcement, use: setStatus)
        r.on(.POST, "officers", ":officerID", "trainings", policy: .handleEnforcement, use: addTraining)
        r.on(.POST, "officers", ":officerID", "renew", policy: .handleEnforcement, use: renew)
        r.on(.GET, "matters", policy: .viewEnforcement, use: matters)
        r.on(.POST, "matters", policy: .handleEnforcement, use: addMatter)
    }

    static let pageSize = 100

    struct Filter: Content {
        var unit: String?
        /// `expiring` (within the first warning distance), `lapsed`, `untrained` (under the year's
        /// requirement), `legal` (may review), `inactive`.
        var state: String?
        var q: String?
    }

    static let stateFilters: [(String, String)] = [
        ("", "全部在岗"), ("expiring", "执法证即将到期"), ("lapsed", "执法证已过期"), ("untrained", "本年培训学时未达标"), ("legal", "具有法律职业资格"),
        ("inactive", "暂扣或注销"),
    ]

    // MARK: officers

    struct OfficerForm: Content {
        var unit: String?, name: String?, certificateNumber: String?, issuer: String?, certificateType: String?, issuedOn: String?
        var validUntil: String?, legalQualified: String?

        var values: [String: String] {
            [
                "unit": unit ?? "", "name": name ?? "", "certificateNumber": certificateNumber ?? "", "issuer": issuer ?? "",
                "certificateType": certificateType ?? "", "issuedOn": issuedOn ?? "", "validUntil": validUntil ?? "",
            ]
        }
    }

    @Sendable func officers(req: Request) async throws -> View {
        try await renderOfficers(req, errors: [], form: [:])
    }

    private func renderOfficers(_ req: Request, errors: [FieldError], form: [String: String]) async throws -> View {
        let filter = (try? req.query.decode(Filter.self)) ?? Filter()
        let page = try req.pageNumber()
        let scope = try req.requireUser().scope(.viewEnforcement)
        let today = req.clock.today
        let settings = EnforcementConfig.active
        var q = EnforcementOfficer.query(on: req.db).scoped(scope, unit: \.$unit.$id)
        if let code = filter.unit, !code.isEmpty {
            let unit = try await OrgNode.query(on: req.db).filter(\.$code == code).first()
            q = q.filter(\.$unit.$id == (unit?.id ?? RowScope.noUnit))
        }
        if let text = filter.q?.trimmed, !text.isEmpty {
            q = q.group(.or) { $0.filter(column: "name", containsLiterally: text).filter(column: "certificate_number", containsLiterally: text) }
        }
        let soon = today.adding(days: settings.certificateWarningDays.first ?? 90)
        switch filter.state ?? "" {
        case "expiring": q = q.filter(\.$status == .active).filter(\.$validUntil >= today).filter(\.$validUntil <= soon)
        case "lapsed": q = q.filter(\.$status == .active).filter(\.$validUntil < today)
        case "legal": q = q.filter(\.$status == .active).filter(\.$legalQualified == true)
        case "inactive": q = q.filter(\.$status != .active)
        case "untrained":
            q = q.filter(\.$status == .active).filter(
                .sql(
                    embed:
                        "(SELECT COALESCE(SUM(t.hours), 0) FROM enforcement_trainings t WHERE t.officer_id = enforcement_officers.id AND t.year = \(bind: today.year)) < \(bind: settings.trainingHoursPerYear)"
                ))
        default: q = q.filter(\.$status == .active)
        }
        let total = try await q.copy().count()
        let rows = try await q.with(\.$unit).sort(\.$validUntil).sort(\.$name).range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        let hours = try await EnforcementOfficerService.hours(year: today.year, officers: rows.compactMap(\.id), on: req.db)
        let handles = req.may(.handleEnforcement)
        let units = try await OrgNode.choices(for: scope, on: req.db)
        return try await req.view.render(
            "enforcement/officers",
            OfficerListContext(
                layout: LayoutContext(req, title: "行政执法人员", active: "enforcement"), tabs: .init(active: "officers", canHandle: handles),
                rows: try rows.map { o in
                    let problem = o.standing.problem(on: today)
                    let h = hours[try o.requireID()] ?? 0
                    return .init(
                        name: o.name, href: "/enforcement/officers/\(try o.requireID().uuidString)", unit: o.unit.name,
                        certificate: "\(o.certificateNumber)(\(o.certificateType))", validUntil: o.validUntil.description,
                        status: o.status != .active ? o.status.label : problem != nil ? "已过期" : o.validUntil <= soon ? "\(o.validUntil) 到期" : "有效",
                        statusCode: o.status != .active || problem != nil ? "overdue" : o.validUntil <= soon ? "due_soon" : "on_time",
                        legal: o.legalQualified,
                        hours: h, trained: h >= settings.trainingHoursPerYear)
                }, total: total, pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: total),
                units: [OptionContext(value: "", label: "全部单位", selected: (filter.unit ?? "").isEmpty)]
                    + units.map { OptionContext(value: $0.code, label: $0.name, selected: filter.unit == $0.code) },
                states: Self.stateFilters.map { OptionContext(value: $0.0, label: $0.1, selected: (filter.state ?? "") == $0.0) },
                query: filter.q ?? "", year: today.year, requirement: settings.trainingHoursPerYear, canAdd: handles,
                addUnits: units.map { OptionContext(value: $0.code, label: $0.name, selected: form["unit"] == $0.code) }, errors: .init(errors),
                form: form))
    }

    @Sendable func addOfficer(req: Request) async throws -> Response {
        let form = try req.content.decode(OfficerForm.self)
        do {
            guard let unit = try await req.targetUnit(.handleEnforcement, code: form.unit) else {
                throw ValidationFailure([FieldError("unit", "请选择执法单位")])
            }
            try req.authorize(.handleEnforcement, .unit(try unit.requireID()))
            let input = EnforcementOfficerService.OfficerInput(
                name: form.name ?? "", certificateNumber: form.certificateNumber ?? "", issuer: form.issuer ?? "",
                certificateType: form.certificateType ?? "", issuedOn: form.issuedOn ?? "", validUntil: form.validUntil ?? "",
                legalQualified: form.legalQualified == "1")
            let o = try await EnforcementOfficerService.addOfficer(input, unit: unit, try await StepContext.of(req), on: req.db)
            return req.redirect(to: "/enforcement/officers/\(try o.requireID().uuidString)?notice=saved")
        } catch let failure as ValidationFailure {
            let response = try await renderOfficers(req, errors: failure.errors, form: form.values).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    private func find(_ req: Request, _ action: Action) async throws -> EnforcementOfficer {
        guard let id = req.parameters.get("officerID", as: UUID.self),
            let o = try await EnforcementOfficer.query(on: req.db).filter(\.$id == id).with(\.$unit).first()
        else { throw AppError.notFound("执法人员") }
        try req.authorize(action, .unit(o.$unit.id))
        return o
    }

    @Sendable func officer(req: Request) async throws -> View {
        try await renderOfficer(req, try await find(req, .viewEnforcement), errors: [])
    }

    private func renderOfficer(_ req: Request, _ o: EnforcementOfficer, errors: [FieldError]) async throws -> View {
        let today = req.clock.today
        let requirement = EnforcementConfig.active.trainingHoursPerYear
        let trainings = try await EnforcementTraining.query(on: req.db).filter(\.$officer.$id == o.requireID()).sort(\.$heldOn, .descending).all()
        var byYear: [Int: Int] = [:]
        for t in trainings { byYear[t.year, default: 0] += t.hours }
        let cases = try await EnforcementCaseOfficer.query(on: req.db).filter(\.$officer.$id == o.requireID()).count()
        let facts: [EnforcementCaseContext.Fact] = [
            .init(label: "单位", value: o.unit.name),
            .init(label: "执法证", value: "\(o.certificateNumber)(\(o.certificateType),\(o.issuer)颁发\(o.issuedOn.map { ",\($0) 发证" } ?? ""))"),
            .init(label: "有效期至", value: o.validUntil.description + (o.validUntil < today ? "(已过期,不得从事执法活动)" : "")),
            .init(label: "状态", value: o.status.label + (o.statusSince.map { "(\($0) 起)" } ?? "")),
            .init(label: "法律职业资格", value: o.legalQualified ? "有(可担任法制审核人员)" : "无"),
            .init(label: "承办案件", value: "\(cases) 件"),
        ]
        return try await req.view.render(
            "enforcement/officer",
            OfficerContext(
                layout: LayoutContext(req, title: "执法人员 \(o.name)", active: "enforcement"), id: try o.requireID().uuidString, name: o.name,
                facts: facts, trainings: trainings.map { .init(heldOn: $0.heldOn.description, title: $0.title, hours: $0.hours) },
                years: byYear.keys.sorted(by: >).map { .init(year: $0, hours: byYear[$0] ?? 0, met: (byYear[$0] ?? 0) >= requirement) },
                requirement: requirement,
                statuses: OfficerStatus.allCases.filter { $0 != o.status }.map {
                    OptionContext(value: $0.rawValue, label: $0.label, selected: false)
                },
                canHandle: req.may(.handleEnforcement, .unit(o.$unit.id)), errors: .init(errors), today: today.description))
    }

    struct StatusForm: Content { var status: String?, since: String? }

    @Sendable func setStatus(req: Request) async throws -> Response {
        let o = try await find(req, .handleEnforcement)
        let form = try req.content.decode(StatusForm.self)
        let ctx = try await StepContext.of(req)
        return try await req.attempt(
            success: "/enforcement/officers/\(try o.requireID().uuidString)?notice=saved", render: { try await renderOfficer(req, o, errors: $0) }
        ) { try await EnforcementOfficerService.setStatus(o, status: form.status ?? "", since: form.since ?? "", ctx, on: req.db) }
    }

    struct RenewForm: Content { var validUntil: String?, number: String? }

    @Sendable func renew(req: Request) async throws -> Response {
        let o = try await find(req, .handleEnforcement)
        let form = try req.content.decode(RenewForm.self)
        let ctx = try await StepContext.of(req)
        return try await req.attempt(
            success: "/enforcement/officers/\(try o.requireID().uuidString)?notice=saved", render: { try await renderOfficer(req, o, errors: $0) }
        ) { try await EnforcementOfficerService.renew(o, validUntil: form.validUntil ?? "", number: form.number ?? "", ctx, on: req.db) }
    }

    struct TrainingForm: Content { var heldOn: String?, title: String?, hours: String? }

    @Sendable func addTraining(req: Request) async throws -> Response {
        let o = try await find(req, .handleEnforcement)
        let form = try req.content.decode(TrainingForm.self)
        let ctx = try await StepContext.of(req)
        return try await req.attempt(
            success: "/enforcement/officers/\(try o.requireID().uuidString)?notice=saved", render: { try await renderOfficer(req, o, errors: $0) }
        ) {
            try await EnforcementOfficerService.addTraining(
                o, heldOn: form.heldOn ?? "", title: form.title ?? "", hours: form.hours ?? "", ctx, on: req.db)
        }
    }

    // MARK: matters

    @Sendable func matters(req: Request) async throws -> View {
        try await renderMatters(req, errors: [])
    }

    private func renderMatters(_ req: Request, errors: [FieldError]) async throws -> View {
        struct Filter: Content { var unit: String? }
        let filter = (try? req.query.decode(Filter.self)) ?? Filter()
        let page = try req.pageNumber()
        let scope = try req.requireUser().scope(.viewEnforcement)
        var q = EnforcementMatter.query(on: req.db).scoped(scope, unit: \.$unit.$id)
        if let code = filter.unit, !code.isEmpty {
            let unit = try await OrgNode.query(on: req.db).filter(\.$code == code).first()
            q = q.filter(\.$unit.$id == (unit?.id ?? RowScope.noUnit))
        }
        let total = try await q.copy().count()
        let rows = try await q.with(\.$unit).sort(\.$unit.$id).sort(\.$kind).sort(\.$sort)
            .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        let units = try await OrgNode.choices(for: scope, on: req.db)
        let handles = req.may(.handleEnforcement)
        return try await req.view.render(
            "enforcement/matters",
            MatterListContext(
                layout: LayoutContext(req, title: "执法事项清单", active: "enforcement"), tabs: .init(active: "matters", canHandle: handles),
                rows: rows.map {
                    .init(unit: $0.unit.name, kind: $0.kind.label, type: $0.caseType.label, name: $0.name, basis: $0.basis, listed: $0.reviewListed)
                }, total: total, pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: total),
                units: [OptionContext(value: "", label: "全部单位", selected: (filter.unit ?? "").isEmpty)]
                    + units.map { OptionContext(value: $0.code, label: $0.name, selected: filter.unit == $0.code) },
                addUnits: units.map { OptionContext(value: $0.code, label: $0.name, selected: false) },
                kinds: MatterKind.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: false) },
                types: EnforcementCaseType.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: false) }, canAdd: handles,
                errors: .init(errors)))
    }

    struct MatterForm: Content { var unit: String?, kind: String?, caseType: String?, name: String?, basis: String?, reviewListed: String? }

    @Sendable func addMatter(req: Request) async throws -> Response {
        let form = try req.content.decode(MatterForm.self)
        let ctx = try await StepContext.of(req)
        return try await req.attempt(success: "/enforcement/matters?notice=saved", render: { try await renderMatters(req, errors: $0) }) {
            guard let unit = try await req.targetUnit(.handleEnforcement, code: form.unit) else {
                throw ValidationFailure([FieldError("unit", "请选择执法单位")])
            }
            try req.authorize(.handleEnforcement, .unit(try unit.requireID()))
            try await EnforcementOfficerService.addMatter(
                unit: unit, kind: form.kind ?? "", caseType: form.caseType ?? "", name: form.name ?? "", basis: form.basis ?? "",
                reviewListed: form.reviewListed == "1", ctx, on: req.db)
        }
    }
}
