import Fluent
import Foundation

/// 日历年度: a year whose holiday notice is loaded; a date in a year without a row is an error.
final class CalendarYear: Model, @unchecked Sendable {
    static let schema = "calendar_years"

    @ID(key: .id) var id: UUID?
    @Field(key: "year") var year: Int
    /// The notice the year's dates come from.
    @Field(key: "notice") var notice: String

    init() {}

    init(year: Int, notice: String) {
        self.year = year
        self.notice = notice
    }
}

/// One dated entry of a year: a statutory holiday or a make-up working day (调休上班).
final class CalendarDay: Model, @unchecked Sendable {
    static let schema = "calendar_days"

    @ID(key: .id) var id: UUID?
    /// Local date `YYYY-MM-DD`.
    @Field(key: "date") var date: String
    @Field(key: "year") var year: Int
    /// `holiday` or `makeup`.
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String

    init() {}

    init(date: String, year: Int, kind: String, name: String) {
        self.date = date
        self.year = year
        self.kind = kind
        self.name = name
    }
}
