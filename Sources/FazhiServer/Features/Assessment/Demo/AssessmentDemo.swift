import FazhiCore
import Fluent
import Vapor

/// 演示考评: last year's cycle scored, frozen and published (so results and rankings show something
/// on first start), and this year's cycle open. Scores are generated reproducibly from a fixed seed.
enum AssessmentDemo {
    static let adjustmentTypes = [
        AdjustmentType(code: "honour", name: "获上级表彰", kind: .bonus, cap: Points(2)),
        AdjustmentType(code: "lawsuit", name: "行政诉讼败诉", kind: .deduction, cap: Points(3)),
        AdjustmentType(code: "corrected", name: "行政复议被纠错", kind: .deduction, cap: Points(2)),
        AdjustmentType(code: "late", name: "自评逾期提交", kind: .deduction, cap: Points(2)),
    ]

    /// A cycle with this district's usual calendar: self-assessment in November, review to mid
    /// December, five working days for objections, 0.5 points off per working day late.
    static func makeCycle(year: Int, district: UUID, on db: any Database) async throws -> AssessmentCycle {
        // Departments: at most 30% 优秀; the two 办事处 are too few for a quota.
        var departments = GradeScheme.standard
        departments.quota = GradeScheme.Quota(grade: "优秀", maxPercent: 30)
        let grades = ["department": departments, "subdistrict": GradeScheme.standard]
        let cycle = AssessmentCycle()
        cycle.$district.id = district
        cycle.year = year
        cycle.status = .open
        cycle.deskWeight = 80
        cycle.surveyWeight = 20
        cycle.gradeScheme = try AuditService.json(grades)
        cycle.tieBreakers = try AuditService.json(["1", "2"])
        cycle.adjustmentTypes = try AuditService.json(adjustmentTypes)
        cycle.publishTotals = false
        guard let selfFrom = LocalDate(year: year, month: 11, day: 2), let selfUntil = LocalDate(year: year, month: 11, day: 20),
            let reviewUntil = LocalDate(year: year, month: 12, day: 11)
        else { throw AppError.badRequest("演示考评年度无效:\(year)") }
        cycle.selfFrom = selfFrom
        cycle.selfUntil = selfUntil
        cycle.reviewUntil = reviewUntil
        cycle.objectionWorkdays = 5
        cycle.blindMarking = false
        cycle.markThresholdHalves = 2
        cycle.lateHalvesPerDay = 1
        try await cycle.create(on: db)
        return cycle
    }

    static func seed(_ app: Application, district: UUID) async throws {
        let db = app.db, now = app.clock.now()
        let year = LocalDate.today(at: now).year
        let previous = try await makeCycle(year: year - 1, district: district, on: db)
        let current = try await makeCycle(year: year, district: district, on: db)
        let units = try await AssessmentService.units(of: current, on: db)
        guard let assessor = try await User.query(on: db).filter(\.$username == "assessor").first() else { return }
        try await units.map { unit in
            let a = AssessorAssignment()
            a.$cycle.id = try current.requireID()
            a.$unit.id = try unit.requireID()
            a.$user.id = try assessor.requireID()
            a.position = 1
            return a
        }.create(on: db)
        try await db.writeTransaction { tx in
            var g = SeededGenerator(seed: UInt64(year - 1))
            for (i, unit) in units.enumerated() {
                guard let record = try await AssessmentService.tree(previous, category: unit.categoryCode ?? "", on: tx) else { continue }
                let tree = try await IndicatorService.tree(record, on: tx)
                let diligence = Int.random(in: 70...95, using: &g)  // how often a leaf gets full marks
                for leaf in tree.leaves {
                    var halves = leaf.points.halves
                    if Int.random(in: 1...100, using: &g) > diligence {
                        halves -= min(halves, Int.random(in: 1...max(1, leaf.points.halves / 2), using: &g))
                    }
                    let score = AssessmentScore()
                    score.$cycle.id = try previous.requireID()
                    score.$unit.id = try unit.requireID()
                    score.code = leaf.code
                    score.pointsHalves = halves
                    score.reason = halves == leaf.points.halves ? "" : "扣 \(Points(halves: leaf.points.halves - halves)) 分。依据评分标准:\(leaf.rule ?? "")"
                    score.scoredBy = "assessor"
                    try await score.create(on: tx)
                }
                let survey = AssessmentExtra()
                survey.$cycle.id = try previous.requireID()
                survey.$unit.id = try unit.requireID()
                survey.kind = "survey"
                survey.value = Int.random(in: 780_000...970_000, using: &g)
                survey.reason = "第三方满意度测评"
                try await survey.create(on: tx)
                let items: [(String, Int, String)] =
                    switch i {
                    case 0: [("honour", 2, "获评省级法治政府建设示范项目")]
                    case 5: [("honour", 1, "依法行政工作获市政府通报表扬")]
                    case 9: [("lawsuit", 2, "行政诉讼一审败诉一件")]
                    case 10: [("corrected", 1, "行政处罚决定被复议机关变更一件")]
                    default: []
                    }
                for (kind, halves, reason) in items {
                    let extra = AssessmentExtra()
                    extra.$cycle.id = try previous.requireID()
                    extra.$unit.id = try unit.requireID()
                    extra.kind = kind
                    extra.value = halves
                    extra.reason = reason
                    extra.proof = "相关文件"
                    try await extra.create(on: tx)
                }
            }
        }
        // Last year's objection window closed long ago.
        previous.objectionsFrom = LocalDate(year: year, month: 1, day: 5)
        previous.objectionsUntil = LocalDate(year: year, month: 1, day: 12)
        try await previous.update(on: db)
        try await AssessmentService.freeze(previous, actor: DemoSeed.actor, today: LocalDate.today(at: now), on: db, now: now)
        try await AssessmentService.publish(previous, actor: DemoSeed.actor, on: db, now: now)
        try await seedCurrent(current, units: units, assessor: assessor, app: app)
    }

