import FazhiCore
import Fluent
import FluentSQL
import Vapor

extension DatedItem.Kind {
    /// 办案期限 a penalty's 90 days (《行政处罚法》第六十条) or a licence's 20 working days (《行政许可法》第四十二条).
    static let enforcementDecision = DatedItem.Kind(rawValue: "enforcement_decision", label: "执法办案期限")
    /// 执法决定公示 within 7 or 20 working days (国办发〔2018〕118号), or its withdrawal within 3 (第四十八条).
    static let enforcementPublish = DatedItem.Kind(rawValue: "enforcement_publish", label: "执法决定公示")
    /// 执法证到期 a certificate to renew before it lapses.
    static let enforcementCertificate = DatedItem.Kind(rawValue: "enforcement_certificate", label: "执法证到期")
}

/// 行政执法: officers and their certificates, the units' public lists, cases with the three systems
/// (公示、全过程记录、法制审核), as one register module — routes, menu, home prompts, the units'
/// clocks and lapsing certificates on the escalation ladder, stored dates, demo data and schema.
struct EnforcementModule: RegisterModule {
    let key = "enforcement"
    let title = "行政执法"
    let auditEntities: [AuditEntity] = [.enforcementOfficer, .enforcementMatter, .enforcementCase]
    let auditActions: [AuditAction] = AuditAction.enforcement
    let auditFields = AuditAction.enforcementFields
    var auditValues: [String: [String: String]] {
        func labels<E: RawRepresentable & CaseIterable>(_ type: E.Type, _ label: (E) -> String) -> [String: String] where E.RawValue == String {
            Dictionary(uniqueKeysWithValues: E.allCases.map { ($0.rawValue, label($0)) })
        }
        return [
            "type": labels(EnforcementCaseType.self, \.label), "caseType": labels(EnforcementCaseType.self, \.label),
            "status": labels(OfficerStatus.self, \.label), "reviewResult": labels(LegalReviewResult.self, \.label),
            "outcome": labels(EnforcementOutcome.self) { $0.label(for: .other) }, "kind": labels(MatterKind.self, \.label),
            "step": labels(EnforcementRecordStep.self, \.label),
        ]
    }

    var migrations: [any Migration] { [CreateEnforcement(), AddFileReviewDistrict()] }

    /// The training requirement and certificate warnings (`Resources/Registers/enforcement.json`).
    func configure(_ app: Application) throws {
        try EnforcementConfig.load(resources: app.directory.resourcesDirectory)
    }

    func routes(web: any RoutesBuilder, api: any RoutesBuilder, app: Application) throws {
        try web.register(collection: EnforcementPublicController())
        try web.register(collection: OfficerController())
        try web.register(collection: EnforcementController())
        try web.register(collection: EnforcementRatesController())
        try web.register(collection: CaseFileReviewController())
        try web.register(collection: EnforcementImportController(maxUploadMB: app.fazhi.maxUploadMB))
        try api.register(collection: APIEnforcementRatesController())
    }

    func menuEntry(_ req: Request) -> MenuEntry? {
        if req.may(.viewEnforcement) { return MenuEntry(key: key, label: title, href: "/enforcement", after: "reconsideration") }
        if req.may(.viewEnforcementRates) { return MenuEntry(key: key, label: "执法指标", href: "/enforcement/rates", after: "reconsideration") }
        return nil
    }

