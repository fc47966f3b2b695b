import Foundation
import Testing
@testable import FazhiCore

@Suite struct LocalDateTests {
    @Test func parsesOnlyRealDatesInTheExactFormat() {
        #expect(LocalDate("2026-02-28") == LocalDate(year: 2026, month: 2, day: 28))
        #expect(LocalDate("2024-02-29") != nil)
        for bad in ["2026-02-29", "2026-13-01", "2026-1-5", "2026/01/05", "20260105", "", "2026-01-05T00:00", "２０２６-01-05"] {
            #expect(LocalDate(bad) == nil, "\(bad) should be rejected")
        }
    }

    @Test func dayNumbersRoundTripAcrossCenturies() {
        for n in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(LocalDate(dayNumber: n).dayNumber == n)
        }
        #expect(LocalDate("1970-01-01")!.dayNumber == 0)
        #expect(LocalDate("2026-11-26")!.adding(days: 36) == LocalDate("2027-01-01"))
    }

    @Test func weekdaysAreIsoNumbered() {
        #expect(LocalDate("2026-11-26")!.weekday == 4)  // Thursday
        #expect(LocalDate("2026-02-15")!.weekday == 7)  // Sunday
        #expect(LocalDate("2026-01-05")!.weekday == 1)  // Monday
    }

    @Test func todayIsTheShanghaiDateNotTheUtcDate() {
        // 2026-11-26 17:30 UTC is already 27 November in Shanghai.
        let instant = Date(timeIntervalSince1970: 1_795_714_200)
        #expect(LocalDate.today(at: instant) == LocalDate("2026-11-27"))
        // 2026-11-26 15:59 UTC is still 26 November 23:59 in Shanghai.
        #expect(LocalDate.today(at: Date(timeIntervalSince1970: 1_795_708_740)) == LocalDate("2026-11-26"))
    }

    @Test func movingALeapDayToACommonYearGivesTheTwentyEighth() {
        #expect(LocalDate("2028-02-29")!.movedTo(year: 2029) == LocalDate("2029-02-28"))
        #expect(LocalDate("2026-12-31")!.movedTo(year: 2027) == LocalDate("2027-12-31"))
    }

    @Test func codableUsesThePlainDateText() throws {
        let data = try JSONEncoder().encode([LocalDate("2026-03-16")!])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-03-16"]"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-02-30"]"#.utf8)) }
    }
}

@Suite struct DateComplaintTests {
    @Test func aDayTheCalendarDoesNotHaveIsToldApartFromBadShape() {
        #expect(LocalDate.complaint(about: "2026-02-30", label: "起算日期") == "起算日期“2026-02-30”不存在:2026 年 2 月只有 28 天")
        #expect(LocalDate.complaint(about: "2028-02-30", label: "日期") == "日期“2028-02-30”不存在:2028 年 2 月只有 29 天")
        #expect(LocalDate.complaint(about: "2026-13-01", label: "日期") == "日期“2026-13-01”不存在:月份应为 01 到 12")
        #expect(LocalDate.complaint(about: "2026/3/1", label: "日期").contains("格式应为 YYYY-MM-DD"))
        #expect(LocalDate.complaint(about: " ", label: "完成日期") == "请填写完成日期")
    }
}
