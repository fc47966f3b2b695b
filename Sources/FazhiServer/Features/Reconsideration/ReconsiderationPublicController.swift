import FazhiCore
import Fluent
import Vapor

/// 行政复议决定书公开 the published decisions, without sign-in: the decisions the office marked
/// published, newest first, paged in SQL; a natural person applicant's name masked (王某), no
/// identity numbers or contacts.
struct ReconsiderationPublicController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("public", "reconsideration")
        r.on(.GET, policy: .viewPublic, use: index)
        r.on(.GET, ":caseID", policy: .viewPublic, use: show)
    }

    static let pageSize = 50

    @Sendable func index(req: Request) async throws -> View {
        let year = try req.queryYear()
        let page = try req.pageNumber()
        var q = ReconsiderationCase.query(on: req.db).filter(\.$publishedOn != nil).filter(\.$decision != nil)
        if let year, let first = LocalDate(year: year, month: 1, day: 1), let last = LocalDate(year: year, month: 12, day: 31) {
            q = q.filter(\.$closedOn >= first).filter(\.$closedOn <= last)
        }
        let total = try await q.copy().count()
        let cases = try await q.with(\.$unit).sort(\.$closedOn, .descending).sort(\.$number, .descending)
            .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        let rows: [PublicDecisionContext.Row] = try cases.map { c in
            .init(
                number: c.number, href: "/public/reconsideration/\(try c.requireID().uuidString)", applicant: c.maskedApplicant,
                respondent: c.unit.name, category: c.category.label, decision: c.decision?.label ?? "", decidedOn: c.closedOn?.description ?? "")
        }
        let today = req.clock.today
        return try await req.view.render(
            "reconsideration/public",
            PublicDecisionContext(
                layout: LayoutContext(req, title: "行政复议决定公开"), rows: rows, total: total,
                pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: total),
                years: [OptionContext(value: "", label: "全部年度", selected: year == nil)]
                    + (2024...today.year).reversed().map { OptionContext(value: String($0), label: "\($0) 年", selected: year == $0) },
                decision: nil))
    }

    @Sendable func show(req: Request) async throws -> View {
        guard let id = req.parameters.get("caseID", as: UUID.self),
            let c = try await ReconsiderationCase.query(on: req.db).filter(\.$id == id).filter(\.$publishedOn != nil).with(\.$unit).first(),
            let decision = c.decision
        else { throw AppError.notFound("公开的行政复议决定") }
        return try await req.view.render(
            "reconsideration/public",
            PublicDecisionContext(
                layout: LayoutContext(req, title: "行政复议决定 \(c.number)"), rows: [], total: 0,
                pages: PageLinks(req, page: 1, pageSize: Self.pageSize, total: 0), years: [],
                decision: .init(
                    number: c.number, applicant: "\(c.maskedApplicant)(\(c.applicantType.label))", respondent: c.unit.name,
                    act: "\(c.act)(\(c.category.label))", claim: c.claim, decision: "\(decision.label)(\(decision.article))",
                    reasons: c.decisionNote ?? "", decidedOn: c.closedOn?.description ?? "", publishedOn: c.publishedOn?.description ?? "")))
    }
}

/// 行政复议决定公开 the public list, or one decision.
struct PublicDecisionContext: Encodable {
    struct Row: Encodable {
        let number: String
        let href: String
        let applicant: String
        let respondent: String
        let category: String
        let decision: String
        let decidedOn: String
    }

    struct Decision: Encodable {
        let number: String
        let applicant: String
        let respondent: String
        let act: String
        let claim: String
        let decision: String
        let reasons: String
        let decidedOn: String
        let publishedOn: String
    }

    let layout: LayoutContext
    let rows: [Row]
    let total: Int
    let pages: PageLinks
    let years: [OptionContext]
    let decision: Decision?
}
