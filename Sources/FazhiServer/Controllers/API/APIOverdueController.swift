import FazhiCore
import Fluent
import Vapor

/// `GET /api/v1/overdue`: every overdue item the caller may see — tasks of this year's plan and
/// rectification measures of the problem pool — with unit, kind, due date and working days overdue.
struct APIOverdueController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "overdue", policy: .viewTasks, use: overdue)
    }

    struct OverdueDTO: Content {
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

    @Sendable func overdue(req: Request) async throws -> [OverdueDTO] {
        let user = try req.requireUser()
        let today = req.clock.today
        let calendar = try await CalendarService.load(on: req.db)
        func workdays(after due: String) -> Int {
            guard let date = LocalDate(due), today > date else { return 0 }
            return (try? calendar.workdays(from: date.adding(days: 1), to: today)) ?? 0
        }
        var items: [OverdueDTO] = []
        if let plan = try await PlanService.plan(year: nil, today: today, on: req.db) {
            let refs = try await TaskService.refs(for: plan, on: req.db)
            for task in try await TaskService.tasks(of: plan, refs: refs, scope: Policy.taskScope(user.actor), on: req.db)
            where TaskService.status(task, today: today) == .overdue {
                let unit = refs.units.first { $0.id == task.$leadUnit.id }
                items.append(OverdueDTO(kind: "task", id: task.id!, title: task.title, unit: unit?.name ?? "", unitCode: unit?.code ?? "",
                                        due: task.dueDate, workdaysOverdue: workdays(after: task.dueDate), href: SiteURL.task(task.id!)))
            }
        }
        if req.may(.viewProblems) {
            var query = Problem.query(on: req.db).filter(\.$status != .closed).with(\.$measures).with(\.$unit)
            if !user.role.seesEveryAssessment { query = query.filter(\.$unit.$id == (user.unitID ?? UUID())) }
            for problem in try await query.all() {
                for m in problem.measures where m.doneOn == nil && workdays(after: m.due) > 0 {
                    items.append(OverdueDTO(kind: "problem_measure", id: m.id!, title: "\(problem.number) \(problem.title):\(m.text)",
                                            unit: problem.unit.name, unitCode: problem.unit.code, due: m.due,
                                            workdaysOverdue: workdays(after: m.due), href: "/problems/\(problem.id!.uuidString)"))
                }
            }
        }
        return items.sorted { ($0.workdaysOverdue, $0.due) > ($1.workdaysOverdue, $1.due) }
    }
}
