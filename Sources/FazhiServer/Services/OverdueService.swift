import FazhiCore
import Fluent
import Vapor

/// 逾期事项: every overdue item the caller may see — tasks of this year's plan and rectification
/// measures of the problem pool — with working days overdue, most overdue first. One source for
/// the overdue board, its export and `GET /api/v1/overdue`.
enum OverdueService {
    struct Item: Content {
        /// `task` or `problem_measure`.
        let kind: String
        let id: UUID
        let title: String
        let unit: String
        let unitCode: String
        let due: String
        let workdaysOverdue: Int
        let href: String
    }

    static func items(_ req: Request) async throws -> [Item] {
        let user = try req.requireUser()
        let today = req.clock.today
        let calendar = try await CalendarService.load(on: req.db)
        func workdays(after due: String) -> Int {
            guard let date = LocalDate(due), today > date else { return 0 }
            return (try? calendar.workdays(from: date.adding(days: 1), to: today)) ?? 0
        }
        var items: [Item] = []
        if let plan = try await PlanService.plan(year: nil, today: today, on: req.db) {
            let refs = try await TaskService.refs(for: plan, on: req.db)
            for task in try await TaskService.tasks(of: plan, refs: refs, scope: Policy.taskScope(user.actor), on: req.db)
            where TaskService.status(task, today: today) == .overdue {
                let unit = refs.units.first { $0.id == task.$leadUnit.id }
                items.append(Item(kind: "task", id: task.id!, title: task.title, unit: unit?.name ?? "", unitCode: unit?.code ?? "",
                                  due: task.dueDate, workdaysOverdue: workdays(after: task.dueDate), href: SiteURL.task(task.id!)))
            }
        }
        if req.may(.viewProblems) {
            var query = Problem.query(on: req.db).filter(\.$status != .closed).with(\.$measures).with(\.$unit)
            if !user.role.seesEveryAssessment { query = query.filter(\.$unit.$id == (user.unitID ?? UUID())) }
            for problem in try await query.all() {
                for m in problem.measures where m.doneOn == nil && workdays(after: m.due) > 0 {
                    items.append(Item(kind: "problem_measure", id: m.id!, title: "\(problem.number) \(problem.title):\(m.text)",
                                      unit: problem.unit.name, unitCode: problem.unit.code, due: m.due,
                                      workdaysOverdue: workdays(after: m.due), href: "/problems/\(problem.id!.uuidString)"))
                }
            }
        }
        return items.sorted { ($0.workdaysOverdue, $0.due) > ($1.workdaysOverdue, $1.due) }
    }
}
