/// Why a deadline cannot be computed; every message is for the user, in Chinese.
public enum DeadlineError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A date before the first loaded year (its notice exists and must be imported).
    case outsideCalendar(LocalDate, loaded: ClosedRange<Int>)
    /// A result outside every computable year (`loaded` is the whole computable range: the loaded
    /// years and the provisional weekends-only years after them).
    case beyondCalendar(loaded: ClosedRange<Int>)
    case invalidCalendar(String)
    case invalidRequest(field: String, message: String)

    public var description: String {
        switch self {
        case .outsideCalendar(let date, let years):
            "日期 \(date) 超出已加载的工作日历(\(years.lowerBound)–\(years.upperBound) 年),请先导入该年度的节假日安排"
        case .beyondCalendar(let years):
            "计算结果超出可计算的年度范围(\(years.lowerBound)–\(years.upperBound) 年),请检查起算日期和期间长度"
        case .invalidCalendar(let message): "日历数据有误:\(message)"
        case .invalidRequest(_, let message): message
        }
    }

    public var field: String? {
        if case .invalidRequest(let field, _) = self { return field }
        return nil
    }
}
