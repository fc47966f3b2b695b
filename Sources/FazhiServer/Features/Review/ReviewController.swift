import FazhiCore
import Fluent
import Vapor

/// 自评与审核: the unit's self-assessment with evidence, the head's approval, the assessors'
/// marks and requests for supplement, reconciliation, the preliminary results and objections.
/// Handlers load the unit's work, ask the policy about that unit, and hand over to `ReviewService`.
struct ReviewController: RouteCollection {
    /// The largest upload the route accepts; the content check enforces the configured limit.
    let maxUploadMB: Int

    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped(FrozenCycleAudit()).grouped("assessment", ":year")
        r.on(.GET, "work", policy: .viewSubmission, use: list)
        r.on(.GET, "work", ":unitID", policy: .viewSubmission, use: show)
        r.on(.POST, "work", ":unitID", "entries", policy: .editSubmission, use: saveEntries)
        r.on(.POST, "work", ":unitID", "submit", policy: .editSubmission, use: submit)
        r.on(.POST, "work", ":unitID", "approve", policy: .approveSubmission, use: approve)
        r.on(.POST, "work", ":unitID", "send-back", policy: .approveSubmission, use: sendBack)
        r.on(.POST, "work", ":unitID", "marks", policy: .scoreUnit, use: saveMarks)
        r.on(.POST, "work", ":unitID", "confirm", policy: .editSubmission, use: confirm)
        r.on(.GET, "work", ":unitID", "leaves", ":code", policy: .viewSubmission, use: leaf)
        r.upload("work", ":unitID", "leaves", ":code", "evidence", policy: .editSubmission, use: upload)
        r.on(.POST, "work", ":unitID", "evidence", ":fileID", "withdraw", policy: .editSubmission, use: withdraw)
        r.on(.POST, "work", ":unitID", "leaves", ":code", "return", policy: .scoreUnit, use: requestSupplement)
        r.on(.POST, "work", ":unitID", "leaves", ":code", "supplement", policy: .editSubmission, use: answerSupplement)
        r.on(.POST, "work", ":unitID", "leaves", ":code", "reconcile", policy: .manageAssessment, use: reconcile)
        r.on(.POST, "work", ":unitID", "leaves", ":code", "override", policy: .scoreUnit, use: overrideScore)
        r.on(.POST, "work", ":unitID", "leaves", ":code", "restore", policy: .scoreUnit, use: restoreScore)
        r.on(.POST, "work", ":unitID", "leaves", ":code", "objection", policy: .editSubmission, use: object)
        r.on(.POST, "work", ":unitID", "objections", ":objectionID", "decide", policy: .manageAssessment, use: decide)
        r.on(.GET, "evidence", ":fileID", policy: .viewSubmission, use: download)
        r.on(.POST, "release", policy: .manageAssessment, use: release)
    }

    static let statusLabels: [AssessmentSubmission.Status: String] = [.draft: "填报中", .submitted: "待负责人审批", .approved: "已审批,审核中"]
    static let stageLabels = ["self": "自评", "supplement": "补充", "objection": "申诉"]

    // MARK: loading

    private func work(_ req: Request, _ action: Action) async throws -> ReviewService.Work {
        let cycle = try await AssessmentController.cycle(req)
        guard let unitID = req.parameters.get("unitID", as: UUID.self) else { throw AppError.notFound("单位") }
        let work = try await ReviewService.load(cycle, unit: try await ReviewService.unit(unitID, on: req.db), on: req.db)
        try req.authorize(action, work.resource)
        return work
    }

    private func base(_ work: ReviewService.Work) -> String { "/assessment/\(work.cycle.year)/work/\(work.unitID.uuidString)" }

    private func code(_ req: Request) throws -> String {
        guard let code = req.parameters.get("code") else { throw AppError.notFound("指标") }
        return code
    }

    // MARK: pages

    @Sendable func list(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let cycle = try await AssessmentController.cycle(req)
        if let unitID = Policy.ownUnit(user.actor) {
            return req.redirect(to: "/assessment/\(cycle.year)/work/\(unitID.uuidString)")
        }
        let units = try await req.nameableUnits()
        let categories = Dictionary(uniqueKeysWithValues: try await UnitCategory.query(on: req.db).all().map { ($0.code, $0.name) })
        let assignments = try await AssessorAssignment.query(on: req.db).filter(\.$cycle.$id == cycle.requireID()).with(\.$user).all()
        let progress = try await ReviewProgress.load(cycle, on: req.db)
        var rows: [UnitProgressRow] = []
        for unit in units {
            let mine = assignments.filter { $0.$unit.id == unit.id }.sorted { $0.position < $1.position }
            guard req.may(.viewSubmission, .submission(unit: try unit.requireID(), approved: true, assessors: mine.map { $0.$user.id })) else {
                continue
            }
            rows.append(
                try UnitProgressRow(
                    unit: unit, category: categories[unit.categoryCode ?? ""] ?? "", year: cycle.year,
                    progress: progress.units[try unit.requireID()] ?? .init(),
                    assessors: mine.map { $0.user.displayName }.joined(separator: "、")))
        }
        return try await req.view.render(
            "review/list",
            WorkListContext(
                layout: LayoutContext(req, title: "\(cycle.year) 年考评工作台", active: "assessment"), year: cycle.year,
                windows: "自评 \(cycle.selfFrom) 至 \(cycle.selfUntil);审核至 \(cycle.reviewUntil)", rows: rows, manage: req.may(.manageAssessment))
        ).encodeResponse(for: req)
    }

    @Sendable func show(req: Request) async throws -> View {
        try await renderWork(req, try await work(req, .viewSubmission))
    }

    /// What a refused form had typed, per leaf (score, text): the unit's self-assessment or the
    /// assessor's marks — each re-shown in its own column, the rest of the page as stored.
    struct Typed {
        var entries: [String: (String, String)] = [:]
        var marks: [String: (String, String)] = [:]
    }

    private func renderWork(_ req: Request, _ work: ReviewService.Work, errors: [FieldError] = [], typed: Typed = Typed())
        async throws -> View
    {
        let user = try req.requireUser()
        let today = req.clock.today
        let cycle = work.cycle
        let base = base(work)
        let showFinal = Policy.seesFinalScores(user.actor, blindMarking: cycle.blindMarking, settled: cycle.released || cycle.status != .open)
        let canEdit = req.may(.editSubmission, work.resource) && work.status == .draft && cycle.status == .open
        let canMark = req.may(.scoreUnit, work.resource) && cycle.status == .open && !cycle.released
        let covered = work.coveredItems
        let leaves = Set(work.tree.leaves.map(\.code))
        let system = try await ReviewService.leafMetrics(work, today: today, records: false, on: req.db)
        let nodes = work.tree.nodes.map { n -> WorkContext.Node in
            let isLeaf = leaves.contains(n.code)
            let entry = work.entries[n.code]
            let required = n.evidence.filter(\.required).map(\.name)
            let have = work.liveFiles.filter { $0.code == n.code }.count
            let mine = work.marks.first { $0.code == n.code && $0.$user.id == user.id }
            let score = work.scores[n.code]
            let effective = n.metric == nil ? nil : Self.systemText(score: score, live: system[n.code], max: n.points)
            return WorkContext.Node(
                code: n.code, level: n.level, title: n.title, max: n.points.description, isLeaf: isLeaf, href: "\(base)/leaves/\(n.code)",
                selfScore: typed.entries[n.code]?.0 ?? entry?.selfHalves.map { Points(halves: $0).description } ?? "",
                narrative: typed.entries[n.code]?.1 ?? entry?.narrative ?? "",
                evidence: isLeaf
                    ? "\(have) 份"
                        + (required.isEmpty ? "" : "(必备 \(required.filter { (covered[n.code] ?? []).contains($0) }.count)/\(required.count))") : "",
                evidenceMissing: isLeaf && required.contains { !(covered[n.code] ?? []).contains($0) },
                final: showFinal ? effective?.points ?? score.map { Points(halves: $0.pointsHalves).description } : nil,
                reason: showFinal ? effective?.reason ?? score?.reason ?? "" : "",
                myMark: typed.marks[n.code]?.0 ?? mine.map { Points(halves: $0.pointsHalves).description } ?? "",
                myReason: typed.marks[n.code]?.1 ?? mine?.reason ?? "",
                supplementOpen: work.openSupplement(n.code) != nil, objectionPending: work.pendingObjection(n.code) != nil,
                system: effective?.text, bound: effective != nil)
        }
        let s = work.submission
        let names = try await ActorNames.lookup([work.submission?.submittedBy ?? "", work.submission?.approvedBy ?? ""], on: req.db)
        var registerFacts: [AssessmentFact] = []
        for module in RegisterModules.all {
            if let fact = try await module.assessmentFacts(year: cycle.year, unit: work.unit, today: today, on: req.db) { registerFacts.append(fact) }
        }
        return try await req.view.render(
            "review/unit",
            WorkContext(
                layout: LayoutContext(req, title: "\(work.unit.name) \(cycle.year) 年自评与审核", active: "assessment"),
                year: cycle.year, unit: work.unit.name, unitID: work.unit.requireID().uuidString,
                category: (try await UnitCategory.query(on: req.db).filter(\.$code == work.unit.categoryCode ?? "").first())?.name ?? "",
                registerFacts: registerFacts,
                base: base, status: Self.statusLabels[work.status] ?? "", statusCode: work.status.rawValue,
                selfWindow: "\(cycle.selfFrom) 至 \(cycle.selfUntil)",
                submittedInfo: s?.submittedAt.map { "\(TimeText.local($0)) 由 \(ActorNames.display(s?.submittedBy ?? "", known: names)) 提交" },
                approvedInfo: s?.approvedAt.map { "\(TimeText.local($0)) 由 \(ActorNames.display(s?.approvedBy ?? "", known: names)) 审批" },
                manifestHash: s?.manifestHash, late: (s?.lateWorkdays ?? 0) > 0 ? "逾期 \(s?.lateWorkdays ?? 0) 个工作日提交" : nil,
                returnedNote: work.status == .draft ? s?.returnedNote : nil, released: cycle.released,
                objectionWindow: cycle.objectionsFrom.map { "\($0) 至 \(cycle.objectionsUntil?.description ?? "")" },
                confirmed: s?.confirmedAt.map { TimeText.local($0) },
                missing: canEdit ? work.missing.map(\.text) : [], nodes: nodes, showFinal: showFinal,
                canEdit: canEdit, canSubmit: canEdit,
                canApprove: req.may(.approveSubmission, work.resource) && work.status == .submitted && cycle.status == .open,
                canMark: canMark,
                canConfirm: req.may(.editSubmission, work.resource) && ReviewService.objectionWindowOpen(cycle, today: today) && s?.confirmedAt == nil
                    && work.objections.isEmpty,
                errors: .init(errors),
                resultHref: cycle.released || cycle.status != .open ? "/assessment/\(cycle.year)" : nil))
    }

    /// A bound leaf's score as the work table shows it: the score row's (pinned or set by a person) or the live one.
    static func systemText(score: AssessmentScore?, live: LeafMetric?, max: Points) -> (text: String, points: String?, reason: String) {
        let evaluation = LeafMetrics.decode(score?.metric) ?? live
        guard let score else {
            let computed = evaluation?.computed
            let full = evaluation?.points == max
            return (computed.map { "\($0) 分" } ?? "无法计分", computed, full ? "" : evaluation.map { "系统计分:" + $0.explanation } ?? "")
        }
        let points = Points(halves: score.pointsHalves).description
        guard score.overridden else { return ("\(points) 分", points, score.reason) }
        return ("\(points) 分(已改分;系统计分 \(evaluation?.computed ?? "—") 分)", points, "\(score.scoredBy):\(score.reason)")
    }

    @Sendable func leaf(req: Request) async throws -> View {
        try await renderLeaf(req, try await work(req, .viewSubmission), code: try code(req))
    }

    private func renderLeaf(_ req: Request, _ work: ReviewService.Work, code: String, errors: [FieldError] = [], draft: [String: String] = [:])
        async throws -> View
    {
        let user = try req.requireUser()
        guard let leaf = work.leaf(code) else { throw AppError.notFound("指标 \(code)") }
        let cycle = work.cycle, today = req.clock.today, base = base(work)
        let open = cycle.status == .open
        let isLiaison = req.may(.editSubmission, work.resource) && open
        let windowOpen = ReviewService.objectionWindowOpen(cycle, today: today)
        let uploadStage: String? =
            !isLiaison
            ? nil
            : work.status == .draft
                ? "self"
                : work.openSupplement(code) != nil
                    ? "supplement"
                    : windowOpen && work.submission?.confirmedAt == nil ? "objection" : nil
        let files = work.files.filter { $0.code == code }
        let uploaders = try await ActorNames.lookup(try files.map { try $0.file.uploadedBy }, on: req.db)
        let seesAllMarks = Policy.seesEveryMark(user.actor)
        let showFinal = Policy.seesFinalScores(user.actor, blindMarking: cycle.blindMarking, settled: cycle.released || !open)
        let score = work.scores[code]
        let pinned = LeafMetrics.decode(score?.metric)
        var evaluation = pinned
        if leaf.metric != nil, evaluation == nil {
            evaluation = try await ReviewService.leafMetrics(work, today: today, records: true, on: req.db)[code]
        }
        let reviewable = req.may(.scoreUnit, work.resource) && open && !cycle.released && work.approved
        return try await req.view.render(
            "review/leaf",
            LeafContext(
                layout: LayoutContext(req, title: "\(work.unit.name) · \(leaf.code) \(leaf.title)", active: "assessment"),
                year: cycle.year, unit: work.unit.name, workHref: base, base: "\(base)/leaves/\(code)", code: code, title: leaf.title,
                max: leaf.points.description, rule: leaf.rule ?? "", basis: leaf.basis ?? "", source: leaf.source.label,
                items: leaf.evidence.map { item in
                    .init(name: item.name, required: item.required, files: files.filter { !$0.withdrawn && $0.item == item.name }.count)
                },
                files: files.map { f in
                    .init(
                        id: try f.requireID().uuidString, item: f.item, filename: try f.filename, size: EvidenceCheck.megabytes(try f.file.size),
                        sha256: try f.sha256,
                        stage: Self.stageLabels[f.stage] ?? f.stage,
                        uploaded: "\(TimeText.local(try f.uploadedAt)) \(ActorNames.display(try f.file.uploadedBy, known: uploaders))",
                        href: "/assessment/\(cycle.year)/evidence/\(try f.requireID().uuidString)", withdrawn: f.withdrawn,
                        canWithdraw: isLiaison && work.status == .draft && !f.withdrawn)
                },
                selfScore: leaf.metric != nil ? "无需自评(由系统计分)" : work.entries[code]?.selfHalves.map { Points(halves: $0).description } ?? "未填",
                narrative: work.entries[code]?.narrative ?? "",
                final: showFinal ? score.map { Points(halves: $0.pointsHalves).description } : nil, finalReason: showFinal ? score?.reason ?? "" : "",
                marks: work.marks.filter { $0.code == code && (seesAllMarks || $0.$user.id == user.id) }.map { m in
                    let position = work.assignments.first { $0.$user.id == m.$user.id }?.position ?? 0
                    return .init(
                        assessor: m.$user.id == user.id ? "我" : "考评员 \(position)",
                        score: Points(halves: m.pointsHalves).description, reason: m.reason, at: TimeText.local(m.markedAt))
                },
                system: evaluation.map { e in
                    .init(
                        name: e.name, metric: e.metric, value: e.value, rule: e.rule, computed: e.computed, explanation: e.explanation, asOf: e.asOf,
                        pinned: pinned != nil, href: e.href,
                        overridden: score.flatMap { $0.overridden ? "\(Points(halves: $0.pointsHalves)) 分(\($0.scoredBy):\($0.reason))" : nil },
                        records: e.records?.map { .init(label: $0.label, href: $0.href, counted: $0.counted) },
                        counted: e.records?.filter(\.counted).count ?? 0)
                },
                canOverride: leaf.metric != nil && reviewable, canRestore: leaf.metric != nil && reviewable && score?.overridden == true,
                supplements: work.supplements.filter { $0.code == code }.map {
                    .init(
                        reason: $0.reason, due: $0.due.description, requested: "\(TimeText.local($0.requestedAt)) \($0.requestedBy)",
                        answer: $0.answer,
                        answered: $0.answeredAt.map(TimeText.local), overdue: $0.answeredAt == nil && today > $0.due)
                },
                objections: work.objections.filter { $0.code == code }.map {
                    .init(
                        id: try $0.requireID().uuidString, reason: $0.reason, filed: "\(TimeText.local($0.filedAt)) \($0.filedBy)",
                        status: ["pending": "待处理", "upheld": "维持原分", "adjusted": "已调整"][$0.status.rawValue] ?? "", statusCode: $0.status.rawValue,
                        previous: Points(halves: $0.previousHalves).description, adjusted: $0.newHalves.map { Points(halves: $0).description },
                        decision: $0.decision, decided: $0.decidedAt.map { "\(TimeText.local($0))" })
                },
                canUpload: uploadStage != nil, uploadStage: uploadStage.flatMap { Self.stageLabels[$0] } ?? "", maxUpload: req.fazhi.maxUploadMB,
                canAnswer: isLiaison && work.openSupplement(code) != nil,
                canReturn: req.may(.scoreUnit, work.resource) && open && !cycle.released && work.openSupplement(code) == nil,
                canReconcile: req.may(.manageAssessment) && open && !cycle.released && ReviewService.reconciliationNeeded(work).contains(code),
                canObject: isLiaison && windowOpen && work.submission?.confirmedAt == nil && work.pendingObjection(code) == nil && score != nil,
                canDecide: req.may(.manageAssessment) && open && work.pendingObjection(code) != nil,
                today: today.description,
                draft: ["score": "", "reason": "", "answer": "", "returnReason": "", "due": "", "decision": "", "objection": ""]
                    .merging(draft, uniquingKeysWith: { _, typed in typed }),
                errors: .init(errors)))
    }

    /// Runs a step; a refused step re-renders the page it came from with the reason and the typed values.
    private func attempt(
        _ req: Request, _ work: ReviewService.Work, leaf code: String?, typed: Typed = Typed(),
        draft: [String: String] = [:], success: String, _ step: () async throws -> Void
    ) async throws -> Response {
        try await req.attempt(
            success: success,
            render: { errors in
                if let code {
                    try await renderLeaf(req, work, code: code, errors: errors, draft: draft)
                } else {
                    try await renderWork(req, work, errors: errors, typed: typed)
                }
            }, step)
    }

    // MARK: system scores

    struct OverrideForm: Content {
        var score: String?
        var reason: String?
    }

    @Sendable func overrideScore(req: Request) async throws -> Response {
        let work = try await work(req, .scoreUnit)
        let code = try code(req)
        let form = try req.content.decode(OverrideForm.self)
        return try await attempt(
            req, work, leaf: code, draft: ["score": form.score ?? "", "reason": form.reason ?? ""], success: "\(base(work))/leaves/\(code)"
        ) {
            try await ReviewService.overrideScore(
                work, code: code, score: form.score ?? "", reason: form.reason ?? "", actor: .user(try req.requireUser()), today: req.clock.today,
                on: req.db,
                now: req.clock.now())
        }
    }

    @Sendable func restoreScore(req: Request) async throws -> Response {
        let work = try await work(req, .scoreUnit)
        let code = try code(req)
        return try await attempt(req, work, leaf: code, success: "\(base(work))/leaves/\(code)") {
            try await ReviewService.restoreScore(work, code: code, actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        }
    }

    // MARK: self-assessment

    struct EntriesForm: Content {
        var score: [String: String]?
        var narrative: [String: String]?
    }

    @Sendable func saveEntries(req: Request) async throws -> Response {
        let work = try await work(req, .editSubmission)
        let form = try req.content.decode(EntriesForm.self)
        let codes = Set((form.score ?? [:]).keys).union((form.narrative ?? [:]).keys)
        let inputs = codes.sorted().map { ReviewService.LeafInput(code: $0, score: form.score?[$0] ?? "", text: form.narrative?[$0] ?? "") }
        let typed = Typed(entries: Dictionary(uniqueKeysWithValues: inputs.map { ($0.code, ($0.score, $0.text)) }))
        return try await attempt(req, work, leaf: nil, typed: typed, success: base(work) + "?notice=saved") {
            try await ReviewService.saveEntries(work, inputs: inputs, actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        }
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let work = try await work(req, .editSubmission)
        let code = try code(req)
        let maxBytes = req.fazhi.maxUploadMB * 1024 * 1024
        return try await attempt(req, work, leaf: code, success: "\(base(work))/leaves/\(code)?notice=uploaded") {
            let upload = try await StreamedUpload.receive(req, maxBytes: maxBytes, store: req.application.fileStore)
            defer { upload.file?.discard() }
            guard let file = upload.file, file.size > 0 else { throw AppError.validation([FieldError("file", "请选择要上传的文件")]) }
            _ = try await ReviewService.addEvidence(
                work, code: code, item: upload.fields["item"] ?? "", file: .received(file),
                actor: .user(try req.requireUser()), store: req.application.fileStore,
                maxBytes: maxBytes, once: FormOnce.parse(upload.fields["formOnce"]), today: req.clock.today, on: req.db, now: req.clock.now())
        }
    }

    @Sendable func withdraw(req: Request) async throws -> Response {
        let work = try await work(req, .editSubmission)
        guard let fileID = req.parameters.get("fileID", as: UUID.self), let file = work.files.first(where: { $0.id == fileID }) else {
            throw AppError.notFound("材料")
        }
        return try await attempt(req, work, leaf: file.code, success: "\(base(work))/leaves/\(file.code)?notice=saved") {
            try await ReviewService.withdrawEvidence(work, fileID: fileID, actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        }
    }

    @Sendable func download(req: Request) async throws -> Response {
        let cycle = try await AssessmentController.cycle(req)
        guard let id = req.parameters.get("fileID", as: UUID.self),
            let file = try await EvidenceFile.query(on: req.db).filter(\.$id == id).with(\.$attachment).first(), file.$cycle.id == cycle.id
        else { throw AppError.notFound("材料") }
        let work = try await ReviewService.load(cycle, unit: try await ReviewService.unit(file.$unit.id, on: req.db), on: req.db)
        try req.authorize(.viewSubmission, work.resource)
        return try .attachment(req, try file.file)
    }

    @Sendable func submit(req: Request) async throws -> Response {
        let work = try await work(req, .editSubmission)
        return try await attempt(req, work, leaf: nil, success: base(work) + "?notice=submitted") {
            try await ReviewService.submit(
                work, actor: .user(try req.requireUser()), calendar: try await CalendarService.load(on: req.db),
                today: req.clock.today, on: req.db, now: req.clock.now())
        }
    }

    struct NoteForm: Content {
        var note: String?
    }

    @Sendable func approve(req: Request) async throws -> Response {
        let work = try await work(req, .approveSubmission)
        return try await attempt(req, work, leaf: nil, success: base(work) + "?notice=approved") {
            try await ReviewService.decideSubmission(
                work, approve: true, note: nil, actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        }
    }

    @Sendable func sendBack(req: Request) async throws -> Response {
        let work = try await work(req, .approveSubmission)
        let form = try req.content.decode(NoteForm.self)
        return try await attempt(req, work, leaf: nil, success: base(work) + "?notice=saved") {
            try await ReviewService.decideSubmission(
                work, approve: false, note: form.note, actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        }
    }

    // MARK: review

    struct MarksForm: Content {
        var mark: [String: String]?
        var reason: [String: String]?
    }

    @Sendable func saveMarks(req: Request) async throws -> Response {
        let work = try await work(req, .scoreUnit)
        let form = try req.content.decode(MarksForm.self)
        let inputs = (form.mark ?? [:]).keys.sorted().map {
            ReviewService.LeafInput(code: $0, score: form.mark?[$0] ?? "", text: form.reason?[$0] ?? "")
        }
        let typed = Typed(marks: Dictionary(uniqueKeysWithValues: inputs.map { ($0.code, ($0.score, $0.text)) }))
        return try await attempt(req, work, leaf: nil, typed: typed, success: base(work) + "?notice=saved") {
            try await ReviewService.saveMarks(work, inputs: inputs, assessor: try req.requireUser(), on: req.db, now: req.clock.now())
        }
    }

    struct ReturnForm: Content {
        var reason: String?
        var due: String?
    }

    @Sendable func requestSupplement(req: Request) async throws -> Response {
        let work = try await work(req, .scoreUnit)
        let code = try code(req)
        let form = try req.content.decode(ReturnForm.self)
        return try await attempt(
            req, work, leaf: code, draft: ["returnReason": form.reason ?? "", "due": form.due?.description ?? ""],
            success: "\(base(work))/leaves/\(code)?notice=returned"
        ) {
            try await ReviewService.requestSupplement(
                work, code: code, reason: form.reason ?? "", due: form.due?.description ?? "", assessor: try req.requireUser(),
                today: req.clock.today, on: req.db, now: req.clock.now())
        }
    }

    struct AnswerForm: Content {
        var answer: String?
    }

    @Sendable func answerSupplement(req: Request) async throws -> Response {
        let work = try await work(req, .editSubmission)
        let code = try code(req)
        let form = try req.content.decode(AnswerForm.self)
        return try await attempt(req, work, leaf: code, draft: ["answer": form.answer ?? ""], success: "\(base(work))/leaves/\(code)?notice=saved") {
            try await ReviewService.answerSupplement(
                work, code: code, answer: form.answer ?? "", actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        }
    }

    struct ScoreForm: Content {
        var score: String?
        var reason: String?
        var decision: String?
        var outcome: String?
    }

    @Sendable func reconcile(req: Request) async throws -> Response {
        let work = try await work(req, .manageAssessment)
        let code = try code(req)
        let form = try req.content.decode(ScoreForm.self)
        return try await attempt(
            req, work, leaf: code, draft: ["score": form.score ?? "", "reason": form.reason ?? ""],
            success: "\(base(work))/leaves/\(code)?notice=saved"
        ) {
            try await ReviewService.reconcile(
                work, code: code, score: form.score ?? "", reason: form.reason ?? "", actor: .user(try req.requireUser()),
                on: req.db, now: req.clock.now())
        }
    }

    // MARK: results, objections

    @Sendable func release(req: Request) async throws -> Response {
        let cycle = try await AssessmentController.cycle(req)
        try await ReviewService.release(
            cycle, actor: .user(try req.requireUser()), engine: try await CalendarService.engine(on: req.db),
            today: req.clock.today, on: req.db, now: req.clock.now())
        return req.redirect(to: "/assessment/\(cycle.year)?notice=released")
    }

    @Sendable func confirm(req: Request) async throws -> Response {
        let work = try await work(req, .editSubmission)
        return try await attempt(req, work, leaf: nil, success: base(work) + "?notice=confirmed") {
            try await ReviewService.confirm(work, actor: .user(try req.requireUser()), today: req.clock.today, on: req.db, now: req.clock.now())
        }
    }

    @Sendable func object(req: Request) async throws -> Response {
        let work = try await work(req, .editSubmission)
        let code = try code(req)
        let form = try req.content.decode(ScoreForm.self)
        return try await attempt(
            req, work, leaf: code, draft: ["objection": form.reason ?? ""], success: "\(base(work))/leaves/\(code)?notice=objected"
        ) {
            try await ReviewService.fileObjection(
                work, code: code, reason: form.reason ?? "", actor: .user(try req.requireUser()),
                today: req.clock.today, on: req.db, now: req.clock.now())
        }
    }

    @Sendable func decide(req: Request) async throws -> Response {
        let work = try await work(req, .manageAssessment)
        guard let id = req.parameters.get("objectionID", as: UUID.self), let objection = work.objections.first(where: { $0.id == id }) else {
            throw AppError.notFound("申诉")
        }
        let form = try req.content.decode(ScoreForm.self)
        return try await attempt(
            req, work, leaf: objection.code, draft: ["decision": form.decision ?? "", "score": form.score ?? ""],
            success: "\(base(work))/leaves/\(objection.code)?notice=saved"
        ) {
            guard let outcome = form.outcome, ["uphold", "adjust"].contains(outcome) else {
                throw AppError.validation([FieldError("outcome", "请选择“维持原分”或“调整得分”")])
            }
            try await ReviewService.decideObjection(
                work, objectionID: id, adjust: outcome == "adjust", score: form.score, decision: form.decision ?? "",
                actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        }
    }
}
