import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 法律顾问: the pool (contract periods), the year's consultations and contract reviews of a unit (or
/// the district), and the forms to record them.
struct AdviserController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("oversight", "advisers")
        r.on(.GET, policy: .viewOversight, use: page)
        r.on(.POST, policy: .manageOversight, use: addAdviser)
        r.on(.POST, "consultations", policy: .handleOversight, use: addConsultation)
        r.on(.POST, "contracts", policy: .handleOversight, use: addContract)
    }

    static let pageSize = 50

    /// Whether `id` is a decision (its lead unit) or normative document (its drafting unit) of `unit`:
    /// the two registers' tables, read by their key columns only.
    static let recordExists: AdviserService.RecordCheck = { matter, id, unit, db in
        let sql = try db.sql()
        let table: SQLQueryString =
            matter == .decision
            ? "SELECT COUNT(*) AS n FROM decisions WHERE id = \(bind: id) AND lead_unit_id = \(bind: unit)"
            : "SELECT COUNT(*) AS n FROM normative_documents WHERE id = \(bind: id) AND unit_id = \(bind: unit)"
        return try await sql.raw(table).first()?.decode(column: "n", as: Int64.self) ?? 0 > 0
    }

    @Sendable func page(req: Request) async throws -> View { try await render(req, errors: []) }

    private func render(_ req: Request, errors: [FieldError]) async throws -> View {
        let (year, scope, unit) = try await StudyController.selection(req)
        let today = req.clock.today
        let page = try req.pageNumber()
        let district = try await req.districtID()
        let advisers = try await LegalAdviser.query(on: req.db).filter(\.$district.$id == district).with(\.$unit).sort(\.$contractUntil, .descending)
            .sort(\.$name).limit(200).all()
        guard let first = LocalDate(year: year, month: 1, day: 1), let last = LocalDate(year: year, month: 12, day: 31) else {
            throw AppError.badRequest("年度无效", field: "year")
        }
        var cq = AdviserConsultation.query(on: req.db).filter(\.$askedOn >= first).filter(\.$askedOn <= last)
        var kq = ContractReview.query(on: req.db).group(.or) {
            $0.group(.and) { $0.filter(\.$signedOn >= first).filter(\.$signedOn <= last) }.group(.and) {
                $0.filter(\.$signedOn == nil).filter(\.$reviewedOn >= first).filter(\.$reviewedOn <= last)
            }
        }
        cq = cq.scoped(scope, unit: \.$unit.$id)
        kq = kq.scoped(scope, unit: \.$unit.$id)
        // One of the two lists is paged on the page (`show=contracts` or the opinions); the other is counted.
        let show: String? = req.query["show"]
        if let show, !["", "consultations", "contracts"].contains(show) { throw AppError.badRequest("列表无效", field: "show") }
        let contractsShown = show == "contracts"
        let consultationTotal = try await cq.copy().count()
        let contractTotal = try await kq.copy().count()
        let range = ((page - 1) * Self.pageSize)..<(page * Self.pageSize)
        let consultations = contractsShown ? [] : try await cq.with(\.$adviser).with(\.$unit).sort(\.$askedOn, .descending).range(range).all()
        let contracts =
            contractsShown ? try await kq.with(\.$unit).with(\.$adviser).sort(\.$signedOn, .descending).sort(\.$title).range(range).all() : []
        let adviserTotal = try await LegalAdviser.query(on: req.db).filter(\.$district.$id == district).count()
        let handles = unit.map { req.may(.handleOversight, .unit($0.id ?? RowScope.noUnit)) } ?? false
        var records: [OptionContext] = [OptionContext(value: "", label: "不关联", selected: true)]
        if handles, let id = unit?.id {
            let sql = try req.db.sql()
            let rows = try await sql.raw(
                """
                SELECT id, title, 'decision' AS kind FROM decisions WHERE lead_unit_id = \(bind: id)
                UNION ALL SELECT id, title, 'normative' AS kind FROM normative_documents WHERE unit_id = \(bind: id)
                ORDER BY kind, title LIMIT 200
                """
            ).all()
            records += try rows.map {
                let kind = try $0.decode(column: "kind", as: String.self)
                return OptionContext(
                    value: try $0.decode(column: "id", as: UUID.self).uuidString,
                    label: (kind == "decision" ? "[决策] " : "[规范性文件] ") + (try $0.decode(column: "title", as: String.self)), selected: false)
            }
        }
        let units =
            try await OrgNode.choices(for: try req.requireUser().scope(.viewOversight), on: req.db)
        return try await req.view.render(
            "oversight/advisers",
            AdvisersContext(
                layout: LayoutContext(req, title: "法律顾问", active: "oversight"), tabs: OversightController.tabs(req, "advisers"), year: year,
                years: (2024...today.year).reversed().map { OptionContext(value: String($0), label: "\($0) 年度", selected: $0 == year) },
                units: [OptionContext(value: "", label: "全区", selected: unit == nil)]
                    + units.map { OptionContext(value: $0.code, label: $0.name, selected: $0.id == unit?.id) },
                unitName: unit?.name ?? "全区", unitCode: unit?.code ?? "",
                advisers: advisers.map {
                    .init(
                        name: $0.name, kind: $0.kind.label, firm: $0.firm, engagedBy: $0.unit?.name ?? "区人民政府",
                        contract: "\($0.contractFrom) 至 \($0.contractUntil)", active: $0.contractFrom <= today && today <= $0.contractUntil,
                        fee: $0.fee)
                },
                consultations: consultations.map {
                    .init(
                        askedOn: $0.askedOn.description, answeredOn: $0.answeredOn.description, unit: $0.unit.name, adviser: $0.adviser.name,
                        matter: $0.matter.label, subject: $0.subject, opinion: $0.opinion, linked: $0.recordID != nil)
                }, consultationTotal: consultationTotal, contractTotal: contractTotal, adviserTotal: adviserTotal, contractsShown: contractsShown,
                pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: contractsShown ? contractTotal : consultationTotal),
                contracts: contracts.map { c in
                    let before = c.reviewedOn.map { r in c.signedOn.map { r <= $0 } ?? true } ?? false
                    return .init(
                        title: c.title, unit: c.unit.name, counterparty: c.counterparty, amount: c.amountCents.map { Money.text($0) + " 元" } ?? "",
                        adviser: c.adviser?.name ?? "", reviewedOn: c.reviewedOn?.description ?? "", signedOn: c.signedOn?.description ?? "",
                        reviewedFirst: before, opinion: c.opinion)
                },
                canManage: req.may(.manageOversight), canHandle: handles,
                adviserOptions: advisers.filter { $0.contractUntil >= first && $0.contractFrom <= today }.compactMap { a in
                    a.id.map { OptionContext(value: $0.uuidString, label: "\(a.name)(\(a.kind.label),\(a.firm))", selected: false) }
                },
                kinds: AdviserKind.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: $0 == .external) },
                matters: ConsultationMatter.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: $0 == .decision) },
                records: records,
                today: today.description, errors: .init(errors)))
    }

    struct AdviserForm: Content { var name: String?, kind: String?, firm: String?, from: String?, until: String?, fee: String?, unit: String? }

    @Sendable func addAdviser(req: Request) async throws -> Response {
        let form = try req.content.decode(AdviserForm.self)
        return try await req.attempt(success: "/oversight/advisers?notice=saved", render: { try await render(req, errors: $0) }) {
            let unit = try await (form.unit ?? "").isEmpty ? nil : req.targetUnit(.manageOversight, code: form.unit)
            try await AdviserService.addAdviser(
                .init(
                    name: form.name ?? "", kind: form.kind ?? "", firm: form.firm ?? "", from: form.from ?? "", until: form.until ?? "",
                    fee: form.fee ?? ""),
                district: try await req.districtID(), unit: unit, try await StepContext.of(req), on: req.db)
        }
    }

    private func target(_ req: Request, code: String?) async throws -> OrgNode {
        guard let unit = try await req.targetUnit(.handleOversight, code: code) else { throw ValidationFailure([FieldError("unit", "请选择单位")]) }
        try req.authorize(.handleOversight, .unit(try unit.requireID()))
        return unit
    }

    struct ConsultationForm: Content {
        var adviser: String?, matter: String?, record: String?, subject: String?, askedOn: String?, answeredOn: String?, opinion: String?,
            unit: String?
    }

    @Sendable func addConsultation(req: Request) async throws -> Response {
        let form = try req.content.decode(ConsultationForm.self)
        return try await req.attempt(success: "/oversight/advisers?notice=saved", render: { try await render(req, errors: $0) }) {
            let unit = try await target(req, code: form.unit)
            try await AdviserService.addConsultation(
                .init(
                    adviser: form.adviser ?? "", matter: form.matter ?? "", record: form.record ?? "", subject: form.subject ?? "",
                    askedOn: form.askedOn ?? "", answeredOn: form.answeredOn ?? "", opinion: form.opinion ?? ""), unit: unit,
                recordExists: Self.recordExists, try await StepContext.of(req), on: req.db)
        }
    }

    struct ContractForm: Content {
        var title: String?, counterparty: String?, amount: String?, adviser: String?, reviewedOn: String?, opinion: String?, signedOn: String?,
            unit: String?
    }

    @Sendable func addContract(req: Request) async throws -> Response {
        let form = try req.content.decode(ContractForm.self)
        return try await req.attempt(success: "/oversight/advisers?notice=saved", render: { try await render(req, errors: $0) }) {
            let unit = try await target(req, code: form.unit)
            try await AdviserService.addContract(
                .init(
                    title: form.title ?? "", counterparty: form.counterparty ?? "", amount: form.amount ?? "", adviser: form.adviser ?? "",
                    reviewedOn: form.reviewedOn ?? "", opinion: form.opinion ?? "", signedOn: form.signedOn ?? ""), unit: unit,
                try await StepContext.of(req), on: req.db)
        }
    }
}

