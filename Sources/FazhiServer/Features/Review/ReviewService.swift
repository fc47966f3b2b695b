import FazhiCore
import Fluent
import Vapor

/// 自评、审核、补充、申诉: every step of one unit's way from self-assessment to a final leaf score.
/// Each step checks the cycle's state, changes the database in one transaction and audits it.
enum ReviewService {
    /// Everything about one unit in one cycle, loaded once for a page or a check.
    struct Work {
        let cycle: AssessmentCycle
        let unit: OrgNode
        let unitID: UUID
        let tree: IndicatorTree
        let submission: AssessmentSubmission?
        let entries: [String: AssessmentEntry]
        let files: [EvidenceFile]
        let marks: [AssessmentMark]
        let scores: [String: AssessmentScore]
        let supplements: [SupplementRequest]
        let objections: [AssessmentObjection]
        let assignments: [AssessorAssignment]

        var status: AssessmentSubmission.Status { submission?.status ?? .draft }
        var approved: Bool { status == .approved }
        var assessorIDs: [UUID] { assignments.map { $0.$user.id } }
        var resource: Resource { .submission(unit: unitID, approved: approved, assessors: assessorIDs) }
        func leaf(_ code: String) -> IndicatorNode? { tree.leaves.first { $0.code == code } }
        func openSupplement(_ code: String) -> SupplementRequest? { supplements.first { $0.code == code && $0.answeredAt == nil } }
        func pendingObjection(_ code: String) -> AssessmentObjection? { objections.first { $0.code == code && $0.status == .pending } }
        var liveFiles: [EvidenceFile] { files.filter { !$0.withdrawn } }
        /// Checklist items with at least one file, by leaf.
        var coveredItems: [String: Set<String>] {
            Dictionary(grouping: liveFiles, by: \.code).mapValues { Set($0.map(\.item)) }
        }
        var missing: [ReviewRules.Missing] {
            ReviewRules.missing(tree: tree, scored: Set(entries.values.filter { $0.selfHalves != nil }.map(\.code)), files: coveredItems)
        }
    }

    static func unit(_ id: UUID, on db: any Database) async throws -> OrgNode {
        guard let unit = try await OrgNode.find(id, on: db), unit.kind == .unit else { throw AppError.notFound("单位") }
        return unit
    }

