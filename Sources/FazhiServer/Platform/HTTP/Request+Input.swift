import FazhiCore
import Vapor

/// Numbers from a path or a query string, bounded before any arithmetic touches them. A value
/// that is not a number, or out of range, is a 400 with a Chinese message naming the field; a
/// missing optional value is nil.
extension Request {
    /// The year in the path (`/plans/:year`), within `LocalDate.plausibleYears`.
    func yearParameter(_ name: String = "year") throws -> Int {
        guard let text = parameters.get(name), let year = Int(text), LocalDate.plausibleYears.contains(year) else {
            throw AppError.notFound("\(parameters.get(name)?.prefix(20) ?? "") 年度")
        }
        return year
    }

    /// An optional integer query parameter within `range`.
    func queryInt(_ name: String, in range: ClosedRange<Int>, label: String) throws -> Int? {
        guard let text = query[String.self, at: name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw AppError.badRequest("\(label)应为 \(range.lowerBound) 到 \(range.upperBound) 之间的整数", field: name)
        }
        return value
    }

    /// An optional year in the query string (`?year=2026`).
    func queryYear(_ name: String = "year") throws -> Int? {
        try queryInt(name, in: LocalDate.plausibleYears, label: "年度")
    }

    /// The page number of a paginated list (`?page=`), 1 when absent.
    func pageNumber() throws -> Int {
        try queryInt("page", in: 1...1_000_000, label: "页码") ?? 1
    }
}
