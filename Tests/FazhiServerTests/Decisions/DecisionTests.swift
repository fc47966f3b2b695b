import FazhiCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// 重大行政决策: a decision from its start to publication with every gate refused before it is
    /// passed, the public's opinions with receipts and feedback, and the catalogue. Today is
    /// 2026-11-26 (Thu).
    @Suite struct DecisionTests {
        static func expert(_ office: inout Browser, _ app: Application, _ name: String) async throws -> DecisionExpert {
            #expect(try await office.post("/decisions/experts", form: ["name": name, "field": "行政法学", "employer": "某大学法学院"]).status == .seeOther)
            return try #require(try await DecisionExpert.query(on: app.db).filter(\.$name == name).first())
        }

        static func start(_ browser: inout Browser, _ app: Application, title: String, on day: String) async throws -> MajorDecision {
            let r = try await browser.post(
                "/decisions", form: ["title": title, "category": "policy", "draft": "草案全文及起草说明", "startedOn": day, "formOnce": FormOnce.token()])
            #expect(r.status == .seeOther)
            return try #require(try await MajorDecision.query(on: app.db).filter(\.$title == title).first())
        }

        @Test func aDecisionIsAdoptedOnlyWhenEveryGateIsClosed() async throws {
            try await withTestDistrict { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                let expert = try await Self.expert(&office, app, "林晓雯")
                let d = try await Self.start(&liaison, app, title: "城市道路占用挖掘管理办法", on: "2026-08-03")
                #expect(d.number == "JC-2026-001")
                let base = "/decisions/\(d.id!.uuidString)"

                // Another unit neither reads nor runs it.
                var other = try await Browser.signedIn(app, as: "tdzbzx-liaison")
                #expect(try await other.get(base).status == .forbidden)
                #expect(try await other.post(base + "/comment", form: ["from": "2026-09-01", "until": "2026-10-08"]).status == .forbidden)
                #expect(!(try await other.get("/decisions").body.string.contains(d.number)))

                // Adoption with nothing done names all five gates.
                let bare = try await office.post(base + "/adopt", form: ["date": "2026-11-12"])
                #expect(bare.status == .unprocessableEntity)
                for gate in DecisionProcedure.allCases { #expect(bare.body.string.contains(gate.label + ":"), "\(gate.label) named") }

                // 30 days from 09-01 end on 10-01, 国庆: the period may end on 10-08 at the earliest.
                let short = try await liaison.post(base + "/comment", form: ["from": "2026-09-01", "until": "2026-09-30"])
                #expect(short.status == .unprocessableEntity && short.body.string.contains("应至少到 2026-10-08"))
                #expect(try await liaison.post(base + "/comment", form: ["from": "2026-09-01", "until": "2026-10-08"]).status == .seeOther)

                // An expert who has not declared no interest is refused; then the signed opinion counts.
                let interested = try await liaison.post(
                    base + "/expert", form: ["expert": expert.id!.uuidString, "signedOn": "2026-10-12", "summary": "可行"])
                #expect(interested.status == .unprocessableEntity && interested.body.string.contains("第二十一条"))
                #expect(
                    try await liaison.post(
                        base + "/expert", form: ["expert": expert.id!.uuidString, "signedOn": "2026-10-12", "summary": "可行", "noInterest": "1"]
                    ).status == .seeOther)
                // The risk assessment left out with its reason; the legality review never.
                #expect(
                    try await liaison.post(base + "/exempt", form: ["procedure": "risk", "reason": "办法仅规范审批流程,不会对社会稳定、公共安全造成不利影响"]).status
                        == .seeOther)
                let noReview = try await liaison.post(base + "/exempt", form: ["procedure": "legality", "reason": "时间紧急,来不及审查"])
                #expect(noReview.status == .unprocessableEntity && noReview.body.string.contains("不得免除"))

                // No meeting before the legality review (第二十六条); the unit may not record one at all.
                #expect(try await liaison.post(base + "/meeting", form: ["kind": "executive", "meetingOn": "2026-11-11"]).status == .forbidden)
                let early = try await office.post(base + "/meeting", form: ["kind": "executive", "meetingOn": "2026-11-11"])
                #expect(early.status == .unprocessableEntity && early.body.string.contains("第二十六条"))
                #expect(try await liaison.post(base + "/legal-submit", form: ["date": "2026-10-30"]).status == .seeOther)
                #expect(
                    try await office.post(base + "/legal-review", form: ["date": "2026-11-06", "result": "passed", "opinion": "合法"]).status
                        == .seeOther)
                #expect(
                    try await office.post(
                        base + "/meeting", form: ["kind": "executive", "meetingOn": "2026-11-11", "ref": "常务会议纪要〔2026〕21号", "conclusion": "同意印发"]
                    ).status == .seeOther)
                // The meeting held, no opinion recorded yet: still refused, naming the collective discussion only.
                let noMinutes = try await office.post(base + "/adopt", form: ["date": "2026-11-12"])
                #expect(noMinutes.status == .unprocessableEntity && noMinutes.body.string.contains("集体讨论决定:未记录会议组成人员的意见"))
                #expect(!noMinutes.body.string.contains("合法性审查:"))
                let silent = try await office.post(base + "/meeting-opinion", form: ["participant": "副区长", "position": "disagree"])
                #expect(silent.status == .unprocessableEntity, "a dissent states its reasons")
                #expect(
                    try await office.post(base + "/meeting-opinion", form: ["participant": "副区长", "position": "disagree", "remark": "资金未落实"]).status
                        == .seeOther)
                #expect(try await office.post(base + "/meeting-opinion", form: ["participant": "区长", "position": "agree"]).status == .seeOther)
                #expect(try await office.post(base + "/adopt", form: ["date": "2026-11-12"]).status == .seeOther)
                #expect(try await DecisionService.find(d.id, on: app.db).adoptedOn == LocalDate("2026-11-12"))

                // Publication after the Party committee's report (第三十一条), with the note on opinions.
                let unreported = try await office.post(base + "/publish", form: ["date": "2026-11-16", "ref": "区政府网站", "note": "采纳 3 条"])
                #expect(unreported.status == .unprocessableEntity && unreported.body.string.contains("第三十一条"))
                #expect(try await office.post(base + "/party-report", form: ["date": "2026-11-13"]).status == .seeOther)
                #expect(try await office.post(base + "/publish", form: ["date": "2026-11-16", "ref": "区政府网站", "note": "采纳 3 条"]).status == .seeOther)
                var visitor = Browser(app)
                #expect(try await visitor.get("/public/decisions").body.string.contains("城市道路占用挖掘管理办法"))

                // The archive lists every missing document until the file is complete.
                let incomplete = try await office.post(base + "/archive", form: ["date": "2026-11-20"])
                #expect(incomplete.status == .unprocessableEntity)
                for doc in [DecisionDocument.draft, .participation, .expert, .legality, .minutes, .publication] {
                    #expect(incomplete.body.string.contains(doc.label))
                }
                #expect(!incomplete.body.string.contains(DecisionDocument.risk.label + "、"), "the exempted risk assessment needs no report")
                // A file that is not what its name says is refused; the documents filed, the archive closes the file.
                let fake = try await liaison.upload(base + "/files", fields: ["document": "draft"], file: ("file", "草案.pdf", Data("not a pdf".utf8)))
                #expect(fake.status == .unprocessableEntity || fake.status == .badRequest)
                for doc in [DecisionDocument.draft, .participation, .expert, .legality, .minutes, .publication] {
                    let r = try await liaison.upload(
                        base + "/files", fields: ["document": doc.rawValue], file: ("file", "\(doc.label).pdf", AssessmentDemo.demoPDF(doc.label)))
                    #expect(r.status == .seeOther, "\(doc.label) uploaded")
                }
                #expect(try await liaison.get(base).body.string.contains("应归档材料已齐全"))
                #expect(try await office.post(base + "/archive", form: ["date": "2026-11-20"]).status == .seeOther)
                let closed = try await liaison.post(base + "/execution", form: ["date": "2026-11-25", "summary": "已实施"])
                #expect(closed.status == .conflict && closed.body.string.contains("已于 2026-11-20 归档"))
                #expect(try await AuditEvent.query(on: app.db).filter(\.$entityType == "decision").count() >= 12)
            }
        }

        @Test func thePublicCommentsAndLooksUpWhatBecameOfTheirOpinion() async throws {
            try await withTestDistrict { app, clock, _ in
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                let d = try await Self.start(&liaison, app, title: "停车收费标准调整方案", on: "2026-11-02")
                let base = "/decisions/\(d.id!.uuidString)"
                #expect(try await liaison.post(base + "/comment", form: ["from": "2026-11-20", "until": "2026-12-21"]).status == .seeOther)

                var visitor = Browser(app)
                #expect(try await visitor.get("/public/decisions").body.string.contains("停车收费标准调整方案"))
                let page = "/public/decisions/\(d.id!.uuidString)"
                #expect(try await visitor.get(page).body.string.contains("草案全文及起草说明"))
                #expect(try await visitor.post(page, form: ["body": "机器人填写的内容", "website": "http://spam"]).status == .badRequest)
                let tiny = try await visitor.post(page, form: ["body": "好"])
                #expect(tiny.status == .unprocessableEntity && tiny.body.string.contains("至少 5 个字"))
                let once = FormOnce.token()
                let sent = try await visitor.post(page, form: ["body": "建议夜间居民停车给予优惠。", "contact": "13800000000", "formOnce": once])
                #expect(sent.status == .ok)
                let receipt = try #require(try await ConsultationOpinion.query(on: app.db).first()).receipt
                #expect(sent.body.string.contains(receipt) && receipt.hasPrefix("YJ-2026-00001-"))
                // The same form sent twice keeps one opinion and shows the same receipt.
                let again = try await visitor.post(page, form: ["body": "建议夜间居民停车给予优惠。", "formOnce": once])
                #expect(again.body.string.contains(receipt))
                #expect(try await ConsultationOpinion.query(on: app.db).count() == 1)
                #expect(try await visitor.post(page, form: ["body": "调价幅度过大,建议分两年实施。"]).status == .ok)

                // Before the period ends the unit cannot answer; the submitter is told to wait.
                let waiting = try await visitor.post("/public/decisions/receipt", form: ["receipt": receipt.lowercased()])
                #expect(waiting.body.string.contains("2026-12-21 截止"))
                #expect(!waiting.body.string.contains("13800000000"), "the contact is never shown")
                let ids = try await ConsultationOpinion.query(on: app.db).sort(\.$createdAt).all().map { $0.id!.uuidString }
                let tooSoon = try await liaison.post(base + "/answer", form: ["theme": "收费标准", "response": "adopted"], arrays: ["opinions": ids])
                #expect(tooSoon.status == .conflict)

                clock.advance(days: 26)  // 12-22: the period is over, no more opinions.
                liaison = try await Browser.signedIn(app, as: "csglj-liaison")  // a session does not last 26 days
                #expect(try await visitor.post(page, form: ["body": "截止后才提交的意见。"]).status == .conflict)
                let bare = try await liaison.post(base + "/answer", form: ["theme": "收费标准", "response": "rejected"], arrays: ["opinions": [ids[1]]])
                #expect(bare.status == .unprocessableEntity && bare.body.string.contains("理由不能为空"))
                #expect(
                    try await liaison.post(
                        base + "/answer", form: ["theme": "收费标准", "response": "rejected", "reason": "已分区域设置不同标准"], arrays: ["opinions": [ids[1]]]
                    ).status == .seeOther)
                let half = try await liaison.post(base + "/feedback", form: ["date": "2026-12-22"])
                #expect(half.status == .unprocessableEntity && half.body.string.contains("还有 1 条意见未归类答复"))
                #expect(
                    try await liaison.post(base + "/answer", form: ["theme": "居民优惠", "response": "adopted"], arrays: ["opinions": [ids[0]]]).status
                        == .seeOther)
                #expect(try await liaison.post(base + "/feedback", form: ["date": "2026-12-22"]).status == .seeOther)
                let statement = try await visitor.get(page)
                #expect(statement.body.string.contains("意见反馈情况") && statement.body.string.contains("已分区域设置不同标准"))
                let answered = try await visitor.post("/public/decisions/receipt", form: ["receipt": receipt])
                #expect(answered.body.string.contains("采纳") && answered.body.string.contains("居民优惠"))
                let unknown = try await visitor.post("/public/decisions/receipt", form: ["receipt": "YJ-2026-99999-ZZZZ"])
                #expect(unknown.body.string.contains("未找到该回执编号"))
            }
        }

        @Test func theCatalogueIsPublishedOnlyAfterThePartyCommitteeAgrees() async throws {
            try await withTestDistrict { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                let item = ["title": "老旧小区改造三年行动计划", "category": "plan", "unit": "csglj", "plannedOn": "2026-12-20"]
                #expect(try await office.post("/decisions/catalogue/2026/item", form: item).status == .seeOther)
                var wrongYear = item
                wrongYear["plannedOn"] = "2027-01-10"
                let refused = try await office.post("/decisions/catalogue/2026/item", form: wrongYear)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("应在 2026 年内"))
                let early = try await office.post("/decisions/catalogue/2026/publish", form: ["date": "2026-02-10"])
                #expect(early.status == .unprocessableEntity && early.body.string.contains("党委同意后"))
                var visitor = Browser(app)
                #expect(!(try await visitor.get("/public/decisions?year=2026").body.string.contains("老旧小区改造三年行动计划")))
                #expect(try await office.post("/decisions/catalogue/2026/approve", form: ["date": "2026-01-20"]).status == .seeOther)
                #expect(try await office.post("/decisions/catalogue/2026/publish", form: ["date": "2026-02-10"]).status == .seeOther)
                #expect(try await visitor.get("/public/decisions?year=2026").body.string.contains("老旧小区改造三年行动计划"))
                // The lead unit starts its decision from the item; the planned date drives the scan.
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                #expect(try await liaison.get("/decisions/catalogue?year=2026").body.string.contains("尚未启动"))
                let items = try await DatedSources.items(
                    DecisionsModule().datedSources, on: app.db, horizon: LocalDate("2026-12-31"), today: LocalDate("2026-11-26"))
                #expect(items.map(\.title) == ["决策目录事项“老旧小区改造三年行动计划”计划 2026-12-20 前完成决策"])
            }
        }
    }
}

