import FazhiCore
import Fluent
import Vapor

/// 行政执法公示 without sign-in (国办发〔2018〕118号): for each unit, 事前 — its 权责事项 with their
/// legal basis (those on the 法制审核目录清单 marked), its 随机抽查事项清单 and its officers with their
/// certificate numbers — and 事后 — its published decisions, newest first, paged in SQL, a natural
/// person's name masked (王某); a decision later changed or revoked shows as withdrawn with the reason
/// (《行政处罚法》第四十八条第二款).
struct EnforcementPublicController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("public", "enforcement").on(.GET, policy: .viewPublic, use: index)
    }

    static let pageSize = 50

    @Sendable func index(req: Request) async throws -> View {
        struct Query: Content { var unit: String? }
        let code = (try? req.query.decode(Query.self))?.unit ?? ""
        let page = try req.pageNumber()
        // The enforcing units: those with public lists or officers.
        let units = try await OrgNode.query(on: req.db).filter(\.$kind == .unit)
            .filter(
                .sql(
                    embed:
                        "(org_nodes.id IN (SELECT unit_id FROM enforcement_matters) OR org_nodes.id IN (SELECT unit_id FROM enforcement_officers))")
            )
            .sort(\.$sort).all()
        let unit = units.first { $0.code == code } ?? units.first
        var powers: [EnforcementPublicContext.Matter] = [], spotChecks: [EnforcementPublicContext.Matter] = []
        var officers: [EnforcementPublicContext.Officer] = [], decisions: [EnforcementPublicContext.Decision] = []
        var total = 0
        if let unitID = unit?.id {
            for m in try await EnforcementMatter.query(on: req.db).filter(\.$unit.$id == unitID).sort(\.$sort).all() {
                let row = EnforcementPublicContext.Matter(name: m.name, type: m.caseType.label, basis: m.basis, listed: m.reviewListed)
                if m.kind == .power { powers.append(row) } else { spotChecks.append(row) }
            }
            // 事前公开 the officers who may act: in post, certificate valid today.
            officers = try await EnforcementOfficer.query(on: req.db).filter(\.$unit.$id == unitID).filter(\.$status == .active)
                .filter(\.$validUntil >= req.clock.today).sort(\.$name).all()
                .map { .init(name: $0.name, certificate: $0.certificateNumber) }
            let q = EnforcementCase.query(on: req.db).filter(\.$unit.$id == unitID).filter(\.$publishedOn != nil)
            total = try await q.copy().count()
            decisions = try await q.sort(\.$decisionOn, .descending).sort(\.$number, .descending)
                .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
                .map { c in
                    let withdrawn = c.withdrawnOn.map { "\($0) 撤回:\(c.revokeReason ?? "")" } ?? ""
                    return .init(
                        number: c.number, type: c.type.label, party: c.maskedParty, title: c.title, outcome: c.outcome?.label(for: c.type) ?? "",
                        summary: withdrawn.isEmpty ? (c.decisionSummary ?? "") + (c.fineCents.map { ";罚没款 \(Money.text($0))" } ?? "") : "",
                        decidedOn: c.decisionOn?.description ?? "", publishedOn: c.publishedOn?.description ?? "", withdrawn: withdrawn)
                }
        }
        return try await req.view.render(
            "enforcement/public",
            EnforcementPublicContext(
                layout: LayoutContext(req, title: "行政执法公示"),
                units: units.map { OptionContext(value: $0.code, label: $0.name, selected: $0.id == unit?.id) }, unitName: unit?.name ?? "",
                unitCode: unit?.code ?? "", powers: powers, spotChecks: spotChecks, officers: officers, decisions: decisions, total: total,
                pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: total)))
    }
}
