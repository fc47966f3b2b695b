import FazhiCore
import Fluent
import Vapor

/// 考评待办: what this year's open assessment asks of an assessor or of the office today, for the
/// home page — each with the count and a link to where it is done.
enum ReviewQueue {
    static func items(_ req: Request, user: CurrentUser, today: LocalDate) async throws -> [HomePrompt] {
        guard
            let cycle = try await AssessmentCycle.query(on: req.db).filter(\.$district.$id == req.districtID()).filter(\.$status == .open)
                .sort(\.$year, .descending).first()
        else {
            return []
        }
        var items: [HomePrompt] = []
        if req.may(.scoreUnit) { items += try await assessorItems(req, user: user, cycle: cycle, today: today) }
        if req.may(.manageAssessment) { items += try await officeItems(req, cycle: cycle) }
        return items
    }

    /// An assessor: the assigned units whose approved self-assessment still has leaves without their
    /// mark, and answered requests for supplement not marked again since the answer.
    private static func assessorItems(_ req: Request, user: CurrentUser, cycle: AssessmentCycle, today: LocalDate) async throws -> [HomePrompt] {
        let cycleID = try cycle.requireID()
        let assignments = try await AssessorAssignment.query(on: req.db).filter(\.$cycle.$id == cycleID).filter(\.$user.$id == user.id)
            .with(\.$unit).all()
        guard !assignments.isEmpty else { return [] }
        let unitIDs = assignments.map { $0.$unit.id }
        let approved = Set(
            try await AssessmentSubmission.query(on: req.db).filter(\.$cycle.$id == cycleID).filter(\.$unit.$id ~~ unitIDs)
                .filter(\.$status == .approved).all().map { $0.$unit.id })
        let marks = try await AssessmentMark.query(on: req.db).filter(\.$cycle.$id == cycleID).filter(\.$user.$id == user.id)
            .filter(\.$unit.$id ~~ unitIDs).all()
        // The number of leaves of each assigned unit's category (one tree per category, not the
        // whole cycle's progress).
        var leavesByCategory: [String: Int] = [:]
        for category in Set(assignments.map { $0.unit.categoryCode ?? "" }) {
            if let record = try await AssessmentService.tree(cycle, category: category, on: req.db) {
                leavesByCategory[category] = try await IndicatorService.tree(record, on: req.db).leaves.filter { $0.metric == nil }.count
            }
        }
        var items: [HomePrompt] = []
        let late = today > cycle.reviewUntil
        for assignment in assignments.sorted(by: { $0.unit.sort < $1.unit.sort }) where approved.contains(assignment.$unit.id) {
            let unitID = assignment.$unit.id
            let leaves = leavesByCategory[assignment.unit.categoryCode ?? ""] ?? 0
            let mine = Set(marks.filter { $0.$unit.id == unitID }.map(\.code)).count
            guard leaves > mine else { continue }
            items.append(
                .init(
                    text: "\(assignment.unit.name) 的自评已审批,还有 \(leaves - mine) 项待您评分(评审截止 \(cycle.reviewUntil))。",
                    href: "/assessment/\(cycle.year)/work/\(unitID.uuidString)", urgent: late))
        }
        let answered = try await SupplementRequest.query(on: req.db).filter(\.$cycle.$id == cycleID).filter(\.$unit.$id ~~ unitIDs)
            .filter(\.$answeredAt != nil).all()
        let remarked = answered.filter { request in
            guard let answeredAt = request.answeredAt else { return true }
            return marks.contains { $0.$unit.id == request.$unit.id && $0.code == request.code && $0.markedAt >= answeredAt }
        }
        let waiting = answered.count - remarked.count
        if waiting > 0 {
            items.append(
                .init(text: "有 \(waiting) 项退回补充的材料已答复,待您重新评分。", href: "/assessment/\(cycle.year)/work", urgent: false))
        }
        return items
    }

    /// The office: objections to decide and double-marked leaves to reconcile.
    private static func officeItems(_ req: Request, cycle: AssessmentCycle) async throws -> [HomePrompt] {
        let cycleID = try cycle.requireID()
        var items: [HomePrompt] = []
        let objections = try await AssessmentObjection.query(on: req.db).filter(\.$cycle.$id == cycleID).filter(\.$status == .pending).count()
        if objections > 0 {
            items.append(
                .init(text: "\(cycle.year) 年考评有 \(objections) 项申诉待处理。", href: "/assessment/\(cycle.year)/dashboard", urgent: true))
        }
        if cycle.blindMarking {
            let reconcile = try await ReviewProgress.load(cycle, on: req.db).reconciliation
            if reconcile > 0 {
                items.append(
                    .init(text: "有 \(reconcile) 项双评结果待复核定分。", href: "/assessment/\(cycle.year)/dashboard", urgent: false))
            }
        }
        return items
    }
}
