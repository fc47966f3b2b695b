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

    /// Targets: a rate in per mille, an average in tenths, a count whole; met at the edge itself.
    @Test func targetsAreMetAtTheirEdge() {
        #expect(MetricTarget.parse("95", kind: .rate) == 950 && MetricTarget.parse("95.5%", kind: .rate) == 955)
        #expect(MetricTarget.parse("100", kind: .rate) == 1000 && MetricTarget.parse("100.1", kind: .rate) == nil)
        #expect(MetricTarget.parse("40.5", kind: .average) == 405 && MetricTarget.parse("3", kind: .count) == 3)
        for bad in ["", "-1", "9.55", "abc", "1.5"] { #expect(MetricTarget.parse(bad, kind: bad == "1.5" ? .count : .rate) == nil, "\(bad)") }
        #expect(MetricTarget.text(955, kind: .rate, unit: "") == "95.5%" && MetricTarget.text(400, kind: .average, unit: "学时") == "40 学时")
        // 19/20 = 95.0% meets 95%; 18/19 = 94.7% does not; less is better: 2 overdue meets "at most 2".
        #expect(MetricTarget.met(MetricValue(kind: .rate, numerator: 19, denominator: 20), target: 950, higherIsBetter: true) == true)
        #expect(MetricTarget.met(MetricValue(kind: .rate, numerator: 18, denominator: 19), target: 950, higherIsBetter: true) == false)
        #expect(MetricTarget.met(MetricValue(kind: .count, numerator: 2, denominator: 0), target: 2, higherIsBetter: false) == true)
        #expect(MetricTarget.met(MetricValue(kind: .count, numerator: 3, denominator: 0), target: 2, higherIsBetter: false) == false)
        #expect(MetricTarget.met(MetricValue(kind: .rate, numerator: 0, denominator: 0), target: 950, higherIsBetter: true) == nil)
        // 40 学时 per person: 400 tenths over 10 people is 4 h, short of 40.
        #expect(MetricTarget.met(MetricValue(kind: .average, numerator: 4000, denominator: 10), target: 400, higherIsBetter: true) == true)
        #expect(MetricTarget.met(MetricValue(kind: .average, numerator: 3999, denominator: 10), target: 400, higherIsBetter: true) == false)
    }

    @Test func unitsRankBetterFirstAndNothingCountedLast() {
        let a = MetricValue(kind: .rate, numerator: 9, denominator: 10), b = MetricValue(kind: .rate, numerator: 4, denominator: 5)
        let none = MetricValue(kind: .rate, numerator: 0, denominator: 0)
        #expect(a.better(than: b, higherIsBetter: true) && b.better(than: a, higherIsBetter: false))
        #expect(b.better(than: none, higherIsBetter: true) && !none.better(than: b, higherIsBetter: true))
    }
}
