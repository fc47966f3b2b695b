import Foundation
import Testing
@testable import FazhiCore

/// 指标目录: a metric's value as text and for the API, the district as the sum of its units, and the
/// register page a metric links to.
@Suite struct MetricTests {
    @Test func valuesAddAndShowThemselves() {
        var district = MetricValue(kind: .rate, numerator: 0, denominator: 0)
        #expect(district.text() == "—" && district.value == nil)
        district.add(MetricValue(kind: .rate, numerator: 2, denominator: 3))
        district.add(MetricValue(kind: .rate, numerator: 1, denominator: 3))
        #expect(district.text() == "3/6(50.0%)" && district.value == 0.5)
        // 2/3 = 66.666…% rounds half up to 66.7%; 1/8 = 12.5% exactly.
        #expect(MetricValue(kind: .rate, numerator: 2, denominator: 3).text() == "2/3(66.7%)")
        #expect(MetricValue(kind: .rate, numerator: 1, denominator: 8).text() == "1/8(12.5%)")
        #expect(MetricValue(kind: .count, numerator: 4, denominator: 0).text(unit: "件") == "4 件")
        // Tenths of an hour over people: 75 / 4 = 1.875 h → 1.9.
        let hours = MetricValue(kind: .average, numerator: 75, denominator: 4)
        #expect(hours.text(unit: "学时") == "1.9 学时" && hours.value == 1.875)
        #expect(MetricValue.rate(CaseRate(numerator: 1, denominator: 4, definition: "")).value == 0.25)
    }

    @Test func aMetricLinksToItsRegistersPage() {
        let m = MetricDefinition(
            code: "oversight.x", name: "x", numerator: "a", denominator: "b", arrangement: "九", definition: "", page: "/oversight?year={year}{unit}")
        #expect(m.href(year: 2026, unit: "csglj") == "/oversight?year=2026&unit=csglj")
        #expect(m.href(year: 2025, unit: nil) == "/oversight?year=2025")
        #expect(MetricDefinition.arrangements.count == 12 && MetricDefinition.arrangements.last == "督办")
    }
}
