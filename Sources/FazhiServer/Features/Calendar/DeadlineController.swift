import FazhiCore
import Fluent
import Vapor

/// 工作日历 and 期限计算: the year calendar, the calculator with its trace, and the administrator's editor.
struct DeadlineController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "calendar", policy: .viewCalendar, use: calendarPage)
        routes.on(.GET, "deadlines", policy: .viewCalendar, use: calculator)
        routes.on(.GET, "admin", "calendar", policy: .manageCalendar, use: adminPage)
        routes.on(.POST, "admin", "calendar", "days", policy: .manageCalendar, use: setDay)
        routes.on(.POST, "admin", "calendar", "import", policy: .manageCalendar, body: .collect(maxSize: "1mb"), use: importYear)
        routes.on(.POST, "admin", "calendar", "days", ":dayID", "delete", policy: .manageCalendar, use: removeDay)
    }

    @Sendable func calendarPage(req: Request) async throws -> View {
        let today = req.clock.today
        let calendar = try await CalendarService.load(on: req.db)
        // The loaded years, and the next one as it is assumed until its notice arrives (暂定).
        let shown = calendar.confirmedYears.lowerBound...(calendar.confirmedYears.upperBound + 1)
        let year = (try req.queryYear()) ?? (shown.contains(today.year) ? today.year : calendar.confirmedYears.upperBound)
        guard shown.contains(year) else { throw AppError.notFound("\(year) 年工作日历") }
        let provisional = year > calendar.confirmedYears.upperBound ? ProvisionalMark(years: year...year).reason : nil
        let notice = try await CalendarYear.query(on: req.db).filter(\.$year == year).first()?.notice ?? ""
        let days = try await CalendarDay.query(on: req.db).filter(\.$year == year).sort(\.$date).all()
        return try await req.view.render(
            "calendar/year",
            CalendarPageContext(
                layout: LayoutContext(req, title: "\(year) 年工作日历", active: "calendar"), year: year, years: Array(shown),
                notice: provisional == nil ? notice : "国务院办公厅节假日安排尚未导入", provisional: provisional,
                workdays: try calendar.workdayCount(year: year),
                months: try CalendarGrid.months(year: year, calendar: calendar, today: today),
                entries: try CalendarGrid.rows(days), canManage: req.may(.manageCalendar)))
    }

    struct CalculatorQuery: Content {
        var rule: String?
        var start: String?
        var days: String?
        var unit: String?
        var pauses: String?
        var extend: String?
        var restart: String?

        var input: DeadlineInput {
            DeadlineInput(
                start: start ?? "", days: days, unit: unit,
                pauses: (pauses ?? "").split(whereSeparator: \.isNewline).map(String.init),
                extend: extend, rule: rule, restart: restart)
        }
    }

    @Sendable func calculator(req: Request) async throws -> View {
        var query = try req.query.decode(CalculatorQuery.self)
        let catalogue = req.application.deadlineRules
        // A rule decides its own unit; the unit field only matters for a free calculation.
        if let rule = catalogue.rule(query.rule?.trimmed ?? "") { query.unit = rule.unit.rawValue }
        let today = req.clock.today
        var errors: [FieldError] = []
        var result: DeadlineResultContext?
        if query.start != nil {
            do {
                let engine = try await CalendarService.engine(on: req.db)
                let explanation = try engine.explain(try query.input.request(catalogue: catalogue))
                let status = try? ClockStatus.of(
                    due: explanation.result.due, today: today, threshold: req.fazhi.dueSoonWorkdays,
                    calendar: engine.calendar)
                result = DeadlineResultContext(
                    due: "\(explanation.result.due)(\(explanation.result.due.weekdayName))",
                    firstDue: explanation.result.firstDue == explanation.result.due ? nil : explanation.result.firstDue.description,
                    status: status?.label ?? "", statusCode: status?.code ?? "",
                    lines: explanation.lines.map { TraceLineContext(kind: $0.kind.rawValue, text: $0.text) },
                    provisional: explanation.result.provisional?.reason)
            } catch let failure as ValidationFailure {
                errors = failure.errors
            } catch let error as DeadlineError {
                errors = [FieldError(error.field ?? "start", error.description)]
            }
        }
        let selected = catalogue.rule(query.rule ?? "")
        return try await req.view.render(
            "calendar/deadlines",
            CalculatorContext(
                layout: LayoutContext(req, title: "期限计算", active: "calendar"), today: today.description,
                rules: catalogue.rules.map {
                    OptionContext(value: $0.id, label: "\($0.name)(\($0.length)\($0.unit.label))", selected: $0.id == query.rule)
                },
                units: PeriodUnit.allCases.map {
                    OptionContext(
                        value: $0.rawValue, label: $0.label.replacingOccurrences(of: "个", with: ""),
                        selected: $0.rawValue == (query.unit ?? "workday"))
                },
                unitNote: selected.map { "按规则计算单位:\($0.unit.label.replacingOccurrences(of: "个", with: ""))" },
                start: query.start ?? today.description, days: query.days ?? "", pauses: query.pauses ?? "", extend: query.extend ?? "",
                restart: query.restart ?? "", errors: .init(errors), result: result,
                ruleNote: selected.map { "\($0.basis)。起算:\($0.startEvent)。\($0.note ?? "")" }))
    }

    @Sendable func adminPage(req: Request) async throws -> View {
        try await req.view.render("calendar/admin", try await adminContext(req, errors: [], date: "", name: ""))
    }

    struct ImportForm: Content { var file: File? }

    /// 导入节假日安排: a whole year's notice as a file; dates that depended on it are recomputed,
    /// audited and announced in the same transaction, and the page says how many moved.
    @Sendable func importYear(req: Request) async throws -> Response {
        do {
            let form = try req.content.decode(ImportForm.self)
            let file = try CalendarService.decode(form.file.map { Data($0.data.readableBytesView) } ?? Data())
            let changes = try await CalendarService.importFile(
                file, actor: .user(try req.requireUser()), catalogue: req.application.deadlineRules,
                today: req.clock.today, on: req.db, now: req.clock.now())
            let years = file.years.map { "\($0.year) 年(\($0.notice))" }.joined(separator: "、")
            let message =
                "已导入 \(years)的节假日安排。"
                + (changes.isEmpty
                    ? "没有期限因此改变。"
                    : "\(changes.count) 个已登记的期限已重新计算(如 \(changes[0].what):\(changes[0].before ?? "未定") → \(changes[0].after ?? "未定")),已记入审计日志并通知相关单位。")
            var context = try await adminContext(req, errors: [], date: "", name: "", year: file.years.map(\.year).max())
            context.result = message
            return try await req.view.render("calendar/admin", context).encodeResponse(for: req)
        } catch let failure as ValidationFailure {
            let response = try await req.view.render("calendar/admin", try await adminContext(req, errors: failure.errors, date: "", name: ""))
                .encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    struct DayForm: Content {
        var date: String?
        var kind: String?
        var name: String?
    }

    @Sendable func setDay(req: Request) async throws -> Response {
        let form = try req.content.decode(DayForm.self)
        do {
            try await CalendarService.setDay(
                date: form.date?.description ?? "", kind: form.kind ?? "", name: form.name ?? "",
                actor: .user(try req.requireUser()), catalogue: req.application.deadlineRules,
                today: req.clock.today, on: req.db, now: req.clock.now())
            let year = LocalDate(form.date?.description ?? "")?.year ?? req.clock.today.year
            return req.redirect(to: "/admin/calendar?year=\(year)&notice=saved")
        } catch let failure as ValidationFailure {
            let response = try await req.view.render(
                "calendar/admin",
                try await adminContext(
                    req, errors: failure.errors, date: form.date?.description ?? "", name: form.name ?? "")
            ).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    @Sendable func removeDay(req: Request) async throws -> Response {
        guard let id = req.parameters.get("dayID", as: UUID.self), let day = try await CalendarDay.find(id, on: req.db) else {
            throw AppError.notFound("日历条目")
        }
        try await CalendarService.removeDay(
            day, actor: .user(try req.requireUser()), catalogue: req.application.deadlineRules,
            today: req.clock.today, on: req.db, now: req.clock.now())
        return req.redirect(to: "/admin/calendar?year=\(day.year)&notice=saved")
    }

    private func adminContext(_ req: Request, errors: [FieldError], date: String, name: String, year chosen: Int? = nil) async throws
        -> CalendarAdminContext
    {
        let years = try await CalendarYear.query(on: req.db).sort(\.$year).all()
        let year = try chosen ?? req.queryYear() ?? LocalDate(date)?.year ?? years.last?.year ?? req.clock.today.year
        let next = (years.last?.year ?? req.clock.today.year) + 1
        let days = try await CalendarDay.query(on: req.db).filter(\.$year == year).sort(\.$date).all()
        return CalendarAdminContext(
            layout: LayoutContext(req, title: "工作日历维护", active: "calendar"), year: year,
            years: years.map { OptionContext(value: "\($0.year)", label: "\($0.year) 年", selected: $0.year == year) },
            notices: years.map { "\($0.year) 年:\($0.notice)" }, entries: try CalendarGrid.rows(days), errors: .init(errors),
            date: date, name: name, nextYear: next, nextYearPending: next <= req.clock.today.year + 1, result: nil)
    }
}
