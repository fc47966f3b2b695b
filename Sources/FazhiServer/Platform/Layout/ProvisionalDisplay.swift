import FazhiCore

/// How an engine-computed date is shown: `2027-01-25(暂定)` while it depends on a year whose
/// holiday notice is not loaded, with the reason beside it; the plain date once it is final.
enum ProvisionalDisplay {
    /// The date as text, marked 暂定 when it lies past the loaded notices; `empty` when there is none.
    static func text(_ date: LocalDate?, calendar: WorkCalendar, empty: String = "—") -> String {
        guard let date else { return empty }
        return calendar.isProvisional(date) ? ProvisionalMark(years: date.year...date.year).marking(date) : date.description
    }

    static func text(_ stored: String?, calendar: WorkCalendar, empty: String = "—") -> String {
        guard let stored, let date = LocalDate(stored) else { return stored ?? empty }
        return text(date, calendar: calendar, empty: empty)
    }

    /// Why the date is provisional, or nil when it is final.
    static func reason(_ date: LocalDate?, calendar: WorkCalendar) -> String? {
        guard let date else { return nil }
        return calendar.provisionalMark(dependingOnDaysThrough: date)?.reason
    }
}
