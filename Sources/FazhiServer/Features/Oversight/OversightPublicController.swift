import FazhiCore
import Fluent
import Vapor

/// 建议提案答复公开 (代表法第五十一条: 答复 results are made public): the published replies to 人大代表建议
/// and 政协提案, without sign-in. The submitter's name is masked.
struct OversightPublicController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "public", "oversight", policy: .viewPublic, use: list)
        routes.on(.GET, "public", "oversight", ":itemID", policy: .viewPublic, use: show)
    }

    struct Query: Content {
        var q: String?
        var year: Int?
    }

    static let pageSize = 50

    @Sendable func list(req: Request) async throws -> View {
        let query = (try? req.query.decode(Query.self)) ?? Query()
        let text = (query.q ?? "").trimmed
        if text.count > 50 { throw AppError.badRequest("检索词不能超过 50 个字符", field: "q") }
        if let y = query.year, !LocalDate.plausibleYears.contains(y) { throw AppError.badRequest("年度无效", field: "year") }
        let page = try req.pageNumber()
        var q = OversightItem.query(on: req.db).filter(\.$publishedOn != nil).filter(\.$channel ~~ [.deputy, .proposal])
            .scoped(try await Districts.scope(of: try await req.districtID(), on: req.db), unit: \.$unit.$id)
        if let y = query.year { q = q.filter(\.$year == y) }
        if !text.isEmpty {
            q = q.group(.or) { $0.filter(column: "title", containsLiterally: text).filter(column: "ref_no", containsLiterally: text) }
        }
        let total = try await q.copy().count()
        let items = try await q.with(\.$unit).sort(\.$publishedOn, .descending).sort(\.$refNo)
            .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        return try await req.view.render(
            "oversight/public-list",
            OversightPublicListContext(
                layout: LayoutContext(req, title: "人大代表建议和政协提案答复公开"),
                rows: items.map {
                    .init(
                        href: "/public/oversight/\(($0.id?.uuidString) ?? "")", channel: $0.channel.label, refNo: $0.refNo, title: $0.title,
                        unit: $0.unit.name, replied: $0.firstRepliedOn?.description ?? "")
                }, total: total, pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: total), query: text))
    }

    @Sendable func show(req: Request) async throws -> View {
        guard let id = req.parameters.get("itemID", as: UUID.self),
            let item = try await OversightItem.query(on: req.db).filter(\.$id == id).filter(\.$publishedOn != nil).with(\.$unit).first(),
            item.channel.publishesReplies
        else { throw AppError.notFound("答复") }
        let replies = try await OversightReply.query(on: req.db).filter(\.$item.$id == id).sort(\.$round).all()
        return try await req.view.render(
            "oversight/public-item",
            OversightPublicItemContext(
                layout: LayoutContext(req, title: item.title), channel: item.channel.label, refNo: item.refNo, title: item.title,
                submitter: item.submitter.isEmpty ? "" : PersonName.masked(item.submitter, naturalPerson: true), unit: item.unit.name,
                assigned: item.assignedOn.description,
                replies: replies.map { .init(round: $0.round, repliedOn: $0.repliedOn.description, result: $0.result, content: $0.content) }))
    }
}

struct OversightPublicListContext: Encodable {
    struct Row: Encodable {
        let href: String
        let channel: String
        let refNo: String
        let title: String
        let unit: String
        let replied: String
    }

    let layout: LayoutContext
    let rows: [Row]
    let total: Int
    let pages: PageLinks
    let query: String
}

struct OversightPublicItemContext: Encodable {
    struct Reply: Encodable {
        let round: Int
        let repliedOn: String
        let result: String
        let content: String
    }

    let layout: LayoutContext
    let channel: String
    let refNo: String
    let title: String
    let submitter: String
    let unit: String
    let assigned: String
    let replies: [Reply]
}
