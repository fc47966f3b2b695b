import FazhiCore
import Fluent
import FluentSQL
import Vapor

extension DatedItem.Kind {
    /// 督办件 the clock that runs now: 登记告知, 答复, 不满意件重办, 复查(复核), 整改.
    static let oversightItem = DatedItem.Kind(rawValue: "oversight_item", label: "督办件办理期限")
}

/// 行政监督 · 学法用法 · 法律顾问 · 谁执法谁普法 (arrangements 九, 十, 十一): supervision items from every
/// outside channel with their clocks and the satisfaction loop, legal study, the adviser pool with its
/// opinions and contract reviews, 普法 responsibility lists, and their indicators.
struct OversightModule: RegisterModule {
    let key = "oversight"
    let title = "监督与普法"
    let auditEntities: [AuditEntity] = [
        .oversightItem, .studySession, .studyPlan, .examResults, .legalAdviser, .adviserConsultation, .contractReview, .pufaList, .pufaActivity,
    ]
    let auditActions: [AuditAction] = AuditAction.oversight
    let auditFields: [String: String] = [
        "channel": "来源", "refNo": "编号", "title": "标题", "assigned": "交办日期", "due": "办理期限", "round": "办理轮次", "satisfaction": "满意度",
        "closed": "办结日期", "staffCount": "应学人数", "plannedSessions": "计划学法次数", "kind": "类型", "hours": "学时", "attendees": "参学人数",
        "rows": "人数", "passMark": "合格分数线", "firm": "律师事务所或部门", "contract": "聘期", "adviser": "法律顾问", "matter": "事项类别",
        "answered": "出具意见日期", "reviewed": "审查日期", "signed": "签订日期", "item": "清单事项", "score": "评议得分", "reach": "覆盖人次",
        "evidence": "佐证", "count": "件数",
    ]
    var auditValues: [String: [String: String]] {
        [
            "channel": Dictionary(uniqueKeysWithValues: OversightChannel.allCases.map { ($0.rawValue, $0.label) }),
            "satisfaction": Dictionary(uniqueKeysWithValues: Satisfaction.allCases.map { ($0.rawValue, $0.label) }),
            "matter": Dictionary(uniqueKeysWithValues: ConsultationMatter.allCases.map { ($0.rawValue, $0.label) }),
            "study_session.kind": Dictionary(uniqueKeysWithValues: StudyKind.allCases.map { ($0.rawValue, $0.label) }),
            "legal_adviser.kind": Dictionary(uniqueKeysWithValues: AdviserKind.allCases.map { ($0.rawValue, $0.label) }),
            "pufa_activity.kind": Dictionary(uniqueKeysWithValues: PufaActivityKind.allCases.map { ($0.rawValue, $0.label) }),
        ]
    }

    var migrations: [any Migration] { [CreateOversight(), AddAdviserDistrict()] }

    /// The local periods (`Resources/Registers/oversight.json`).
    func configure(_ app: Application) throws {
        try OversightConfig.settings.load(resources: app.directory.resourcesDirectory)
    }

    func routes(web: any RoutesBuilder, api: any RoutesBuilder, app: Application) throws {
        let mb = app.fazhi.maxUploadMB
        try web.register(collection: OversightPublicController())
        try web.register(collection: OversightIndicatorsController())
        try web.register(collection: StudyController(maxUploadMB: mb))
        try web.register(collection: AdviserController())
        try web.register(collection: PufaController())
        try web.register(collection: OversightController(maxUploadMB: mb))
        try api.register(collection: APIOversightIndicatorsController())
    }

    func menuEntry(_ req: Request) -> MenuEntry? {
        if req.may(.viewOversight) { return MenuEntry(key: key, label: title, href: "/oversight", after: "normative") }
        if req.may(.viewOversightRates) { return MenuEntry(key: key, label: "监督与普法指标", href: "/oversight/indicators", after: "normative") }
        return nil
    }

