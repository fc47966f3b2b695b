import FazhiCore
import Fluent
import FluentSQL
import Vapor

extension DatedItem.Kind {
    /// 合法性审核期限 (最长不超过 15 个工作日, configurable).
    static let normativeReview = DatedItem.Kind(rawValue: "normative_review", label: "规范性文件审核期限")
    /// 报备期限 (印发之日起 30 日, configurable).
    static let normativeFiling = DatedItem.Kind(rawValue: "normative_filing", label: "规范性文件报备")
    /// 到期前评估 (有效期届满前 6 个月).
    static let normativeEvaluation = DatedItem.Kind(rawValue: "normative_evaluation", label: "规范性文件到期评估")
}

/// 行政规范性文件: drafting to filing with the review and filing clocks, validity with the evaluation
/// before expiry, clean-up rounds, the public library, and table 2's 规范性文件 row of the 政府信息公开
/// annual report.
struct NormativeModule: RegisterModule {
    let key = "normative"
    let title = "规范性文件"
    let auditEntities: [AuditEntity] = [.normativeDocument, .normativeCleanup]
    let auditActions: [AuditAction] = AuditAction.normative
    let auditFields: [String: String] = [
        "title": "名称", "regNo": "登记编号", "docNo": "文号", "comment": "征求意见期间", "reviewSubmitted": "送审日期", "reviewResult": "审核结论",
        "collective": "集体审议", "issued": "印发日期", "published": "发布日期", "effective": "施行日期", "validUntil": "有效期至", "filed": "报备日期",
        "filingResult": "备案审查结果", "evaluated": "评估日期", "ended": "废止(失效)日期", "endKind": "废止类型", "startedOn": "开始日期", "dueOn": "计划完成",
        "documents": "文件数", "items": "结论数", "publishedOn": "公布日期",
    ]
    var auditValues: [String: [String: String]] {
        [
            "reviewResult": Dictionary(uniqueKeysWithValues: NormativeReviewResult.allCases.map { ($0.rawValue, $0.label) }),
            "filingResult": Dictionary(uniqueKeysWithValues: FilingResult.allCases.map { ($0.rawValue, $0.label) }),
            "endKind": Dictionary(uniqueKeysWithValues: CleanupConclusion.allCases.map { ($0.rawValue, $0.label) }),
        ]
    }

    var migrations: [any Migration] { [CreateNormative(), AddCleanupDistrict()] }

    /// The local periods and the number pattern (`Resources/Registers/normative.json`).
    func configure(_ app: Application) throws {
        try NormativeConfig.settings.load(resources: app.directory.resourcesDirectory)
    }

    func routes(web: any RoutesBuilder, api: any RoutesBuilder, app: Application) throws {
        try web.register(collection: NormativePublicController())
        try web.register(collection: NormativeCleanupController())
        try web.register(collection: NormativeController())
        try api.register(collection: APINormativeController())
    }

    func menuEntry(_ req: Request) -> MenuEntry? {
        req.may(.viewNormative) ? MenuEntry(key: key, label: title, href: "/normative", after: "decisions") : nil
    }

    func homePrompts(_ req: Request, user: CurrentUser, today: LocalDate, calendar: WorkCalendar) async throws -> [HomePrompt] {
        let scope = user.scope(.handleNormative)
        guard scope != .nothing else { return [] }
        let only = scope.andUnits("unit_id")
        let t = today.description, soon = today.adding(days: 31).description
        guard
            let row = try await req.db.sql().raw(
                """
                SELECT CAST(COALESCE(SUM(CASE WHEN filing_due_on < \(bind: t) THEN 1 ELSE 0 END), 0) AS BIGINT) AS late,
                       CAST(COALESCE(SUM(CASE WHEN evaluation_due_on <= \(bind: soon) AND valid_until >= \(bind: t) THEN 1 ELSE 0 END), 0) AS BIGINT) AS evaluate,
                       CAST(COALESCE(SUM(CASE WHEN review_due_on IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS reviewing
                FROM normative_documents WHERE ended_on IS NULL\(only)
                """
            ).first()
        else { return [] }
        let late = try row.decode(column: "late", as: Int64.self), evaluate = try row.decode(column: "evaluate", as: Int64.self)
        let reviewing = try row.decode(column: "reviewing", as: Int64.self)
        var prompts: [HomePrompt] = []
        let who = scope.spansUnits ? "全区" : "本单位"
        if late > 0 { prompts.append(.init(text: "\(who)有 \(late) 件规范性文件超过报备期限仍未报备。", href: "/normative?status=filing_late", urgent: true)) }
        if evaluate > 0 {
            prompts.append(.init(text: "\(who)有 \(evaluate) 件规范性文件临近有效期届满,请评估是否继续施行。", href: "/normative?status=expiring", urgent: false))
        }
        if reviewing > 0, req.may(.reviewNormative) {
            prompts.append(.init(text: "有 \(reviewing) 件规范性文件待合法性审核。", href: "/normative?status=review", urgent: false))
        }
        return prompts
    }

