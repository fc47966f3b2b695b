import Foundation

/// 进展报告 reporting periods: the office sets periods (e.g. quarterly) on a plan's tasks, each
/// with a due date; the lead unit reports progress %, a narrative and evidence per period.
public struct PeriodInput: Equatable, Sendable {
    public var name: String
    public var starts: String
    public var ends: String
    public var due: String

    public init(name: String, starts: String, ends: String, due: String) {
        self.name = name; self.starts = starts; self.ends = ends; self.due = due
    }

    public struct Checked: Equatable, Sendable {
        public let name: String
        public let starts: LocalDate
        public let ends: LocalDate
        public let due: LocalDate
    }

    /// One period: a name, a covered span inside the plan year and a due date on or after its end.
    public func check(planYear: Int, takenNames: Set<String>) throws -> Checked {
        var v = Validator()
        v.text(name, field: "name", label: "报告期名称", max: 40)
        if takenNames.contains(name.trimmed) { v.add("name", "已有同名报告期“\(name.trimmed)”") }
        let s = v.date(starts, field: "starts", label: "起始日期"), e = v.date(ends, field: "ends", label: "截止日期")
        let d = v.date(due, field: "due", label: "报送期限")
        if let s, s.year != planYear { v.add("starts", "报告期应在 \(planYear) 年度内") }
        if let s, let e, e < s { v.add("ends", "截止日期不能早于起始日期") }
        if let e, let d, d < e { v.add("due", "报送期限不能早于报告期截止日期") }
        try v.check()
        guard let s, let e, let d else { throw ValidationFailure(v.errors) }
        return Checked(name: name.trimmed, starts: s, ends: e, due: d)
    }

    /// 按季度 the four quarters of a year, each due on the 10th of the following month.
    public static func quarters(year: Int) -> [PeriodInput] {
        let names = ["第一季度", "第二季度", "第三季度", "第四季度"]
        return (0..<4).map { q in
            let start = LocalDate(year: year, month: q * 3 + 1, day: 1)!
            let nextQuarter = q == 3 ? LocalDate(year: year + 1, month: 1, day: 1)! : LocalDate(year: year, month: q * 3 + 4, day: 1)!
            return PeriodInput(
                name: "\(year)年\(names[q])", starts: start.description, ends: nextQuarter.adding(days: -1).description,
                due: nextQuarter.adding(days: 9).description)
        }
    }
}

public enum ReportingRules {
    /// Whether a task owes a report for a period: not cancelled, started by the period's end, and
    /// not completed before the period began.
    public static func isExpected(
        taskStart: LocalDate, completedOn: LocalDate?, cancelled: Bool,
        periodStarts: LocalDate, periodEnds: LocalDate
    ) -> Bool {
        if cancelled || taskStart > periodEnds { return false }
        if let done = completedOn, done < periodStarts { return false }
        return true
    }

    /// The unit's report: progress 0…100, a narrative of at most 2000 characters.
    public static func check(progress: String, text: String) throws -> Int {
        var v = Validator()
        let percent = Int(progress.trimmed)
        if percent == nil || !(0...100).contains(percent!) { v.add("progress", "完成进度应为 0…100 之间的整数") }
        v.text(text, field: "text", label: "进展情况", max: 2000)
        try v.check()
        return percent!
    }

    /// 报告状态 of one task in one period.
    public enum State: String, Sendable {
        case submitted
        case late
        case due
        case missing

        public var label: String {
            switch self {
            case .submitted: "已报送"
            case .late: "逾期报送"
            case .due: "待报送"
            case .missing: "逾期未报"
            }
        }
    }

    public static func state(submittedOn: LocalDate?, due: LocalDate, today: LocalDate) -> State {
        if let submittedOn { return submittedOn > due ? .late : .submitted }
        return today > due ? .missing : .due
    }
}
