import FazhiCore
import Fluent
import FluentSQL
import Vapor

extension DatedItem.Kind {
    /// 被申请人答复 a respondent unit's answer in a reconsideration (《行政复议法》第四十八条).
    static let reconsiderationAnswer = DatedItem.Kind(rawValue: "reconsideration_answer", label: "行政复议答复")
    /// 意见书纠正情况 the correction report under a 行政复议意见书 (第七十六条).
    static let reconsiderationOpinion = DatedItem.Kind(rawValue: "reconsideration_opinion", label: "复议意见书回复")
    /// 答辩 a defendant unit's answer and evidence (《行政诉讼法》第六十七条).
    static let lawsuitAnswer = DatedItem.Kind(rawValue: "lawsuit_answer", label: "行政诉讼答辩")
    /// 开庭 a hearing: name the head who appears, then record who did.
    static let lawsuitHearing = DatedItem.Kind(rawValue: "lawsuit_hearing", label: "出庭应诉")
    /// 司法建议回复.
    static let lawsuitSuggestion = DatedItem.Kind(rawValue: "lawsuit_suggestion", label: "司法建议回复")
}

/// 行政复议·应诉: reconsideration cases the district government decides and lawsuits its units
/// defend, as one register module — routes, menu, home prompts, the units' due steps on the
/// escalation ladder, rates on the assessment page, stored dates, demo cases, table 4 of the
/// 依申请公开 annual report, and schema.
struct ReconsiderationModule: RegisterModule {
    let key = "reconsideration"
    let title = "行政复议·应诉"
    let auditEntities: [AuditEntity] = [.reconsiderationCase, .lawsuitCase]
    let auditActions: [AuditAction] = AuditAction.reconsideration
    let auditFields = AuditAction.reconsiderationFields
    var auditValues: [String: [String: String]] {
        func labels<E: RawRepresentable & CaseIterable>(_ type: E.Type, _ label: (E) -> String) -> [String: String] where E.RawValue == String {
            Dictionary(uniqueKeysWithValues: E.allCases.map { ($0.rawValue, label($0)) })
        }
        let rc = AuditEntity.reconsiderationCase.code, ls = AuditEntity.lawsuitCase.code
        return [
            "\(rc).decision": labels(ReconsiderationDecision.self, \.label), "\(rc).procedure": labels(ReconsiderationProcedure.self, \.label),
            "\(rc).category": labels(ContestedActCategory.self, \.label), "\(ls).category": labels(ContestedActCategory.self, \.label),
            "\(ls).firstOutcome": labels(JudgmentOutcome.self, \.label), "\(ls).secondOutcome": labels(SecondInstanceOutcome.self, \.label),
            "\(ls).appealedBy": ["plaintiff": "原告", "defendant": "被告"],
        ]
    }

    var migrations: [any Migration] { [CreateReconsiderationCases()] }

    /// The rates' definitions (`Resources/Registers/case-rates.json`).
    func configure(_ app: Application) throws {
        try CaseRateConfig.load(resources: app.directory.resourcesDirectory)
    }

    func routes(web: any RoutesBuilder, api: any RoutesBuilder, app: Application) throws {
        try web.register(collection: ReconsiderationPublicController())
        try web.register(collection: CaseRatesController())
        try web.register(collection: ReconsiderationController(maxUploadMB: app.fazhi.maxUploadMB))
        try web.register(collection: LawsuitController())
        try api.register(collection: APICaseRatesController())
    }

    func menuEntry(_ req: Request) -> MenuEntry? {
        if req.may(.viewCases) { return MenuEntry(key: key, label: title, href: "/reconsideration", after: "supervision") }
        if req.may(.viewCaseRates) { return MenuEntry(key: key, label: "复议应诉指标", href: "/reconsideration/rates", after: "supervision") }
        return nil
    }

