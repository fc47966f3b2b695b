import FazhiCore
import FazhiOffice
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// 依申请公开: from the public form to the reply letter within the lawful clock; the report
    /// tables from the register, balanced; import; privacy; rate limits.
    @Suite struct GOITests {
        /// The test district's id.
        static func districtID(_ app: Application) async throws -> UUID {
            try #require(try await Districts.first(on: app.db)).requireID()
        }

        static let application = [
            "applicantType": "natural_person", "name": "测试申请人甲", "idNumber": "110101199001011234", "contact": "",
            "phone": "13800000000", "email": "applicant@example.com", "address": "某市某区某路 1 号",
            "content": "某路段 2026 年噪声执法检查记录", "purpose": "", "delivery": "email", "unit": "csglj",
        ]

        @Test func thePublicAppliesAndOnlyNumberPlusCodeSeeTheStatus() async throws {
            try await withTestDistrict(adjust: { $0.publicApplyPerHour = 3 }) { app, _, _ in
                var visitor = Browser(app)
                var page = try await visitor.get("/public/goi/apply")
                #expect(page.status == .ok)
                #expect(page.body.string.contains("政府信息公开申请"))
                let before = try await count(GOIRequest.self, app)
                // Bad input: every problem named, nothing saved, typed values kept.
                var bad = Self.application
                bad["name"] = ""; bad["phone"] = "abc"; bad["content"] = ""; bad["unit"] = "nope"; bad["email"] = ""
                page = try await visitor.post("/public/goi/apply", form: bad)
                #expect(page.status == .unprocessableEntity)
                for message in ["申请人姓名不能为空", "联系电话格式不正确", "请选择受理申请的行政机关", "电子邮箱不能为空"] {
                    #expect(page.body.string.contains(message), "\(message)")
                }
                #expect(page.body.string.contains("某路 1 号"))
                #expect(try await count(GOIRequest.self, app) == before)
                // Without the CSRF token nothing is accepted.
                #expect(try await visitor.post("/public/goi/apply", form: Self.application, csrf: false).status == .badRequest)

                page = try await visitor.post("/public/goi/apply", form: Self.application)
                #expect(page.status == .ok)
                let html = page.body.string
                let number = try #require(html.firstMatch(of: /YSQ-2026-\d{5}/)).output
                let code = try #require(html.firstMatch(of: /id="goi-code">([A-Z0-9]{8})</)).output.1
                let request = try #require(try await GOIRequest.query(on: app.db).filter(\.$number == String(number)).first())
                #expect(request.receivedOn == nil, "online: received only once both sides confirm (第三十一条)")
                #expect(request.verifyHash != String(code), "only the code's digest is kept")

                // The query: wrong code and unknown number answer the same; the right pair shows status only.
                var wrong = try await visitor.post("/public/goi/query", form: ["number": String(number), "code": "AAAAAAAA"])
                #expect(wrong.status == .notFound)
                #expect(wrong.body.string.contains("申请编号或查询码不正确"))
                wrong = try await visitor.post("/public/goi/query", form: ["number": "YSQ-2026-99999", "code": String(code)])
                #expect(wrong.status == .notFound)
                let found = try await visitor.post(
                    "/public/goi/query", form: ["number": String(number).lowercased(), "code": String(code).lowercased()])
                #expect(found.status == .ok)
                #expect(found.body.string.contains("已提交,待受理机关确认收到"))
                #expect(!found.body.string.contains("测试申请人甲"), "no personal data on the public page")

                // Rate limit: 3 submissions an hour from one address (tests set 3), refused ones included:
                // the bad form and the good one used two, one more is allowed, the next is refused.
                _ = try await visitor.post("/public/goi/apply", form: Self.application)
                let limited = try await visitor.post("/public/goi/apply", form: Self.application)
                #expect(limited.status == .tooManyRequests)
                #expect(limited.body.string.contains("提交过于频繁"))
                #expect(try await count(GOIRequest.self, app) == before + 2, "the refused submission (and the bad one) saved nothing")
            }
        }

        /// A refresh or a double click sends the same form twice: one request, and the second answer
        /// is the first one's page (same number, same query code), also when the two race.
        @Test func theSameFormSubmittedTwiceFilesOneRequest() async throws {
            try await withTestDistrict { app, _, _ in
                var visitor = Browser(app)
                let page = try await visitor.get("/public/goi/apply").body.string
                let once = String(try #require(page.firstMatch(of: /name="formOnce" value="([A-Za-z0-9_-]{16,64})"/)).output.1)
                let before = try await count(GOIRequest.self, app)
                var form = Self.application
                form["formOnce"] = once
                let first = try await visitor.post("/public/goi/apply", form: form).body.string
                let again = try await visitor.post("/public/goi/apply", form: form).body.string
                let number = try #require(first.firstMatch(of: /YSQ-2026-\d{5}/)).output
                let code = try #require(first.firstMatch(of: /id="goi-code">([A-Z0-9]{8})</)).output.1
                #expect(again.contains(String(number)) && again.contains(">\(code)<"), "the second answer is the first request's page")
                #expect(try await count(GOIRequest.self, app) == before + 1)
                // The code shown twice is the request's code.
                let found = try await visitor.post("/public/goi/query", form: ["number": String(number), "code": String(code)])
                #expect(found.status == .ok)

                // Two submissions of one form at the same moment: still one request.
                let raced = UUID().uuidString.replacingOccurrences(of: "-", with: "")
                let numbers = try await withThrowingTaskGroup(of: String.self) { group in
                    for _ in 0..<4 {
                        group.addTask {
                            let (request, _) = try await GOIService.submitOnline(
                                GOIPublicController.ApplyForm(
                                    applicantType: "natural_person", name: "并发申请人", idNumber: "110101199001011234", contact: "",
                                    phone: "13800000000", email: "a@example.com", address: "某路", content: "某路段噪声检查记录", purpose: "",
                                    delivery: "email", unit: "csglj"
                                ).input, once: raced, on: app.db, now: fixedNow)
                            return request.number
                        }
                    }
                    return try await group.reduce(into: Set<String>()) { $0.insert($1) }
                }
                #expect(numbers.count == 1)
                #expect(try await GOIRequest.query(on: app.db).filter(\.$applicantName == "并发申请人").count() == 1)
                // A form without a token (an old page) is still accepted.
                form["formOnce"] = nil
                form["name"] = "无令牌申请人"
                #expect(try await visitor.post("/public/goi/apply", form: form).status == .ok)
            }
        }

        @Test func aUnitHandlesARequestFromTheFormToTheReplyLetterWithinItsClock() async throws {
            try await withTestDistrict { app, _, _ in
                var visitor = Browser(app)
                _ = try await visitor.get("/public/goi/apply")
                _ = try await visitor.post("/public/goi/apply", form: Self.application)
                let r = try #require(try await GOIRequest.query(on: app.db).filter(\.$applicantName == "测试申请人甲").first())
                let base = "/goi/\(r.id!.uuidString)"
                // Another unit may not see it; a leader sees it without the applicant's data.
                var other = try await Browser.signedIn(app, as: "tdzbzx-liaison")
                #expect(try await other.get(base).status == .forbidden)
                #expect(try await other.post(base + "/confirm", form: ["date": "2026-11-26"]).status == .forbidden)
                var leader = try await Browser.signedIn(app, as: "leader")
                let leaderPage = try await leader.get(base).body.string
                #expect(leaderPage.contains("某路段 2026 年噪声执法检查记录"))
                #expect(!leaderPage.contains("测试申请人甲") && !leaderPage.contains("110101199001011234"))
                #expect(try await leader.post(base + "/confirm", form: ["date": "2026-11-26"]).status == .forbidden)

                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                var page = try await liaison.get(base)
                #expect(page.body.string.contains("测试申请人甲"))
                #expect(page.body.string.contains("待确认收到"))
                // Confirm: not before submission, not in the future.
                #expect(try await liaison.post(base + "/confirm", form: ["date": "2026-11-30"]).status == .unprocessableEntity)
                #expect(try await liaison.post(base + "/confirm", form: ["date": "2026-11-26"]).status == .seeOther)
                var fresh = try await GOIService.find(r.id, on: app.db)
                #expect(fresh.receivedOn == "2026-11-26")
                #expect(fresh.dueOn == "2026-12-24", "20 working days from 2026-11-27")
                // A co-unit added by the handling unit sees the request but not the applicant.
                #expect(try await liaison.post(base + "/co-units", form: [:], arrays: ["coUnits": ["tdzbzx"]]).status == .seeOther)
                let coPage = try await other.get(base)
                #expect(coPage.status == .ok)
                #expect(!coPage.body.string.contains("测试申请人甲"))
                #expect(try await other.post(base + "/reply", form: ["date": "2026-11-26", "replyType": "disclosed"]).status == .forbidden)
                // Its register list shows the request (the co-unit relation, not a substring of a column).
                #expect(try await other.get("/goi?state=open").body.string.contains(r.number))
                let coAudit = try #require(
                    try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.coUnits.code).filter(\.$entityID == r.number).first())
                let coUnitName = try #require(try await OrgNode.query(on: app.db).filter(\.$code == "tdzbzx").first()).name
                #expect(coAudit.after?.contains(coUnitName) == true, "the audit names the co-unit")
                // The relation's migration undone and redone keeps the link.
                try await MoveGOICoUnitsToRelation().revert(on: app.db)
                try await MoveGOICoUnitsToRelation().prepare(on: app.db)
                #expect(try await GOICoUnit.query(on: app.db).filter(\.$request.$id == r.id!).count() == 1)
                #expect(try await other.get(base).status == .ok)

                // Clarification: one notice, then the clarified request restarts the clock.
                page = try await liaison.post(base + "/clarify", form: ["items": "", "date": "2026-11-26", "dueOn": "2026-11-20"])
                #expect(page.status == .unprocessableEntity)
                #expect(page.body.string.contains("需要补正的事项不能为空"))
                #expect(
                    try await liaison.post(base + "/clarify", form: ["items": "请说明路段名称", "date": "2026-11-26", "dueOn": "2026-12-10"]).status
                        == .seeOther)
                page = try await liaison.post(base + "/clarify", form: ["items": "再补正", "date": "2026-11-26", "dueOn": "2026-12-10"])
                #expect(page.status == .conflict)
                #expect(page.body.string.contains("一次性"))
                fresh = try await GOIService.find(r.id, on: app.db)
                #expect(fresh.dueOn == nil, "stopped while waiting for the clarification")
                let letter = try await liaison.get(base + "/letters/clarify")
                #expect(letter.headers.contentType?.subType == "vnd.openxmlformats-officedocument.wordprocessingml.document")
                let clarifyText = try DOCX.text(of: Data(letter.body.readableBytesView))
                #expect(
                    clarifyText.contains("补正告知书") && clarifyText.contains("第三十条") && clarifyText.contains("请说明路段名称")
                        && clarifyText.contains("视为放弃申请"))
                #expect(try await liaison.post(base + "/clarified", form: ["date": "2026-11-26"]).status == .seeOther)
                fresh = try await GOIService.find(r.id, on: app.db)
                #expect(fresh.dueOn == "2026-12-24")

                // A consultation (answered the same day: no working day paused). Sent by post, its receipt is
                // not known at first: the clock stops with no end in sight, and the page asks for the receipt.
                #expect(
                    try await liaison.post(base + "/consult", form: ["kind": "third_party", "party": "某公司", "date": "2026-11-26"]).status == .seeOther
                )
                fresh = try await GOIService.find(r.id, on: app.db)
                #expect(try await liaison.get(base).body.string.contains("待记录对方收到征求意见书的日期"))
                let posted = try #require(fresh.consultations.first)
                #expect(
                    try await liaison.post(base + "/consult/\(posted.id!)/received", form: ["date": "2026-11-25"]).status == .unprocessableEntity,
                    "not before it was sent")
                #expect(try await liaison.post(base + "/consult/\(posted.id!)/received", form: ["date": "2026-11-26"]).status == .seeOther)
                fresh = try await GOIService.find(r.id, on: app.db)
                // While it is open its 15 working days (11-27…12-17) are paused, which pushes the due date
                // into 2027, whose notice is not loaded: 12-18 (1), 12-21…25 (6), 12-28…31 (10), Fri 01-01
                // assumed (11), 01-04…08 (16), 01-11…14 (20) → 2027-01-14, counted and shown 暂定.
                #expect(fresh.dueOn == "2027-01-14")
                #expect(try await liaison.get(base).body.string.contains("2027-01-14(暂定)"))
                let consultation = try #require(fresh.consultations.first)
                #expect(
                    try await liaison.post(base + "/consult/\(consultation.id!)/replied", form: ["date": "2026-11-25"]).status == .unprocessableEntity
                )
                #expect(
                    try await liaison.post(base + "/consult/\(consultation.id!)/replied", form: ["date": "2026-11-26", "note": "不同意公开"]).status
                        == .seeOther)
                #expect(try await GOIService.find(r.id, on: app.db).dueOn == "2026-12-24", "answered the day it was sent: nothing paused")

                // Extension: not by the liaison; by the head, at most 20 working days.
                #expect(
                    try await liaison.post(base + "/extend", form: ["days": "10", "approver": "张主任", "date": "2026-11-26", "reason": "需调档"]).status
                        == .forbidden)
                var head = try await Browser.signedIn(app, as: "csglj-head")
                page = try await head.post(base + "/extend", form: ["days": "21", "approver": "", "date": "2026-11-26", "reason": "需调档"])
                #expect(page.status == .unprocessableEntity)
                #expect(page.body.string.contains("1 到 20 个工作日") && page.body.string.contains("批准人"))
                #expect(
                    try await head.post(base + "/extend", form: ["days": "5", "approver": "张主任", "date": "2026-11-26", "reason": "需调档检索"]).status
                        == .seeOther)
                fresh = try await GOIService.find(r.id, on: app.db)
                #expect(fresh.dueOn == "2026-12-31")
                let extensionText = try DOCX.text(of: Data(try await liaison.get(base + "/letters/extension").body.readableBytesView))
                #expect(
                    extensionText.contains("延期答复告知书") && extensionText.contains("第三十三条第二款") && extensionText.contains("延长5个工作日")
                        && extensionText.contains("2026年12月31日"))

                // 第三十五条 延迟答复: the head fixes a later working day, before the current date ends.
                #expect(
                    try await liaison.post(base + "/delay", form: ["answerBy": "2027-01-29", "date": "2026-11-26", "reason": "理由合理"]).status
                        == .forbidden)
                page = try await head.post(base + "/delay", form: ["answerBy": "2026-12-31", "date": "2026-11-26", "reason": "理由合理"])
                #expect(page.status == .unprocessableEntity)
                #expect(page.body.string.contains("应晚于现答复期限 2026-12-31"))

                // A fee notice (按量, 45 pages ⇒ 150 元): the answer waits for the payment.
                page = try await liaison.post(base + "/fee-notice", form: ["method": "per_page", "pages": "20", "date": "2026-11-26"])
                #expect(page.status == .unprocessableEntity)
                #expect(page.body.string.contains("30 页以内"))
                #expect(
                    try await liaison.post(base + "/fee-notice", form: ["method": "per_page", "pages": "45", "date": "2026-11-26"]).status
                        == .seeOther)
                page = try await liaison.get(base)
                #expect(page.body.string.contains("待申请人缴纳信息处理费") && page.body.string.contains("150 元"))
                let feeLetter = try DOCX.text(of: Data(try await liaison.get(base + "/letters/fee").body.readableBytesView))
                for text in ["收费通知书", "第四十二条", "国办函〔2020〕109号", "150元", "20个工作日", "视为放弃申请"] {
                    #expect(feeLetter.contains(text), "\(text)")
                }
                page = try await liaison.post(base + "/reply", form: ["date": "2026-11-26", "replyType": "disclosed"])
                #expect(page.status == .unprocessableEntity)
                #expect(page.body.string.contains("缴费期限内"))
                #expect(try await liaison.post(base + "/fee-paid", form: ["date": "2026-11-26"]).status == .seeOther)
                #expect(
                    try await GOIService.find(r.id, on: app.db).dueOn == "2026-12-31",
                    "the day of delivery and payment is the receipt day: nothing moves")
                #expect(
                    try await head.post(base + "/delay", form: ["answerBy": "2027-01-29", "date": "2026-11-26", "reason": "申请人为课题研究需要,申请事项多"])
                        .status == .seeOther)
                #expect(try await GOIService.find(r.id, on: app.db).dueOn == "2027-01-29")
                let delayLetter = try DOCX.text(of: Data(try await liaison.get(base + "/letters/delay").body.readableBytesView))
                #expect(delayLetter.contains("延迟答复告知书") && delayLetter.contains("第三十五条") && delayLetter.contains("2027年1月29日"))

                // The reply: a partial disclosure with its ground, by the letter.
                page = try await liaison.post(base + "/reply", form: ["date": "2026-11-26", "replyType": "partial", "note": ""])
                #expect(page.status == .unprocessableEntity)
                #expect(page.body.string.contains("部分公开须说明不予公开部分的理由"))
                #expect(
                    try await liaison.post(
                        base + "/reply",
                        form: [
                            "date": "2026-11-26", "replyType": "partial", "note": "提供检查记录,隐去当事人信息",
                        ],
                        arrays: ["grounds": ["third_party"]]
                    ).status == .seeOther)
                fresh = try await GOIService.find(r.id, on: app.db)
                #expect(fresh.closedOn == "2026-11-26" && fresh.replyType == .partial && fresh.feeAmount == 150)
                let reply = try DOCX.text(of: Data(try await liaison.get(base + "/letters/reply").body.readableBytesView))
                for text in ["答复告知书", "第三十七条", "第十五条", "150元", "行政复议", "测试申请人甲", fresh.number] {
                    #expect(reply.contains(text), "\(text)")
                }
                #expect(try await liaison.post(base + "/reply", form: ["date": "2026-11-26", "replyType": "disclosed"]).status == .conflict)

                // Every step audited, never with the applicant's personal data.
                let events = try await AuditEvent.query(on: app.db).filter(\.$entityType == "goi_request").filter(\.$entityID == fresh.number).all()
                #expect(
                    Set(events.map(\.action)).isSuperset(of: [
                        "create", "confirm", "co_units", "clarify", "clarified", "consult", "consult_received", "consult_replied", "extend",
                        "delay", "fee_notice", "fee_paid", "reply",
                    ]))
                for e in events {
                    #expect(!(e.after ?? "").contains("测试申请人甲") && !(e.after ?? "").contains("13800000000"))
                }
                // Counted in this year's table 3 as partial disclosure, nothing else.
                let (table, fees) = try await GOIReportService.table3(year: 2026, scope: .unit(fresh.$unit.id), on: app.db)
                #expect(table.isBalanced)
                #expect(fees >= 150)
            }
        }

        /// The register's state filters run in SQL (counted and paged by the database); over requests at
        /// every clock state each one selects exactly the requests whose computed clock is in that state.
        @Test func everyStateFilterInSQLMatchesTheComputedClock() async throws {
            try await withTestDistrict { app, _, _ in
                try await GOIDemo.seed(app, history: false)
                let engine = try await CalendarService.engine(on: app.db)
                let rule = try GOIService.rule(app.deadlineRules)
                let today = app.clock.today
                let all = try await GOIRequest.query(on: app.db).all()
                try await all.loadChildren(\.$consultations, on: app.db)
                let states = try Dictionary(
                    uniqueKeysWithValues: all.map { r in
                        (r.number, try GOIService.clock(r, today: today, engine: engine, rule: rule).state.code)
                    })
                for (state, _) in GOIController.stateFilters where !["", "open", "closed", "extended"].contains(state) {
                    var filter = GOIController.Filter()
                    filter.state = state
                    let query = try await GOIController.filtered(
                        on: app.db, scope: .all, filter: filter, today: today, calendar: engine.calendar, dueSoonWorkdays: app.fazhi.dueSoonWorkdays)
                    let picked = Set(try await query.all(\.$number))
                    let expected = Set(states.filter { $0.value == state }.keys)
                    #expect(picked == expected, "\(state): SQL \(picked.count), clock \(expected.count)")
                }
                #expect(Set(states.values).isSuperset(of: ["awaiting_payment", "consulting", "overdue", "due_soon", "closed_late"]))
            }
        }

        /// 第三十四条: an organ that made the information jointly and did not answer in its 15 working days is
        /// deemed to agree; the request says so. The demo holds one (区财政局, received 23 working days ago).
        @Test func aSilentCoMakingOrganIsDeemedToAgreeAndTheRequestSaysSo() async throws {
            try await withTestDistrict { app, _, _ in
                try await GOIDemo.seed(app, history: false)
                let record = try #require(try await GOIConsultationRecord.query(on: app.db).filter(\.$party == "区财政局").first())
                var office = try await Browser.signedIn(app, as: "office")
                let page = try await office.get("/goi/\(record.$request.id)").body.string
                #expect(page.contains("被征求意见机关逾期未提出意见,视为同意公开(第三十四条)"))
                #expect(page.contains(record.receivedOn?.description ?? "missing"))
                // The register's filter for requests waiting for a fee finds the demo's one.
                let list = try await office.get("/goi?state=awaiting_payment").body.string
                #expect(list.contains("待申请人缴纳信息处理费"))
            }
        }

        /// Two staff answering the same request from pages read at the same version: one answer, the
        /// second refused with a reload message (the version claimed inside the write).
        @Test func aSecondWriterOnTheSameVersionIsRefused() async throws {
            try await withTestDistrict { app, _, _ in
                try await GOIDemo.seed(app, history: false)
                let open = try #require(
                    try await GOIRequest.query(on: app.db).filter(\.$closedOn == nil).filter(\.$receivedOn != nil)
                        .filter(\.$clarifySentOn == nil).filter(\.$feeNoticeOn == nil).first())
                let first = try await GOIService.find(open.id, on: app.db)
                let second = try await GOIService.find(open.id, on: app.db)
                let c = GOIService.Context(
                    actor: .system("test"), engine: try await CalendarService.engine(on: app.db), rule: try GOIService.rule(app.deadlineRules),
                    today: app.clock.today, now: app.clock.now())
                let reply = GOIReplyInput(repliedOn: app.clock.today.description, replyType: "disclosed", grounds: [], note: "")
                try await GOIService.reply(first, reply, c, on: app.db)
                await #expect(throws: AppError.self) { try await GOIService.reply(second, reply, c, on: app.db) }
                let events = try await AuditEvent.query(on: app.db).filter(\.$entityID == open.number).filter(\.$action == "reply").count()
                #expect(events == 1)
            }
        }

        @Test func theOfficeRegistersAPostalRequestAndALateExtensionIsRefused() async throws {
            try await withTestDistrict { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                var form = Self.application
                form["channel"] = "post"; form["receivedOn"] = "2026-10-26"
                let page = try await office.post("/goi", form: form)
                #expect(page.status == .ok)
                #expect(page.body.string.contains("查询码"))
                let r = try #require(try await GOIRequest.query(on: app.db).filter(\.$applicantName == "测试申请人甲").first())
                #expect(r.dueOn == "2026-11-23")
                #expect(r.channel == .post && r.receivedOn == "2026-10-26")
                let base = "/goi/\(r.id!.uuidString)"
                #expect(try await office.get(base).body.string.contains("已逾期"))
                // Past the first due date an extension can no longer be approved.
                let refused = try await office.post(base + "/extend", form: ["days": "20", "approver": "主任", "date": "2026-11-24", "reason": "x"])
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.body.string.contains("届满前"))
                // Clarification after 7 working days is refused (第三十条).
                let late = try await office.post(base + "/clarify", form: ["items": "x", "date": "2026-11-26", "dueOn": "2026-12-10"])
                #expect(late.status == .unprocessableEntity)
                #expect(late.body.string.contains("7 个工作日"))
                // The overdue request counts in the indicators and in the list filter.
                let list = try await office.get("/goi?state=overdue").body.string
                #expect(list.contains(r.number))
                let api = try await office.get("/api/v1/goi/indicators?year=2026")
                let dto = try api.content.decode(GOIIndicatorsDTO.self)
                let csglj = try #require(dto.units.first { $0.unit == "csglj" })
                #expect(csglj.overdue >= 1)
                #expect(dto.district?.received == dto.units.map(\.received).reduce(0, +))
                // The answer date is on the escalation ladder: the overdue board, the home pages, not for assessors.
                let overdue = try await office.get("/api/v1/overdue").content.decode([OverdueService.Item].self)
                let item = try #require(overdue.first { $0.key == "goi:\(r.id!.uuidString)" })
                #expect(item.kind == "goi_request" && item.title == "依申请公开 \(r.number) 答复" && item.workdaysOverdue == 3)
                #expect(try await office.get("/").body.string.contains("已超过法定答复期限"))
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                #expect(try await liaison.get("/").body.string.contains("本单位有"))
                var assessor = try await Browser.signedIn(app, as: "assessor")
                let seen = try await assessor.get("/api/v1/overdue").content.decode([OverdueService.Item].self)
                #expect(!seen.contains { $0.kind == "goi_request" }, "assessors do not read the register")
                // Future receipt dates are refused, nothing saved.
                form["receivedOn"] = "2026-12-01"
                let before = try await count(GOIRequest.self, app)
                #expect(try await office.post("/goi", form: form).status == .unprocessableEntity)
                #expect(try await count(GOIRequest.self, app) == before)
            }
        }

        /// The report's figures are cached until the register changes; a trigger marks every change,
        /// so even a request written in plain SQL (an import, a repair) is in the next report.
        @Test func theReportsCachedFiguresFollowEveryWriteEvenInPlainSQL() async throws {
            try await withTestDistrict(.informationRequests) { app, _, _ in
                let today = app.clock.today, year = today.year
                let (before, _) = try await GOIReportService.table3(year: year, scope: .all, on: app.db)
                let indicatorsBefore = try await GOIReportService.indicators(year: year, today: today, scope: .all, on: app.db)
                #expect(before.value(.carriedOut, 6) > 0, "open requests carry over")
                let sql = try app.db.sql()
                try await sql.raw("UPDATE goi_requests SET closed_on = \(bind: today.description), reply_type = 'disclosed' WHERE closed_on IS NULL")
                    .run()
                let (after, _) = try await GOIReportService.table3(year: year, scope: .all, on: app.db)
                #expect(after.value(.carriedOut, 6) == 0 && after.value(.disclosed, 6) > before.value(.disclosed, 6))
                #expect(after == (try await GOIReportService.computeTable3(year: year, scope: .all, on: app.db)).0)
                let indicatorsAfter = try await GOIReportService.indicators(year: year, today: today, scope: .all, on: app.db)
                #expect(indicatorsAfter == (try await GOIReportService.computeIndicators(year: year, today: today, scope: .all, on: app.db)))
                #expect(indicatorsAfter != indicatorsBefore && indicatorsAfter.values.allSatisfy { $0.open == 0 })
                // Undone and redone, the migration keeps the revision's trigger.
                try await AddGOIRevision().revert(on: app.db)
                try await AddGOIRevision().prepare(on: app.db)
                try await sql.raw("UPDATE goi_requests SET closed_on = NULL, reply_type = NULL").run()
                #expect((try await GOIReportService.table3(year: year, scope: .all, on: app.db)).0.value(.disclosed, 6) == 0)
            }
        }

        @Test func theAnnualReportBalancesMatchesTheRegisterAndExports() async throws {
            try await withFazhiApp(registers: true) { app, _ in
                // The SQL aggregation agrees with the core's count over the same records.
                let all = try await GOIRequest.query(on: app.db).all()
                let records = all.compactMap { r in
                    r.receivedOn.map {
                        GOIReportRecord(
                            applicant: r.applicantType, receivedOn: $0, closedOn: r.closedOn,
                            row: r.replyType?.row(ground: r.ground))
                    }
                }
                for year in [2025, 2026] {
                    let (sqlTable, _) = try await GOIReportService.table3(year: year, scope: .all, on: app.db)
                    #expect(sqlTable == GOITable3.build(year: year, records: records), "\(year)")
                    #expect(sqlTable.isBalanced)
                }
                let (t2025, _) = try await GOIReportService.table3(year: 2025, scope: .all, on: app.db)
                #expect(t2025.value(.newThisYear, 6) >= 200, "a year of several hundred demo requests")
                #expect(t2025.value(.carriedOut, 6) > 0, "December's requests carry over")
                for row in [GOITable3Row.disclosed, .partial, .unableNotHeld, .refusedRepeat, .otherNoClarification] {
                    #expect(t2025.value(row, 6) > 0, "\(row)")
                }

                var office = try await Browser.signedIn(app, as: "office")
                var page = try await office.get("/goi/report?year=2025")
                #expect(page.status == .ok)
                #expect(page.body.string.contains("各列均平衡"))
                #expect(page.body.string.contains("一、本年新收政府信息公开申请数量"))
                // Manual counts: a bad value refuses the whole form.
                let before = try await GOIReportService.entries(year: 2025, unit: nil, district: try await Self.districtID(app), on: app.db)
                page = try await office.post("/goi/report/entries?year=2025&unit=csglj", form: ["t2.rules.issued": "-1", "t4.0.0": "2"])
                #expect(page.status == .unprocessableEntity)
                #expect(page.body.string.contains("应为不小于 0 的整数"))
                #expect(try await GOIReportService.entries(year: 2025, unit: nil, district: try await Self.districtID(app), on: app.db) == before)
                #expect(
                    try await office.post("/goi/report/entries?year=2025&unit=csglj", form: ["t2.rules.issued": "3", "t4.0.0": "2", "t4.0.1": "1"])
                        .status == .seeOther)
                let district = try await GOIReportService.entries(year: 2025, unit: nil, district: try await Self.districtID(app), on: app.db)
                #expect(Int(district["t2.rules.issued"] ?? "") == (Int(before["t2.rules.issued"] ?? "0") ?? 0) + 3, "the district sums its units")
                // Unwritten narrative sections are named on the page and marked 待填写 in the Word export.
                let unitPage = try await office.get("/goi/report?year=2025&unit=csglj").body.string
                #expect(unitPage.contains("文字部分尚未填写") && unitPage.contains("五、存在的主要问题及改进情况"))
                let unitDocx = try DOCX.text(of: Data(try await office.get("/goi/report/download/docx?year=2025&unit=csglj").body.readableBytesView))
                #expect(unitDocx.contains("待填写"))
                // A unit reads and fills only its own report.
                var liaison = try await Browser.signedIn(app, as: "tdzbzx-liaison")
                #expect(try await liaison.get("/goi/report?year=2025&unit=csglj").status == .forbidden)
                #expect(try await liaison.post("/goi/report/entries?year=2025&unit=csglj", form: ["t2.rules.issued": "9"]).status == .forbidden)
                #expect(try await liaison.get("/goi/report?year=2025").body.string.contains("土地整备中心"))

                // Exports in the template's layout.
                let docx = try await office.get("/goi/report/download/docx?year=2025")
                let text = try DOCX.text(of: Data(docx.body.readableBytesView))
                for label in [
                    "某区人民政府2025年政府信息公开工作年度报告", "二、主动公开政府信息情况", GOITable3.cornerNote, "（七）总计",
                    "四、结转下年度继续办理", "结果维持", "五、存在的主要问题及改进情况", "本年收费金额（单位：万元）",
                ] {
                    #expect(text.contains(label), "\(label)")
                }
                // The balancing check is the office's own control, not part of the published report (#20).
                #expect(!text.contains("勾稽关系校验"))
                let xlsx = try await office.get("/goi/report/download/xlsx?year=2025")
                #expect(xlsx.status == .ok)
                let csv = try await office.get("/goi/report/download/csv?year=2025").body.string
                #expect(csv.hasPrefix("\u{FEFF}"), "a byte-order mark, so Excel opens the file as UTF-8")
                #expect(csv.contains("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"))
                #expect(!csv.contains("测试申请人") && !csv.contains("DEMO-"), "no personal data in the published tables")
                let api = try await office.get("/api/v1/goi/report?year=2025")
                let dto = try api.content.decode(GOITable3DTO.self)
                #expect(dto.balanced && dto.rows.count == GOITable3Row.allCases.count)
                // The assessment's work page shows the unit's register figures beside the scores.
                let csglj = try #require(try await OrgNode.query(on: app.db).filter(\.$code == "csglj").first())
                let work = try await office.get("/assessment/2026/work/\(csglj.id!.uuidString)").body.string
                #expect(work.contains("依申请公开:本年新收") && work.contains("按时答复率"))
                // The register export carries no personal data.
                let register = try await office.get("/goi/export.xlsx?year=2025")
                let rows = try XLSX.readFirstSheet(Data(register.body.readableBytesView))
                #expect(rows.count > 200)
                #expect(!rows.joined().joined().contains("DEMO-") && !rows[0].contains("申请人"))
            }
        }

        @Test func importIsAllOrNothingWithEveryBadRowNamed() async throws {
            try await withTestDistrict { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                let header = "申请编号,收到日期,申请渠道,申请人类型,申请人,申请内容,承办单位,延长工作日,办结日期,答复类型,不予公开理由,信息处理费(元)\n"
                let bad =
                    header + "H-2024-1,2024-12-20,邮寄,自然人,张三,\"某文件,含逗号\",城市管理局,,2025-01-10,予以公开,,\n"
                    + "H-2024-2,2025-02-30,网络,自然人,李四,某文件,城市管理局,,,,,\n"
                    + "H-2024-3,2025-03-03,网络,公司,王五,某文件,不存在,,,,,\n"
                let before = try await count(GOIRequest.self, app)
                var page = try await office.upload("/goi/import", fields: [:], file: ("file", "history.csv", Data(bad.utf8)))
                #expect(page.status == .unprocessableEntity)
                #expect(page.body.string.contains("第 3 行") && page.body.string.contains("第 4 行") && !page.body.string.contains("第 2 行"))
                #expect(try await count(GOIRequest.self, app) == before)
                page = try await office.upload("/goi/import", fields: [:], file: ("file", "history.txt", Data("x".utf8)))
                #expect(page.status == .unprocessableEntity)

                let good =
                    header + "H-2024-1,2024-12-20,邮寄,自然人,张三,\"某文件,含逗号\",城市管理局,,2025-01-10,予以公开,,\n"
                    + "H-2024-2,2024-12-23,网络,商业企业,某公司,某规划文件,csglj,,,,,\n"
                page = try await office.upload("/goi/import", fields: [:], file: ("file", "history.csv", Data(good.utf8)))
                #expect(page.status == .ok)
                #expect(page.body.string.contains("已导入 2 件申请"))
                #expect(try await count(GOIRequest.self, app) == before + 2)
                let (t2025, _) = try await GOIReportService.table3(year: 2025, scope: .all, on: app.db)
                #expect(t2025.value(.carriedIn, 6) == 2, "requests of 2024 still open on 1 January are carried in")
                #expect(t2025.isBalanced)
                // The same numbers again: refused, nothing written.
                page = try await office.upload("/goi/import", fields: [:], file: ("file", "history.csv", Data(good.utf8)))
                #expect(page.status == .unprocessableEntity)
                #expect(page.body.string.contains("已在登记簿中"))
                #expect(try await count(GOIRequest.self, app) == before + 2)
                // Only the office imports.
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                #expect(try await liaison.upload("/goi/import", fields: [:], file: ("file", "history.csv", Data(good.utf8))).status == .forbidden)
            }
        }

        @Test func theCommandPrintsTableThreeWithTheTemplatesLabels() throws {
            let data = try CLITests.tempDir()
            defer { try? FileManager.default.removeItem(at: data) }
            let run = try CLITests.run(["report", "goi", "--year", "2025", "--format", "csv"], dataDir: data)
            #expect(run.status == 0, "\(run.stderr)")
            let rows = try CSV.parse(run.stdout)
            #expect(rows.first == ["项目", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"])
            #expect(rows.map { $0[0] } == ["项目"] + GOITable3Row.allCases.map(\.fullLabel))
            #expect(run.stderr.contains("勾稽关系") && run.stderr.contains("✓"))
            let unknown = try CLITests.run(["report", "goi", "--year", "2025", "--unit", "nope"], dataDir: data)
            #expect(unknown.status != 0)
            #expect(unknown.stderr.contains("单位“nope”不存在"))
        }
    }
}
