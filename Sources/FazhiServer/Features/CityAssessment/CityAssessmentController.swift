import FazhiCore
import Fluent
import Vapor

/// 市对区考评 pages: the city's cycles, the districts' ranking, and one district's self-assessment,
/// score and objections. Every step is a `ReviewService` or `AssessmentService` step of the engine the
/// districts use for their units.
struct CityAssessmentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "city", "assessment", policy: .viewCityAssessment, use: index)
        routes.on(.POST, "city", "assessment", policy: .manageCityAssessment, use: create)
        routes.on(.GET, "city", "assessment", ":year", policy: .viewCityAssessment, use: results)
        for step in ["release", "freeze", "publish"] {
            routes.on(.POST, ["city", "assessment", ":year", .constant(step)], policy: .manageCityAssessment) { req in
                try await self.cycleStep(req, step)
            }
        }
        let district: [PathComponent] = ["city", "assessment", ":year", "districts", ":districtID"]
        routes.on(.GET, district, policy: .viewCityAssessment, use: page)
        routes.on(.POST, district + ["entries"], policy: .assessDistrict, use: saveEntries)
        routes.on(.POST, district + ["submit"], policy: .assessDistrict, use: submit)
        routes.on(.POST, district + ["confirm"], policy: .assessDistrict, use: confirm)
        routes.on(.POST, district + ["objections"], policy: .assessDistrict, use: object)
        routes.on(.POST, district + ["scores"], policy: .manageCityAssessment, use: score)
        routes.on(.POST, district + ["objections", ":objectionID"], policy: .manageCityAssessment, use: decide)
    }

    static let statusLabels: [AssessmentCycle.Status: String] = [.open: "进行中", .frozen: "已冻结", .published: "已公布"]
    static let workLabels: [AssessmentSubmission.Status: String] = [.draft: "填报中", .submitted: "已提交", .approved: "已提交,市法治办审核中"]

    // MARK: - cycles

    @Sendable func index(req: Request) async throws -> View {
        try await renderIndex(req, errors: [])
    }

    private func renderIndex(_ req: Request, errors: [FieldError], typed: CreateForm? = nil) async throws -> View {
        let today = req.clock.today
        let cycles = try await CityAssessment.cycles(on: req.db)
        let own = try req.requireUser().districtID
        var mine: [UUID: AssessmentSubmission.Status] = [:]
        if let own {
            for s in try await AssessmentSubmission.query(on: req.db).filter(\.$unit.$id == own).filter(\.$cycle.$id ~~ cycles.compactMap(\.id)).all()
            {
                mine[s.$cycle.id] = s.status
            }
        }
        // The form offers the first year without a cycle.
        let taken = Set(cycles.map(\.year))
        let year = Int(typed?.year ?? "") ?? [today.year, today.year + 1, today.year - 1].first { !taken.contains($0) } ?? today.year
        return try await req.view.render(
            "city/cycles",
            CityCyclesContext(
                layout: LayoutContext(req, title: "市对区考评", active: "city-assessment"),
                cycles: cycles.map { c in
                    CityCyclesContext.Cycle(
                        year: c.year, href: "/city/assessment/\(c.year)", status: Self.status(c),
                        mine: own.map { _ in Self.workLabels[c.id.flatMap { mine[$0] } ?? .draft] ?? "" },
                        hash: String((c.snapshotHash ?? "").prefix(16)))
                },
                showMine: own != nil, canCreate: req.may(.manageCityAssessment),
                years: ((today.year - 1)...(today.year + 1)).map { OptionContext(value: String($0), label: "\($0) 年度", selected: $0 == year) },
                selfUntil: typed?.selfUntil ?? "", reviewUntil: typed?.reviewUntil ?? "", errors: .init(errors)))
    }

    static func status(_ c: AssessmentCycle) -> String {
        c.status == .open && c.released ? "申诉期" : statusLabels[c.status] ?? ""
    }

    struct CreateForm: Content {
        var year: String?
        var selfUntil: String?
        var reviewUntil: String?
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(CreateForm.self)
        let target = Int((form.year ?? "").trimmed).map { "/city/assessment/\($0)?notice=created" } ?? "/city/assessment"
        return try await req.attempt(success: target, render: { try await renderIndex(req, errors: $0, typed: form) }) {
            let setup = try CityAssessment.Setup.parse(
                year: form.year, selfUntil: form.selfUntil, reviewUntil: form.reviewUntil, today: req.clock.today)
            _ = try await CityAssessment.create(
                setup, actor: .user(try req.requireUser()), resources: req.application.directory.resourcesDirectory, today: req.clock.today,
                on: req.db, now: req.clock.now())
        }
    }

    // MARK: - ranking

    @Sendable func results(req: Request) async throws -> View {
        try await renderResults(req, try await CityAssessment.find(year: try req.yearParameter(), on: req.db), errors: [])
    }

    private func renderResults(_ req: Request, _ cycle: AssessmentCycle, errors: [FieldError]) async throws -> View {
        // The caller's district, read once (the release build's optimizer crashed on the user's
        // computed property borrowed inside the row closure: Swift 6.3.1, CopyPropagation).
        let ownDistrict: UUID? = try req.requireUser().districtID
        let snapshot = try await AssessmentService.snapshot(cycle, today: req.clock.today, on: req.db)
        let stage = AssessmentService.stage(cycle)
        let manage = req.may(.manageCityAssessment)
        let category = snapshot.categories.first
        let districts = try await AssessmentService.units(of: cycle, on: req.db)
        let rows = (category?.rows ?? []).compactMap { row -> CityResultsContext.Row? in
            guard req.may(.viewCityAssessment, .districtResult(district: row.unitID, stage: stage)) else { return nil }
            // Before publication a district sees only its own row; the city every row's figures.
            let mine = row.unitID == ownDistrict
            let detail = manage || stage == .published || mine
            return CityResultsContext.Row(
                rank: row.rank, district: row.unit,
                href: req.may(.viewCityAssessment, .district(row.unitID)) ? "\(Self.base(cycle))/districts/\(row.unitID.uuidString)" : nil,
                grade: row.grade, total: detail && (manage || mine || cycle.publishTotals) ? row.total : nil,
                desk: detail ? row.deskRaw : nil, bonus: detail ? row.bonus : nil, deduction: detail ? row.deduction : nil, isMine: mine)
        }
        var progress: [CityResultsContext.Progress] = []
        if manage && cycle.status == .open {
            let submissions = Dictionary(
                try await AssessmentSubmission.query(on: req.db).filter(\.$cycle.$id == cycle.requireID()).all().map { ($0.$unit.id, $0.status) },
                uniquingKeysWith: { a, _ in a })
            let pending = Dictionary(
                (category?.pending ?? []).map { ($0.unitID, $0.noSurvey == true ? "缺少满意度得分" : "已评 \($0.scored)/\($0.leaves) 项") },
                uniquingKeysWith: { a, _ in a })
            progress = try districts.map { d in
                let id = try d.requireID()
                return .init(
                    district: d.name, href: "\(Self.base(cycle))/districts/\(id.uuidString)",
                    status: Self.workLabels[submissions[id] ?? .draft] ?? "",
                    scored: pending[id] ?? "评分已完成")
            }
        }
        let open = cycle.status == .open
        let blocker = manage && open && cycle.released ? try await ReviewService.freezeBlocker(cycle, today: req.clock.today, on: req.db) : nil
        return try await req.view.render(
            "city/results",
            CityResultsContext(
                layout: LayoutContext(req, title: "\(cycle.year) 年市对区考评", active: "city-assessment"), year: cycle.year, status: Self.status(cycle),
                statusCode: cycle.status.rawValue, windows: "自评 \(cycle.selfFrom) 至 \(cycle.selfUntil);审核至 \(cycle.reviewUntil)",
                objectionWindow: cycle.objectionsFrom.map { "\($0) 至 \(cycle.objectionsUntil?.description ?? "")" },
                rows: rows, progress: progress, quota: manage || stage == .published ? category?.quota : nil, hash: cycle.snapshotHash,
                mineHref: ownDistrict.map { "\(Self.base(cycle))/districts/\($0.uuidString)" }, canRelease: manage && open && !cycle.released,
                canFreeze: manage && open && cycle.released, freezeBlocker: blocker, canPublish: manage && cycle.status == .frozen,
                errors: .init(errors)))
    }

    static func base(_ cycle: AssessmentCycle) -> String { "/city/assessment/\(cycle.year)" }

    /// 发布初步结果, 冻结, 公布: the engine's steps on the city's cycle.
    private func cycleStep(_ req: Request, _ step: String) async throws -> Response {
        let cycle = try await CityAssessment.find(year: try req.yearParameter(), on: req.db)
        let actor = AuditActor.user(try req.requireUser())
        let notice = ["release": "released", "freeze": "frozen", "publish": "published"][step] ?? "saved"
        return try await req.attempt(success: "\(Self.base(cycle))?notice=\(notice)", render: { try await renderResults(req, cycle, errors: $0) }) {
            switch step {
            case "release":
                try await ReviewService.release(
                    cycle, actor: actor, engine: try await CalendarService.engine(on: req.db), today: req.clock.today, on: req.db,
                    now: req.clock.now())
            case "freeze":
                try await AssessmentService.freeze(cycle, actor: actor, today: req.clock.today, on: req.db, now: req.clock.now())
            default:
                try await AssessmentService.publish(cycle, actor: actor, on: req.db, now: req.clock.now())
            }
        }
    }

    // MARK: - one district

    /// The cycle, the district named in the path, and its work; the caller must be allowed `action`
    /// on the district (`.viewCityAssessment` or `.assessDistrict`).
    private func work(_ req: Request, _ action: Action) async throws -> ReviewService.Work {
        let cycle = try await CityAssessment.find(year: try req.yearParameter(), on: req.db)
        guard let id = req.parameters.get("districtID", as: UUID.self), let district = try await OrgNode.find(id, on: req.db),
            district.kind == .district, district.$parent.id == cycle.$district.id
        else { throw AppError.notFound("区") }
        try req.authorize(action, .district(try district.requireID()))
        return try await ReviewService.load(cycle, unit: district, on: req.db)
    }

    private func base(_ work: ReviewService.Work) -> String { "\(Self.base(work.cycle))/districts/\(work.unitID.uuidString)" }

    @Sendable func page(req: Request) async throws -> View {
        try await renderPage(req, try await work(req, .viewCityAssessment), errors: [])
    }

    /// `typed`: what the form sent back with `errors` — the self-assessment's, or with `marks` the city's scores.
    private func renderPage(
        _ req: Request, _ work: ReviewService.Work, errors: [FieldError], typed: [String: (String, String)] = [:], marks: Bool = false
    ) async throws -> View {
        let entries = marks ? [:] : typed, scores = marks ? typed : [:]
        let cycle = work.cycle
        let today = req.clock.today
        let manage = req.may(.manageCityAssessment)
        let own = req.may(.assessDistrict, .district(work.unitID))
        let open = cycle.status == .open
        let windowOpen = ReviewService.objectionWindowOpen(cycle, today: today)
        let showFinal = manage || cycle.released || !open
        let metrics = try await ReviewService.leafMetrics(work, today: today, records: false, on: req.db)
        let leafCodes = Set(work.tree.leaves.map(\.code))
        var total: String?
        if showFinal {
            let snapshot = try await AssessmentService.snapshot(cycle, today: today, on: req.db)
            total = snapshot.categories.first?.rows.first { $0.unitID == work.unitID }.map { "第 \($0.rank) 名 · \($0.grade) · \($0.total) 分" }
        }
        let nodes = work.tree.nodes.map { n -> CityDistrictContext.Node in
            let isLeaf = leafCodes.contains(n.code)
            let entry = work.entries[n.code]
            let score = work.scores[n.code]
            let metric = (score?.metric).flatMap(LeafMetrics.decode) ?? metrics[n.code]
            let final = score.map { Points(halves: $0.pointsHalves).description } ?? (n.metric != nil ? metric?.computed : nil)
            return CityDistrictContext.Node(
                code: n.code, title: n.title, level: n.level, max: n.points.description, rule: n.rule ?? n.goal ?? "", isLeaf: isLeaf,
                bound: n.metric != nil, metric: metric.map { "\($0.name) \($0.value) → \($0.computed ?? "待人工赋分") 分" },
                selfScore: entries[n.code]?.0 ?? entry?.selfHalves.map { Points(halves: $0).description } ?? "",
                narrative: entries[n.code]?.1 ?? entry?.narrative ?? "", final: final,
                reason: score?.reason ?? (n.metric != nil ? metric?.explanation ?? "" : ""),
                mark: manage ? scores[n.code]?.0 ?? score.map { Points(halves: $0.pointsHalves).description } ?? "" : "",
                markReason: manage ? scores[n.code]?.1 ?? score?.reason ?? "" : "")
        }
        let objections = work.objections.map { o in
            CityDistrictContext.Objection(
                id: o.id?.uuidString ?? "", code: o.code, reason: o.reason, filed: "\(o.filedBy) \(TimeText.local(o.filedAt))",
                status: ["pending": "待处理", "upheld": "维持原分", "adjusted": "已调整"][o.status.rawValue] ?? o.status.rawValue,
                decision: o.decision.map { d in (o.newHalves.map { "调整为 \(Points(halves: $0)) 分:" } ?? "") + d }, pending: o.status == .pending)
        }
        let submission = work.submission
        return try await req.view.render(
            "city/district",
            CityDistrictContext(
                layout: LayoutContext(req, title: "\(work.unit.name) · \(cycle.year) 年市对区考评", active: "city-assessment"), year: cycle.year,
                district: work.unit.name, base: base(work), status: Self.workLabels[work.status] ?? "", statusCode: work.status.rawValue,
                selfWindow: "\(cycle.selfFrom) 至 \(cycle.selfUntil)",
                submitted: submission?.submittedAt.map { "\(submission?.submittedBy ?? "") 于 \(TimeText.local($0)) 提交" },
                late: (submission?.lateWorkdays ?? 0) > 0 ? "逾期 \(submission?.lateWorkdays ?? 0) 个工作日" : nil, total: total, nodes: nodes,
                leafCodes: work.tree.leaves.map(\.code), missing: own && work.status == .draft ? work.missing.map(\.text) : [],
                objections: objections, objectionWindow: cycle.objectionsFrom.map { "\($0) 至 \(cycle.objectionsUntil?.description ?? "")" },
                confirmed: submission?.confirmedAt.map { TimeText.local($0) }, canEdit: own && open && work.status == .draft,
                canScore: manage && open && work.approved && !cycle.released, showFinal: showFinal,
                canConfirm: own && windowOpen && submission?.confirmedAt == nil, canObject: own && windowOpen && submission?.confirmedAt == nil,
                canDecide: manage && open, errors: .init(errors)))
    }

    struct EntriesForm: Content {
        var score: [String: String]?
        var narrative: [String: String]?
    }

    private func inputs(_ scores: [String: String]?, _ texts: [String: String]?) -> [ReviewService.LeafInput] {
        Set((scores ?? [:]).keys).union((texts ?? [:]).keys).sorted().map {
            ReviewService.LeafInput(code: $0, score: scores?[$0] ?? "", text: texts?[$0] ?? "")
        }
    }

    private func attempt(
        _ req: Request, _ work: ReviewService.Work, typed: [ReviewService.LeafInput] = [], marks: Bool = false, notice: String,
        _ step: () async throws -> Void
    ) async throws -> Response {
        let kept = Dictionary(typed.map { ($0.code, ($0.score, $0.text)) }, uniquingKeysWith: { a, _ in a })
        return try await req.attempt(
            success: "\(base(work))?notice=\(notice)", render: { try await renderPage(req, work, errors: $0, typed: kept, marks: marks) }, step)
    }

    @Sendable func saveEntries(req: Request) async throws -> Response {
        let work = try await work(req, .assessDistrict)
        let form = try req.content.decode(EntriesForm.self)
        let inputs = inputs(form.score, form.narrative)
        return try await attempt(req, work, typed: inputs, notice: "saved") {
            try await ReviewService.saveEntries(work, inputs: inputs, actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        }
    }

    /// 提交: the district office's submission stands approved (no unit head signs for a district).
    @Sendable func submit(req: Request) async throws -> Response {
        let work = try await work(req, .assessDistrict)
        return try await attempt(req, work, notice: "districtSubmitted") {
            try await ReviewService.submit(
                work, approved: true, actor: .user(try req.requireUser()), calendar: try await CalendarService.load(on: req.db),
                today: req.clock.today,
                on: req.db, now: req.clock.now())
        }
    }

    struct ScoresForm: Content {
        var mark: [String: String]?
        var reason: [String: String]?
    }

    @Sendable func score(req: Request) async throws -> Response {
        let work = try await work(req, .viewCityAssessment)
        let form = try req.content.decode(ScoresForm.self)
        let inputs = inputs(form.mark, form.reason)
        return try await attempt(req, work, typed: inputs, marks: true, notice: "saved") {
            try await ReviewService.scoreDirectly(work, inputs: inputs, actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        }
    }

    @Sendable func confirm(req: Request) async throws -> Response {
        let work = try await work(req, .assessDistrict)
        return try await attempt(req, work, notice: "confirmed") {
            try await ReviewService.confirm(work, actor: .user(try req.requireUser()), today: req.clock.today, on: req.db, now: req.clock.now())
        }
    }

    struct ObjectionForm: Content {
        var code: String?
        var reason: String?
    }

    @Sendable func object(req: Request) async throws -> Response {
        let work = try await work(req, .assessDistrict)
        let form = try req.content.decode(ObjectionForm.self)
        return try await attempt(req, work, notice: "objected") {
            try await ReviewService.fileObjection(
                work, code: form.code ?? "", reason: form.reason ?? "", actor: .user(try req.requireUser()), today: req.clock.today, on: req.db,
                now: req.clock.now())
        }
    }

    struct DecisionForm: Content {
        var adjust: String?
        var score: String?
        var decision: String?
    }

    @Sendable func decide(req: Request) async throws -> Response {
        let work = try await work(req, .viewCityAssessment)
        guard let id = req.parameters.get("objectionID", as: UUID.self) else { throw AppError.notFound("申诉") }
        let form = try req.content.decode(DecisionForm.self)
        return try await attempt(req, work, notice: "saved") {
            try await ReviewService.decideObjection(
                work, objectionID: id, adjust: form.adjust == "1", score: form.score, decision: form.decision ?? "",
                actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        }
    }
}