extension ServerTests.DecisionTests {
    /// The seven indicators on rows counted by hand (2026, today 11-26): two decisions adopted, one
    /// without any expert opinion or exemption (五项程序 1/2), both reviewed (2/2); comment periods of
    /// 32 and 20 days (1/2); three documents issued, one filed 10 days late (报备 2/3, review 3/3);
    /// the catalogue published on time (1/1); a clean-up published after its planned day (0/1).
    @Test func theIndicatorsCountTheRecords() async throws {
        try await withTestDistrict { app, _, district in
            let csglj = try #require(district.units["csglj"]).id!, tdzbzx = try #require(district.units["tdzbzx"]).id!
            func decision(_ n: Int, unit: UUID, expert: Bool, commentDays: Int) async throws {
                let d = MajorDecision()
                d.number = "JC-2026-90\(n)"
                d.year = 2026
                d.title = "指标测试决策 \(n)"
                d.category = .policy
                d.$leadUnit.id = unit
                d.draft = "草案"
                d.startedOn = LocalDate("2026-03-02")
                d.commentFrom = LocalDate("2026-04-01")
                d.commentUntil = LocalDate("2026-04-01").adding(days: commentDays)
                d.commentDays = commentDays
                if !expert { d.riskExempt = "不涉及" }
                d.riskReportOn = expert ? LocalDate("2026-05-06") : nil
                d.riskControllable = expert ? true : nil
                d.legalSubmittedOn = LocalDate("2026-05-10")
                d.legalReviewedOn = LocalDate("2026-05-20")
                d.legalResult = .passed
                d.meetingOn = LocalDate("2026-06-03")
                d.headConclusion = "同意"
                d.adoptedOn = LocalDate("2026-06-03")
                d.createdBy = "test"
                d.version = 1
                d.createdAt = fixedNow
                try await d.create(on: app.db)
                if expert {
                    let e = DecisionExpert()
                    e.$district.id = try district.district.requireID()
                    e.name = "专家\(n)"; e.field = "法学"; e.employer = "大学"; e.active = true; e.createdAt = fixedNow
                    try await e.create(on: app.db)
                    let o = DecisionExpertOpinion()
                    o.$decision.id = d.id!; o.$expert.id = e.id!; o.signedOn = LocalDate("2026-05-01"); o.summary = "可行"; o.noInterest = true
                    o.createdBy = "test"
                    try await o.create(on: app.db)
                }
            }
            try await decision(1, unit: csglj, expert: true, commentDays: 32)
            try await decision(2, unit: tdzbzx, expert: false, commentDays: 20)
            for (n, late) in [(1, false), (2, false), (3, true)] {
                let d = NormativeDocument()
                d.title = "指标测试文件 \(n)"
                d.$unit.id = csglj
                d.issuer = "某区城市管理局"; d.filingTarget = .district; d.summary = "测试"; d.draftedOn = LocalDate("2026-01-05")
                d.reviewSubmittedOn = LocalDate("2026-02-02"); d.reviewedOn = LocalDate("2026-02-10"); d.reviewResult = .passed
                d.collectiveOn = LocalDate("2026-02-20"); d.regNo = "某区规〔2026〕9\(n)号"; d.regYear = 2026
                d.issuedOn = LocalDate("2026-03-02"); d.publishedOn = LocalDate("2026-03-03"); d.effectiveOn = LocalDate("2026-04-01")
                d.filingBy = LocalDate("2026-04-01"); d.filedOn = late ? LocalDate("2026-04-11") : LocalDate("2026-03-20")
                d.createdBy = "test"; d.version = 1; d.createdAt = fixedNow
                try await d.create(on: app.db)
            }
            let c = DecisionCatalogue()
            c.$district.id = try district.district.requireID()
            c.year = 2026; c.partyApprovedOn = LocalDate("2026-01-20"); c.publishedOn = LocalDate("2026-02-03"); c.publishBy = LocalDate("2026-03-31")
            c.version = 1; c.createdBy = "test"; c.createdAt = fixedNow
            try await c.create(on: app.db)
            let round = NormativeCleanup()
            round.$district.id = try district.district.requireID()
            round.year = 2026; round.title = "2026 年清理"; round.startedOn = LocalDate("2026-06-01"); round.dueOn = LocalDate("2026-09-30")
            round.publishedOn = LocalDate("2026-10-15"); round.createdBy = "test"; round.version = 1
            try await round.create(on: app.db)

            var office = try await Browser.signedIn(app, as: "office")
            let response = try await office.get("/api/v1/decisions/indicators?year=2026")
            #expect(response.status == .ok)
            let dto = try JSONDecoder().decode(DecisionRatesDTO.self, from: Data(response.body.readableBytesView))
            let all = try #require(dto.district).rates
            func pair(_ key: String) -> String { all[key].map { "\($0.numerator)/\($0.denominator)" } ?? "—" }
            #expect(pair("catalogue") == "1/1" && pair("procedures") == "1/2" && pair("legality") == "2/2" && pair("comment") == "1/2")
            #expect(pair("normativeReview") == "3/3" && pair("filing") == "2/3" && pair("cleanup") == "0/1")
            let unit = try #require(dto.units.first { $0.unit == "csglj" })
            #expect(unit.rates["procedures"]?.numerator == 1 && unit.rates["catalogue"] == nil, "the catalogue is the district's")
            // A unit reads only its own row; the page's drill-down lists what the denominator counted.
            var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
            let own = try JSONDecoder().decode(
                DecisionRatesDTO.self, from: Data(try await liaison.get("/api/v1/decisions/indicators?year=2026").body.readableBytesView))
            #expect(own.units.map(\.unit) == ["csglj"] && own.district == nil)
            let drill = try await office.get("/normative?year=2026&rate=filing")
            #expect(drill.body.string.contains("指标测试文件 3") && drill.body.string.contains("共 3 件"))
            #expect(try await office.get("/decisions/indicators?year=2026").body.string.contains("五项程序履行率"))
        }
    }
}
