import FazhiCore
import Fluent
import Vapor

/// 逾期事项: every overdue item the caller may see — tasks, progress reports, rectification
/// measures, assessment windows and supervision notices — from the scheduler's own scan, with
/// working days overdue and its rung on the ladder, most overdue first. One source for the overdue
/// board, its export and `GET /api/v1/overdue`. Paused items are never overdue.
enum OverdueService {
    struct Item: Content {
        /// `task`, `progress_report`, `problem_measure`, `assessment_window`, `notice`, or a register's kind (`goi_request`).
        let kind: String
        /// The stable key of the item (`task:<uuid>` …).
        let key: String
        let title: String
        let unit: String
        let unitCode: String
        let due: String
        let workdaysOverdue: Int
        /// `overdue`, `head` (the unit head is told) or `notice` (ripe for a supervision notice).
        let stage: String
        /// The open supervision notice on this item, if one was issued.
        let notice: String?
        let href: String
    }

    static func items(_ req: Request) async throws -> [Item] {
        let user = try req.requireUser()
        let today = req.clock.today
        let calendar = try await CalendarService.load(on: req.db)
        let ladder = try await SupervisionScan.ladder(on: req.db)
        let scan = try await SupervisionScan.run(on: req.db, today: today, calendar: calendar, ladder: ladder)
        let units = Dictionary(uniqueKeysWithValues: try await OrgNode.query(on: req.db).all().map { ($0.id!, $0) })
        let scope = user.scope(.viewTasks)
        let seesNotices = req.may(.viewNotices)
        let hiddenKinds = Set(RegisterModules.all.filter { !$0.showsItems(to: req) }.flatMap(\.itemKinds))
        let visible = scan.signals.filter { s in
            guard s.stage.isOverdue else { return false }
            if s.item.kind == .notice && !seesNotices { return false }
            if hiddenKinds.contains(s.item.kind) { return false }
            return scope.isAll || s.item.unitID == scope.unitID
        }
        let keys = visible.map(\.item.key)
        let notices =
            keys.isEmpty
            ? []
            : try await SupervisionNotice.query(on: req.db).filter(\.$subjectKey ~~ keys)
                .filter(\.$status != .closed).all()
        let noticeBySubject = Dictionary(notices.map { ($0.subjectKey ?? "", $0.number) }, uniquingKeysWith: { a, _ in a })
        return visible.map { s in
            let unit = units[s.item.unitID]
            let stage: String =
                switch s.stage {
                case .notice: "notice";
                case .head: "head";
                default: "overdue"
                }
            return Item(
                kind: s.item.kind.rawValue, key: s.item.key, title: s.item.title, unit: unit?.name ?? "", unitCode: unit?.code ?? "",
                due: s.item.due.description, workdaysOverdue: s.stage.workdaysOverdue, stage: stage,
                notice: noticeBySubject[s.item.key], href: s.item.href)
        }.sorted { ($0.workdaysOverdue, $1.due, $1.key) > ($1.workdaysOverdue, $0.due, $0.key) }
    }
}