struct AdvisersContext: Encodable {
    struct Adviser: Encodable {
        let name: String
        let kind: String
        let firm: String
        let engagedBy: String
        let contract: String
        let active: Bool
        let fee: String
    }

    struct Consultation: Encodable {
        let askedOn: String
        let answeredOn: String
        let unit: String
        let adviser: String
        let matter: String
        let subject: String
        let opinion: String
        let linked: Bool
    }

    struct Contract: Encodable {
        let title: String
        let unit: String
        let counterparty: String
        let amount: String
        let adviser: String
        let reviewedOn: String
        let signedOn: String
        let reviewedFirst: Bool
        let opinion: String
    }

    let layout: LayoutContext
    let tabs: OversightTabs
    let year: Int
    let years: [OptionContext]
    let units: [OptionContext]
    let unitName: String
    let unitCode: String
    let advisers: [Adviser]
    let consultations: [Consultation]
    let consultationTotal: Int
    let contractTotal: Int
    let adviserTotal: Int
    /// Which list the page shows (paged): the contracts, or the opinions.
    let contractsShown: Bool
    let pages: PageLinks
    let contracts: [Contract]
    let canManage: Bool
    let canHandle: Bool
    let adviserOptions: [OptionContext]
    let kinds: [OptionContext]
    let matters: [OptionContext]
    let records: [OptionContext]
    let today: String
    let errors: [FormError]
}
