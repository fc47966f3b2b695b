import FazhiCore
import Foundation
import Vapor

/// What every step of a register case needs besides its form: who acts, the calendar and rules the
/// clocks are computed with, and today. Built once per request; the services take it as `ctx`.
struct StepContext: Sendable {
    let actor: AuditActor
    let engine: DeadlineEngine
    let rules: DeadlineCatalogue
    let today: LocalDate
    let now: Date

    /// The signed-in user's context, with the calendar as stored now.
    static func of(_ req: Request) async throws -> StepContext {
        StepContext(
            actor: .user(try req.requireUser()), engine: try await CalendarService.engine(on: req.db), rules: req.application.deadlineRules,
            today: req.clock.today, now: req.clock.now())
    }

    /// A step's date from a form: a real date, not in the future, not before `after` (named
    /// `afterLabel` in the message), on a year the calendar covers.
    func date(_ text: String, _ field: String, _ label: String, after: LocalDate? = nil, _ afterLabel: String = "") throws -> LocalDate {
        try StepDate.check(text, field: field, label: label, notBefore: after, notBeforeLabel: afterLabel, today: today, calendar: engine.calendar)
    }

    /// A date that may lie ahead (a hearing or meeting set in advance, a period's last day): not before
    /// `after`, at most a year ahead, inside the calendar.
    func plannedDate(_ text: String, _ field: String, _ label: String, after: LocalDate, _ afterLabel: String) throws -> LocalDate {
        try StepDate.planned(text, field: field, label: label, notBefore: after, notBeforeLabel: afterLabel, today: today, calendar: engine.calendar)
    }
}
