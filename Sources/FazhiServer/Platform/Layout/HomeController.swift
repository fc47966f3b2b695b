import FazhiCore
import Fluent
import Vapor

/// 首页: a unit's own tasks; for the office and leaders, the whole programme by status and unit.
struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, policy: .useAccount, use: home)
    }

    struct UnitSummary: Encodable {
        let name: String
        let href: String
        let counts: StatusCounts
    }

    struct HomeContext: Encodable {
        let layout: LayoutContext
        let today: String
        let planTitle: String?
        let planHref: String?
        let isUnitUser: Bool
        let counts: StatusCounts
        /// Unit users: their unit's tasks, most urgent first. Others: overdue tasks.
        let tasks: [TaskRowContext]
        let byUnit: [UnitSummary]
        let canCreate: Bool
        /// 考评提醒: what the unit has to do in this year's open assessment, with a link.
        let assessment: HomePrompt?
        /// 督办提醒: supervision notices waiting for the unit's reply and its missing progress reports.
        let supervision: [HomePrompt]
        /// 日历提醒 (administrator and office): next year's holiday notice is still missing.
        let calendar: HomePrompt?
        /// 待办: the assessor's and the office's work queue (units to mark, answered supplements,
        /// objections, double marks to reconcile, notice replies to review).
        let queue: [HomePrompt]
    }

    /// What waits for this user's hand, beyond their unit's own prompts. For the district's roles the
    /// registers' prompts (overdue requests, requests to confirm) join the same list, urgent first.
    private func queue(_ req: Request, user: CurrentUser, today: LocalDate, registers: [HomePrompt]) async throws -> [HomePrompt] {
        var items = try await ReviewQueue.items(req, user: user, today: today) + registers
        if req.may(.manageSupervision) {
            let replied = try await SupervisionNotice.query(on: req.db).filter(\.$status == .replied).count()
            if replied > 0 {
                items.append(.init(text: "有 \(replied) 份督办单已答复,待审核办结。", href: "/supervision?status=replied", urgent: false))
            }
        }
        return items.filter(\.urgent) + items.filter { !$0.urgent }
    }

    /// From 1 November, while next year's notice is not loaded (and all the more once that year has
    /// begun), the people who keep the calendar are told that dates into it are 暂定.
    private func calendarPrompt(_ req: Request, today: LocalDate, calendar: WorkCalendar) -> HomePrompt? {
        let manages = req.may(.manageCalendar)
        guard manages || req.may(.editPlan) else { return nil }
        let missing = calendar.confirmedYears.upperBound + 1
        guard missing <= today.year || (missing == today.year + 1 && today.month >= 11) else { return nil }
        let action = manages ? "国务院办公厅发布通知后,请在“工作日历维护”中导入" : "国务院办公厅发布通知后,请系统管理员导入"
        return .init(
            text: "\(missing) 年节假日安排尚未导入:跨入 \(missing) 年的法定期限暂按周一至周五为工作日计算,并标注“暂定”。"
                + action + ",系统将自动重新计算这些期限、记入审计日志并通知相关单位。",
            href: manages ? "/admin/calendar" : "/calendar?year=\(missing)", urgent: missing <= today.year)
    }

    /// What supervision asks of the unit now: notices to answer, progress reports owed, requests for
    /// government information to confirm or answer (for the office and leaders: the district's overdue ones).
    private func supervisionPrompts(_ req: Request, user: CurrentUser, today: LocalDate, calendar: WorkCalendar) async throws -> [HomePrompt] {
        var prompts: [HomePrompt] = []
        for module in RegisterModules.all {
            prompts += try await module.homePrompts(req, user: user, today: today, calendar: calendar)
        }
        guard let unitID = Policy.ownUnit(user.actor) else { return prompts }
        for n in try await SupervisionNotice.query(on: req.db).filter(\.$unit.$id == unitID).filter(\.$status == .issued).sort(\.$replyDue).all() {
            let late = today > n.replyDue
            prompts.append(
                .init(
                    text: "督办单 \(n.number)「\(n.subjectTitle)」" + (late ? "已超过答复期限 \(n.replyDue),请立即答复。" : "请于 \(n.replyDue) 前答复。"),
                    href: "/supervision/\(try n.requireID().uuidString)", urgent: true))
        }
        return prompts
    }

    /// The unit's next step in the open assessment cycle, if any.
    private func assessmentPrompt(_ req: Request, user: CurrentUser, today: LocalDate) async throws -> HomePrompt? {
        guard let unitID = Policy.ownUnit(user.actor),
            let cycle = try await AssessmentCycle.query(on: req.db).filter(\.$district.$id == req.districtID()).sort(\.$year, .descending).first()
        else { return nil }
        // A closed cycle: the unit's status follows it.
        switch cycle.status {
        case .frozen:
            return .init(
                text: "\(cycle.year) 年考评已冻结,结果不可再修改,待区法治办公布。", href: "/assessment/\(cycle.year)/units/\(unitID.uuidString)",
                urgent: false)
        case .published:
            return .init(
                text: "\(cycle.year) 年考评结果已公布,可查看本单位计分卡。", href: "/assessment/\(cycle.year)/units/\(unitID.uuidString)", urgent: false)
        case .open:
            break
        }
        let work = try await ReviewService.summary(cycle, unit: try await ReviewService.unit(unitID, on: req.db), on: req.db)
        let href = "/assessment/\(cycle.year)/work/\(unitID.uuidString)"
        if ReviewService.objectionWindowOpen(cycle, today: today), !work.confirmed, work.objections == 0 {
            return .init(
                text: "\(cycle.year) 年考评初步结果已发布:请在 \(cycle.objectionsUntil?.description ?? "") 前核对本单位得分,确认无异议或提出申诉。", href: href, urgent: true)
        }
        if work.openSupplements > 0 {
            return .init(
                text: "考评员退回 \(work.openSupplements) 项要求补充材料(最早 \(work.earliestSupplementDue?.description ?? "") 截止),请在考评工作台答复。", href: href,
                urgent: true)
        }
        switch work.status {
        case .draft:
            let late = today > cycle.selfUntil
            return .init(
                text: "\(cycle.year) 年考评自评填报中(已填 \(work.filled)/\(work.leaves) 项),"
                    + (late ? "自评截止日 \(cycle.selfUntil) 已过,逾期提交将按工作日扣分。" : "截止 \(cycle.selfUntil)。"), href: href, urgent: late)
        case .submitted:
            let approves = req.may(.approveSubmission)
            return .init(
                text: approves ? "本单位 \(cycle.year) 年自评已提交,等待您审批。" : "本单位 \(cycle.year) 年自评已提交,等待单位负责人审批。",
                href: href, urgent: approves)
        case .approved:
            return cycle.released
                ? nil
                : .init(text: "本单位 \(cycle.year) 年自评已审批,考评员评审中(评审截止 \(cycle.reviewUntil))。", href: href, urgent: false)
        }
    }

    @Sendable func home(req: Request) async throws -> View {
        let user = try req.requireUser()
        let today = req.clock.today
        let counter = try await WorkdayCounter.load(req)
        let layout = LayoutContext(req, title: "首页", active: "home")
        // A unit's people (and leaders, who read but do not act) see the prompts one by one; those
        // who act for the district see them in their work queue.
        let isUnitUser = Policy.ownUnit(user.actor) != nil
        let acts = req.may(.manageSupervision) || req.may(.manageAssessment) || req.may(.scoreUnit)
        let prompts = try await supervisionPrompts(req, user: user, today: today, calendar: counter.calendar)
        let inQueue = !isUnitUser && acts
        let supervision = inQueue ? [] : prompts
        let workQueue = try await queue(req, user: user, today: today, registers: inQueue ? prompts : [])
        guard let plan = try await req.districtPlan(year: nil) else {
            return try await req.view.render(
                "home",
                HomeContext(
                    layout: layout, today: today.description, planTitle: nil, planHref: nil, isUnitUser: isUnitUser,
                    counts: StatusCounts(), tasks: [], byUnit: [], canCreate: false,
                    assessment: try await assessmentPrompt(req, user: user, today: today),
                    supervision: supervision,
                    calendar: calendarPrompt(req, today: today, calendar: counter.calendar),
                    queue: workQueue))
        }
        let refs = try await TaskService.refs(for: plan, on: req.db)
        let scope = user.scope(.viewTasks)
        // Counted by status in one grouped query; the list shows the most urgent rows only.
        let list = TaskListQuery(planID: try plan.requireID(), scope: scope, today: today)
        let (counts, perUnit) = try await list.counts(on: req.db)
        let rows: [TaskRowContext]
        if case .unit(let unitID) = scope {
            rows = try await list.mostUrgent(limit: Self.listed, on: req.db).map {
                try TaskRowContext($0, refs: refs, counter: counter, forUnit: unitID)
            }
        } else {
            rows = try await list.longestOverdue(limit: Self.listed, on: req.db).map { try TaskRowContext($0, refs: refs, counter: counter) }
        }
        let byUnit =
            scope.spansUnits
            ? try refs.units.map {
                UnitSummary(name: $0.name, href: SiteURL.unit(try $0.requireID()), counts: perUnit[try $0.requireID()] ?? StatusCounts())
            } : []
        return try await req.view.render(
            "home",
            HomeContext(
                layout: layout, today: today.description, planTitle: plan.title, planHref: SiteURL.plan(plan.year),
                isUnitUser: isUnitUser, counts: counts, tasks: rows, byUnit: byUnit, canCreate: req.may(.createTask),
                assessment: try await assessmentPrompt(req, user: user, today: today),
                supervision: supervision,
                calendar: calendarPrompt(req, today: today, calendar: counter.calendar),
                queue: workQueue))
    }

    /// The most urgent tasks the home page lists; the counts link to the whole list.
    static let listed = 30
}
