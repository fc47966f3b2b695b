import FazhiCore
import Fluent
import Vapor

/// 考评结果: cycles, results by category, score cards, freezing, publication, the public page and the API.
struct AssessmentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "assessment", policy: .viewAssessment, use: index)
        routes.on(.GET, "assessment", ":year", policy: .viewAssessment, use: results)
        routes.on(.GET, "assessment", ":year", "units", ":unitID", policy: .viewAssessment, use: card)
        routes.on(.GET, "assessment", ":year", "notice", policy: .viewAssessment, use: notice)
        routes.on(.GET, "assessment", ":year", "export.xlsx", policy: .viewAssessment, use: exportMatrix)
        routes.on(.GET, "assessment", ":year", "units", ":unitID", "card.xlsx", policy: .viewAssessment, use: exportCard)
        let changes = routes.grouped(FrozenCycleAudit())
        changes.on(.POST, "assessment", ":year", "freeze", policy: .manageAssessment, use: freeze)
        changes.on(.POST, "assessment", ":year", "publish", policy: .manageAssessment, use: publish)
        routes.on(.GET, "public", "results", ":year", policy: .viewPublic, use: publicResults)
    }

    static let statusLabels: [AssessmentCycle.Status: String] = [.open: "进行中", .frozen: "已冻结", .published: "已公布"]

    @Sendable func index(req: Request) async throws -> View {
        let cycles = try await AssessmentCycle.query(on: req.db).filter(\.$district.$id == req.districtID()).sort(\.$year, .descending).all()
        return try await req.view.render(
            "assessment/cycles",
            CyclesContext(
                layout: LayoutContext(req, title: "考评", active: "assessment"),
                cycles: cycles.map {
                    CycleRowContext(
                        year: $0.year, href: "/assessment/\($0.year)",
                        status: $0.status == .open && $0.released ? "申诉期" : Self.statusLabels[$0.status] ?? "",
                        workHref: $0.status == .open && req.may(.viewSubmission) ? "/assessment/\($0.year)/work" : nil,
                        frozenAt: TimeText.local($0.frozenAt), hash: String(($0.snapshotHash ?? "").prefix(16)))
                }))
    }

    static func cycle(_ req: Request) async throws -> AssessmentCycle {
        let year = try req.yearParameter()
        return try await AssessmentService.find(year: year, district: try await req.districtID(), on: req.db)
    }

    @Sendable func results(req: Request) async throws -> View {
        let user = try req.requireUser()
        let cycle = try await Self.cycle(req)
        let snapshot = try await AssessmentService.snapshot(cycle, today: req.clock.today, on: req.db)
        let stage = AssessmentService.stage(cycle)
        let assessors = try await AssessmentService.assessors(cycle, on: req.db)
        let seesAll = req.may(.viewAssessmentDashboard)
        let categories = snapshot.categories.map { category in
            ResultCategoryContext(
                name: category.name,
                rows: category.rows.compactMap { row in
                    guard req.may(.viewAssessment, .result(unit: row.unitID, stage: stage, detail: false, assessors: assessors[row.unitID] ?? []))
                    else { return nil }
                    let detail = req.may(
                        .viewAssessment, .result(unit: row.unitID, stage: stage, detail: true, assessors: assessors[row.unitID] ?? []))
                    let note =
                        (row.vetoes.isEmpty ? [] : ["一票否决:" + row.vetoes.joined(separator: ";")]) + (row.limitedByQuota ? ["受限额限制(见表下说明)"] : [])
                    return ResultRowContext(
                        rank: row.rank, unit: row.unit, cardHref: detail ? "/assessment/\(cycle.year)/units/\(row.unitID.uuidString)" : nil,
                        total: detail || cycle.publishTotals ? row.total : nil, grade: row.grade,
                        desk: detail ? row.deskNormalized : nil, survey: detail ? row.survey : nil,
                        bonus: detail ? row.bonus : nil, deduction: detail ? row.deduction : nil,
                        note: detail ? note.joined(separator: ";") : "", isMine: row.unitID == user.unitID)
                }, pending: seesAll ? category.pending.map(\.text) : [],
                quota: seesAll || stage == .published ? category.quota : nil)
        }
        let manage = req.may(.manageAssessment)
        let open = cycle.status == .open
        let blocker = manage && open ? try await ReviewService.freezeBlocker(cycle, today: req.clock.today, on: req.db) : nil
        return try await req.view.render(
            "assessment/results",
            ResultsContext(
                layout: LayoutContext(req, title: "\(cycle.year) 年考评结果", active: "assessment"), year: cycle.year,
                status: open && cycle.released ? "申诉期" : Self.statusLabels[cycle.status] ?? "", statusCode: cycle.status.rawValue,
                hash: cycle.snapshotHash,
                objectionWindow: cycle.objectionsFrom.map { "\($0) 至 \(cycle.objectionsUntil?.description ?? "")" },
                categories: categories, canRelease: manage && open && !cycle.released, canFreeze: manage && open && cycle.released,
                freezeBlocker: cycle.released ? blocker : nil, manage: manage, canWork: req.may(.viewSubmission) && open,
                canPublish: manage && cycle.status == .frozen,
                publicHref: cycle.status == .published ? "/public/results/\(cycle.year)" : nil,
                noticeHref: cycle.status == .published || (cycle.status == .frozen && manage) ? "/assessment/\(cycle.year)/notice" : nil,
                seesAll: seesAll))
    }

    /// 通报 the ranking notice: grades and ranks per category as the district publishes them.
    /// The office drafts it once frozen; everyone reads it once published.
    @Sendable func notice(req: Request) async throws -> View {
        let cycle = try await Self.cycle(req)
        guard cycle.status == .published || (cycle.status == .frozen && req.may(.manageAssessment)) else {
            throw AppError.notFound("\(cycle.year) 年考评结果通报(结果公布后可看)")
        }
        let snapshot = try await AssessmentService.snapshot(cycle, today: req.clock.today, on: req.db)
        let grades = try JSONDecoder().decode([String: GradeScheme].self, from: Data(cycle.gradeScheme.utf8))
        let categories = snapshot.categories.map { c in
            let order = (grades[c.code] ?? .standard).bands.map(\.name)
            return NoticeContext.Category(
                name: c.name, count: c.rows.count,
                grades: order.compactMap { grade in
                    let units = c.rows.filter { $0.grade == grade }.map(\.unit)
                    return units.isEmpty ? nil : .init(grade: grade, units: units.joined(separator: "、"), count: units.count)
                },
                rows: c.rows.map { .init(rank: $0.rank, unit: $0.unit, grade: $0.grade, total: cycle.publishTotals ? $0.total : nil) })
        }
        let day = LocalDate.today(at: cycle.publishedAt ?? cycle.frozenAt ?? req.clock.now())
        return try await req.view.render(
            "assessment/notice",
            NoticeContext(
                layout: LayoutContext(req, title: "\(cycle.year) 年度法治政府建设考评结果通报", active: "assessment"), year: cycle.year,
                draft: cycle.status != .published, categories: categories, showTotals: cycle.publishTotals,
                date: "\(day.year) 年 \(day.month) 月 \(day.day) 日", hash: cycle.snapshotHash ?? ""))
    }

    /// One unit's result with its category and tree, for the score card and its export; the
    /// caller must be allowed the unit's detail.
    private func unitResult(_ req: Request) async throws -> (AssessmentCycle, UUID, AssessmentService.Category, AssessmentService.Row, IndicatorTree)
    {
        let cycle = try await Self.cycle(req)
        guard let unitID = req.parameters.get("unitID", as: UUID.self) else { throw AppError.notFound("单位") }
        try req.authorize(
            .viewAssessment,
            .result(
                unit: unitID, stage: AssessmentService.stage(cycle), detail: true,
                assessors: try await AssessmentService.assessors(cycle, on: req.db)[unitID] ?? []))
        let snapshot = try await AssessmentService.snapshot(cycle, today: req.clock.today, on: req.db)
        guard let category = snapshot.categories.first(where: { $0.rows.contains { $0.unitID == unitID } }),
            let row = category.rows.first(where: { $0.unitID == unitID }),
            let record = try await AssessmentService.tree(cycle, category: category.code, on: req.db)
        else {
            throw AppError.notFound("该单位的考评结果(可能尚未完成评分)")
        }
        return (cycle, unitID, category, row, try await IndicatorService.tree(record, on: req.db))
    }

    @Sendable func card(req: Request) async throws -> View {
        let (cycle, unitID, category, row, tree) = try await unitResult(req)
        let types = Dictionary(uniqueKeysWithValues: try AssessmentService.scheme(cycle, tree: tree).adjustmentTypes.map { ($0.code, $0) })
        let assignments = try await AssessorAssignment.query(on: req.db).filter(\.$cycle.$id == cycle.requireID()).filter(\.$unit.$id == unitID).all()
        let mayOpenWork = req.may(.viewSubmission, .submission(unit: unitID, approved: true, assessors: assignments.map { $0.$user.id }))
        return try await req.view.render(
            "assessment/card",
            ScoreCardContext(
                layout: LayoutContext(req, title: "\(row.unit) \(cycle.year) 年考评计分卡", active: "assessment"), year: cycle.year, unit: row.unit,
                category: category.name, rank: row.rank, grade: row.grade, total: row.total, deskRaw: row.deskRaw, deskNormalized: row.deskNormalized,
                survey: row.survey ?? "—", bonus: row.bonus, deduction: row.deduction, deskWeight: cycle.deskWeight, surveyWeight: cycle.surveyWeight,
                adjustments: row.adjustments.map {
                    .init(
                        kind: (types[$0.type]?.kind == .bonus ? "加分:" : "扣分:") + (types[$0.type]?.name ?? $0.type), points: $0.points.description,
                        reason: $0.reason)
                },
                vetoes: row.vetoes, limitedByQuota: row.limitedByQuota,
                nodes: tree.nodes.map { n in
                    let score = row.nodeScores[n.code] ?? "0"
                    return CardNodeContext(
                        code: n.code, level: n.level, title: n.title, max: n.points.description, score: score,
                        reason: row.reasons[n.code] ?? "", lost: score != n.points.description,
                        evidence: row.evidence?[n.code] ?? [], system: row.metrics?[n.code].map(Self.systemText),
                        overridden: row.overridden?.contains(n.code) == true,
                        href: row.metrics?[n.code] == nil || !mayOpenWork
                            ? nil : "/assessment/\(cycle.year)/work/\(unitID.uuidString)/leaves/\(n.code)")
                },
                hash: cycle.snapshotHash, resultsHref: "/assessment/\(cycle.year)",
                cardXlsx: "/assessment/\(cycle.year)/units/\(unitID.uuidString)/card.xlsx"))
    }

    /// A bound leaf's line on the score card: `依申请公开按时答复率 12/15(80.0%):…(计入记录 15 条)`.
    static func systemText(_ m: LeafMetric) -> String {
        "\(m.name) \(m.value),\(m.rule):\(m.explanation)" + (m.records.map { "(截至 \(m.asOf),计入记录 \($0.count) 条)" } ?? "(截至 \(m.asOf))")
    }

    /// The score matrix with only the rows the caller may see in detail (a unit gets its own row).
    @Sendable func exportMatrix(req: Request) async throws -> Response {
        let cycle = try await Self.cycle(req)
        let stage = AssessmentService.stage(cycle)
        let assessors = try await AssessmentService.assessors(cycle, on: req.db)
        var categories: [(AssessmentService.Category, IndicatorTree)] = []
        for var category in try await AssessmentService.snapshot(cycle, today: req.clock.today, on: req.db).categories {
            category.rows = category.rows.filter {
                req.may(.viewAssessment, .result(unit: $0.unitID, stage: stage, detail: true, assessors: assessors[$0.unitID] ?? []))
            }
            guard !category.rows.isEmpty, let record = try await AssessmentService.tree(cycle, category: category.code, on: req.db) else {
                continue
            }
            categories.append((category, try await IndicatorService.tree(record, on: req.db)))
        }
        return .download(
            try AssessmentWorkbooks.matrix(year: cycle.year, categories: categories), name: "\(cycle.year)年考评成绩表.xlsx",
            type: Response.xlsxType, fallback: "scores.xlsx")
    }

    @Sendable func exportCard(req: Request) async throws -> Response {
        let (cycle, _, category, row, tree) = try await unitResult(req)
        let data = try AssessmentWorkbooks.card(year: cycle.year, category: category.name, row: row, tree: tree)
        return .download(data, name: "\(cycle.year)年\(row.unit)考评计分卡.xlsx", type: Response.xlsxType, fallback: "scorecard.xlsx")
    }

    @Sendable func freeze(req: Request) async throws -> Response {
        let cycle = try await Self.cycle(req)
        try await AssessmentService.freeze(cycle, actor: .user(try req.requireUser()), today: req.clock.today, on: req.db, now: req.clock.now())
        return req.redirect(to: "/assessment/\(cycle.year)?notice=frozen")
    }

    @Sendable func publish(req: Request) async throws -> Response {
        let cycle = try await Self.cycle(req)
        try await AssessmentService.publish(cycle, actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        return req.redirect(to: "/assessment/\(cycle.year)?notice=published")
    }

    @Sendable func publicResults(req: Request) async throws -> View {
        let cycle = try await Self.cycle(req)
        guard cycle.status == .published else { throw AppError.notFound("\(cycle.year) 年公开的考评结果") }
        let snapshot = try await AssessmentService.snapshot(cycle, today: req.clock.today, on: req.db)
        return try await req.view.render(
            "assessment/public-results",
            PublicResultsContext(
                layout: LayoutContext(req, title: "\(cycle.year) 年法治政府建设考评结果"), year: cycle.year,
                categories: snapshot.categories.map { c in
                    ResultCategoryContext(
                        name: c.name,
                        rows: c.rows.map {
                            ResultRowContext(
                                rank: $0.rank, unit: $0.unit, cardHref: nil, total: cycle.publishTotals ? $0.total : nil, grade: $0.grade,
                                desk: nil, survey: nil, bonus: nil, deduction: nil, note: "", isMine: false)
                        }, pending: [], quota: cycle.publishTotals ? c.quota : nil)
                }, showTotals: cycle.publishTotals))
    }
}
