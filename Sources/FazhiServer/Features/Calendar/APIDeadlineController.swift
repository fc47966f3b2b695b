import FazhiCore
import Fluent
import Vapor

/// `/api/v1/deadlines` and `/api/v1/calendar/{year}`.
struct APIDeadlineController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "deadlines", policy: .viewCalendar, use: deadline)
        routes.on(.GET, "calendar", ":year", policy: .viewCalendar, use: calendar)
    }

    struct Query: Content {
        var start: String?
        var days: String?
        var unit: String?
        var pause: [String]?
        var extend: String?
        var rule: String?
        var restart: String?
    }

    @Sendable func deadline(req: Request) async throws -> DeadlineDTO {
        let q = try req.query.decode(Query.self)
        let input = DeadlineInput(
            start: q.start ?? "", days: q.days, unit: q.unit, pauses: q.pause ?? [], extend: q.extend,
            rule: q.rule, restart: q.restart)
        let request = try input.request(catalogue: req.application.deadlineRules)
        let engine = try await CalendarService.engine(on: req.db)
        let explanation: DeadlineExplanation
        do { explanation = try engine.explain(request) } catch let e as DeadlineError {
            throw AppError.badRequest(e.description, field: e.field ?? "start")
        }
        let status = try? ClockStatus.of(
            due: explanation.result.due, today: req.clock.today, threshold: req.fazhi.dueSoonWorkdays,
            calendar: engine.calendar)
        return DeadlineDTO(
            due: explanation.result.due.description, firstDue: explanation.result.firstDue.description,
            countedFrom: explanation.result.countedFrom.description, rule: request.rule?.id, basis: request.rule?.basis,
            status: status?.code ?? "", statusLabel: status?.label ?? "",
            provisional: explanation.result.provisional != nil, provisionalReason: explanation.result.provisional?.reason,
            trace: explanation.lines.map { .init(kind: $0.kind.rawValue, text: $0.text) })
    }

    @Sendable func calendar(req: Request) async throws -> CalendarYearDTO {
        guard let year = req.parameters.get("year", as: Int.self),
            let row = try await CalendarYear.query(on: req.db).filter(\.$year == year).first()
        else {
            throw AppError.notFound("该年度工作日历")
        }
        let calendar = try await CalendarService.load(on: req.db)
        let days = try await CalendarDay.query(on: req.db).filter(\.$year == year).sort(\.$date).all()
        return CalendarYearDTO(
            year: year, notice: row.notice, workdays: try calendar.workdayCount(year: year),
            days: days.map { .init(date: $0.date.description, kind: $0.kind, name: $0.name) })
    }
}
