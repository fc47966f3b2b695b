import FazhiCore
import Fluent
import Vapor

/// Where every unit of a cycle stands: self-assessment, review, supplements, objections, and the
/// points per level-1 area so far. One pass over the cycle's rows, for the work list and the dashboard.
struct ReviewProgress {
    struct Unit {
        var status: AssessmentSubmission.Status = .draft
        var leaves = 0
        var filled = 0
        var scored = 0
        var late = 0
        var openSupplements = 0
        var pendingObjections = 0
        var confirmed = false
        /// Level-1 code → (points scored, maximum), only for areas whose leaves are all scored.
        var areas: [String: (Points, Points)] = [:]

        /// The state as the lists show it: 填报中 / 待负责人审批 / 审核中 / 已完成评分.
        var label: String {
            switch status {
            case .draft: "填报中"
            case .submitted: "待负责人审批"
            case .approved: scored == leaves ? "已完成评分" : "已审批,审核中"
            }
        }
    }

    var units: [UUID: Unit] = [:]
    /// Category code → its tree this year.
    var trees: [String: IndicatorTree] = [:]
    var reconciliation = 0

    static func load(_ cycle: AssessmentCycle, on db: any Database) async throws -> ReviewProgress {
        let id = try cycle.requireID()
        var progress = ReviewProgress()
        for category in try await UnitCategory.query(on: db).all() {
            if let record = try await AssessmentService.tree(cycle, category: category.code, on: db) {
                progress.trees[category.code] = try await IndicatorService.tree(record, on: db)
            }
        }
        let submissions = try await AssessmentSubmission.query(on: db).filter(\.$cycle.$id == id).all()
        let entries = try await AssessmentEntry.query(on: db).filter(\.$cycle.$id == id).all()
        let scores = try await AssessmentScore.query(on: db).filter(\.$cycle.$id == id).all()
        let marks = try await AssessmentMark.query(on: db).filter(\.$cycle.$id == id).all()
        let supplements = try await SupplementRequest.query(on: db).filter(\.$cycle.$id == id).filter(\.$answeredAt == nil).all()
        let objections = try await AssessmentObjection.query(on: db).filter(\.$cycle.$id == id).filter(\.$status == .pending).all()
        let scoreByUnit = Dictionary(grouping: scores, by: { $0.$unit.id })
        for unit in try await AssessmentService.units(of: cycle, on: db) {
            guard let tree = progress.trees[unit.categoryCode ?? ""] else { continue }
            let submission = submissions.first { $0.$unit.id == unit.id }
            let own = Dictionary(
                (scoreByUnit[try unit.requireID()] ?? []).map { ($0.code, Points(halves: $0.pointsHalves)) }, uniquingKeysWith: { a, _ in a })
            var p = Unit()
            p.status = submission?.status ?? .draft
            // The leaves people score: the system scores the bound ones (关联指标) itself.
            let scoredByPeople = Set(tree.leaves.filter { $0.metric == nil }.map(\.code))
            p.leaves = scoredByPeople.count
            p.filled = entries.filter { $0.$unit.id == unit.id && $0.selfHalves != nil && scoredByPeople.contains($0.code) }.count
            p.scored = own.keys.filter { scoredByPeople.contains($0) }.count
            p.late = submission?.lateWorkdays ?? 0
            p.confirmed = submission?.confirmedAt != nil
            p.openSupplements = supplements.filter { $0.$unit.id == unit.id }.count
            p.pendingObjections = objections.filter { $0.$unit.id == unit.id }.count
            for area in tree.levelOne {
                let under = tree.leaves.filter { $0.code.hasPrefix(area.code + "-") }
                guard !under.isEmpty, under.allSatisfy({ own[$0.code] != nil }) else { continue }
                p.areas[area.code] = (under.reduce(Points.zero) { $0 + own[$1.code]! }, area.points)
            }
            progress.units[try unit.requireID()] = p
            if cycle.blindMarking {
                let marked = Dictionary(grouping: marks.filter { $0.$unit.id == unit.id }, by: \.code)
                progress.reconciliation += marked.filter { $0.value.count >= 2 && own[$0.key] == nil }.count
            }
        }
        return progress
    }
}