    func homePrompts(_ req: Request, user: CurrentUser, today: LocalDate, calendar: WorkCalendar) async throws -> [HomePrompt] {
        let scope = user.scope(.handleOversight)
        guard scope != .nothing else { return [] }
        let only = scope.andUnits("unit_id")
        let t = today.description, soon = today.adding(days: 7).description
        guard
            let row = try await req.db.sql().raw(
                """
                SELECT CAST(COALESCE(SUM(CASE WHEN due_on < \(bind: t) THEN 1 ELSE 0 END), 0) AS BIGINT) AS late,
                       CAST(COALESCE(SUM(CASE WHEN due_on >= \(bind: t) AND due_on <= \(bind: soon) THEN 1 ELSE 0 END), 0) AS BIGINT) AS soon,
                       CAST(COALESCE(SUM(CASE WHEN due_on IS NULL AND closed_on IS NULL AND first_replied_on IS NOT NULL AND channel <> 'audit' THEN 1 ELSE 0 END), 0) AS BIGINT) AS rating
                FROM oversight_items WHERE closed_on IS NULL\(only)
                """
            ).first()
        else { return [] }
        let late = try row.decode(column: "late", as: Int64.self), due = try row.decode(column: "soon", as: Int64.self)
        let rating = try row.decode(column: "rating", as: Int64.self)
        let who = scope.spansUnits ? "全区" : "本单位"
        var prompts: [HomePrompt] = []
        if late > 0 { prompts.append(.init(text: "\(who)有 \(late) 件督办件(建议、提案、信访等)已超过办理期限。", href: "/oversight?status=overdue", urgent: true)) }
        if due > 0 { prompts.append(.init(text: "\(who)有 \(due) 件督办件 7 日内到期。", href: "/oversight?status=open", urgent: false)) }
        if rating > 0, req.may(.manageOversight) {
            prompts.append(.init(text: "有 \(rating) 件已答复的督办件待记录满意度评价。", href: "/oversight?status=rating", urgent: false))
        }
        return prompts
    }

    var itemKinds: [DatedItem.Kind] { [.oversightItem] }

    var datedSources: [DatedSource] {
        [
            DatedSource(
                kind: .oversightItem,
                select: { horizon, _ in
                    """
                    SELECT id, id AS ref, unit_id, title AS label, due_kind AS detail, due_on AS due FROM oversight_items
                    WHERE due_on IS NOT NULL AND due_on <= \(bind: horizon.description)
                    """
                },
                item: { row in
                    let what =
                        switch row.detail {
                        case "register": "登记受理"
                        case "second_reply": "重新办理"
                        case "review": "复查(复核)"
                        case "rectify": "审计整改"
                        default: "答复"
                        }
                    return row.dueDate.map {
                        DatedItem(
                            kind: .oversightItem, key: "ov-\(row.detail):\(row.id.uuidString)", unitID: row.unitId, title: "督办件《\(row.label)》\(what)",
                            due: $0, href: "/oversight/items/\(row.id.uuidString)")
                    }
                })
        ]
    }

    func showsItems(to req: Request) -> Bool { req.may(.viewOversight) }

    var storedDeadlines: [any StoredDeadlineKeeper.Type] { [OversightDueDates.self] }

    /// The unit's figures for the year on its assessment work page, from the same counts as the indicators.
    func assessmentFacts(year: Int, unit: OrgNode, today: LocalDate, on db: any Database) async throws -> AssessmentFact? {
        let id = try unit.requireID()
        let (counts, _) = try await OversightIndicatorService.counts(year: year, today: today, scope: .unit(id), on: db)
        guard let c = counts[id], c != OversightCounts() else { return nil }
        let values = Dictionary(uniqueKeysWithValues: OversightRates.indicators(c).map { ($0.key, $0.text) })
        let names = Dictionary(uniqueKeysWithValues: OversightRates.definitions.map { ($0.key, $0.name) })
        let shown = OversightRates.definitions.map(\.key)
            .filter { values[$0] != "—" && values[$0] != "0 次" }
            .map { "\(names[$0] ?? $0) \(values[$0] ?? "")" }
        guard !shown.isEmpty else { return nil }
        return AssessmentFact(text: "监督与普法:" + shown.joined(separator: ";"), href: "/oversight/indicators?year=\(year)")
    }

    /// 法律顾问意见 on a decision or normative document: each opinion with its adviser and date.
    func recordNotes(for record: UUID, on db: any Database) async throws -> [RecordNote] {
        let opinions = try await AdviserConsultation.query(on: db).filter(\.$recordID == record).with(\.$adviser).sort(\.$answeredOn).limit(20).all()
        return opinions.map {
            RecordNote(label: "法律顾问意见", value: "\($0.answeredOn) \($0.adviser.name)(\($0.adviser.kind.label)):\($0.opinion)")
        }
    }

    func seedDemo(_ app: Application, history: Bool) async throws {
        try await OversightDemo.seed(app, history: history)
    }

    func growDemo(_ app: Application, factor: Int) async throws {
        try await OversightDemo.grow(app, factor: factor)
    }
}