    func homePrompts(_ req: Request, user: CurrentUser, today: LocalDate, calendar: WorkCalendar) async throws -> [HomePrompt] {
        let scope = user.scope(.viewEnforcement)
        guard scope != .nothing else { return [] }
        let load = try await EnforcementStats.workload(scope: scope, today: today, on: req.db)
        let who = scope.spansUnits ? "全区" : "本单位"
        var prompts: [HomePrompt] = []
        if load.decisionOverdue > 0 {
            prompts.append(
                .init(text: "\(who)有 \(load.decisionOverdue) 件行政执法案件超过办案期限仍未作出决定。", href: "/enforcement?state=decision_overdue", urgent: true))
        }
        if load.publishOverdue > 0 {
            prompts.append(
                .init(
                    text: "\(who)有 \(load.publishOverdue) 件执法决定超过公示期限仍未公示(行政许可、行政处罚 7 个工作日,其他 20 个工作日)。",
                    href: "/enforcement?state=publish_overdue", urgent: true))
        }
        if load.withdrawOverdue > 0 {
            prompts.append(
                .init(
                    text: "\(who)有 \(load.withdrawOverdue) 件已被变更或撤销的决定超过三个工作日仍未撤回公示(《行政处罚法》第四十八条)。",
                    href: "/enforcement?state=withdraw_due", urgent: true))
        }
        if load.certificatesLapsed > 0 {
            prompts.append(
                .init(
                    text: "\(who)有 \(load.certificatesLapsed) 名在岗执法人员的执法证已过期,不得从事执法活动。", href: "/enforcement/officers?state=lapsed",
                    urgent: true))
        } else if load.certificatesExpiring > 0 {
            prompts.append(
                .init(
                    text:
                        "\(who)有 \(load.certificatesExpiring) 名执法人员的执法证将在 \(EnforcementConfig.active.certificateWarningDays.first ?? 90) 日内到期,请安排换证。",
                    href: "/enforcement/officers?state=expiring", urgent: false))
        }
        return prompts
    }

    var itemKinds: [DatedItem.Kind] { [.enforcementDecision, .enforcementPublish, .enforcementCertificate] }

    /// The units' clocks and their certificates. A certificate gives one item per warning distance
    /// (90 and 30 days before expiry by default), due on that day: the liaison hears of it shortly
    /// before, and if the certificate is still not renewed, the ladder climbs from there.
    var datedSources: [DatedSource] {
        func caseItem(_ kind: DatedItem.Kind, _ prefix: String, _ title: @escaping @Sendable (DatedRow) -> String)
            -> @Sendable (DatedRow) -> DatedItem?
        {
            { row in
                row.dueDate.map {
                    DatedItem(
                        kind: kind, key: "\(prefix):\(row.id.uuidString)", unitID: row.unitId, title: title(row), due: $0,
                        href: "/enforcement/\(row.id.uuidString)")
                }
            }
        }
        var sources = [
            DatedSource(
                kind: .enforcementDecision,
                select: { horizon, _ in
                    """
                    SELECT id, id AS ref, unit_id, number AS label, title AS detail, decision_due_on AS due FROM enforcement_cases
                    WHERE decision_on IS NULL AND closed_on IS NULL AND decision_due_on <= \(bind: horizon.description)
                    """
                }, item: caseItem(.enforcementDecision, "zf-decision", { "执法案件 \($0.label) 作出决定" })),
            DatedSource(
                kind: .enforcementPublish,
                select: { horizon, _ in
                    """
                    SELECT id, id AS ref, unit_id, number AS label, CASE WHEN revoked_on IS NULL THEN '' ELSE 'withdraw' END AS detail,
                           publish_due_on AS due FROM enforcement_cases
                    WHERE publish_due_on IS NOT NULL AND publish_due_on <= \(bind: horizon.description)
                    """
                }, item: caseItem(.enforcementPublish, "zf-publish", { $0.detail == "withdraw" ? "执法决定 \($0.label) 撤回公示" : "执法决定 \($0.label) 公示" })),
        ]
        // The reminders 90 and 30 days before expiry: each is due on its warning day and stands only
        // until that day (a reminder, not an obligation, so it never climbs the ladder).
        for (column, prefix, rank) in [("warn_first_on", "zf-cert1", 0), ("warn_second_on", "zf-cert2", 1)] {
            sources.append(
                DatedSource(
                    kind: .enforcementCertificate,
                    select: { horizon, today in
                        """
                        SELECT id, id AS ref, unit_id, name AS label, valid_until AS detail, \(unsafeRaw: column) AS due FROM enforcement_officers
                        WHERE status = 'active' AND \(unsafeRaw: column) <= \(bind: horizon.description) AND \(unsafeRaw: column) >= \(bind: today.description)
                        """
                    },
                    item: { row in
                        row.dueDate.map {
                            let days = EnforcementConfig.active.certificateWarningDays
                            let ahead = rank < days.count ? "(提前 \(days[rank]) 日提醒)" : ""
                            return DatedItem(
                                kind: .enforcementCertificate, key: "\(prefix):\(row.id.uuidString):\(row.detail)", unitID: row.unitId,
                                title: "执法人员 \(row.label) 的执法证将于 \(row.detail) 到期\(ahead),请安排换证", due: $0,
                                href: "/enforcement/officers/\(row.id.uuidString)")
                        }
                    }))
        }
        // The expiry itself: an officer still in post after it may not act; this one climbs the ladder
        // until the certificate is renewed or the officer taken off duty.
        sources.append(
            DatedSource(
                kind: .enforcementCertificate,
                select: { horizon, _ in
                    """
                    SELECT id, id AS ref, unit_id, name AS label, valid_until AS detail, valid_until AS due FROM enforcement_officers
                    WHERE status = 'active' AND valid_until <= \(bind: horizon.description)
                    """
                },
                item: { row in
                    row.dueDate.map {
                        DatedItem(
                            kind: .enforcementCertificate, key: "zf-cert:\(row.id.uuidString):\(row.detail)", unitID: row.unitId,
                            title: "执法人员 \(row.label) 的执法证 \(row.detail) 到期:到期后不得从事执法活动,请换证或调整岗位", due: $0,
                            href: "/enforcement/officers/\(row.id.uuidString)")
                    }
                }))
        return sources
    }

