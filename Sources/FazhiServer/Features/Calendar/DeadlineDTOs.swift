import FazhiCore
import Vapor

/// GET /api/v1/deadlines
struct DeadlineDTO: Content {
    struct Line: Content {
        let kind: String
        let text: String
    }

    let due: String
    let firstDue: String
    let countedFrom: String
    let rule: String?
    let basis: String?
    let status: String
    let statusLabel: String
    /// 暂定: the due date depends on a year whose holiday notice is not loaded yet.
    let provisional: Bool
    /// Why it is provisional (absent when it is final).
    let provisionalReason: String?
    let trace: [Line]
}

/// GET /api/v1/calendar/{year}
struct CalendarYearDTO: Content {
    struct Day: Content {
        let date: String
        let kind: String
        let name: String
    }

    let year: Int
    let notice: String
    let workdays: Int
    let days: [Day]
}
