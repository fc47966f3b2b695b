import FazhiCore
import Fluent
import Vapor

/// 审计日志: the audit trail, newest first, with an on-demand check of the hash chain.
struct AuditController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "audit", policy: .viewAudit, use: index)
    }

    struct EventRow: Encodable {
        let seq: Int
        let at: String
        let actor: String
        let action: String
        let entityType: String
        let entityID: String
        let detail: String
        let hash: String
    }

    struct AuditContext: Encodable {
        let layout: LayoutContext
        let rows: [EventRow]
        let entityType: String
        let entityTypes: [OptionContext]
        let page: Int
        let previousHref: String?
        let nextHref: String?
        let verified: Bool
        let verifyOK: Bool
        let verifyMessage: String
    }

    static let entityLabels = [
        "task": "任务", "plan": "方案", "user": "用户", "api_token": "API 令牌", "calendar": "工作日历", "indicator_tree": "指标体系", "indicator": "指标",
        "assessment_cycle": "考评周期",
    ]
    static let actionLabels = [
        "create": "创建", "update": "修改", "import": "导入", "progress": "报送进展", "cancel": "取消", "reopen": "恢复",
        "login": "登录", "logout": "退出", "login_failed": "登录失败", "account_locked": "账户锁定", "unlock": "解锁",
        "recompute_due": "期限重新计算", "password_changed": "修改密码", "update_password": "重设密码", "revoke": "吊销", "delete": "删除", "copy": "复制",
        "freeze": "冻结", "publish": "公布",
    ]
    static let pageSize = 50

    @Sendable func index(req: Request) async throws -> View {
        let page = try req.pageNumber()
        let type = (try? req.query.get(String.self, at: "type")) ?? ""
        let query = AuditEvent.query(on: req.db)
        if !type.isEmpty { query.filter(\.$entityType == type) }
        let events = try await query.sort(\.$id, .descending).range((page - 1) * Self.pageSize..<page * Self.pageSize + 1).all()
        let names = try await ActorNames.lookup(events.map(\.actor), on: req.db)
        let rows = events.prefix(Self.pageSize).map { e in
            EventRow(
                seq: e.id!, at: TimeText.local(TimeText.parseISO(e.at)), actor: ActorNames.display(e.actor, known: names),
                action: Self.actionLabels[e.action] ?? e.action,
                entityType: Self.entityLabels[e.entityType] ?? e.entityType, entityID: e.entityID,
                detail: String((e.after ?? e.before ?? "").prefix(160)), hash: String(e.hash.prefix(12)))
        }
        var verified = false, ok = false, message = ""
        if (try? req.query.get(String.self, at: "verify")) == "1" {
            let result = try await AuditService.verify(on: req.db)
            verified = true
            ok = result.isIntact
            let head = try await AuditService.head(on: req.db)
            message =
                result.failure.map { "校验失败:\($0.message)" }
                ?? "哈希链完整:共 \(result.checked) 条事件,逐条校验通过。当前链头 \(head)(请另行保存,日后可用 fazhi audit verify --head 核对)。"
        }
        let base = "\(SiteURL.audit)?type=\(type)&page="
        return try await req.view.render(
            "audit",
            AuditContext(
                layout: LayoutContext(req, title: "审计日志", active: "audit"), rows: Array(rows), entityType: type,
                entityTypes: Self.entityLabels.sorted { $0.key < $1.key }.map {
                    OptionContext(value: $0.key, label: $0.value, selected: $0.key == type)
                },
                page: page, previousHref: page > 1 ? base + "\(page - 1)" : nil,
                nextHref: events.count > Self.pageSize ? base + "\(page + 1)" : nil,
                verified: verified, verifyOK: ok, verifyMessage: message))
    }
}
