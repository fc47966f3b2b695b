import FazhiCore
import Fluent
import Vapor

/// 演示督办: quarterly reporting periods with reports (some late, some missing), a lawfully
/// extended and a paused task, supervision notices in every state, e-mail addresses, and the
/// inbox notifications of today's scan — all relative to today.
enum SupervisionDemo {
    static func seed(_ app: Application) async throws {
        let db = app.db, now = app.clock.now(), today = app.clock.today, actor = DemoSeed.actor
        let ladder = EscalationSettings()
        ladder.dueSoonWorkdays = EscalationLadder.standard.dueSoonWorkdays
        ladder.headAfterWorkdays = EscalationLadder.standard.headAfterWorkdays
        ladder.noticeAfterWorkdays = EscalationLadder.standard.noticeAfterWorkdays
        ladder.replyWorkdays = EscalationLadder.standard.replyWorkdays
        ladder.updatedBy = actor.name
        try await ladder.create(on: db)
        for user in try await User.query(on: db).all() {
            user.email = "\(user.username)@demo.fazhi.local"
            try await user.update(on: db)
        }
        guard let plan = try await PlanService.plan(year: nil, today: today, district: try await Districts.node(nil, on: db).requireID(), on: db)
        else { return }
        let refs = try await TaskService.refs(for: plan, on: db)
        try await ProgressService.addPeriods(PeriodInput.quarters(year: plan.year), to: plan, actor: actor, on: db, now: now)
        let liaisons = Dictionary(
            try await User.query(on: db).filter(\.$role == .liaison).all().compactMap { user in user.$unit.id.map { ($0, user) } },
            uniquingKeysWith: { a, _ in a })
        var generator = SeededGenerator(seed: 2026)
        let office = try await User.query(on: db).filter(\.$username == "office").first()!
        let officeUser = try await AuthenticationMiddleware.current(office, via: .session, csrf: nil, sessionID: nil, on: db)
        let tasks = try await TaskService.tasks(of: plan, refs: refs, scope: .all, on: db)
        for period in try await ProgressService.periods(of: plan, on: db) where period.due < today {
            let rows = try await ProgressService.rows(period, tasks: tasks, today: today, on: db)
            for (i, row) in rows.enumerated() {
                // The last period due leaves every fifth task unreported: those reports are overdue.
                let isLast = period.due.adding(days: 92) > today
                if isLast && i % 5 == 2 { continue }
                let lateDays = Int.random(in: 0..<10, using: &generator) == 0 ? 3 : 0
                let report = ProgressReport()
                report.$period.id = try period.requireID()
                report.$task.id = try row.task.requireID()
                report.$unit.id = row.task.$leadUnit.id
                let share =
                    Double(period.endsOn.dayNumber - row.task.startDate.dayNumber)
                    / Double(max(row.task.dueDate.dayNumber - row.task.startDate.dayNumber, 1))
                report.progress =
                    row.task.completedOn.map { $0 <= period.endsOn } == true
                    ? 100 : min(95, max(10, Int(share * 100) / 5 * 5))
                report.text = report.progress == 100 ? "任务已完成,成果已报区法治办备案。" : "按计划推进,本期完成阶段性工作,下一步继续落实。"
                let submitted = period.due.adding(days: lateDays > 0 ? lateDays : -2)
                report.submittedOn = submitted
                report.submittedAt = DemoSeed.noonInShanghai(submitted)
                report.submittedBy = "\(liaisons[row.task.$leadUnit.id]?.displayName ?? "联络员")(\(refs.unitName(row.task.$leadUnit.id)))"
                try await report.create(on: db)
            }
        }
        try await AuditService.record(
            on: db, actor: actor, action: .seed, entityType: .progressReport, entityID: "demo",
            after: ["periods": "\(plan.year) 四个季度"], at: now)

        // Notices: one overdue without reply, one replied and waiting, one closed — on the most overdue items.
        let calendar = try await CalendarService.load(on: db)
        let scan = try await SupervisionScan.run(on: db, today: today, calendar: calendar, ladder: .standard)
        let overdue = scan.signals.filter { $0.item.kind == .task && $0.stage.workdaysOverdue >= 3 }
            .sorted { $0.stage.workdaysOverdue > $1.stage.workdaysOverdue }
        let units = Dictionary(uniqueKeysWithValues: try refs.units.map { (try $0.requireID(), $0) })
        for (i, signal) in overdue.prefix(3).enumerated() {
            let issuedOn = today.adding(days: [-10, -6, -30][i])
            let notice = try await NoticeService.issue(
                .init(
                    unitCode: units[signal.item.unitID]!.code, subjectKey: signal.item.key, subjectTitle: signal.item.title,
                    subjectHref: signal.item.href,
                    matter: "\(signal.item.title)(完成时限 \(signal.item.due))逾期未完成,经多次提醒仍未报送进展。",
                    requirement: "请于答复期限前完成并书面报告办理情况、逾期原因和整改措施。"),
                actor: .user(officeUser), config: app.fazhi, today: issuedOn, on: db, now: now)
            if i >= 1 {
                let liaison = liaisons[signal.item.unitID]!
                try await NoticeService.reply(
                    notice, text: "已召开专题会议研究,明确责任人和时间表,预计两周内完成,完成后即报送成果。",
                    actor: .system(liaison.username), today: issuedOn.adding(days: 3), on: db, now: now)
            }
            if i == 2 {
                try await NoticeService.decide(
                    notice, close: true, note: "答复措施具体,已纳入下一期进展报告跟踪,办结。", actor: .user(officeUser),
                    today: issuedOn.adding(days: 6), on: db, now: now)
            }
        }
        // A lawful extension and a pause on two tasks still running.
        let running = try await PlanTask.query(on: db).filter(\.$plan.$id == plan.requireID()).filter(\.$completedOn == nil).filter(
            \.$cancelled == false
        )
        .filter(\.$dueDate > today).sort(\.$dueDate).with(\.$coUnits).all()
        if let task = running.first {
            try await TaskService.extend(
                task, to: task.dueDate.adding(days: 31).description,
                reason: "上级部署调整,经区法治办批准延期一个月", user: officeUser, on: db, now: now.addingTimeInterval(-86_400 * 3))
        }
        if running.count > 1 {
            try await TaskService.setPaused(
                running[1], reason: "所依据的地方性法规正在修订,待新规出台后恢复办理", user: officeUser, on: db,
                now: now.addingTimeInterval(-86_400 * 2))
        }
        let after = try await SupervisionScan.run(on: db, today: today, calendar: calendar, ladder: .standard)
        try await NotificationService.generate(on: db, signals: after.signals, today: today, now: now)
    }
}