    func homePrompts(_ req: Request, user: CurrentUser, today: LocalDate, calendar: WorkCalendar) async throws -> [HomePrompt] {
        let scope = user.scope(.viewCases)
        guard scope != .nothing else { return [] }
        let load = try await ReconsiderationService.workload(scope: scope, today: today, on: req.db)
        let who = scope.spansUnits ? "全区" : "本单位"
        var prompts: [HomePrompt] = []
        if load.answersOverdue > 0 {
            prompts.append(
                .init(
                    text: "\(who)有 \(load.answersOverdue) 件行政复议案件已超过答复期限仍未提交书面答复和证据(逾期视为没有证据、依据,《行政复议法》第七十条)。",
                    href: "/reconsideration?state=answer_overdue", urgent: true))
        } else if !scope.spansUnits, load.answersOpen > 0 {
            prompts.append(.init(text: "本单位有 \(load.answersOpen) 件行政复议案件待提交书面答复和证据。", href: "/reconsideration?state=awaiting_answer", urgent: false))
        }
        if scope.spansUnits, load.organOverdue > 0 {
            prompts.append(
                .init(text: "有 \(load.organOverdue) 件行政复议案件的复议机构办理期限已过(受理、补正、发送副本或作出决定)。", href: "/reconsideration?state=organ_overdue", urgent: true)
            )
        }
        if load.opinionsOverdue > 0 {
            prompts.append(
                .init(text: "\(who)有 \(load.opinionsOverdue) 份行政复议意见书逾期未报送纠正情况(第七十六条)。", href: "/reconsideration?state=opinion_open", urgent: true))
        }
        if load.suitAnswersOverdue > 0 {
            prompts.append(
                .init(text: "\(who)有 \(load.suitAnswersOverdue) 件行政诉讼案件超过答辩期限仍未提交答辩状和证据。", href: "/litigation?state=answer_overdue", urgent: true))
        }
        if load.hearingsWithoutHead > 0 {
            prompts.append(
                .init(text: "\(who)有 \(load.hearingsWithoutHead) 件行政诉讼案件即将开庭,尚未确定出庭应诉的负责人。", href: "/litigation?state=no_head", urgent: true))
        }
        return prompts
    }

    var itemKinds: [DatedItem.Kind] { [.reconsiderationAnswer, .reconsiderationOpinion, .lawsuitAnswer, .lawsuitHearing, .lawsuitSuggestion] }

    /// The units' own steps (the organ's are the office's register work, on its list and home
    /// page). Titles name the case by number only: the applicant never leaves the register.
    var datedSources: [DatedSource] {
        func source(_ kind: DatedItem.Kind, _ prefix: String, _ path: String, _ title: @escaping @Sendable (DatedRow) -> String, _ sql: String)
            -> DatedSource
        {
            DatedSource(
                kind: kind, select: { horizon, _ in "\(unsafeRaw: sql) \(bind: horizon.description)" },
                item: { row in
                    row.dueDate.map {
                        DatedItem(
                            kind: kind, key: "\(prefix):\(row.ref.uuidString):\(row.id.uuidString)", unitID: row.unitId, title: title(row), due: $0,
                            href: "/\(path)/\(row.ref.uuidString)")
                    }
                })
        }
        return [
            source(
                .reconsiderationAnswer, "rc-answer", "reconsideration", { "行政复议 \($0.label) 书面答复和证据" },
                """
                SELECT id, id AS ref, unit_id, number AS label, '' AS detail, answer_due_on AS due FROM reconsideration_cases
                WHERE answered_on IS NULL AND closed_on IS NULL AND answer_due_on <=
                """),
            source(
                .reconsiderationOpinion, "rc-opinion", "reconsideration", { "行政复议意见书(\($0.label))纠正情况" },
                """
                SELECT id, id AS ref, unit_id, number AS label, '' AS detail, opinion_reply_due_on AS due FROM reconsideration_cases
                WHERE opinion_replied_on IS NULL AND opinion_reply_due_on <=
                """),
            source(
                .lawsuitAnswer, "ls-answer", "litigation", { "行政诉讼 \($0.label) 答辩状和证据" },
                """
                SELECT id, id AS ref, unit_id, number AS label, '' AS detail, answer_due_on AS due FROM lawsuit_cases
                WHERE answered_on IS NULL AND closed_on IS NULL AND answer_due_on <=
                """),
            source(
                .lawsuitHearing, "ls-hearing", "litigation",
                { $0.detail.isEmpty ? "行政诉讼 \($0.label) 开庭:确定出庭负责人" : "行政诉讼 \($0.label) 开庭:\($0.detail) 出庭,庭后记录出庭情况" },
                """
                SELECT h.id AS id, l.id AS ref, l.unit_id AS unit_id, l.number AS label, h.head_name AS detail, h.hearing_on AS due
                FROM lawsuit_hearings h JOIN lawsuit_cases l ON l.id = h.lawsuit_id WHERE h.appearance IS NULL AND h.hearing_on <=
                """),
            source(
                .lawsuitSuggestion, "ls-suggestion", "litigation", { "司法建议(\($0.label))回复" },
                """
                SELECT id, id AS ref, unit_id, number AS label, '' AS detail, suggestion_reply_due_on AS due FROM lawsuit_cases
                WHERE suggestion_replied_on IS NULL AND suggestion_reply_due_on <=
                """),
        ]
    }

    func showsItems(to req: Request) -> Bool { req.may(.viewCases) }

