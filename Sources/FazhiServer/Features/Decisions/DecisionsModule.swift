import FazhiCore
import Fluent
import FluentSQL
import Vapor

extension DatedItem.Kind {
    /// 目录事项 a catalogue item whose planned completion has come without an adopted decision.
    static let decisionPlanned = DatedItem.Kind(rawValue: "decision_planned", label: "决策目录事项")
}

/// 重大行政决策 (《重大行政决策程序暂行条例》): the yearly catalogue, decisions with the five statutory
/// procedures as gates, the expert pool, public consultation with receipts and feedback, and the
/// steps after adoption, as one register module.
struct DecisionsModule: RegisterModule {
    let key = "decisions"
    let title = "重大行政决策"
    let auditEntities: [AuditEntity] = [.decisionCatalogue, .decision, .decisionExpert, .consultationOpinion]
    let auditActions: [AuditAction] = AuditAction.decisions
    let auditFields: [String: String] = [
        "number": "编号", "title": "名称", "category": "类别", "startedOn": "启动日期", "exempt": "不适用的程序", "comment": "征求意见期间", "hearing": "听证会",
        "risk": "风险评估报告", "legalSubmitted": "送审日期", "legalResult": "审查结论", "meeting": "会议日期", "adopted": "决策日期", "published": "公布日期",
        "feedback": "意见反馈", "evaluated": "后评估", "archived": "归档", "partyApprovedOn": "党委同意日期", "publishedOn": "公布日期", "publishBy": "应公布日期",
        "plannedOn": "计划完成时间", "unit": "承办单位",
    ]
    var auditValues: [String: [String: String]] {
        [
            "category": Dictionary(uniqueKeysWithValues: DecisionCategory.allCases.map { ($0.rawValue, $0.label) }),
            "legalResult": Dictionary(uniqueKeysWithValues: LegalityResult.allCases.map { ($0.rawValue, $0.label) }),
        ]
    }

    var migrations: [any Migration] { [CreateDecisions(), AddDecisionDistricts()] }

    func routes(web: any RoutesBuilder, api: any RoutesBuilder, app: Application) throws {
        try web.register(collection: DecisionPublicController())
        try web.register(collection: DecisionCatalogueController())
        try web.register(collection: DecisionController())
        try web.register(collection: DecisionIndicatorsController())
        try api.register(collection: APIDecisionIndicatorsController())
    }

    func menuEntry(_ req: Request) -> MenuEntry? {
        if req.may(.viewDecisions) { return MenuEntry(key: key, label: title, href: "/decisions", after: "enforcement") }
        if req.may(.viewDecisionRates) { return MenuEntry(key: key, label: "决策和文件指标", href: "/decisions/indicators", after: "enforcement") }
        return nil
    }

    func homePrompts(_ req: Request, user: CurrentUser, today: LocalDate, calendar: WorkCalendar) async throws -> [HomePrompt] {
        let scope = user.scope(.handleDecision)
        guard scope != .nothing else { return [] }
        // One query for every prompt: what the unit (or, for the office, the district) must act on.
        let only: SQLQueryString = scope.unitCondition("lead_unit_id").map { " WHERE \($0)" } ?? ""
        let today = today.description
        guard
            let row = try await req.db.sql().raw(
                """
                SELECT CAST(COALESCE(SUM(CASE WHEN legal_result = 'failed' AND adopted_on IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS failed,
                       CAST(COALESCE(SUM(CASE WHEN comment_until < \(bind: today) AND feedback_on IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS feedback,
                       CAST(COALESCE(SUM(CASE WHEN legal_submitted_on IS NOT NULL AND legal_result IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS pending
                FROM decisions\(only)
                """
            ).first()
        else { return [] }
        let failed = try row.decode(column: "failed", as: Int64.self)
        let feedback = try row.decode(column: "feedback", as: Int64.self)
        let pending = try row.decode(column: "pending", as: Int64.self)
        var prompts: [HomePrompt] = []
        if failed > 0 {
            prompts.append(.init(text: "有 \(failed) 项重大行政决策的合法性审查意见为不合法,修改后重新送审。", href: "/decisions?stage=review", urgent: true))
        }
        if feedback > 0 {
            prompts.append(.init(text: "有 \(feedback) 项决策草案征求意见已截止,请归类答复公众意见并公布反馈。", href: "/decisions", urgent: false))
        }
        if pending > 0, req.may(.governDecisions) {
            prompts.append(.init(text: "有 \(pending) 项重大行政决策草案待合法性审查(一般不少于7个工作日)。", href: "/decisions?stage=review", urgent: false))
        }
        return prompts
    }

    var itemKinds: [DatedItem.Kind] { [.decisionPlanned] }

    /// A catalogue item due by its planned date: until its decision is adopted, the lead unit hears
    /// of it on the ladder.
    var datedSources: [DatedSource] {
        [
            DatedSource(
                kind: .decisionPlanned,
                select: { horizon, _ in
                    """
                    SELECT i.id, i.id AS ref, i.lead_unit_id AS unit_id, i.title AS label, '' AS detail, i.planned_on AS due
                    FROM decision_catalogue_items i LEFT JOIN decisions d ON d.item_id = i.id
                    WHERE d.adopted_on IS NULL AND i.planned_on <= \(bind: horizon.description)
                    """
                },
                item: { row in
                    row.dueDate.map {
                        DatedItem(
                            kind: .decisionPlanned, key: "jc-plan:\(row.id.uuidString)", unitID: row.unitId,
                            title: "决策目录事项“\(row.label)”计划 \(row.due) 前完成决策", due: $0, href: "/decisions/catalogue?year=\($0.year)")
                    }
                })
        ]
    }

    func showsItems(to req: Request) -> Bool { req.may(.viewDecisions) }

    /// The unit's indicators of decisions and normative documents for the year (供赋分参考).
    func assessmentFacts(year: Int, unit: OrgNode, today: LocalDate, on db: any Database) async throws -> AssessmentFact? {
        let unitID = try unit.requireID()
        guard let counts = try await DecisionIndicatorService.counts(year: year, today: today, scope: .unit(unitID), on: db).units[unitID] else {
            return nil
        }
        let parts = zip(DecisionRates.definitions, DecisionRates(counts).all).enumerated().compactMap { i, pair -> String? in
            guard i != 0, i != 6, pair.1.denominator > 0 else { return nil }
            return "\(pair.0.name) \(pair.1.text)(\(pair.1.numerator)/\(pair.1.denominator))"
        }
        guard !parts.isEmpty else { return nil }
        return AssessmentFact(text: "重大行政决策和规范性文件:" + parts.joined(separator: ",") + "。", href: "/decisions/indicators?year=\(year)")
    }

    func seedDemo(_ app: Application, history: Bool) async throws {
        try await DecisionsDemo.seed(app, history: history)
    }
}
