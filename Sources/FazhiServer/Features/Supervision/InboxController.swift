import FazhiCore
import FazhiOffice
import Fluent
import Vapor

/// 我的提醒: the signed-in user's notifications, newest first; opening one marks it read.
struct InboxController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("inbox")
        r.on(.GET, policy: .useAccount, use: index)
        r.on(.GET, "export.xlsx", policy: .useAccount, use: export)
        r.on(.POST, "read", policy: .useAccount, use: readAll)
        r.on(.GET, ":itemID", "open", policy: .useAccount, use: open)
    }

    private func items(_ req: Request, unreadOnly: Bool) async throws -> [InboxItem] {
        let user = try req.requireUser()
        var query = InboxItem.query(on: req.db).filter(\.$user.$id == user.id).sort(\.$createdAt, .descending).sort(\.$title)
        if unreadOnly { query = query.filter(\.$readAt == nil) }
        return try await query.limit(500).all()
    }

    @Sendable func index(req: Request) async throws -> View {
        let unreadOnly = (try? req.query.get(String.self, at: "unread")) == "1"
        let list = try await items(req, unreadOnly: unreadOnly)
        return try await req.view.render(
            "supervision/inbox",
            InboxContext(
                layout: LayoutContext(req, title: "我的提醒", active: ""),
                items: list.map {
                    .init(
                        id: try $0.requireID().uuidString, title: $0.title, body: $0.body, href: "/inbox/\(try $0.requireID().uuidString)/open",
                        kind: Self.kindLabel($0.kind), at: TimeText.local($0.createdAt), unread: $0.readAt == nil)
                },
                unreadOnly: unreadOnly, total: list.count))
    }

    @Sendable func export(req: Request) async throws -> Response {
        let list = try await items(req, unreadOnly: false)
        let rows: [[XLSX.Cell]] =
            [["时间", "类型", "提醒", "内容", "状态"].map { .text($0) }]
            + list.map {
                [
                    .text(TimeText.local($0.createdAt)), .text(Self.kindLabel($0.kind)), .text($0.title), .text($0.body),
                    .text($0.readAt == nil ? "未读" : "已读"),
                ]
            }
        return .download(
            try XLSX.write([XLSX.Sheet(name: "我的提醒", rows: rows, widths: [18, 12, 40, 80, 8])]), name: "我的提醒.xlsx",
            type: Response.xlsxType, fallback: "inbox.xlsx")
    }

    @Sendable func readAll(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try await InboxItem.query(on: req.db).filter(\.$user.$id == user.id).filter(\.$readAt == nil).set(\.$readAt, to: req.clock.now()).update()
        return req.redirect(to: "/inbox?notice=read")
    }

    /// Marks one of one's own notifications read and goes to what it is about.
    @Sendable func open(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let id = req.parameters.get("itemID", as: UUID.self),
            let item = try await InboxItem.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == user.id).first()
        else {
            throw AppError.notFound("提醒")
        }
        if item.readAt == nil {
            item.readAt = req.clock.now()
            try await item.update(on: req.db)
        }
        return req.redirect(to: item.href.hasPrefix("/") ? item.href : "/inbox")
    }

    /// The inbox's column 类型: a dated item's kind, or a calendar recomputation.
    static func kindLabel(_ raw: String) -> String {
        raw == "calendar" ? "期限重新计算" : RegisterModules.itemKind(raw)?.label ?? ""
    }
}
