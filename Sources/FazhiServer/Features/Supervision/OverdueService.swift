import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 逾期事项: every overdue item the caller may see — tasks, progress reports, rectification
/// measures, assessment windows and supervision notices — from the scheduler's own scan, with
/// working days overdue and its rung on the ladder, most overdue first. One source for the overdue
/// board, its export and `GET /api/v1/overdue`, counted and paged in SQL. Paused items are never overdue.
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

    /// The caller's overdue board as SQL: every source the caller may see in one `UNION ALL`,
    /// overdue meaning due before today (`EscalationLadder.stage`: overdue from the day after the
    /// due date), of the caller's own unit unless the policy shows all units.
    struct Board {
        let sources: [DatedSource]
        let union: SQLQueryString?
        /// The units whose items the caller sees (the policy's scope for `viewTasks`).
        let scope: RowScope
        let today: LocalDate
        let calendar: WorkCalendar
        let ladder: EscalationLadder
        let db: any Database

        private var condition: SQLQueryString {
            var condition: SQLQueryString = "items.due < \(bind: today.description)"
            condition += scope.andUnits("items.unit_id")
            return condition
        }

        /// Working days overdue on `today` (counted from the calendar's first day for older items).
        func workdaysOverdue(_ due: LocalDate) -> Int {
            (try? calendar.workdays(from: max(due.adding(days: 1), calendar.firstDate), to: today)) ?? 0
        }

        struct Group {
            let unit: UUID
            let kind: DatedItem.Kind
            let due: LocalDate
            let count: Int
        }

        /// Overdue items counted by unit, kind and due date: bounded by the dates, not the rows.
        func groups() async throws -> [Group] {
            guard let union else { return [] }
            let rows = try await db.sql().raw(
                """
                SELECT items.unit_id AS unit_id, items.src AS src, items.due AS due, COUNT(*) AS n FROM (\(union)) items
                WHERE \(condition) GROUP BY items.unit_id, items.src, items.due
                """
            ).all()
            return try rows.compactMap { row in
                let src = try row.decode(column: "src", as: Int.self)
                guard sources.indices.contains(src), let due = LocalDate(try row.decode(column: "due", as: String.self)) else { return nil }
                return Group(
                    unit: try row.decode(column: "unit_id", as: UUID.self), kind: sources[src].kind, due: due,
                    count: Int(try row.decode(column: "n", as: Int64.self)))
            }
        }

        /// The due dates a page of `limit` rows from `offset` spans (from the grouped counts), and the
        /// page's offset among the rows due on or after the first of them; nil past the last row.
        static func window(_ groups: [Group], offset: Int, limit: Int) -> (from: LocalDate, to: LocalDate, skip: Int)? {
            let byDue = Dictionary(groups.map { ($0.due, $0.count) }, uniquingKeysWith: +).sorted { $0.key < $1.key }
            var before = 0
            var start: (due: LocalDate, skip: Int)?
            for (due, count) in byDue {
                if start == nil, before + count > offset { start = (due, offset - before) }
                before += count
                if let start, before >= offset + limit { return (start.due, due, start.skip) }
            }
            return start.flatMap { start in byDue.last.map { (start.due, $0.key, start.skip) } }
        }

        /// One page, most overdue first (the earliest due date): the grouped counts narrow the query to
        /// the page's due dates, so the database sorts a page's worth of rows, not every overdue item.
        func page(offset: Int, limit: Int, groups: [Group]) async throws -> [Item] {
            guard let window = Self.window(groups, offset: offset, limit: limit) else { return [] }
            return try await items(window: window, limit: limit)
        }

        /// Every item (the export), or those with one id (a key's lookup), or a window of due dates.
        func items(id: UUID? = nil, window: (from: LocalDate, to: LocalDate, skip: Int)? = nil, limit: Int? = nil) async throws -> [Item] {
            guard let union else { return [] }
            var query: SQLQueryString = "SELECT * FROM (\(union)) items WHERE \(condition)"
            if let id { query += " AND items.id = \(bind: id)" }
            if let window { query += " AND items.due >= \(bind: window.from.description) AND items.due <= \(bind: window.to.description)" }
            query += " ORDER BY items.due, items.src, items.id"
            if let limit { query += " LIMIT \(bind: limit) OFFSET \(bind: window?.skip ?? 0)" }
            // Each row is a `DatedRow` plus the position of its source (`src`).
            let dated: [DatedItem] = try await db.sql().raw(query).all().compactMap { row in
                let src = try row.decode(column: "src", as: Int.self)
                guard sources.indices.contains(src) else { return nil }
                return sources[src].item(try row.decode(model: DatedRow.self, keyDecodingStrategy: .convertFromSnakeCase))
            }
            let unitIDs = Set(dated.map(\.unitID))
            let units =
                unitIDs.isEmpty
                ? [:]
                : Dictionary(
                    uniqueKeysWithValues: try await OrgNode.query(on: db).filter(\.$id ~~ Array(unitIDs)).all().map { (try $0.requireID(), $0) })
            // The open notices on these items, looked up in slices (a bind list stays far below the drivers' limits).
            var noticeBySubject: [String: String] = [:]
            let keys = dated.map(\.key)
            for start in stride(from: 0, to: keys.count, by: 500) {
                for notice in try await SupervisionNotice.query(on: db).filter(\.$subjectKey ~~ Array(keys[start..<min(start + 500, keys.count)]))
                    .filter(\.$status != .closed).all()
                {
                    if let subject = notice.subjectKey, noticeBySubject[subject] == nil { noticeBySubject[subject] = notice.number }
                }
            }
            return dated.map { item in
                let stage = (try? ladder.stage(due: item.due, today: today, paused: item.paused, calendar: calendar)) ?? .overdue(workdaysOverdue: 0)
                let unit = units[item.unitID]
                let code: String =
                    switch stage {
                    case .notice: "notice"
                    case .head: "head"
                    default: "overdue"
                    }
                return Item(
                    kind: item.kind.rawValue, key: item.key, title: item.title, unit: unit?.name ?? "", unitCode: unit?.code ?? "",
                    due: item.due.description, workdaysOverdue: stage.workdaysOverdue, stage: code, notice: noticeBySubject[item.key],
                    href: item.href)
            }
        }

        /// One item by its key (the item's own id is its key's last part).
        func item(key: String) async throws -> Item? {
            guard let id = key.split(separator: ":").last.flatMap({ UUID(uuidString: String($0)) }) else { return nil }
            return try await items(id: id).first { $0.key == key }
        }
    }

    static func board(_ req: Request) async throws -> Board {
        let user = try req.requireUser()
        let seesNotices = req.may(.viewNotices)
        let hiddenKinds = Set(RegisterModules.all.filter { !$0.showsItems(to: req) }.flatMap(\.itemKinds))
        let sources = DatedSources.all.filter { source in
            !hiddenKinds.contains(source.kind) && (source.kind != .notice || seesNotices)
        }
        let today = req.clock.today
        let scope = user.scope(.viewTasks)
        return Board(
            sources: sources, union: DatedSources.union(sources, horizon: today, today: today), scope: scope,
            today: today, calendar: try await CalendarService.load(on: req.db), ladder: try await SupervisionScan.ladder(on: req.db), db: req.db)
    }
}
