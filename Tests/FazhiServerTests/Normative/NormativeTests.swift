import FazhiCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// 行政规范性文件: a document from its draft through review, registration, issue and filing to a
    /// clean-up that repeals it, every step refused before its turn; registration numbers under
    /// concurrent registrations; the report's table 2 row. Today is 2026-11-26 (Thu).
    @Suite struct NormativeTests {
        @Test func aDocumentGoesFromDraftToFilingToCleanup() async throws {
            try await withTestDistrict { app, clock, _ in
                var office = try await Browser.signedIn(app, as: "office")
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                let created = try await liaison.post(
                    "/normative",
                    form: [
                        "title": "某区停车场管理暂行办法", "issuer": "某区城市管理局", "filingTarget": "district", "summary": "规范停车场管理。", "draftedOn": "2026-09-20",
                        "formOnce": FormOnce.token(),
                    ])
                #expect(created.status == .seeOther)
                let doc = try #require(try await NormativeDocument.query(on: app.db).first())
                let base = "/normative/\(doc.id!.uuidString)"

                // No review without public comment or a stated reason (37号).
                let unheard = try await liaison.post(base + "/review-submit", form: ["date": "2026-10-22"])
                #expect(unheard.status == .unprocessableEntity && unheard.body.string.contains("37号"))
                #expect(try await liaison.post(base + "/comment", form: ["from": "2026-10-01", "until": "2026-10-20"]).status == .seeOther)
                #expect(try await liaison.post(base + "/review-submit", form: ["date": "2026-10-22"]).status == .seeOther)
                // 15 working days from Thu 10-22: 10-23, 10-26 … 10-30, 11-02 … 11-06, 11-09 … 11-12.
                #expect(try await NormativeService.find(doc.id, on: app.db).reviewDueOn == LocalDate("2026-11-12"))

                // No collective review before the review passes (115号); the unit cannot review its own draft.
                let early = try await liaison.post(base + "/collective", form: ["date": "2026-10-23", "ref": "局务会"])
                #expect(early.status == .unprocessableEntity && early.body.string.contains("115号"))
                #expect(
                    try await liaison.post(base + "/review", form: ["date": "2026-10-29", "result": "passed", "opinion": "合法"]).status == .forbidden)
                // At least 5 working days (10-23, 10-26, 10-27, 10-28, 10-29) unless explained.
                let rushed = try await office.post(base + "/review", form: ["date": "2026-10-23", "result": "passed", "opinion": "合法"])
                #expect(rushed.status == .unprocessableEntity && rushed.body.string.contains("2026-10-29 起"))
                #expect(
                    try await office.post(base + "/review", form: ["date": "2026-10-29", "result": "passed", "opinion": "合法"]).status == .seeOther)
                #expect(try await liaison.post(base + "/collective", form: ["date": "2026-11-02", "ref": "局务会议纪要〔2026〕9号"]).status == .seeOther)
                let unregistered = try await liaison.post(
                    base + "/issue", form: ["date": "2026-11-04", "docNo": "某城管〔2026〕3号", "effectiveOn": "2026-12-01"])
                #expect(unregistered.status == .unprocessableEntity && unregistered.body.string.contains("统一登记编号后"))
                #expect(try await office.post(base + "/register", form: ["date": "2026-11-03"]).status == .seeOther)
                #expect(
                    try await liaison.post(base + "/issue", form: ["date": "2026-11-04", "docNo": "某城管〔2026〕3号", "effectiveOn": "2026-12-01"]).status
                        == .seeOther)
                var d = try await NormativeService.find(doc.id, on: app.db)
                #expect(d.regNo == "某区规〔2026〕1号")
                // 暂行: two years from 12-01 (through 2028-11-30), evaluated six months before; filing within 30 days (12-04, a Friday).
                #expect(d.validUntil == LocalDate("2028-11-30") && d.evaluationDueOn == LocalDate("2028-05-30"))
                #expect(d.filingDueOn == LocalDate("2026-12-04"))
                #expect(try await liaison.post(base + "/publish", form: ["date": "2026-11-05"]).status == .seeOther)
                #expect(try await liaison.post(base + "/file", form: ["date": "2026-11-20"]).status == .seeOther)
                #expect(try await office.post(base + "/filing-result", form: ["date": "2026-11-25", "result": "accepted"]).status == .seeOther)
                d = try await NormativeService.find(doc.id, on: app.db)
                #expect(d.filingDueOn == nil && d.filedOn == LocalDate("2026-11-20"))

                // In force from 12-01: not before.
                var visitor = Browser(app)
                #expect(!(try await visitor.get("/public/normative?q=停车场").body.string.contains("某区停车场管理暂行办法")))
                clock.advance(days: 6)  // 12-02
                office = try await Browser.signedIn(app, as: "office")
                #expect(try await visitor.get("/public/normative?q=停车场").body.string.contains("某区停车场管理暂行办法"))
                #expect(try await visitor.get("/public/normative?q=某区规〔2026〕1号").body.string.contains("某区停车场管理暂行办法"))
                let api = try await office.get("/api/v1/normative-documents?status=in_force")
                #expect(api.status == .ok && api.body.string.contains("某区规〔2026〕1号"))
                #expect(try await office.get("/api/v1/normative-documents?status=nonsense").status == .badRequest)

                // A clean-up round lists it; repealing needs a reason; publishing ends it that day.
                #expect(
                    try await office.post("/normative/cleanups", form: ["title": "2026 年专项清理", "startedOn": "2026-12-02", "dueOn": "2026-12-31"])
                        .status
                        == .seeOther)
                let round = try #require(try await NormativeCleanup.query(on: app.db).first())
                let item = try #require(try await NormativeCleanupItem.query(on: app.db).filter(\.$cleanup.$id == round.id!).first())
                let cbase = "/normative/cleanups/\(round.id!.uuidString)"
                // Another district neither opens this round nor waits for it: its own lists none of these documents.
                _ = try await DistrictBoundaryTests.secondDistrict(app)
                var other = try await Browser.signedIn(app, as: "xq-office")
                #expect(try await other.get(cbase).status == .notFound)
                #expect(!(try await other.get("/normative/cleanups").body.string.contains("2026 年专项清理")))
                #expect(
                    try await other.post("/normative/cleanups", form: ["title": "新区清理", "startedOn": "2026-12-02", "dueOn": "2026-12-31"]).status
                        == .seeOther)
                let theirs = try #require(try await NormativeCleanup.query(on: app.db).filter(\.$title == "新区清理").first())
                #expect(try await NormativeCleanupItem.query(on: app.db).filter(\.$cleanup.$id == theirs.id!).count() == 0)
                let unpublished = try await office.post(cbase + "/publish", form: ["date": "2026-12-02"])
                #expect(unpublished.status == .unprocessableEntity && unpublished.body.string.contains("还有 1 份文件没有清理结论"))
                let bare = try await office.post(cbase + "/conclude", form: ["conclusion[\(item.id!.uuidString)]": "repeal"])
                #expect(bare.status == .unprocessableEntity && bare.body.string.contains("须写明理由"))
                #expect(
                    try await office.post(
                        cbase + "/conclude", form: ["conclusion[\(item.id!.uuidString)]": "repeal", "note[\(item.id!.uuidString)]": "上位法修改"]
                    ).status == .seeOther)
                #expect(try await office.post(cbase + "/publish", form: ["date": "2026-12-02"]).status == .seeOther)
                d = try await NormativeService.find(doc.id, on: app.db)
                #expect(d.endedOn == LocalDate("2026-12-02") && d.endKind == .repeal)
                #expect(!(try await visitor.get("/public/normative?q=停车场").body.string.contains("某区停车场管理暂行办法")))
                let result = try await visitor.get("/public/normative/cleanups/\(round.id!.uuidString)")
                #expect(result.status == .ok && result.body.string.contains("废止(1 件)") && result.body.string.contains("上位法修改"))
                // Table 2 of the 2026 report: issued 1, repealed 1, in force at the year's end 0.
                let cells = try #require(try await NormativeModule().reportCells(.goiTable2Normative, year: 2026, scope: .all, on: app.db))
                #expect(cells.values == ["t2.normative.issued": "1", "t2.normative.repealed": "1", "t2.normative.valid": "0"])
            }
        }

        /// Eight documents registered at once get eight different numbers in order of the sequence
        /// (on PostgreSQL the sequence row is locked; the unique index is the backstop).
        @Test func registrationNumbersAreUniqueUnderConcurrency() async throws {
            try await withTestDistrict { app, _, district in
                let unit = try #require(district.units["csglj"])
                var docs: [NormativeDocument] = []
                for i in 0..<8 {
                    let d = NormativeDocument()
                    d.title = "并发登记测试文件 \(i)"
                    d.$unit.id = try unit.requireID()
                    d.issuer = "某区人民政府"
                    d.filingTarget = .upper
                    d.summary = "测试"
                    d.draftedOn = LocalDate("2026-09-01")
                    d.reviewSubmittedOn = LocalDate("2026-10-01")
                    d.reviewedOn = LocalDate("2026-10-15")
                    d.reviewResult = .passed
                    d.collectiveOn = LocalDate("2026-11-02")
                    d.collectiveRef = "常务会议"
                    d.createdBy = "test"
                    d.version = 1
                    d.createdAt = fixedNow
                    try await d.create(on: app.db)
                    docs.append(d)
                }
                let ctx = StepContext(
                    actor: .system("test"), engine: try await CalendarService.engine(on: app.db), rules: app.deadlineRules,
                    today: LocalDate("2026-11-26"), now: fixedNow)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for d in docs { group.addTask { try await NormativeService.register(d, on: "2026-11-20", ctx, on: app.db) } }
                    try await group.waitForAll()
                }
                let numbers = try await NormativeDocument.query(on: app.db).all().compactMap(\.regNo)
                #expect(Set(numbers) == Set((1...8).map { "某区规〔2026〕\($0)号" }))
            }
        }

        @Test func theScanCarriesAFilingPastItsPeriod() async throws {
            try await withTestDistrict { app, _, _ in
                try await NormativeDemo.seed(app, history: false)
                let items = try await DatedSources.items(
                    NormativeModule().datedSources, on: app.db, horizon: LocalDate("2026-12-31"), today: LocalDate("2026-11-26"))
                #expect(items.contains { $0.kind == .normativeFiling && $0.due < LocalDate("2026-11-26") })
                #expect(items.contains { $0.kind == .normativeReview })
            }
        }
    }
}
