import FazhiCore
import FluentSQL

/// The clock states of `GOIClockState` as conditions on the stored dates, for lists that filter,
/// count and page in the database. The day boundaries that depend on working days — the end of the
/// due-soon window, the oldest fee notice still inside its 20 working days (国办函〔2020〕109号第七条),
/// the oldest consultation letter whose 15 working days still run (第三十二条、第三十四条) — are
/// worked out once here from the calendar, so each condition is a plain date comparison.
struct GOIStateSQL {
    let today: LocalDate
    /// The last day of the due-soon window.
    let horizon: LocalDate
    /// Fee notices delivered on or after this day are still inside their payment period.
    let paymentOpenSince: LocalDate?
    /// Consultation letters received on or after this day are still inside their 15 working days.
    let consultingSince: LocalDate?

    init(today: LocalDate, calendar: WorkCalendar, dueSoonWorkdays: Int) {
        self.today = today
        horizon = (try? calendar.adding(workdays: dueSoonWorkdays, to: today)) ?? today.adding(days: dueSoonWorkdays)
        paymentOpenSince = Self.earliest(today: today, calendar: calendar, workdays: 20)
        consultingSince = Self.earliest(today: today, calendar: calendar, workdays: 15)
    }

    /// The earliest day `d` with `d + n working days ≥ today` (days before it have run out).
    static func earliest(today: LocalDate, calendar: WorkCalendar, workdays n: Int) -> LocalDate? {
        var day = today
        // n working days span at most about 3n calendar days, holidays included.
        for _ in 0..<(n * 3 + 30) {
            let previous = day.adding(days: -1)
            guard let end = try? calendar.adding(workdays: n, to: previous), end >= today else { return day }
            day = previous
        }
        return day
    }

    /// An unanswered consultation whose party's days still run, or whose receipt is not recorded yet.
    var consulting: SQLQueryString {
        let since = (consultingSince ?? today).description
        return """
            EXISTS (SELECT 1 FROM goi_consultations c WHERE c.request_id = goi_requests.id AND c.replied_on IS NULL \
            AND (c.received_on IS NULL OR c.received_on >= \(bind: since)))
            """
    }

    /// No fee notice waiting for payment.
    var notAwaitingFee: SQLQueryString { "(goi_requests.fee_notice_on IS NULL OR goi_requests.fee_paid_on IS NOT NULL)" }

    /// The clock runs: neither consulting nor waiting for a fee (confirmation and clarification have no due date).
    var running: SQLQueryString { "NOT \(consulting) AND \(notAwaitingFee)" }
}