    /// Where this year's cycle stands on the demo's day, counted from the last unit so that a smaller
    /// district (a test's) is in the same mix: all but the last seven units approved and scored, two
    /// more scored part-way, the third from last waiting for its head, the rest approved and waiting
    /// for review — and the first 办事处 still drafting: every leaf filled except one, whose required
    /// file is missing. On the demo's 17 units: ten scored, two part-way, one submitted.
    static func seedCurrent(_ cycle: AssessmentCycle, units: [OrgNode], assessor: User, app: Application) async throws {
        let db = app.db, now = app.clock.now(), store = app.fileStore
        var g = SeededGenerator(seed: UInt64(cycle.year))
        let scoredFully = units.count - 7, scoredPartly = units.count - 5, waitingForHead = units.count - 3
        var submissions: [AssessmentSubmission] = [], entries: [AssessmentEntry] = [], files: [EvidenceFile] = []
        var attachments: [Attachment] = []
        var marks: [AssessmentMark] = [], scores: [AssessmentScore] = [], surveys: [AssessmentExtra] = []
        for (i, unit) in units.enumerated() {
            guard let record = try await AssessmentService.tree(cycle, category: unit.categoryCode ?? "", on: db) else { continue }
            let tree = try await IndicatorService.tree(record, on: db)
            let drafting = unit.code == draftingUnit
            let status: AssessmentSubmission.Status = drafting ? .draft : i == waitingForHead ? .submitted : .approved
            let submittedOn = cycle.selfUntil.adding(days: -(i % 5))
            // One stored PDF per area: its hash and its true size, as an upload records them.
            let areaFiles = try tree.levelOne.reduce(into: [String: (sha256: String, size: Int)]()) { files, node in
                let pdf = demoPDF("Fazhi demo evidence \(cycle.year): unit \(unit.code), area \(node.code)")
                files[node.code] = (try store.put(pdf), pdf.count)
            }
            let skipped = drafting ? tree.leaves.last { $0.metric == nil && !$0.evidence.filter(\.required).isEmpty }?.code : nil
            var manifest: [String: [String]] = [:]
            for leaf in tree.leaves where leaf.code != skipped {
                let full = Int.random(in: 1...100, using: &g) <= 85
                let entry = AssessmentEntry()
                entry.$cycle.id = try cycle.requireID()
                entry.$unit.id = try unit.requireID()
                entry.code = leaf.code
                // A leaf the system scores from a register (关联指标) has no self-score.
                entry.selfHalves = leaf.metric != nil ? nil : full ? leaf.points.halves : max(0, leaf.points.halves - 1)
                entry.narrative = full ? "已按要求完成,材料见附件。" : "基本完成,个别事项仍在推进。"
                entries.append(entry)
                for item in leaf.evidence where item.required {
                    let file = EvidenceFile()
                    file.id = UUID()
                    file.$cycle.id = try cycle.requireID()
                    file.$unit.id = try unit.requireID()
                    file.code = leaf.code
                    file.item = item.name
                    file.stage = "self"
                    file.withdrawn = false
                    let attachment = Attachment()
                    attachment.id = UUID()
                    attachment.ownerType = AttachmentOwner.evidence.code
                    attachment.ownerID = try file.requireID()
                    guard let stored = areaFiles[String(leaf.code.prefix { $0 != "-" })] ?? areaFiles.values.first else { continue }
                    attachment.sha256 = stored.sha256
                    attachment.filename = "\(leaf.code) \(item.name).pdf"
                    attachment.kind = EvidenceKind.pdf.rawValue
                    attachment.size = stored.size
                    attachment.uploadedBy = "\(unit.code)-liaison"
                    attachment.uploadedAt = now.addingTimeInterval(-Double(86_400 * (10 + i % 5)))
                    file.$attachment.id = try attachment.requireID()
                    attachments.append(attachment)
                    files.append(file)
                    manifest[leaf.code, default: []].append(attachment.sha256)
                }
                guard !drafting && leaf.metric == nil && (i < scoredFully || (i < scoredPartly && leaf.code < "6")) else { continue }
                let halves = full ? leaf.points.halves : leaf.points.halves - min(leaf.points.halves, Int.random(in: 1...2, using: &g))
                let reason = halves == leaf.points.halves ? "" : "扣 \(Points(halves: leaf.points.halves - halves)) 分:\(leaf.rule ?? "材料不全")"
                let mark = AssessmentMark()
                mark.$cycle.id = try cycle.requireID()
                mark.$unit.id = try unit.requireID()
                mark.code = leaf.code
                mark.$user.id = try assessor.requireID()
                mark.pointsHalves = halves
                mark.reason = reason
                mark.markedAt = now.addingTimeInterval(-86_400 * 2)
                marks.append(mark)
                let score = AssessmentScore()
                score.$cycle.id = try cycle.requireID()
                score.$unit.id = try unit.requireID()
                score.code = leaf.code
                score.pointsHalves = halves
                score.reason = reason
                score.scoredBy = assessor.username
                scores.append(score)
            }
            let submission = AssessmentSubmission()
            submission.$cycle.id = try cycle.requireID()
            submission.$unit.id = try unit.requireID()
            submission.status = status
            submission.lateWorkdays = 0
            if status != .draft {
                let json = try AuditService.json(manifest.mapValues { $0.sorted() })
                submission.submittedAt = DemoSeed.noonInShanghai(submittedOn)
                submission.submittedBy = "\(unit.code)-liaison"
                submission.manifest = json
                submission.manifestHash = Tokens.sha256Hex(json)
            }
            if status == .approved {
                submission.approvedAt = DemoSeed.noonInShanghai(submittedOn.adding(days: 1))
                submission.approvedBy = "\(unit.code)-head"
            }
            submissions.append(submission)
            // The third-party satisfaction survey has been imported.
            let survey = AssessmentExtra()
            survey.$cycle.id = try cycle.requireID()
            survey.$unit.id = try unit.requireID()
            survey.kind = "survey"
            survey.value = Int.random(in: 800...960, using: &g) * 1_000
            survey.reason = "第三方满意度测评(\(cycle.year) 年 11 月)"
            surveys.append(survey)
        }
        let batches = (submissions, entries, files, marks, scores, surveys, attachments)
        try await db.writeTransaction { tx in
            try await batches.0.create(on: tx)
            try await batches.6.create(on: tx)
            try await batches.1.create(on: tx)
            try await batches.2.create(on: tx)
            try await batches.3.create(on: tx)
            try await batches.4.create(on: tx)
            try await batches.5.create(on: tx)
        }
    }

    /// The unit whose liaison is still drafting in the demo (the browser test completes it).
    static let draftingUnit = "bsc-a"

    /// A small valid one-page PDF with one line of (ASCII) text, as demo evidence.
    static func demoPDF(_ text: String) -> Data {
        let stream = "BT /F1 12 Tf 72 720 Td (\(text)) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var pdf = "%PDF-1.4\n", offsets: [Int] = []
        for (n, object) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(n + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n" + offsets.map { String(format: "%010d 00000 n \n", $0) }.joined()
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(pdf.utf8)
    }
}