    func showsItems(to req: Request) -> Bool { req.may(.viewEnforcement) }

    /// The unit's six indicators for the year, for the assessors' reference (供赋分参考).
    func assessmentFacts(year: Int, unit: OrgNode, today: LocalDate, on db: any Database) async throws -> AssessmentFact? {
        let unitID = try unit.requireID()
        guard let counts = try await EnforcementIndicatorService.counts(year: year, today: today, scope: .unit(unitID), on: db)[unitID] else {
            return nil
        }
        let r = EnforcementIndicatorService.rates(counts)
        let parts = zip(EnforcementRates.definitions, r.all).map { "\($0.name) \($1.text)(\($1.numerator)/\($1.denominator))" }
        return AssessmentFact(text: "行政执法:" + parts.joined(separator: ",") + "。", href: "/enforcement/rates?year=\(year)")
    }

    /// Table 2's 行政许可、行政处罚、行政强制 rows of the 依申请公开 annual report: the decisions of the
    /// year (准予和不予, not 撤销立案), once the register holds any decision of the year for the unit
    /// (or the district); before that the report keeps its manual entries.
    func reportCells(_ part: ReportPart, year: Int, scope: RowScope, on db: any Database) async throws -> ReportCells? {
        guard part == .goiTable2Decisions else { return nil }
        let first = "\(year)-01-01", last = "\(year)-12-31"
        let only = scope.andUnits("unit_id")
        let rows = try await db.sql().raw(
            """
            SELECT type, COUNT(*) AS n FROM enforcement_cases
            WHERE decision_on >= \(bind: first) AND decision_on <= \(bind: last) AND outcome IN ('taken', 'not_taken')\(only)
            GROUP BY type
            """
        ).all()
        guard !rows.isEmpty else { return nil }
        var counts: [String: Int] = [:]
        for row in rows { counts[try row.decode(column: "type", as: String.self)] = Int(try row.decode(column: "n", as: Int64.self)) }
        return ReportCells(
            values: [
                "t2.licensing.decisions": String(counts[EnforcementCaseType.licensing.rawValue] ?? 0),
                "t2.penalty.decisions": String(counts[EnforcementCaseType.penalty.rawValue] ?? 0),
                "t2.coercion.decisions": String(counts[EnforcementCaseType.coercion.rawValue] ?? 0),
            ], source: "行政执法登记簿")
    }

    var storedDeadlines: [any StoredDeadlineKeeper.Type] { [EnforcementDueDates.self] }

    func seedDemo(_ app: Application, history: Bool) async throws {
        try await EnforcementDemo.seed(app, history: history)
    }
}