    func assessmentFacts(year: Int, unit: OrgNode, today: LocalDate, on db: any Database) async throws -> AssessmentFact? {
        let unitID = try unit.requireID()
        guard let counts = try await CaseRatesService.counts(year: year, today: today, scope: .unit(unitID), on: db)[unitID] else { return nil }
        let r = CaseRatesService.Rates(counts: counts)
        func part(_ name: String, _ rate: CaseRate) -> String { "\(name) \(rate.text)(\(rate.numerator)/\(rate.denominator))" }
        return AssessmentFact(
            text: "行政复议·应诉:"
                + [
                    part("复议纠错率", r.correction), part("综合纠错率", r.comprehensive), part("败诉率", r.loss), part("负责人出庭应诉率", r.appearance),
                    part("意见书和司法建议回复率", r.reply),
                ].joined(separator: ",") + "。",
            href: "/reconsideration/rates?year=\(year)")
    }

    var storedDeadlines: [any StoredDeadlineKeeper.Type] { [ReconsiderationDueDates.self] }

    func seedDemo(_ app: Application, history: Bool) async throws {
        try await ReconsiderationDemo.seed(app, history: history)
    }

    /// Table 4 of the 依申请公开 annual report from the cases whose contested act is 政府信息公开,
    /// once the register holds any case received in the year (before that the report's manual
    /// entries stand). Cases handled in the year: received by its end and not concluded before it.
    func reportCells(_ part: ReportPart, year: Int, scope: RowScope, on db: any Database) async throws -> ReportCells? {
        guard part == .goiTable4 else { return nil }
        let first = "\(year)-01-01", last = "\(year)-12-31"
        guard let yearEnd = LocalDate(last) else { return nil }
        let sql = try db.sql()
        let inUse = try await sql.raw(
            """
            SELECT (SELECT COUNT(*) FROM reconsideration_cases WHERE received_on >= \(bind: first) AND received_on <= \(bind: last))
                 + (SELECT COUNT(*) FROM lawsuit_cases WHERE complaint_received_on >= \(bind: first) AND complaint_received_on <= \(bind: last)) AS n
            """
        ).first()
        guard let n = try inUse?.decode(column: "n", as: Int64.self), n > 0 else { return nil }
        // Counted in the database: each (outcome, decided-by-the-year's-end) pair once.
        let only = scope.andUnits("unit_id")
        var cases: [(group: GOITable4Count.Group, column: GOITable4Count.Column)] = []
        // A case never accepted (不予受理, or withdrawn for want of 补正) is not a reconsideration heard.
        let heard: SQLQueryString = """
            SELECT decision, CASE WHEN closed_on <= \(bind: last) THEN 1 ELSE 0 END AS done, COUNT(*) AS n FROM reconsideration_cases
            WHERE category = \(bind: ContestedActCategory.disclosure.rawValue) AND received_on <= \(bind: last) AND rejected_on IS NULL
              AND (closed_on IS NULL OR (closed_on >= \(bind: first) AND decision IS NOT NULL))\(only)
            GROUP BY decision, done
            """
        for row in try await sql.raw(heard).all() {
            let decision = try row.decode(column: "decision", as: String?.self).flatMap(ReconsiderationDecision.init(rawValue:))
            let done = try row.decode(column: "done", as: Int64.self) == 1
            let column = GOITable4Count.column(decision, closedOn: done ? yearEnd : nil, yearEnd: yearEnd)
            cases += Array(repeating: (.reconsideration, column), count: Int(try row.decode(column: "n", as: Int64.self)))
        }
        let suits: SQLQueryString = """
            SELECT first_outcome, CASE WHEN first_served_on <= \(bind: last) THEN 1 ELSE 0 END AS done,
                   CASE WHEN reconsideration_id IS NOT NULL OR co_defendant THEN 1 ELSE 0 END AS after_review, COUNT(*) AS n
            FROM lawsuit_cases
            WHERE category = \(bind: ContestedActCategory.disclosure.rawValue) AND complaint_received_on <= \(bind: last)
              AND (first_served_on IS NULL OR first_served_on >= \(bind: first))\(only)
            GROUP BY first_outcome, done, after_review
            """
        for row in try await sql.raw(suits).all() {
            let outcome = try row.decode(column: "first_outcome", as: String?.self).flatMap(JudgmentOutcome.init(rawValue:))
            let done = try row.decode(column: "done", as: Int64.self) == 1
            let group: GOITable4Count.Group = try row.decode(column: "after_review", as: Int64.self) == 1 ? .suitAfterReconsideration : .directSuit
            let column = GOITable4Count.column(outcome, decidedOn: done ? yearEnd : nil, yearEnd: yearEnd)
            cases += Array(repeating: (group, column), count: Int(try row.decode(column: "n", as: Int64.self)))
        }
        return ReportCells(values: GOITable4Count.cells(cases), source: "行政复议·应诉登记簿")
    }
}
