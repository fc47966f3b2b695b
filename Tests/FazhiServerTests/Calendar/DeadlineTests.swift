import FazhiCore
import Fluent
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    @Suite struct DeadlineTests {
        @Test func theCalculatorShowsTheDueDateAndEveryStep() async throws {
            try await withTestDistrict { app, _, _ in
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                let page = try await liaison.get("/deadlines?rule=goi.reply&start=2026-02-10&extend=20").body.string
                #expect(page.contains("2026-04-14(周二)"))
                #expect(page.contains("延长前届满日:2026-03-16"))
                #expect(page.contains("2026-02-15(周日) 至 2026-02-23(周一) 春节假期,不计"))
                #expect(page.contains("《政府信息公开条例》第三十三条第二款"))
                let bad = try await liaison.get("/deadlines?start=2026-02-30&days=abc&unit=week&pauses=2026-03-05").body.string
                #expect(bad.contains("起算日期“2026-02-30”不存在:2026 年 2 月只有 28 天"))
                #expect(bad.contains("期间长度必须是 1 到 3660 之间的整数"))
                #expect(bad.contains("计算单位应为 workday"))
                #expect(bad.contains("暂停区间“2026-03-05”应写作"))
                let outside = try await liaison.get("/deadlines?start=2024-12-20&days=20&unit=workday").body.string
                #expect(outside.contains("超出已加载的工作日历(2025–2026 年)"), "a year before the loaded ones is never guessed")
                let tooLong = try await liaison.get("/deadlines?rule=goi.reply&start=2026-02-10&extend=30").body.string
                #expect(tooLong.contains("最多延长 20 个工作日"))
            }
        }

        @Test func theAPIAnswersWithTheTraceAndRepeatablePauses() async throws {
            try await withTestDistrict { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                let response = try await office.get(
                    "/api/v1/deadlines?start=2026-03-02&days=20&unit=workday&pause=2026-03-05:2026-03-11&pause=2026-03-12:2026-03-18")
                #expect(response.status == .ok)
                let dto = try response.content.decode(DeadlineDTO.self)
                #expect(dto.due == "2026-04-14")
                #expect(dto.trace.contains { $0.kind == "paused" })
                let rule = try await office.get("/api/v1/deadlines?rule=licensing.decision&start=2026-09-28&extend=10")
                let licensing = try rule.content.decode(DeadlineDTO.self)
                #expect(licensing.firstDue == "2026-10-30", "国庆 skipped, the make-up Saturday 10-10 counts")
                #expect(licensing.basis?.contains("行政许可法") == true)
                let bad = try await office.get("/api/v1/deadlines?start=2026-03-02&days=0")
                #expect(bad.status == .unprocessableEntity)
                #expect(try bad.content.decode(FazhiErrorMiddleware.ErrorBody.self).field == "days")
                let year = try await office.get("/api/v1/calendar/2026")
                let calendar = try year.content.decode(CalendarYearDTO.self)
                #expect(calendar.workdays == 248)
                #expect(calendar.days.contains { $0.date == "2026-02-14" && $0.kind == "makeup" })
                #expect(try await office.get("/api/v1/calendar/2031").status == .notFound)
            }
        }

        @Test func theCalendarPageMarksHolidaysAndMakeUpDays() async throws {
            try await withTestDistrict { app, _, _ in
                var leader = try await Browser.signedIn(app, as: "leader")
                let page = try await leader.get("/calendar?year=2026").body.string
                #expect(page.contains("全年 248 个工作日"))
                #expect(page.contains(#"title="2026-02-14 调休上班(春节)""#))
                #expect(page.contains(#"title="2026-10-01 国庆节假期""#))
                #expect(try await leader.get("/calendar?year=2030").status == .notFound)
            }
        }

        @Test func theAdministratorEditsTheCalendarAndEveryChangeIsAudited() async throws {
            try await withTestDistrict { app, _, _ in
                var admin = try await Browser.signedIn(app, as: "admin")
                try await admin.get("/admin/calendar?year=2026")
                let before = try await CalendarService.engine(on: app.db).due(
                    DeadlineRequest(start: LocalDate("2026-12-24"), length: 1, unit: .workday)
                ).due
                #expect(before == LocalDate("2026-12-25"))
                let bad = try await admin.post("/admin/calendar/days", form: ["date": "2026-12-23", "kind": "makeup", "name": "测试"])
                #expect(bad.status == .unprocessableEntity)
                #expect(bad.body.string.contains("只有周六、周日可以登记为调休上班"))
                let notLoaded = try await admin.post("/admin/calendar/days", form: ["date": "2027-01-01", "kind": "holiday", "name": "元旦"])
                #expect(notLoaded.body.string.contains("2027 年的日历尚未导入"))
                let ok = try await admin.post("/admin/calendar/days", form: ["date": "2026-12-25", "kind": "holiday", "name": "示例假日"])
                #expect(ok.status == .seeOther)
                let after = try await CalendarService.engine(on: app.db).due(
                    DeadlineRequest(start: LocalDate("2026-12-24"), length: 1, unit: .workday)
                ).due
                #expect(after == LocalDate("2026-12-28"))
                let event = try #require(
                    try await AuditEvent.query(on: app.db).filter(\.$entityType == "calendar").filter(\.$entityID == "2026-12-25").first())
                #expect(event.actor == "admin")
                let day = try #require(try await CalendarDay.query(on: app.db).filter(\.$date == "2026-12-25").first())
                #expect(try await admin.post("/admin/calendar/days/\(day.id!)/delete").status == .seeOther)
                #expect(try await AuditEvent.query(on: app.db).filter(\.$entityType == "calendar").filter(\.$action == "delete").count() == 1)
                #expect(try await AuditService.verify(on: app.db).failure == nil)
            }
        }
    }
}
