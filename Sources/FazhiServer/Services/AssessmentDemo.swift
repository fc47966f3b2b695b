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
    ]

    static func makeCycle(year: Int, on db: any Database) async throws -> AssessmentCycle {
        // Departments: at most 30% 优秀; the two 办事处 are too few for a quota.
        var departments = GradeScheme.standard
        departments.quota = GradeScheme.Quota(grade: "优秀", maxPercent: 30)
        let grades = ["department": departments, "subdistrict": GradeScheme.standard]
        let cycle = AssessmentCycle()
        cycle.year = year
        cycle.status = .open
        cycle.deskWeight = 80
        cycle.surveyWeight = 20
        cycle.gradeScheme = try AuditService.json(grades)
        cycle.tieBreakers = try AuditService.json(["1", "2"])
        cycle.adjustmentTypes = try AuditService.json(adjustmentTypes)
        cycle.publishTotals = false
        try await cycle.create(on: db)
        return cycle
    }

    static func seed(_ app: Application) async throws {
        let db = app.db, now = app.clock.now()
        let year = LocalDate.today(at: now).year
        let previous = try await makeCycle(year: year - 1, on: db)
        _ = try await makeCycle(year: year, on: db)
        let units = try await OrgNode.query(on: db).filter(\.$kind == .unit).sort(\.$sort).all()
        try await db.transaction { tx in
            var g = SeededGenerator(seed: UInt64(year - 1))
            for (i, unit) in units.enumerated() {
                guard let record = try await IndicatorService.find(year: year - 1, category: unit.categoryCode ?? "", on: tx) else { continue }
                let tree = try await IndicatorService.tree(record, on: tx)
                let diligence = Int.random(in: 70...95, using: &g)  // how often a leaf gets full marks
                for leaf in tree.leaves {
                    var halves = leaf.points.halves
                    if Int.random(in: 1...100, using: &g) > diligence {
                        halves -= min(halves, Int.random(in: 1...max(1, leaf.points.halves / 2), using: &g))
                    }
                    let score = AssessmentScore()
                    score.$cycle.id = previous.id!
                    score.$unit.id = unit.id!
                    score.code = leaf.code
                    score.pointsHalves = halves
                    score.reason = halves == leaf.points.halves ? "" : "扣 \(Points(halves: leaf.points.halves - halves)) 分。依据评分标准:\(leaf.rule ?? "")"
                    score.scoredBy = "assessor"
                    try await score.create(on: tx)
                }
                let survey = AssessmentExtra()
                survey.$cycle.id = previous.id!
                survey.$unit.id = unit.id!
                survey.kind = "survey"
                survey.value = Int.random(in: 780_000...970_000, using: &g)
                survey.reason = "第三方满意度测评"
                try await survey.create(on: tx)
                let items: [(String, Int, String)] = switch i {
                case 0: [("honour", 2, "获评省级法治政府建设示范项目")]
                case 5: [("honour", 1, "依法行政工作获市政府通报表扬")]
                case 9: [("lawsuit", 2, "行政诉讼一审败诉一件")]
                case 10: [("corrected", 1, "行政处罚决定被复议机关变更一件")]
                default: []
                }
                for (kind, halves, reason) in items {
                    let extra = AssessmentExtra()
                    extra.$cycle.id = previous.id!
                    extra.$unit.id = unit.id!
                    extra.kind = kind
                    extra.value = halves
                    extra.reason = reason
                    extra.proof = "相关文件"
                    try await extra.create(on: tx)
                }
            }
        }
        try await AssessmentService.freeze(previous, actor: DemoSeed.actor, on: db, now: now)
        try await AssessmentService.publish(previous, actor: DemoSeed.actor, on: db, now: now)
    }
}
