import Foundation

/// The date of a step a register records (收到、发出、受理、答复 …): a real day, not after today, not
/// before the event it follows, and inside the loaded working-day calendar (so its periods can be
/// counted). Refusals name the field in Chinese.
public enum StepDate {
    public static func check(
        _ text: String, field: String, label: String, notBefore: LocalDate? = nil, notBeforeLabel: String = "", today: LocalDate,
        calendar: WorkCalendar
    ) throws -> LocalDate {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let d = LocalDate(trimmed) else { throw ValidationFailure([FieldError(field, LocalDate.complaint(about: text, label: label))]) }
        if d > today { throw ValidationFailure([FieldError(field, "\(label) \(d) 不能晚于今天 \(today)")]) }
        if let notBefore, d < notBefore { throw ValidationFailure([FieldError(field, "\(label) \(d) 不能早于\(notBeforeLabel) \(notBefore)")]) }
        if !calendar.contains(d) { throw ValidationFailure([FieldError(field, "\(label) \(d) 不在已导入的工作日历内,无法计算期限")]) }
        return d
    }

    /// A date that may lie ahead (a period's last day, a hearing or meeting set in advance, a day a
    /// document takes effect): a real date, not before `notBefore`, at most a year after today, inside
    /// the calendar (its provisional years included).
    public static func planned(
        _ text: String, field: String, label: String, notBefore: LocalDate, notBeforeLabel: String, today: LocalDate, calendar: WorkCalendar
    ) throws -> LocalDate {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let d = LocalDate(trimmed) else { throw ValidationFailure([FieldError(field, LocalDate.complaint(about: text, label: label))]) }
        if d < notBefore { throw ValidationFailure([FieldError(field, "\(label) \(d) 不能早于\(notBeforeLabel) \(notBefore)")]) }
        if d > today.adding(days: 366) { throw ValidationFailure([FieldError(field, "\(label) \(d) 超过一年以后,请核对")]) }
        if !calendar.contains(d) { throw ValidationFailure([FieldError(field, "\(label) \(d) 不在可计算的工作日历内")]) }
        return d
    }
}
