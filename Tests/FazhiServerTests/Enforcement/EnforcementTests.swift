import FazhiCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// 行政执法: officers and their certificates, a penalty from filing to a withdrawn publication
    /// with every gate refused before it is passed, the public page's masking, the scan's certificate
    /// warnings and overdue publications. Today is 2026-11-26 (Thu).
    @Suite struct EnforcementTests {
        /// Registers an officer of 城市管理局 through the page, as its liaison does.
        static func officer(
            _ browser: inout Browser, _ app: Application, name: String, number: String, validUntil: String = "2029-12-31", legal: Bool = false
        ) async throws -> EnforcementOfficer {
            var form = ["name": name, "certificateNumber": number, "issuer": "省人民政府", "validUntil": validUntil, "issuedOn": "2024-01-02"]
            if legal { form["legalQualified"] = "1" }
            #expect(try await browser.post("/enforcement/officers", form: form).status == .seeOther)
            return try #require(try await EnforcementOfficer.query(on: app.db).filter(\.$certificateNumber == number).first())
        }

        @Test func aPenaltyRunsFromFilingToAWithdrawnPublicationThroughEveryGate() async throws {
            try await withTestDistrict { app, _, _ in
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                let a = try await Self.officer(&liaison, app, name: "张明", number: "ZF-T-001")
                let b = try await Self.officer(&liaison, app, name: "李华", number: "ZF-T-002")
                let lapsed = try await Self.officer(&liaison, app, name: "赵六", number: "ZF-T-003", validUntil: "2026-10-31")
                let reviewer = try await Self.officer(&liaison, app, name: "周律", number: "ZF-T-004", legal: true)
                // A duplicate certificate and a bad date are refused, nothing stored.
                let dup = try await liaison.post(
                    "/enforcement/officers", form: ["name": "重复", "certificateNumber": "ZF-T-001", "issuer": "省人民政府", "validUntil": "2026-02-30"])
                #expect(dup.status == .unprocessableEntity)
                #expect(dup.body.string.contains("执法证号 ZF-T-001 已登记") && dup.body.string.contains("有效期至"))
                #expect(try await count(EnforcementOfficer.self, app) == 4)
                #expect(
                    try await liaison.post(
                        "/enforcement/matters",
                        form: ["kind": "power", "caseType": "penalty", "name": "对违法建设行为的处罚", "basis": "《城乡规划法》第六十四条", "reviewListed": "1"]
                    ).status == .seeOther)
                let matter = try #require(try await EnforcementMatter.query(on: app.db).first())

                // Registering: two valid officers on the filing day, or refused with the reason.
                var form = [
                    "type": "penalty", "matter": matter.id!.uuidString, "title": "违法建设", "partyType": "person", "partyName": "王小明",
                    "openedOn": "2026-11-02",
                ]
                let refused = try await liaison.post("/enforcement", form: form, arrays: ["officers": [a.id!.uuidString, lapsed.id!.uuidString]])
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.body.string.contains("赵六 的执法证(ZF-T-003)已于 2026-10-31 到期"))
                #expect(try await count(EnforcementCase.self, app) == 0)
                form["formOnce"] = FormOnce.token()
                let created = try await liaison.post("/enforcement", form: form, arrays: ["officers": [a.id!.uuidString, b.id!.uuidString]])
                #expect(created.status == .seeOther)
                var c = try await EnforcementService.find(try #require(try await EnforcementCase.query(on: app.db).first()).id, on: app.db)
                #expect(c.number == "ZF-2026-00001" && c.reviewRequired, "the matter is on the review list")
                // 11-02 + 90 days = 2027-01-31, a Sunday: Monday 02-01, counted on weekends only (2027's notice not out).
                #expect(c.decisionDueOn == LocalDate("2027-02-01"))
                let base = "/enforcement/\(c.id!.uuidString)"
                #expect(try await liaison.get(base).body.string.contains("暂定"))

                // Another unit neither sees nor runs it.
                var other = try await Browser.signedIn(app, as: "tdzbzx-liaison")
                #expect(try await other.get(base).status == .forbidden)
                #expect(try await other.post(base + "/notice", form: ["date": "2026-11-09", "hearing": "1"]).status == .forbidden)
                #expect(!(try await other.get("/enforcement?state=").body.string.contains(c.number)))

                // No decision before the notice (第四十四条).
                let early = try await liaison.post(base + "/decide", form: ["date": "2026-11-05", "outcome": "taken", "summary": "罚款"])
                #expect(early.status == .unprocessableEntity && early.body.string.contains("第四十四条"))
                #expect(try await liaison.post(base + "/notice", form: ["date": "2026-11-09", "hearing": "1"]).status == .seeOther)
                // The party's 5 working days end 11-16: a request on 11-17 is refused, on 11-12 recorded.
                let late = try await liaison.post(base + "/hearing-request", form: ["date": "2026-11-17"])
                #expect(late.status == .unprocessableEntity && late.body.string.contains("2026-11-16 前"))
                #expect(try await liaison.post(base + "/hearing-request", form: ["date": "2026-11-12"]).status == .seeOther)
                // The hearing of Wed 11-25 is noticed on 11-13 at the latest (seven working days between).
                let short = try await liaison.post(base + "/hearing-set", form: ["noticeOn": "2026-11-16", "hearingOn": "2026-11-25"])
                #expect(short.status == .unprocessableEntity && short.body.string.contains("不晚于 2026-11-13"))
                #expect(
                    try await liaison.post(base + "/hearing-set", form: ["noticeOn": "2026-11-13", "hearingOn": "2026-11-25"]).status == .seeOther)
                let pending = try await liaison.post(base + "/decide", form: ["date": "2026-11-24", "outcome": "taken", "summary": "罚款"])
                #expect(pending.status == .unprocessableEntity && pending.body.string.contains("听证结束前不得作出决定"))
                #expect(try await liaison.post(base + "/heard", form: ["date": "2026-11-25"]).status == .seeOther)

                // The review gate (第五十八条): no decision until a qualified reviewer off the case passes it.
                let blocked = try await liaison.post(base + "/decide", form: ["date": "2026-11-26", "outcome": "taken", "summary": "罚款"])
                #expect(blocked.status == .unprocessableEntity && blocked.body.string.contains("审核通过前不得作出决定"))
                #expect(try await liaison.get(base).body.string.contains("今天不能作出决定"))
                #expect(try await liaison.get("/enforcement?state=review_pending").body.string.contains(c.number))
                #expect(try await liaison.post(base + "/review-submit", form: ["date": "2026-11-25"]).status == .seeOther)
                let unqualified = try await liaison.post(
                    base + "/review", form: ["date": "2026-11-26", "reviewer": a.id!.uuidString, "result": "passed", "opinion": "同意"])
                #expect(unqualified.status == .unprocessableEntity)
                #expect(unqualified.body.string.contains("没有法律职业资格") && unqualified.body.string.contains("是本案承办人员"))
                #expect(
                    try await liaison.post(
                        base + "/review", form: ["date": "2026-11-26", "reviewer": reviewer.id!.uuidString, "result": "passed", "opinion": "程序合法"]
                    ).status == .seeOther)
                let badFine = try await liaison.post(
                    base + "/decide", form: ["date": "2026-11-26", "outcome": "taken", "summary": "责令改正,罚款", "fine": "5000.123"])
                #expect(badFine.status == .unprocessableEntity && badFine.body.string.contains("最多两位小数"))
                #expect(
                    try await liaison.post(
                        base + "/decide", form: ["date": "2026-11-26", "outcome": "taken", "summary": "责令改正,罚款", "fine": "5,000"]
                    ).status == .seeOther)
                c = try await EnforcementService.find(c.id, on: app.db)
                // Published within 7 working days of Thu 11-26: 11-27, 11-30, 12-01 … 12-04, 12-07.
                #expect(c.fineCents == 500_000 && c.decisionDueOn == nil && c.publishDueOn == LocalDate("2026-12-07"))
                let again = try await liaison.post(base + "/decide", form: ["date": "2026-11-26", "outcome": "taken", "summary": "再次"])
                #expect(again.status == .conflict)

                // Published with the person's name masked; revoked, it is withdrawn with the reason.
                #expect(try await liaison.post(base + "/publish", form: ["date": "2026-11-26"]).status == .seeOther)
                var anonymous = Browser(app)
                var page = try await anonymous.get("/public/enforcement?unit=csglj").body.string
                #expect(page.contains("王某") && !page.contains("王小明") && page.contains("5,000.00 元") && page.contains("ZF-T-004"))
                #expect(!page.contains("ZF-T-003"), "an expired certificate is not shown as one who may act")
                #expect(
                    try await liaison.post(base + "/revoke", form: ["date": "2026-11-26", "reason": "经行政复议被撤销"]).status == .seeOther)
                c = try await EnforcementService.find(c.id, on: app.db)
                #expect(c.publishDueOn == LocalDate("2026-12-01"), "three working days: 11-27, 11-30, 12-01 (第四十八条)")
                #expect(try await liaison.post(base + "/withdraw", form: ["date": "2026-11-26"]).status == .seeOther)
                page = try await anonymous.get("/public/enforcement?unit=csglj").body.string
                #expect(page.contains("已撤回") && page.contains("经行政复议被撤销") && !page.contains("5,000.00 元"))
                // Every step is in the audit chain, without the party's name.
                let events = try await AuditEvent.query(on: app.db).filter(\.$entityType == AuditEntity.enforcementCase.code).all()
                #expect(events.count >= 11)
                #expect(!events.contains { ($0.after ?? "").contains("王小明") || ($0.before ?? "").contains("王小明") })
            }
        }

        @Test func certificatesWarnAndOverdueClocksReachTheScan() async throws {
            try await withTestDistrict { app, _, _ in
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                // Expiring 12-20: warned 90 days before (09-21) and 30 days before (11-20); both passed.
                let soon = try await Self.officer(&liaison, app, name: "吴一", number: "ZF-S-001", validUntil: "2026-12-20")
                #expect(soon.warnFirstOn == LocalDate("2026-09-21") && soon.warnSecondOn == LocalDate("2026-11-20"))
                _ = try await Self.officer(&liaison, app, name: "郑二", number: "ZF-S-002", validUntil: "2028-06-30")
                let today = app.clock.today
                let engine = try await CalendarService.engine(on: app.db)
                let items = try await DatedSources.items(
                    DatedSources.all, on: app.db, horizon: try engine.calendar.adding(workdays: 3, to: today), today: today)
                let warnings = items.filter { $0.kind == .enforcementCertificate }
                #expect(warnings.count == 2 && warnings.allSatisfy { $0.title.contains("吴一") && $0.title.contains("2026-12-20") })
                #expect(try await liaison.get("/").body.string.contains("执法证将在 90 日内到期"))
                // Renewed: the warnings go.
                #expect(
                    try await liaison.post("/enforcement/officers/\(soon.id!.uuidString)/renew", form: ["validUntil": "2031-12-20"]).status
                        == .seeOther)
                let after = try await DatedSources.items(
                    DatedSources.all, on: app.db, horizon: try engine.calendar.adding(workdays: 3, to: today), today: today)
                #expect(!after.contains { $0.kind == .enforcementCertificate })
                // Training: 60 hours a year by default; bad hours are refused.
                let base = "/enforcement/officers/\(soon.id!.uuidString)"
                let bad = try await liaison.post(base + "/trainings", form: ["heldOn": "2026-11-20", "title": "培训", "hours": "-3"])
                #expect(bad.status == .unprocessableEntity && bad.body.string.contains("学时应为 1 到 200 的整数"))
                #expect(
                    try await liaison.post(base + "/trainings", form: ["heldOn": "2026-11-20", "title": "行政处罚法培训", "hours": "16"]).status == .seeOther
                )
                #expect(try await liaison.get("/enforcement/officers?state=untrained").body.string.contains("吴一"))
                #expect(try await liaison.get(base).body.string.contains("2026 年 16 学时(未达 60 学时)"))
            }
        }
    }
}
