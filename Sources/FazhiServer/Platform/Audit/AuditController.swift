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
        /// The changed fields, named in Chinese (at most `shownChanges`, then how many more).
        let changes: [ChangeRow]
        let moreChanges: Int
        let hash: String
    }

    struct ChangeRow: Encodable {
        let field: String
        let before: String?
        let after: String?
    }

    static let shownChanges = 6
    static let shownValue = 60

    static func changeRows(_ event: AuditEvent, vocabulary: AuditVocabulary) -> (rows: [ChangeRow], more: Int) {
        let changes = AuditDiff.changes(before: event.before, after: event.after)
        func short(_ text: String?) -> String? { text.map { $0.count > shownValue ? $0.prefix(shownValue) + "…" : $0 } }
        func value(_ change: AuditDiff.Change, _ text: String?) -> String? {
            short(text.map { vocabulary.valueLabel(entity: event.entityType, field: change.field, value: $0) })
        }
        let rows = changes.prefix(shownChanges).map {
            ChangeRow(field: $0.field.isEmpty ? "内容" : vocabulary.fieldLabel($0.field), before: value($0, $0.before), after: value($0, $0.after))
        }
        return (Array(rows), max(0, changes.count - shownChanges))
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

    static let pageSize = 50

    @Sendable func index(req: Request) async throws -> View {
        let page = try req.pageNumber()
        let vocabulary = AuditVocabulary.all
        let type = (try? req.query.get(String.self, at: "type")) ?? ""
        let query = AuditEvent.query(on: req.db)
        // A district's log: its people's events; the city's: every event, the system's included.
        if let district = try req.requireUser().districtID { query.filter(\.$districtID == district) }
        if !type.isEmpty { query.filter(\.$entityType == type) }
        let events = try await query.sort(\.$id, .descending).range((page - 1) * Self.pageSize..<page * Self.pageSize + 1).all()
        let names = try await ActorNames.lookup(events.map(\.actor), on: req.db)
        let rows = try events.prefix(Self.pageSize).map { e in
            let changes = Self.changeRows(e, vocabulary: vocabulary)
            return EventRow(
                seq: try e.requireID(), at: TimeText.local(TimeText.parseISO(e.at)), actor: ActorNames.display(e.actor, known: names),
                action: vocabulary.actionLabel(e.action),
                entityType: vocabulary.entityLabel(e.entityType), entityID: e.entityID,
                changes: changes.rows, moreChanges: changes.more, hash: String(e.hash.prefix(12)))
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
            "audit/log",
            AuditContext(
                layout: LayoutContext(req, title: "审计日志", active: "audit"), rows: Array(rows), entityType: type,
                entityTypes: vocabulary.entities.map {
                    OptionContext(value: $0.code, label: $0.label, selected: $0.code == type)
                },
                page: page, previousHref: page > 1 ? base + "\(page - 1)" : nil,
                nextHref: events.count > Self.pageSize ? base + "\(page + 1)" : nil,
                verified: verified, verifyOK: ok, verifyMessage: message))
    }
}