    static func load(_ cycle: AssessmentCycle, unit: OrgNode, on db: any Database) async throws -> Work {
        guard let record = try await AssessmentService.tree(cycle, category: unit.assessedCategory, on: db) else {
            throw AppError.notFound("\(unit.name) 所属类别的 \(cycle.year) 年指标体系")
        }
        let cycleID = try cycle.requireID(), unitID = try unit.requireID()
        func scoped<M: Model>(
            _ type: M.Type, _ cycleKey: KeyPath<M, ParentProperty<M, AssessmentCycle>>,
            _ unitKey: KeyPath<M, ParentProperty<M, OrgNode>>
        ) async throws -> [M] {
            try await M.query(on: db).filter(cycleKey.appending(path: \.$id) == cycleID).filter(unitKey.appending(path: \.$id) == unitID).all()
        }
        return Work(
            cycle: cycle, unit: unit, unitID: unitID, tree: try await IndicatorService.tree(record, on: db),
            submission: try await scoped(AssessmentSubmission.self, \.$cycle, \.$unit).first,
            entries: Dictionary(try await scoped(AssessmentEntry.self, \.$cycle, \.$unit).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a }),
            files: try await EvidenceFile.query(on: db).filter(\.$cycle.$id == cycleID).filter(\.$unit.$id == unitID).with(\.$attachment).all()
                .sorted { try $0.uploadedAt < $1.uploadedAt },
            marks: try await scoped(AssessmentMark.self, \.$cycle, \.$unit),
            scores: Dictionary(try await scoped(AssessmentScore.self, \.$cycle, \.$unit).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a }),
            supplements: try await scoped(SupplementRequest.self, \.$cycle, \.$unit).sorted { $0.requestedAt < $1.requestedAt },
            objections: try await scoped(AssessmentObjection.self, \.$cycle, \.$unit).sorted { $0.filedAt < $1.filedAt },
            assignments: try await scoped(AssessorAssignment.self, \.$cycle, \.$unit).sorted { $0.position < $1.position })
    }

    /// What a unit's home page says about its assessment: counts, not the whole work (the tree only
    /// while it is still filling in its self-assessment).
    struct Summary {
        var status: AssessmentSubmission.Status = .draft
        var confirmed = false
        var objections = 0
        var openSupplements = 0
        var earliestSupplementDue: LocalDate?
        var filled = 0
        var leaves = 0
    }

    static func summary(_ cycle: AssessmentCycle, unit: OrgNode, on db: any Database) async throws -> Summary {
        let cycleID = try cycle.requireID(), unitID = try unit.requireID()
        var summary = Summary()
        if let submission = try await AssessmentSubmission.query(on: db).filter(\.$cycle.$id == cycleID).filter(\.$unit.$id == unitID).first() {
            summary.status = submission.status
            summary.confirmed = submission.confirmedAt != nil
        }
        summary.objections = try await AssessmentObjection.query(on: db).filter(\.$cycle.$id == cycleID).filter(\.$unit.$id == unitID).count()
        let open = SupplementRequest.query(on: db).filter(\.$cycle.$id == cycleID).filter(\.$unit.$id == unitID).filter(\.$answeredAt == nil)
        summary.openSupplements = try await open.copy().count()
        if summary.openSupplements > 0 { summary.earliestSupplementDue = try await open.min(\.$due) }
        if summary.status == .draft {
            summary.filled = try await AssessmentEntry.query(on: db).filter(\.$cycle.$id == cycleID).filter(\.$unit.$id == unitID)
                .filter(\.$selfHalves != nil).count()
            if let record = try await AssessmentService.tree(cycle, category: unit.assessedCategory, on: db) {
                summary.leaves = try await IndicatorService.tree(record, on: db).leaves.filter { $0.metric == nil }.count
            }
        }
        return summary
    }

    // MARK: - state guards

    static func requireOpen(_ cycle: AssessmentCycle) throws {
        guard cycle.status == .open else {
            throw AppError.conflict("\(cycle.year) 年考评已冻结,任何分数、材料和说明都不能再改变")
        }
    }

    static func requireDraft(_ work: Work) throws {
        try requireOpen(work.cycle)
        switch work.status {
        case .draft: return
        case .submitted: throw AppError.conflict("自评已提交,正等待单位负责人审批;如需修改,请负责人退回")
        case .approved: throw AppError.conflict("自评已审批并交考评员审核,不能再修改;考评员退回补充的指标可在补充时上传材料")
        }
    }

    static func requireReviewable(_ work: Work) throws {
        try requireOpen(work.cycle)
        guard work.approved else { throw AppError.conflict("该单位的自评尚未经负责人审批,不能审核") }
        guard !work.cycle.released else { throw AppError.conflict("初步结果已发布,分数只能通过申诉处理调整") }
    }

    // MARK: - self-assessment

    /// One leaf's row of a form: a score as typed and its text (a self-assessment narrative, or
    /// the assessor's reason).
    struct LeafInput {
        var code: String
        var score: String
        var text: String
    }

    /// Saves the self-scores and narratives of the leaves given; blank scores stay unfilled.
    /// All or nothing: one bad value and nothing is saved.
    static func saveEntries(_ work: Work, inputs: [LeafInput], actor: AuditActor, on db: any Database, now: Date) async throws {
        try requireDraft(work)
        var v = Validator()
        var parsed: [(IndicatorNode, Int?, String)] = []
        for input in inputs {
            guard let leaf = work.leaf(input.code) else { v.add("score[\(input.code)]", "指标 \(input.code) 不是本单位指标体系的末级指标"); continue }
            let narrative = input.text.trimmed
            if narrative.count > 2000 { v.add("narrative[\(leaf.code)]", "\(leaf.code) 自评说明不能超过 2000 个字符") }
            let raw = input.score.trimmed
            if raw.isEmpty { parsed.append((leaf, nil, narrative)); continue }
            guard let points = Points(raw), points >= .zero, points <= leaf.points else {
                v.add("score[\(leaf.code)]", "\(leaf.code) 自评分“\(raw)”无效:应为 0 到 \(leaf.points) 之间、0.5 的整数倍"); continue
            }
            parsed.append((leaf, points.halves, narrative))
        }
        try v.check()
        let rows = parsed
        try await db.writeTransaction { tx in
            var changed: [String: String] = [:]
            for (leaf, halves, narrative) in rows {
                let entry = work.entries[leaf.code] ?? AssessmentEntry()
                guard entry.id == nil || entry.selfHalves != halves || entry.narrative != narrative else { continue }
                if entry.id == nil {
                    guard halves != nil || !narrative.isEmpty else { continue }
                    entry.$cycle.id = try work.cycle.requireID()
                    entry.$unit.id = try work.unit.requireID()
                    entry.code = leaf.code
                }
                entry.selfHalves = halves
                entry.narrative = narrative
                try await entry.save(on: tx)
                changed[leaf.code] = halves.map { Points(halves: $0).description } ?? "—"
            }
            guard !changed.isEmpty else { return }
            try await ensureSubmission(work, on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .selfAssess, entityType: .assessmentUnit,
                entityID: entityID(work), after: changed, at: now)
        }
    }

    static func entityID(_ work: Work) -> String { "\(work.cycle.year)/\(work.unit.code)" }

    @discardableResult
    static func ensureSubmission(_ work: Work, on db: any Database) async throws -> AssessmentSubmission {
        if let existing = try await AssessmentSubmission.query(on: db).filter(\.$cycle.$id == work.cycle.requireID())
            .filter(\.$unit.$id == work.unit.requireID()).first()
        {
            return existing
        }
        let submission = AssessmentSubmission()
        submission.$cycle.id = try work.cycle.requireID()
        submission.$unit.id = try work.unit.requireID()
        submission.status = .draft
        submission.lateWorkdays = 0
        try await submission.create(on: db)
        return submission
    }

    /// Stores an uploaded file for one leaf: while drafting, to answer a request for supplement, or
    /// with an objection. The content is checked before anything is written.
    static func addEvidence(
        _ work: Work, code: String, item: String, file incoming: AttachmentService.Incoming, actor: AuditActor,
        store: FileStore, maxBytes: Int, once: String? = nil, today: LocalDate, on db: any Database, now: Date
    ) async throws -> EvidenceFile? {
        try requireOpen(work.cycle)
        guard let leaf = work.leaf(code) else { throw AppError.notFound("指标 \(code)") }
        let stage: String
        if work.status == .draft {
            stage = "self"
        } else if work.openSupplement(code) != nil {
            stage = "supplement"
        } else if objectionWindowOpen(work.cycle, today: today), work.submission?.confirmedAt == nil {
            stage = "objection"
        } else {
            throw AppError.conflict("现在不能为 \(code) 上传材料:自评已提交,且该指标没有待补充的退回或申诉")
        }
        let items = leaf.evidence.map(\.name) + ["其他材料"]
        guard items.contains(item) else { throw AppError.validation([FieldError("item", "请选择材料对应的清单项")]) }
        let stored = try AttachmentService.accept(incoming, maxBytes: maxBytes, into: store)
        let cycleID = try work.cycle.requireID(), unitID = try work.unit.requireID()
        return try await db.writeTransaction { tx in
            // The same form sent again (a double click, a retry) stores the file once.
            if let once, try await FormOnce.claim(once, kind: "evidence", on: tx, now: now) != nil { return nil }
            let file = EvidenceFile()
            file.id = UUID()
            file.$cycle.id = cycleID
            file.$unit.id = unitID
            file.code = code
            file.item = item
            file.stage = stage
            file.withdrawn = false
            let attachment = try await AttachmentService.attach(stored, to: .evidence, id: try file.requireID(), by: actor.name, at: now, on: tx)
            file.$attachment.id = try attachment.requireID()
            file.$attachment.value = attachment
            try await file.create(on: tx)
            try await ensureSubmission(work, on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .uploadEvidence, entityType: .assessmentUnit, entityID: entityID(work),
                after: ["code": code, "item": item, "file": stored.filename, "sha256": stored.sha256, "stage": stage], at: now)
            if let once { try await FormOnce.record(once, result: try file.requireID().uuidString, on: tx) }
            return file
        }
    }

    /// Withdraws a file from a draft; the stored bytes remain (content-addressed, never deleted).
    static func withdrawEvidence(_ work: Work, fileID: UUID, actor: AuditActor, on db: any Database, now: Date) async throws {
        try requireDraft(work)
        guard let file = work.files.first(where: { $0.id == fileID }), !file.withdrawn else { throw AppError.notFound("材料") }
        try await db.writeTransaction { tx in
            file.withdrawn = true
            try await file.update(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .withdrawEvidence, entityType: .assessmentUnit, entityID: entityID(work),
                before: ["code": file.code, "file": try file.filename, "sha256": try file.sha256], at: now)
        }
    }

    /// 提交: every leaf self-scored and every required item present; the evidence hashes are frozen
    /// in a manifest; lateness is recorded and, when configured, deducted.
    /// `approved`: the submitter's own approval stands for the head's (a district office submits its
    /// district's self-assessment in the city's cycle; no unit head approves it).
    static func submit(
        _ work: Work, approved: Bool = false, actor: AuditActor, calendar: WorkCalendar, today: LocalDate, on db: any Database, now: Date
    ) async throws {
        try requireDraft(work)
        let missing = work.missing
        guard missing.isEmpty else {
            throw AppError.validation(
                missing.prefix(30).map { FieldError("missing[\($0.code)]", $0.text) }
                    + (missing.count > 30 ? [FieldError("missing", "……共 \(missing.count) 项未完成")] : []))
        }
        var lateDays = 0
        if today > work.cycle.selfUntil {
            lateDays = (try? calendar.workdays(from: work.cycle.selfUntil.adding(days: 1), to: today)) ?? 0
        }
        let late = lateDays
        let manifest = try Dictionary(grouping: work.liveFiles, by: \.code).mapValues { try $0.map { try $0.sha256 }.sorted() }
        let json = try AuditService.json(manifest)
        try await db.writeTransaction { tx in
            let submission = try await ensureSubmission(work, on: tx)
            submission.status = approved ? .approved : .submitted
            submission.submittedAt = now
            submission.submittedBy = actor.name
            if approved {
                submission.approvedAt = now
                submission.approvedBy = actor.name
            }
            submission.returnedNote = nil
            submission.lateWorkdays = late
            submission.manifest = json
            submission.manifestHash = Tokens.sha256Hex(json)
            try await submission.update(on: tx)
            try await AssessmentExtra.query(on: tx).filter(\.$cycle.$id == work.cycle.requireID()).filter(\.$unit.$id == work.unit.requireID())
                .filter(\.$kind == "late").delete()
            let types = try JSONDecoder().decode([AdjustmentType].self, from: Data(work.cycle.adjustmentTypes.utf8))
            let cap = types.first { $0.code == "late" }?.cap ?? Points(halves: work.cycle.lateHalvesPerDay * max(late, 1))
            let deduction = ReviewRules.lateDeduction(workdaysLate: late, perWorkday: Points(halves: work.cycle.lateHalvesPerDay), cap: cap)
            if deduction > .zero {
                let extra = AssessmentExtra()
                extra.$cycle.id = try work.cycle.requireID()
                extra.$unit.id = try work.unit.requireID()
                extra.kind = "late"
                extra.value = deduction.halves
                extra.reason = "自评逾期 \(late) 个工作日提交(截止 \(work.cycle.selfUntil))"
                try await extra.create(on: tx)
            }
            try await AuditService.record(
                on: tx, actor: actor, action: .submitSelfAssessment, entityType: .assessmentUnit, entityID: entityID(work),
                after: ["manifestHash": submission.manifestHash ?? "", "lateWorkdays": "\(late)"], at: now)
        }
    }

    /// The head approves (the assessors may now see it) or sends it back with a reason.
    static func decideSubmission(_ work: Work, approve: Bool, note: String?, actor: AuditActor, on db: any Database, now: Date) async throws {
        try requireOpen(work.cycle)
        guard let submission = work.submission, submission.status == .submitted else {
            throw AppError.conflict(work.status == .approved ? "自评已审批" : "自评尚未提交,没有可审批的内容")
        }
        let reason = (note ?? "").trimmed
        if !approve, reason.isEmpty { throw AppError.validation([FieldError("note", "退回时请写明需要修改的内容")]) }
        try await db.writeTransaction { tx in
            submission.status = approve ? .approved : .draft
            if approve {
                submission.approvedAt = now
                submission.approvedBy = actor.name
            } else {
                submission.returnedNote = String(reason.prefix(500))
            }
            try await submission.update(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: approve ? .approveSelfAssessment : .returnSelfAssessment,
                entityType: .assessmentUnit, entityID: entityID(work),
                after: approve ? ["manifestHash": submission.manifestHash ?? ""] : ["note": reason], at: now)
        }
    }

    // MARK: - review

    /// An assigned assessor's marks for the leaves given (blank ones are skipped). Without blind
    /// second marking a mark is the final score; with it, the final score is settled once both
    /// assessors have marked, or the leaf goes to the reconciliation queue.
    static func saveMarks(_ work: Work, inputs: [LeafInput], assessor: CurrentUser, on db: any Database, now: Date) async throws {
        try requireReviewable(work)
        guard let position = work.assignments.first(where: { $0.$user.id == assessor.id })?.position else { throw AppError.forbidden }
        let rows = try parseMarks(work, inputs: inputs)
        let blind = work.cycle.blindMarking && work.assignments.count > 1
        try await db.writeTransaction { tx in
            var changed: [String: String] = [:]
            for (leaf, points, reason) in rows {
                let mark = work.marks.first { $0.code == leaf.code && $0.$user.id == assessor.id } ?? AssessmentMark()
                if mark.id != nil, mark.pointsHalves == points.halves, mark.reason == reason { continue }
                if mark.id == nil {
                    mark.$cycle.id = try work.cycle.requireID()
                    mark.$unit.id = try work.unit.requireID()
                    mark.code = leaf.code
                    mark.$user.id = assessor.id
                }
                mark.pointsHalves = points.halves
                mark.reason = reason
                mark.markedAt = now
                try await mark.save(on: tx)
                changed[leaf.code] = points.description
                if !blind {
                    try await setFinal(work, code: leaf.code, points: points, reason: reason, by: assessor.username, on: tx)
                    continue
                }
                let other = work.marks.first { $0.code == leaf.code && $0.$user.id != assessor.id }
                guard let other else { continue }
                let (first, second) = position == 1 ? (points, Points(halves: other.pointsHalves)) : (Points(halves: other.pointsHalves), points)
                switch ReviewRules.combine(first, second, threshold: Points(halves: work.cycle.markThresholdHalves)) {
                case .agreed(let final):
                    let reasons = Set([reason, other.reason].filter { !$0.isEmpty }).sorted().joined(separator: ";")
                    try await setFinal(work, code: leaf.code, points: final, reason: final < leaf.points ? reasons : "", by: "双人评分", on: tx)
                case .reconcile:
                    try await AssessmentScore.query(on: tx).filter(\.$cycle.$id == work.cycle.requireID())
                        .filter(\.$unit.$id == work.unit.requireID()).filter(\.$code == leaf.code).delete()
                }
            }
            guard !changed.isEmpty else { return }
            try await AuditService.record(
                on: tx, actor: .user(assessor), action: .mark, entityType: .assessmentUnit, entityID: entityID(work),
                after: changed, at: now)
        }
    }

    /// The marks typed for the leaves given (blank ones skipped): each within the leaf's points, with
    /// a reason below the maximum; not for a leaf the system scores or one returned for supplement.
    private static func parseMarks(_ work: Work, inputs: [LeafInput]) throws -> [(IndicatorNode, Points, String)] {
        var v = Validator()
        var parsed: [(IndicatorNode, Points, String)] = []
        for input in inputs where !input.score.trimmed.isEmpty {
            guard let leaf = work.leaf(input.code) else { v.add("score[\(input.code)]", "指标 \(input.code) 不存在"); continue }
            if leaf.metric != nil {
                v.add("score[\(leaf.code)]", "\(leaf.code) 由系统按登记簿数据计分;如需改动,请在该指标页面“改动系统计分”并写明理由")
                continue
            }
            if work.openSupplement(leaf.code) != nil { v.add("score[\(leaf.code)]", "\(leaf.code) 已退回补充,单位答复后才能赋分"); continue }
            switch ReviewRules.mark(input.score, reason: input.text, max: leaf.points, field: "score[\(leaf.code)]") {
            case .success(let (points, reason)): parsed.append((leaf, points, reason))
            case .failure(let error): v.add(error.field, "\(leaf.code):" + error.message)
            }
        }
        try v.check()
        guard !parsed.isEmpty else { throw AppError.validation([FieldError("score", "没有填写任何得分")]) }
        return parsed
    }

    /// 市级审核 the city's legal office scores a district's leaves itself (no assignment, no second
    /// marking): each mark is the final score.
    static func scoreDirectly(_ work: Work, inputs: [LeafInput], actor: AuditActor, on db: any Database, now: Date) async throws {
        try requireReviewable(work)
        let rows = try parseMarks(work, inputs: inputs)
        try await db.writeTransaction { tx in
            var changed: [String: String] = [:]
            for (leaf, points, reason) in rows where work.scores[leaf.code].map({ $0.pointsHalves != points.halves || $0.reason != reason }) ?? true {
                try await setFinal(work, code: leaf.code, points: points, reason: reason, by: actor.name, on: tx)
                changed[leaf.code] = points.description
            }
            guard !changed.isEmpty else { return }
            try await AuditService.record(
                on: tx, actor: actor, action: .mark, entityType: .assessmentUnit, entityID: entityID(work), after: changed, at: now)
        }
    }

    static func setFinal(_ work: Work, code: String, points: Points, reason: String, by: String, on db: any Database) async throws {
        let score =
            try await AssessmentScore.query(on: db).filter(\.$cycle.$id == work.cycle.requireID())
            .filter(\.$unit.$id == work.unit.requireID()).filter(\.$code == code).first() ?? AssessmentScore()
        if score.id == nil {
            score.$cycle.id = try work.cycle.requireID()
            score.$unit.id = try work.unit.requireID()
            score.code = code
        }
        score.pointsHalves = points.halves
        score.reason = reason
        score.scoredBy = by
        // A bound leaf's score set by a person (改分, 申诉调整) is an override of the system's.
        if work.leaf(code)?.metric != nil { score.overridden = true }
        try await score.save(on: db)
    }

    /// 系统计分 the evaluations of the work's bound leaves as of `today` (with the counted records when asked).
    static func leafMetrics(_ work: Work, today: LocalDate, records: Bool, on db: any Database) async throws -> [String: LeafMetric] {
        try await LeafMetrics.evaluate(tree: work.tree, units: [work.unitID], today: today, records: records, on: db)[work.unitID] ?? [:]
    }

    /// 改动系统计分: an assessor sets a bound leaf's score instead of the system, always with a reason
    /// (audited, and shown on the score card beside the computed score).
    static func overrideScore(
        _ work: Work, code: String, score: String, reason: String, actor: AuditActor, today: LocalDate, on db: any Database, now: Date
    ) async throws {
        try requireReviewable(work)
        guard let leaf = work.leaf(code), leaf.metric != nil else { throw AppError.conflict("指标 \(code) 不由系统计分,请在审核表中赋分") }
        var v = Validator()
        var points = Points.zero
        switch ReviewRules.mark(score, reason: reason, max: leaf.points, field: "score") {
        case .success(let (p, _)): points = p
        case .failure(let error): v.add(error.field, error.message)
        }
        v.text(reason, field: "reason", label: "改分理由", max: 500)
        try v.check()
        let evaluation = try await leafMetrics(work, today: today, records: false, on: db)[code]
        let settled = points
        try await db.writeTransaction { tx in
            try await setFinal(work, code: code, points: settled, reason: reason.trimmed, by: "改分:\(actor.name)", on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .overrideScore, entityType: .assessmentUnit, entityID: entityID(work),
                before: [
                    "code": code, "points": work.scores[code].map { Points(halves: $0.pointsHalves).description } ?? evaluation?.computed ?? "",
                ],
                after: ["points": settled.description, "reason": reason.trimmed, "computed": evaluation?.computed ?? ""], at: now)
        }
    }

    /// 恢复系统计分: the override is withdrawn before the preliminary results go out.
    static func restoreScore(_ work: Work, code: String, actor: AuditActor, on db: any Database, now: Date) async throws {
        try requireReviewable(work)
        guard let leaf = work.leaf(code), leaf.metric != nil, let row = work.scores[code], row.overridden else {
            throw AppError.conflict("指标 \(code) 没有改动过的系统计分")
        }
        try await db.writeTransaction { tx in
            try await row.delete(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .restoreScore, entityType: .assessmentUnit, entityID: entityID(work),
                before: ["code": code, "points": Points(halves: row.pointsHalves).description, "reason": row.reason], at: now)
        }
    }

    /// The leaves whose two blind marks differ by more than the threshold and have no final score.
    static func reconciliationNeeded(_ work: Work) -> [String] {
        guard work.cycle.blindMarking else { return [] }
        return Dictionary(grouping: work.marks, by: \.code).compactMap { code, marks in
            guard marks.count >= 2, work.scores[code] == nil else { return nil }
            return code
        }.sorted()
    }

    /// 复核: the office settles a leaf whose blind marks disagree.
    static func reconcile(_ work: Work, code: String, score: String, reason: String, actor: AuditActor, on db: any Database, now: Date) async throws {
        try requireReviewable(work)
        guard let leaf = work.leaf(code), reconciliationNeeded(work).contains(code) else {
            throw AppError.conflict("指标 \(code) 不在待复核队列中")
        }
        let (points, why): (Points, String)
        switch ReviewRules.mark(score, reason: reason, max: leaf.points, field: "score") {
        case .success(let value): (points, why) = value
        case .failure(let error): throw AppError.validation([error])
        }
        try await db.writeTransaction { tx in
            try await setFinal(work, code: code, points: points, reason: why, by: "复核:\(actor.name)", on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .reconcile, entityType: .assessmentUnit, entityID: entityID(work),
                after: ["code": code, "points": points.description, "reason": why], at: now)
        }
    }

    /// 退回补充: the assessor asks for more on one leaf by a date.
    static func requestSupplement(
        _ work: Work, code: String, reason: String, due: String, assessor: CurrentUser, today: LocalDate,
        on db: any Database, now: Date
    ) async throws {
        try requireReviewable(work)
        guard work.leaf(code) != nil else { throw AppError.notFound("指标 \(code)") }
        guard work.openSupplement(code) == nil else { throw AppError.conflict("\(code) 已有待答复的补充要求") }
        var v = Validator()
        v.text(reason, field: "reason", label: "退回理由", max: 500)
        let date = v.date(due, field: "due", label: "补充截止日期")
        if let date, date < today { v.add("due", "补充截止日期不能早于今天 \(today)") }
        try v.check()
        guard let date else { throw ValidationFailure(v.errors) }
        let cycleID = try work.cycle.requireID(), unitID = try work.unit.requireID()
        let people = try await User.query(on: db).filter(\.$unit.$id == unitID).filter(\.$role ~~ Policy.unitRecipientRoles)
            .filter(\.$isActive == true).all().compactMap(\.id)
        try await db.writeTransaction { tx in
            let request = SupplementRequest()
            request.$cycle.id = cycleID
            request.$unit.id = unitID
            request.code = code
            request.reason = reason.trimmed
            request.due = date
            request.requestedBy = assessor.username
            request.requestedAt = now
            try await request.create(on: tx)
            try await AuditService.record(
                on: tx, actor: .user(assessor), action: .requestSupplement, entityType: .assessmentUnit,
                entityID: entityID(work), after: ["code": code, "reason": request.reason, "due": request.due.description], at: now)
            // The unit hears of it in its inbox, not only on its home page.
            try await NotificationService.notify(
                userIDs: people, key: "supplement:\(try request.requireID().uuidString)", kind: "assessment",
                title: "考评员退回 \(code) 要求补充材料",
                body: "\(work.cycle.year) 年考评指标 \(code):\(request.reason)。请于 \(date) 前在考评工作台上传补充材料并答复。",
                href: "/assessment/\(work.cycle.year)/work/\(unitID.uuidString)/leaves/\(code)", on: tx, today: today, now: now)
        }
    }

    /// The unit answers a request for supplement (files were uploaded to the leaf beforehand).
    static func answerSupplement(_ work: Work, code: String, answer: String, actor: AuditActor, on db: any Database, now: Date) async throws {
        try requireOpen(work.cycle)
        guard let request = work.openSupplement(code) else { throw AppError.conflict("\(code) 没有待答复的补充要求") }
        var v = Validator()
        v.text(answer, field: "answer", label: "补充说明", max: 2000)
        try v.check()
        let files = try work.liveFiles.filter { try $0.code == code && $0.stage == "supplement" && $0.uploadedAt >= request.requestedAt }
        try await db.writeTransaction { tx in
            request.answer = answer.trimmed
            request.answeredAt = now
            try await request.update(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .answerSupplement, entityType: .assessmentUnit, entityID: entityID(work),
                after: ["code": code, "answer": request.answer ?? "", "files": try files.map { try $0.sha256 }.joined(separator: ",")], at: now)
        }
    }

    // MARK: - release, objections

    static func objectionWindowOpen(_ cycle: AssessmentCycle, today: LocalDate) -> Bool {
        guard cycle.status == .open, let from = cycle.objectionsFrom,
            let until = cycle.objectionsUntil
        else {
            return false
        }
        return from <= today && today <= until
    }

    /// 发布初步结果: every unit scored, no request for supplement open; the objection window of N
    /// working days starts the next day (counting excludes the day of release, as every period does).
    static func release(_ cycle: AssessmentCycle, actor: AuditActor, engine: DeadlineEngine, today: LocalDate, on db: any Database, now: Date)
        async throws
    {
        try requireOpen(cycle)
        if let from = cycle.objectionsFrom { throw AppError.conflict("初步结果已于 \(from) 发布") }
        let snapshot = try await AssessmentService.compute(cycle, today: today, records: true, on: db)
        let pending = snapshot.categories.flatMap(\.pending)
        guard pending.isEmpty else {
            throw AppError.conflict("还有 \(pending.count) 个单位未完成评分(如 \(pending[0].text)),不能发布初步结果")
        }
        let rows = snapshot.categories.flatMap(\.rows)
        let open = try await SupplementRequest.query(on: db).filter(\.$cycle.$id == cycle.requireID()).filter(\.$answeredAt == nil).count()
        guard open == 0 else { throw AppError.conflict("还有 \(open) 项退回补充未答复,不能发布初步结果") }
        let until = try engine.due(DeadlineRequest(start: today, length: cycle.objectionWorkdays, unit: .workday)).due
        try await db.writeTransaction { tx in
            try await pinLeafMetrics(cycle, rows: rows, on: tx)
            cycle.objectionsFrom = today
            cycle.objectionsUntil = until
            try await cycle.update(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .releasePreliminary, entityType: .assessmentCycle, entityID: "\(cycle.year)",
                after: ["objectionsFrom": today.description, "objectionsUntil": until.description], at: now)
        }
    }

    /// The units see the preliminary results: every bound leaf's evaluation (and its counted records) is
    /// pinned on its score row, so later changes to the registers no longer move it; objections
    /// and the freeze work from these rows.
    private static func pinLeafMetrics(_ cycle: AssessmentCycle, rows: [AssessmentService.Row], on db: any Database) async throws {
        let existing = try await AssessmentScore.query(on: db).filter(\.$cycle.$id == cycle.requireID()).all()
        for row in rows {
            for (code, metric) in row.metrics ?? [:] {
                let json = try LeafMetrics.json(metric)
                if let score = existing.first(where: { $0.$unit.id == row.unitID && $0.code == code }) {
                    score.metric = json
                    try await score.update(on: db)
                    continue
                }
                guard let points = metric.points else { continue }
                let score = AssessmentScore()
                score.$cycle.id = try cycle.requireID()
                score.$unit.id = row.unitID
                score.code = code
                score.pointsHalves = points.halves
                score.reason = row.reasons[code] ?? ""
                score.scoredBy = "系统计分"
                score.metric = json
                try await score.create(on: db)
            }
        }
    }

    static func fileObjection(_ work: Work, code: String, reason: String, actor: AuditActor, today: LocalDate, on db: any Database, now: Date)
        async throws
    {
        try requireOpen(work.cycle)
        guard objectionWindowOpen(work.cycle, today: today) else {
            throw AppError.conflict(
                work.cycle.released
                    ? "申诉期(\(work.cycle.objectionsFrom?.description ?? "") 至 \(work.cycle.objectionsUntil?.description ?? ""))已过,不能再申诉"
                    : "初步结果尚未发布,还不能申诉")
        }
        guard work.submission?.confirmedAt == nil else { throw AppError.conflict("本单位已确认初步结果无异议,不能再申诉") }
        guard let score = work.scores[code] else { throw AppError.notFound("指标 \(code) 的得分") }
        guard work.pendingObjection(code) == nil else { throw AppError.conflict("\(code) 已有待处理的申诉") }
        var v = Validator()
        v.text(reason, field: "reason", label: "申诉理由", max: 2000)
        try v.check()
        let objection = AssessmentObjection()
        objection.$cycle.id = try work.cycle.requireID()
        objection.$unit.id = try work.unit.requireID()
        objection.code = code
        objection.reason = reason.trimmed
        objection.filedBy = actor.name
        objection.filedAt = now
        objection.status = .pending
        objection.previousHalves = score.pointsHalves
        try await db.writeTransaction { tx in
            try await objection.create(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .fileObjection, entityType: .assessmentUnit, entityID: entityID(work),
                after: ["code": code, "reason": objection.reason], at: now)
        }
    }

    /// 确认无异议: the unit accepts its preliminary result.
    static func confirm(_ work: Work, actor: AuditActor, today: LocalDate, on db: any Database, now: Date) async throws {
        try requireOpen(work.cycle)
        guard objectionWindowOpen(work.cycle, today: today) else { throw AppError.conflict("现在不在申诉期内,无需确认") }
        guard let submission = work.submission, submission.confirmedAt == nil else { throw AppError.conflict("本单位已确认初步结果") }
        try await db.writeTransaction { tx in
            submission.confirmedAt = now
            try await submission.update(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .confirmResult, entityType: .assessmentUnit, entityID: entityID(work), at: now)
        }
    }

    /// The office upholds the score or adjusts it; either way with a reason the unit will read.
    static func decideObjection(
        _ work: Work, objectionID: UUID, adjust: Bool, score: String?, decision: String, actor: AuditActor,
        on db: any Database, now: Date
    ) async throws {
        try requireOpen(work.cycle)
        guard let objection = work.objections.first(where: { $0.id == objectionID }), let leaf = work.leaf(objection.code) else {
            throw AppError.notFound("申诉")
        }
        guard objection.status == .pending else { throw AppError.conflict("该申诉已处理") }
        var v = Validator()
        v.text(decision, field: "decision", label: "处理理由", max: 2000)
        var adjusted: Points?
        if adjust {
            switch ReviewRules.mark(score, reason: decision.isEmpty ? "-" : decision, max: leaf.points, field: "score") {
            case .success(let (p, _)):
                if p.halves == objection.previousHalves { v.add("score", "调整后的得分与原得分相同;如不改变分数请选择“维持”") } else { adjusted = p }
            case .failure(let error): v.add(error.field, error.message)
            }
        }
        try v.check()
        let points = adjusted
        try await db.writeTransaction { tx in
            objection.status = adjust ? .adjusted : .upheld
            objection.newHalves = points?.halves
            objection.decision = decision.trimmed
            objection.decidedBy = actor.name
            objection.decidedAt = now
            try await objection.update(on: tx)
            if let points {
                let reason = points < leaf.points ? "申诉后调整:\(decision.trimmed)" : ""
                try await setFinal(work, code: leaf.code, points: points, reason: reason, by: "申诉调整:\(actor.name)", on: tx)
            }
            try await AuditService.record(
                on: tx, actor: actor, action: adjust ? .adjustObjection : .upholdObjection, entityType: .assessmentUnit,
                entityID: entityID(work),
                before: ["code": objection.code, "points": Points(halves: objection.previousHalves).description],
                after: ["points": (points ?? Points(halves: objection.previousHalves)).description, "decision": decision.trimmed], at: now)
        }
    }

    /// Why the cycle cannot be frozen yet, or nil: objections must have been possible and be decided.
    static func freezeBlocker(_ cycle: AssessmentCycle, today: LocalDate, on db: any Database) async throws -> String? {
        guard let until = cycle.objectionsUntil else { return "请先发布初步结果,给各单位申诉的机会" }
        let cycleID = try cycle.requireID()
        let pending = try await AssessmentObjection.query(on: db).filter(\.$cycle.$id == cycleID).filter(\.$status == .pending).count()
        if pending > 0 { return "还有 \(pending) 项申诉未处理" }
        if today > until { return nil }
        let units = try await AssessmentService.units(of: cycle, on: db)
        let confirmed = Set(
            try await AssessmentSubmission.query(on: db).filter(\.$cycle.$id == cycleID).all()
                .filter { $0.confirmedAt != nil }.map { $0.$unit.id })
        let objected = Set(try await AssessmentObjection.query(on: db).filter(\.$cycle.$id == cycleID).all().map { $0.$unit.id })
        let silent = try units.filter { try !confirmed.contains(try $0.requireID()) && !objected.contains(try $0.requireID()) }
        guard silent.isEmpty else {
            return "申诉期至 \(until) 结束;还有 \(silent.count) 个单位既未确认也未申诉(如 \(silent[0].name)),期满前不能冻结"
        }
        return nil
    }
}
