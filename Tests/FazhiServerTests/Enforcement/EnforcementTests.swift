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
                // Expiring 12-27: warned 90 days before (09-28, passed) and 30 days before (11-27, within the
                // scan's horizon of 3 working days); expiring 2027-02-24: its 90-day reminder is today;
                // expired 11-20 and still in post: an obligation that climbs the ladder.
                let soon = try await Self.officer(&liaison, app, name: "吴一", number: "ZF-S-001", validUntil: "2026-12-27")
                #expect(soon.warnFirstOn == LocalDate("2026-09-28") && soon.warnSecondOn == LocalDate("2026-11-27"))
                _ = try await Self.officer(&liaison, app, name: "郑二", number: "ZF-S-002", validUntil: "2027-02-24")
                _ = try await Self.officer(&liaison, app, name: "钱三", number: "ZF-S-003", validUntil: "2026-11-20")
                _ = try await Self.officer(&liaison, app, name: "孙四", number: "ZF-S-004", validUntil: "2029-06-30")
                let today = app.clock.today
                let engine = try await CalendarService.engine(on: app.db)
                let horizon = try engine.calendar.adding(workdays: 3, to: today)
                let items = try await DatedSources.items(DatedSources.all, on: app.db, horizon: horizon, today: today)
                let warnings = items.filter { $0.kind == .enforcementCertificate }.sorted { $0.due < $1.due }
                #expect(warnings.map(\.due) == [LocalDate("2026-11-20"), LocalDate("2026-11-26"), LocalDate("2026-11-27")].compactMap { $0 })
                #expect(warnings[0].title.contains("钱三") && warnings[0].title.contains("不得从事执法活动"))
                #expect(warnings[1].title.contains("郑二") && warnings[1].title.contains("提前 90 日"))
                #expect(warnings[2].title.contains("吴一") && warnings[2].title.contains("提前 30 日"))
                let ladder = EscalationLadder.standard
                #expect(try ladder.stage(due: warnings[2].due, today: today, paused: false, calendar: engine.calendar)?.isOverdue == false)
                #expect(try ladder.stage(due: warnings[0].due, today: today, paused: false, calendar: engine.calendar)?.isOverdue == true)
                #expect(try await liaison.get("/").body.string.contains("执法证已过期"))
                // Renewed: its reminders go.
                #expect(
                    try await liaison.post("/enforcement/officers/\(soon.id!.uuidString)/renew", form: ["validUntil": "2031-12-20"]).status
                        == .seeOther)
                let after = try await DatedSources.items(DatedSources.all, on: app.db, horizon: horizon, today: today)
                #expect(!after.contains { $0.kind == .enforcementCertificate && $0.title.contains("吴一") })
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

        /// A case as the register would hold it, its stored dates computed by the service.
        static func row(
            _ app: Application, unit: UUID, type: EnforcementCaseType, opened: String, number: String, _ shape: (EnforcementCase) -> Void
        ) async throws -> EnforcementCase {
            let c = EnforcementCase()
            c.$unit.id = unit
            c.number = number
            c.type = type
            c.title = "测试"
            c.partyType = .organization
            c.partyName = "某公司"
            c.source = "register"
            c.openedOn = try #require(LocalDate(opened))
            c.reviewRequired = false
            c.hearingOffered = false
            c.extensionDays = 0
            c.createdBy = "test"
            c.version = 1
            c.createdAt = fixedNow
            shape(c)
            try EnforcementService.refreshDue(
                c, today: app.clock.today, engine: try await CalendarService.engine(on: app.db), rules: app.deadlineRules)
            try await c.create(on: app.db)
            return c
        }

        /// The six indicators on hand-counted rows of 城市管理局 (today 2026-11-26), and the API.
        @Test func indicatorsCountWhatTheDefinitionsSay() async throws {
            try await withTestDistrict { app, _, district in
                let csglj = try #require(district.units["csglj"]?.id), other = try #require(district.units["tdzbzx"]?.id)
                func officer(_ unit: UUID, _ number: String, until: String, status: OfficerStatus = .active, since: String? = nil, hours: Int)
                    async throws
                {
                    let o = EnforcementOfficer()
                    o.$unit.id = unit; o.name = number; o.certificateNumber = number; o.issuer = "省人民政府"; o.certificateType = "行政执法证"
                    o.setValidUntil(try #require(LocalDate(until)), warnings: [90, 30])
                    o.status = status; o.statusSince = since.flatMap(LocalDate.init); o.legalQualified = false; o.version = 1; o.createdAt = fixedNow
                    try await o.create(on: app.db)
                    if hours > 0 {
                        let t = EnforcementTraining()
                        t.$officer.id = try o.requireID(); t.heldOn = try #require(LocalDate(year: 2026, month: 5, day: 20)); t.year = 2026;
                        t.title = "培训"
                        t.hours = hours; t.createdBy = "test"
                        try await t.create(on: app.db)
                    }
                }
                // In post: A (valid, 64 h), B (valid, 20 h), C (expired 06-30, exactly 60 h: trained); D, suspended
                // since 01-10, is not; E is another unit's.
                try await officer(csglj, "A", until: "2028-01-01", hours: 64)
                try await officer(csglj, "B", until: "2028-01-01", hours: 20)
                try await officer(csglj, "C", until: "2026-06-30", hours: 60)
                try await officer(csglj, "D", until: "2028-01-01", status: .suspended, since: "2026-01-10", hours: 0)
                try await officer(other, "E", until: "2028-01-01", hours: 0)
                func d(_ s: String) -> LocalDate? { LocalDate(s) }
                // 1: listed, reviewed 05-08, decided 05-11 within its 90 days, published 05-13 (due 05-20): all on time.
                _ = try await Self.row(app, unit: csglj, type: .penalty, opened: "2026-03-02", number: "T-1") {
                    $0.reviewRequired = true; $0.reviewSubmittedOn = d("2026-05-06"); $0.reviewedOn = d("2026-05-08"); $0.reviewResult = .passed
                    $0.noticeOn = d("2026-04-20"); $0.decisionOn = d("2026-05-11"); $0.outcome = .taken; $0.publishedOn = d("2026-05-13")
                }
                // 2: opened 01-05, due 04-07 (04-05 falls in 清明), decided 04-20 without the review, never published (due 04-29).
                _ = try await Self.row(app, unit: csglj, type: .penalty, opened: "2026-01-05", number: "T-2") {
                    $0.reviewRequired = true; $0.noticeOn = d("2026-03-02"); $0.decisionOn = d("2026-04-20"); $0.outcome = .taken
                }
                // 3: a licence decided 09-10, published 09-30 — after its 7 working days (09-21).
                _ = try await Self.row(app, unit: csglj, type: .licensing, opened: "2026-09-01", number: "T-3") {
                    $0.decisionOn = d("2026-09-10"); $0.outcome = .taken; $0.publishedOn = d("2026-09-30")
                }
                // 4: opened 06-01, undecided, its 90 days ended 08-31: late. 5: opened 10-01, due 2026-12-30: not yet counted.
                _ = try await Self.row(app, unit: csglj, type: .penalty, opened: "2026-06-01", number: "T-4") { _ in }
                _ = try await Self.row(app, unit: csglj, type: .penalty, opened: "2026-10-01", number: "T-5") { _ in }
                // 6: an inspection decided yesterday, its 20 working days still running: not yet counted.
                _ = try await Self.row(app, unit: csglj, type: .inspection, opened: "2026-11-02", number: "T-6") {
                    $0.decisionOn = d("2026-11-25"); $0.outcome = .notTaken
                }
                let counts = try await EnforcementIndicatorService.counts(year: 2026, today: app.clock.today, scope: .all, on: app.db)
                let c = try #require(counts[csglj])
                #expect((c.officers, c.certified, c.trained) == (3, 2, 2))
                #expect((c.reviewDue, c.reviewed) == (2, 1))
                #expect((c.publishDue, c.publishedOnTime) == (3, 1))
                #expect((c.decideDue, c.decidedOnTime) == (3, 1))
                #expect(counts[other]?.officers == 1 && counts[other]?.trained == 0)
                // Table 2 of the 依申请公开 annual report counts the year's decisions; a unit without any keeps its entries.
                let report = try await GOIReportService.build(
                    year: 2026, unit: district.units["csglj"], district: try await Districts.node(nil, on: app.db), on: app.db)
                #expect(report.entries["t2.penalty.decisions"] == "2" && report.entries["t2.licensing.decisions"] == "1")
                #expect(report.entries["t2.coercion.decisions"] == "0" && report.table2Source == "行政执法登记簿")
                #expect(
                    try await GOIReportService.build(
                        year: 2026, unit: district.units["tdzbzx"], district: try await Districts.node(nil, on: app.db), on: app.db
                    ).table2Source == nil)
                // The drill-down lists exactly what the denominators counted.
                var office = try await Browser.signedIn(app, as: "office")
                let publish = try await office.get("/enforcement?year=2026&rate=publish&unit=csglj").body.string
                #expect(["T-1", "T-2", "T-3"].allSatisfy(publish.contains) && !publish.contains("T-6"))
                let decide = try await office.get("/enforcement?year=2026&rate=decide&unit=csglj").body.string
                #expect(["T-1", "T-2", "T-4"].allSatisfy(decide.contains) && !decide.contains("T-5"))
                #expect(try await office.get("/enforcement?year=2026&rate=nope").status == .badRequest)
                // The API: a unit reads its own row only; the office the district too.
                let json = try await office.get("/api/v1/enforcement/indicators?year=2026").body.string
                #expect(json.contains("\"reviewCoverage\"") && json.contains("\"district\""))
                var unit = try await Browser.signedIn(app, as: "tdzbzx-liaison")
                let own = try await unit.get("/api/v1/enforcement/indicators?year=2026").body.string
                #expect(own.contains("tdzbzx") && !own.contains("csglj") && !own.contains("全区"))

                // 案卷评查: the same seed draws the same files; scores make the pass rate.
                let ctx = StepContext(
                    actor: .system("test"), engine: try await CalendarService.engine(on: app.db), rules: app.deadlineRules, today: app.clock.today,
                    now: fixedNow)
                for n in 1...4 {
                    _ = try await Self.row(app, unit: csglj, type: .inspection, opened: "2025-03-0\(n)", number: "H-\(n)") {
                        $0.decisionOn = d("2025-03-2\(n)"); $0.outcome = .notTaken; $0.closedOn = d("2025-04-0\(n)")
                    }
                }
                let district = try #require(try await Districts.first(on: app.db)).requireID()
                let first = try await CaseFileReviewService.draw(year: 2025, perUnit: "2", seed: "12345", district: district, ctx, on: app.db)
                let second = try await CaseFileReviewService.draw(year: 2025, perUnit: "2", seed: "12345", district: district, ctx, on: app.db)
                func drawn(_ r: CaseFileReviewRound) async throws -> [String] {
                    try await CaseFileReviewItem.query(on: app.db).filter(\.$round.$id == (try r.requireID())).with(\.$enforcementCase).all()
                        .map(\.enforcementCase.number).sorted()
                }
                let picked = try await drawn(first)
                let again = try await drawn(second)
                #expect(picked.count == 2 && picked == again)
                let audit = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "file_review_draw").first())
                #expect((audit.after ?? "").contains("12345") && (audit.after ?? "").contains(picked[0]))
                // Another district neither opens this round nor draws these units' files.
                let (xq, _) = try await DistrictBoundaryTests.secondDistrict(app)
                var otherOffice = try await Browser.signedIn(app, as: "xq-office")
                #expect(try await otherOffice.get("/enforcement/reviews/\(try first.requireID().uuidString)").status == .notFound)
                let theirs = try await CaseFileReviewService.draw(
                    year: 2025, perUnit: "2", seed: "12345", district: try xq.requireID(), ctx, on: app.db)
                #expect(try await drawn(theirs).isEmpty)
                let items = try await CaseFileReviewItem.query(on: app.db).filter(\.$round.$id == (try first.requireID())).all()
                let base = "/enforcement/reviews/\(try first.requireID().uuidString)/items/"
                let bad = try await office.post(base + items[0].id!.uuidString, form: ["points[facts]": "30", "reasons[facts]": ""])
                #expect(bad.status == .unprocessableEntity && bad.body.string.contains("扣分应为 0 到 25"))
                #expect(
                    try await office.post(base + items[0].id!.uuidString, form: ["points[facts]": "5", "reasons[facts]": "笔录瑕疵"]).status == .seeOther)
                #expect(
                    try await office.post(
                        base + items[1].id!.uuidString, form: ["points[procedure]": "25", "reasons[procedure]": "未告知听证权利"]
                    ).status == .seeOther)
                let files = try #require(
                    try await EnforcementIndicatorService.counts(year: 2025, today: app.clock.today, scope: .unit(csglj), on: app.db)[csglj])
                #expect((files.filesReviewed, files.filesPassed) == (2, 1))
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                #expect(try await liaison.post(base + items[0].id!.uuidString, form: ["points[facts]": "0"]).status == .forbidden)
                #expect(try await unit.get("/enforcement/reviews/\(try first.requireID().uuidString)").body.string.contains("H-") == false)
            }
        }

        /// Import: every bad row named and nothing stored; a unit imports only its own rows.
        @Test func officersAndHistoricalCasesImportAllOrNothing() async throws {
            try await withTestDistrict { app, _, _ in
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                let bad = "单位,姓名,执法证号,发证机关,有效期至,法律职业资格\ncsglj,张三,ZF-I-1,省人民政府,2029-01-01,是\ncsglj,,ZF-I-1,省人民政府,2029-13-01,也许\n"
                let refused = try await liaison.upload(
                    "/enforcement/import/officers", fields: [:], file: ("file", "officers.csv", Data(bad.utf8)))
                #expect(refused.status == .unprocessableEntity)
                for message in ["第 3 行", "姓名为空", "与第 2 行重复", "有效期至", "应为是或否"] { #expect(refused.body.string.contains(message), "\(message)") }
                #expect(try await count(EnforcementOfficer.self, app) == 0)
                let foreign = "单位,姓名,执法证号,发证机关,有效期至\ntdzbzx,李四,ZF-I-9,省人民政府,2029-01-01\n"
                let other = try await liaison.upload("/enforcement/import/officers", fields: [:], file: ("file", "o.csv", Data(foreign.utf8)))
                #expect(other.status == .unprocessableEntity && other.body.string.contains("不是本区的部门或办事处"))
                let good = "单位,姓名,执法证号,发证机关,有效期至,法律职业资格\n城市管理局,张三,ZF-I-1,省人民政府,2029-01-01,是\ncsglj,王五,ZF-I-2,省人民政府,2028/06/30,否\n"
                let ok = try await liaison.upload("/enforcement/import/officers", fields: [:], file: ("file", "officers.csv", Data(good.utf8)))
                #expect(ok.status == .ok && ok.body.string.contains("已导入 2 名执法人员"))
                let officer = try #require(try await EnforcementOfficer.query(on: app.db).filter(\.$certificateNumber == "ZF-I-2").first())
                #expect(officer.validUntil == LocalDate("2028-06-30") && officer.warnFirstOn == LocalDate("2028-04-01"))

                let cases = """
                    单位,执法类别,案由,当事人类型,当事人,立案日期,决定日期,决定结果,罚没款(元),公示日期,结案日期
                    csglj,行政处罚,占道经营,自然人,赵某某,2025-03-02,2025-04-01,作出,"1,000",2025-04-03,2025-04-20
                    csglj,行政许可,占道许可,法人或其他组织,某公司,2025-05-06,2025-05-20,不予,,2025-05-22,2025-05-22
                    """
                let imported = try await liaison.upload("/enforcement/import/cases", fields: [:], file: ("file", "cases.csv", Data(cases.utf8)))
                #expect(imported.status == .ok && imported.body.string.contains("已导入 2 件历史案件"))
                let penalty = try #require(try await EnforcementCase.query(on: app.db).filter(\.$type == .penalty).first())
                #expect(penalty.number == "ZF-2025-00001" && penalty.fineCents == 100_000 && penalty.publishBy == LocalDate("2025-04-11"))
                #expect(penalty.source == "import" && penalty.decisionDueOn == nil && penalty.publishDueOn == nil)
                let late = "单位,执法类别,案由,当事人类型,当事人,立案日期,决定日期\ncsglj,行政处罚,x,自然人,y,2025-03-02,2025-02-01\n"
                let wrong = try await liaison.upload("/enforcement/import/cases", fields: [:], file: ("file", "c.csv", Data(late.utf8)))
                #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("有决定日期的须填写决定结果"))
                #expect(wrong.body.string.contains("早于立案日期"))
                #expect(try await count(EnforcementCase.self, app) == 2)
            }
        }
    }
}
