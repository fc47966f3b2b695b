import FazhiCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// The shipped calendar ends on 2026-12-31 and the 2027 notice is not out: clocks keep running
    /// (Monday–Friday), every date that depends on 2027 is 暂定, and importing the notice recomputes,
    /// audits and announces them.
    @Suite struct ProvisionalCalendarTests {
        static let notice2027 =
            #"{"years":[{"year":2027,"notice":"国办发明电〔2026〕测试号","holidays":[{"name":"元旦","from":"2027-01-01","to":"2027-01-03"}],"makeUpDays":[]}]}"#

        /// Worked by hand. Received Thursday 2026-11-26: 20 working days → 11-27 (1), 11-30…12-04 (6),
        /// 12-07…11 (11), 12-14…18 (16), 12-21…24 (20) = 2026-12-24, firm. Extended by 20
        /// (第三十三条第二款): 12-25 (1), 12-28…31 (5), then 2027 assumed — Fri 01-01 (6), 01-04…08 (11),
        /// 01-11…15 (16), 01-18…21 (20) = 2027-01-21 (暂定). The 2027 notice makes 01-01…03 元旦:
        /// 12-25…31 (5), 01-04…08 (10), 01-11…15 (15), 01-18…22 (20) = 2027-01-22.
        @Test func anExtensionIntoNextYearIsProvisionalUntilTheNoticeIsImported() async throws {
            try await withTestDistrict { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                var form = GOITests.application
                form["channel"] = "post"; form["receivedOn"] = "2026-11-26"; form["name"] = "暂定测试申请人"
                #expect(try await office.post("/goi", form: form).status == .ok)
                let r = try #require(try await GOIRequest.query(on: app.db).filter(\.$applicantName == "暂定测试申请人").first())
                #expect(r.dueOn == "2026-12-24")
                let base = "/goi/\(try r.requireID().uuidString)"
                let extended = try await office.post(
                    base + "/extend", form: ["days": "20", "approver": "张主任", "date": "2026-11-26", "reason": "需调档检索"])
                #expect(extended.status == .seeOther)
                let stored = try #require(try await GOIRequest.find(r.id, on: app.db))
                #expect(stored.dueOn == "2027-01-21", "an extension into 2027 is counted, not left empty")
                var page = try await office.get(base).body.string
                #expect(page.contains("2027-01-21(暂定)"))
                #expect(page.contains("2027 年节假日安排尚未发布"))
                #expect(!page.contains("期限无法计算"))
                let letter = try await office.get(base + "/letters/extension")
                #expect(letter.status == .ok, "the extension letter is produced, marked 暂定")
                #expect(try await office.get("/").body.string.contains("2027 年节假日安排尚未导入"), "the office is warned from 1 November")
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                #expect(!(try await liaison.get("/").body.string.contains("节假日安排尚未导入")), "units are not asked to import calendars")

                // The administrator imports the 2027 notice on the calendar page.
                var admin = try await Browser.signedIn(app, as: "admin")
                let imported = try await admin.upload(
                    "/admin/calendar/import", fields: [:],
                    file: (name: "file", filename: "2027.json", data: Data(Self.notice2027.utf8)))
                #expect(imported.status == .ok)
                #expect(imported.body.string.contains("个已登记的期限已重新计算"))
                let after = try #require(try await GOIRequest.find(r.id, on: app.db))
                #expect(after.dueOn == "2027-01-22")
                page = try await office.get(base).body.string
                #expect(page.contains("2027-01-22") && !page.contains("(暂定)"))
                let events = try await AuditEvent.query(on: app.db).filter(\.$action == "recompute_due").filter(\.$entityID == r.number).all()
                #expect(events.count == 1)
                let log = try await admin.get("/audit?type=goi_request").body.string
                #expect(log.contains("期限重新计算"), "the audit log names the action in Chinese")
                let inbox = try await InboxItem.query(on: app.db).filter(\.$key == "recompute:goi_request:\(r.number):2027-01-22").all()
                #expect(!inbox.isEmpty, "the handling unit is told")
                #expect(!(try await office.get("/").body.string.contains("2027 年节假日安排尚未导入")))
                // A bad file changes nothing and says why.
                let bad = try await admin.upload(
                    "/admin/calendar/import", fields: [:], file: (name: "file", filename: "x.json", data: Data("{\"years\":1}".utf8)))
                #expect(bad.status == .unprocessableEntity)
                #expect(bad.body.string.contains("日历文件格式有误"))
            }
        }

        @Test func theCalculatorAndTheAPIMarkProvisionalDatesAndTheRuleChoosesTheUnit() async throws {
            try await withTestDistrict { app, _, _ in
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                let page = try await liaison.get("/deadlines?start=2026-12-20&days=20&unit=workday").body.string
                #expect(page.contains("2027-01-15(周五)"))
                #expect(page.contains("id=\"due-provisional\""))
                // A rule counted in days, the form still on 工作日: the rule decides (60 days from 2026-10-01 → 11-30, Monday).
                let rule = try await liaison.get("/deadlines?rule=reconsideration.apply&start=2026-10-01&unit=workday").body.string
                #expect(!rule.contains("deadline-errors"), "no 规则按日计算 refusal")
                #expect(rule.contains("id=\"due-date\""))
                let api = try await liaison.get("/api/v1/deadlines?start=2026-12-20&days=20&unit=workday")
                let dto = try api.content.decode(DeadlineDTO.self)
                #expect(dto.due == "2027-01-15" && dto.provisional)
                #expect(dto.provisionalReason?.contains("暂按周一至周五") == true)
                let firm = try await liaison.get("/api/v1/deadlines?start=2026-11-02&days=20&unit=workday").content.decode(DeadlineDTO.self)
                #expect(!firm.provisional && firm.provisionalReason == nil)
                let calendar = try await liaison.get("/calendar?year=2027").body.string
                #expect(calendar.contains("id=\"calendar-provisional\""))
            }
        }
    }
}
