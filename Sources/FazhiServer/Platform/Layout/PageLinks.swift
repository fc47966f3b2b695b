import Vapor

/// 分页 the links of a paged list: the request's own query with only `page` changed, so filters
/// are kept from page to page.
struct PageLinks: Encodable {
    let page: Int
    let pages: Int
    let total: Int
    /// 第 from–to 条
    let from: Int
    let to: Int
    let previousHref: String?
    let nextHref: String?

    init(_ req: Request, page: Int, pageSize: Int, total: Int) {
        self.page = page
        self.total = total
        pages = max(1, (total + pageSize - 1) / pageSize)
        from = total == 0 ? 0 : min(total, (page - 1) * pageSize + 1)
        to = min(total, page * pageSize)
        var components = URLComponents()
        components.path = req.url.path
        let kept = (URLComponents(string: req.url.string)?.queryItems ?? []).filter { $0.name != "page" }
        func href(_ n: Int) -> String {
            var c = components
            c.queryItems = kept + [URLQueryItem(name: "page", value: String(n))]
            return c.string ?? req.url.path
        }
        previousHref = page > 1 ? href(min(page - 1, pages)) : nil
        nextHref = page < pages ? href(page + 1) : nil
    }
}