    var itemKinds: [DatedItem.Kind] { [.normativeReview, .normativeFiling, .normativeEvaluation] }

    var datedSources: [DatedSource] {
        /// `lapsing`: the evaluation before expiry stands only while the document is still valid; once
        /// its validity has run out, there is nothing left to evaluate.
        func source(
            _ kind: DatedItem.Kind, _ column: String, _ prefix: String, lapsing: Bool = false, _ title: @escaping @Sendable (String) -> String
        ) -> DatedSource {
            DatedSource(
                kind: kind,
                select: { horizon, today in
                    let valid: SQLQueryString = lapsing ? " AND valid_until >= \(bind: today.description)" : ""
                    return """
                        SELECT id, id AS ref, unit_id, title AS label, '' AS detail, \(unsafeRaw: column) AS due FROM normative_documents
                        WHERE \(unsafeRaw: column) IS NOT NULL AND \(unsafeRaw: column) <= \(bind: horizon.description)\(valid)
                        """
                },
                item: { row in
                    row.dueDate.map {
                        DatedItem(
                            kind: kind, key: "\(prefix):\(row.id.uuidString)", unitID: row.unitId, title: title(row.label), due: $0,
                            href: "/normative/\(row.id.uuidString)")
                    }
                })
        }
        return [
            source(.normativeReview, "review_due_on", "gf-review") { "规范性文件《\($0)》合法性审核" },
            source(.normativeFiling, "filing_due_on", "gf-filing") { "规范性文件《\($0)》报备" },
            source(.normativeEvaluation, "evaluation_due_on", "gf-evaluate", lapsing: true) { "规范性文件《\($0)》到期前评估" },
        ]
    }

    func showsItems(to req: Request) -> Bool { req.may(.viewNormative) }

    /// Table 2's 行政规范性文件 row: issued in the year, repealed (or declared void) in the year, in
    /// force at the year's end — once the register holds a published document.
    func reportCells(_ part: ReportPart, year: Int, scope: RowScope, on db: any Database) async throws -> ReportCells? {
        guard part == .goiTable2Normative else { return nil }
        let first = "\(year)-01-01", last = "\(year)-12-31"
        let only = scope.andUnits("unit_id")
        guard
            let row = try await db.sql().raw(
                """
                SELECT CAST(COALESCE(SUM(CASE WHEN issued_on >= \(bind: first) AND issued_on <= \(bind: last) THEN 1 ELSE 0 END), 0) AS BIGINT) AS issued,
                       CAST(COALESCE(SUM(CASE WHEN ended_on >= \(bind: first) AND ended_on <= \(bind: last) THEN 1 ELSE 0 END), 0) AS BIGINT) AS repealed,
                       CAST(COALESCE(SUM(CASE WHEN published_on <= \(bind: last) AND effective_on <= \(bind: last) AND (ended_on IS NULL OR ended_on > \(bind: last))
                           AND (valid_until IS NULL OR valid_until >= \(bind: last)) THEN 1 ELSE 0 END), 0) AS BIGINT) AS valid,
                       COUNT(published_on) AS any_published
                FROM normative_documents WHERE published_on IS NOT NULL\(only)
                """
            ).first(), try row.decode(column: "any_published", as: Int64.self) > 0
        else { return nil }
        return ReportCells(
            values: [
                "t2.normative.issued": String(try row.decode(column: "issued", as: Int64.self)),
                "t2.normative.repealed": String(try row.decode(column: "repealed", as: Int64.self)),
                "t2.normative.valid": String(try row.decode(column: "valid", as: Int64.self)),
            ], source: "规范性文件登记簿")
    }

    func seedDemo(_ app: Application, history: Bool) async throws {
        try await NormativeDemo.seed(app, history: history)
    }
}
