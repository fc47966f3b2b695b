/// 暂定: a date computed across a year whose holiday notice (国务院办公厅关于部分节假日安排的通知)
/// is not loaded yet. Such a year counts Monday–Friday as working days; the date is shown with
/// this mark and its reason wherever it appears, and is recomputed when the notice is imported.
public struct ProvisionalMark: Equatable, Sendable {
    /// The years without a loaded notice that the date depends on.
    public let years: ClosedRange<Int>

    public init(years: ClosedRange<Int>) { self.years = years }

    /// 暂定
    public static let label = "暂定"

    private var yearText: String {
        years.count == 1 ? "\(years.lowerBound) 年" : "\(years.lowerBound)–\(years.upperBound) 年"
    }

    /// Why the date is provisional, for pages, letters, exports and the API.
    public var reason: String {
        "\(yearText)节假日安排尚未发布(或尚未导入),暂按周一至周五为工作日计算;导入后系统自动重新计算"
    }

    /// `2027-01-15(暂定)`
    public func marking(_ date: LocalDate) -> String { "\(date)(\(Self.label))" }
}
