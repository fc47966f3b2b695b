import FazhiCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// 自评、审核、补充、申诉、冻结 through real HTTP, as the users do it.
    @Suite struct ReviewTests {
        static let pdf = AssessmentDemo.demoPDF("test evidence")

        func makeAssessor(_ app: Application, _ username: String, _ name: String, unit: UUID?) async throws -> User {
            let input = UserService.Input(
                username: username, displayName: name, role: "assessor", unitID: unit?.uuidString ?? "",
                district: try await Districts.node(nil, on: app.db).requireID(), password: DemoSeed.password, isActive: true)
            return try await UserService.create(input, actor: .system("test"), cost: app.fazhi.bcryptCost, on: app.db, now: fixedNow)
        }

        func district(adjust: (inout FazhiConfig) -> Void = { _ in }, _ body: (Application, TestClock) async throws -> Void) async throws {
            try await withTestDistrict(units: try TestDistrict.assessed(), .assessment, adjust: adjust) { app, clock, _ in try await body(app, clock)
            }
        }

        func unit(_ app: Application, _ code: String) async throws -> OrgNode {
            try #require(try await OrgNode.query(on: app.db).filter(\.$code == code).first())
        }

        func work(_ app: Application, _ code: String, year: Int = 2026) async throws -> ReviewService.Work {
            try await ReviewService.load(try await AssessmentService.find(year: year, on: app.db), unit: try await unit(app, code), on: app.db)
        }

        /// Scores every leaf still without a final score at full marks (the other units' assessors' work).
        func scoreEveryOtherUnit(_ app: Application, except: String) async throws {
            for unit in try await OrgNode.query(on: app.db).filter(\.$kind == .unit).all() where unit.code != except {
                let w = try await work(app, unit.code)
                for leaf in w.tree.leaves where w.scores[leaf.code] == nil && leaf.metric == nil {
                    try await ReviewService.setFinal(w, code: leaf.code, points: leaf.points, reason: "", by: "assessor", on: app.db)
                }
            }
        }

        @Test func theWholeLoopFromSelfAssessmentToAFrozenRanking() async throws {
            try await district { app, clock in
                let bsc = try await unit(app, "bsc-a")
                let base = "/assessment/2026/work/\(bsc.id!.uuidString)"
                var liaison = try await Browser.signedIn(app, as: "bsc-a-liaison")

                // Missing evidence blocks submission with a list of what is missing.
                var response = try await liaison.post(base + "/submit")
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("11-1-1 普法责任清单制定公布"))
                #expect(response.body.string.contains("缺少必备材料"))
                #expect(try await work(app, "bsc-a").status == .draft)

                // A renamed executable is refused by its content and leaves no record.
                let files = try await count(EvidenceFile.self, app)
                response = try await liaison.upload(
                    base + "/leaves/11-1-1/evidence", fields: ["item": "普法责任清单"],
                    file: (name: "file", filename: "活动记录.pdf", data: Data([0x7F, 0x45, 0x4C, 0x46, 1, 2, 3])))
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("不是可接受的文件类型"))
                #expect(try await count(EvidenceFile.self, app) == files)

                // A real PDF is stored under its SHA-256.
                response = try await liaison.upload(
                    base + "/leaves/11-1-1/evidence", fields: ["item": "普法责任清单"],
                    file: (name: "file", filename: "活动记录.pdf", data: Self.pdf))
                #expect(response.status == .seeOther)
                let hash = Tokens.sha256Hex(Self.pdf)
                #expect(FileManager.default.contents(atPath: app.fileStore.path(for: hash)) == Self.pdf)
                #expect(try await liaison.get(base + "/leaves/11-1-1").body.string.contains(hash))

                // Self-score the last leaf (a bad value first: nothing saved, the typed values stay).
                response = try await liaison.post(base + "/entries", form: ["score[11-1-1]": "2.3", "narrative[11-1-1]": "开展以案释法 6 场"])
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("开展以案释法 6 场"))
                response = try await liaison.post(base + "/entries", form: ["score[11-1-1]": "2.5", "narrative[11-1-1]": "开展以案释法 6 场"])
                #expect(response.status == .seeOther)

                // Assessors do not see a draft.
                var assessor = try await Browser.signedIn(app, as: "assessor")
                #expect(try await assessor.get(base).status == .forbidden)

                response = try await liaison.post(base + "/submit")
                #expect(response.status == .seeOther)
                var w = try await work(app, "bsc-a")
                #expect(w.status == .submitted)
                // Self-assessment closed 2026-11-20; 11-23 … 11-26 are four working days late: 4 × 0.5, capped at 2.
                #expect(w.submission?.lateWorkdays == 4)
                let late = try await AssessmentExtra.query(on: app.db).filter(\.$unit.$id == bsc.id!).filter(\.$kind == "late").all()
                #expect(late.map(\.value) == [4])
                let manifest = try JSONDecoder().decode([String: [String]].self, from: Data(try #require(w.submission?.manifest).utf8))
                #expect(manifest["11-1-1"] == [hash])

                // Another unit's liaison sees nothing of it.
                var other = try await Browser.signedIn(app, as: "csglj-liaison")
                #expect(try await other.get(base).status == .forbidden)
                #expect(try await other.get(base + "/leaves/11-1-1").status == .forbidden)

                var head = try await Browser.signedIn(app, as: "bsc-a-head")
                #expect(try await head.post(base + "/approve").status == .seeOther)
                #expect(try await work(app, "bsc-a").approved)
                // Approved: the liaison can no longer change it.
                response = try await liaison.post(base + "/entries", form: ["score[1-1-1]": "1"])
                #expect(response.status == .conflict)

                // The assessor scores: below the maximum needs a reason.
                response = try await assessor.post(base + "/marks", form: ["mark[1-1-1]": "5"])
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("必须写明扣分理由"))
                // The re-rendered page is the stored page plus the assessor's typed mark: the unit's
                // self-scores and notes stay in their column, the 5 stays in the mark column.
                let refusedPage = try await assessor.post(base + "/marks", form: ["mark[1-1-1]": "5", "mark[11-1-1]": "1"]).body.string
                #expect(refusedPage.contains("开展以案释法 6 场"), "the unit's note on 11-1-1 is not blanked")
                #expect(refusedPage.contains(#"name="mark[11-1-1]" value="1""#), "the typed mark stays")
                #expect(refusedPage.contains("2.5"), "the unit's self-score of 11-1-1 stays")
                response = try await assessor.post(base + "/marks", form: ["mark[1-1-1]": "6.5"])
                #expect(response.status == .unprocessableEntity)
                // Return one leaf for supplement; it cannot be scored until answered.
                // The assessor's home page lists the unit among those waiting for marks.
                #expect(try await assessor.get("/").body.string.contains("A办事处 的自评已审批,还有"))
                response = try await assessor.post(base + "/leaves/2-1-1/return", form: ["reason": "缺少权责清单调整的正式文件", "due": "2026-12-01"])
                #expect(response.status == .seeOther)
                // The unit hears of it in its inbox, not only on its home page.
                let liaisonUser = try #require(try await User.query(on: app.db).filter(\.$username == "bsc-a-liaison").first())
                let inbox = try await InboxItem.query(on: app.db).filter(\.$user.$id == liaisonUser.requireID()).filter(\.$kind == "assessment").all()
                #expect(inbox.contains { $0.title.contains("2-1-1") && $0.body.contains("缺少权责清单调整的正式文件") })
                w = try await work(app, "bsc-a")
                var marks: [String: String] = [:], reasons: [String: String] = [:]
                for leaf in w.tree.leaves where leaf.metric == nil { marks[leaf.code] = leaf.points.description }
                marks["1-1-1"] = "5"
                reasons["1-1-1"] = "议事规则未覆盖全部社区"
                let form = marks.reduce(into: [String: String]()) { $0["mark[\($1.key)]"] = $1.value }
                    .merging(reasons.reduce(into: [String: String]()) { $0["reason[\($1.key)]"] = $1.value }, uniquingKeysWith: { a, _ in a })
                response = try await assessor.post(base + "/marks", form: form)
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("2-1-1 已退回补充"))
                response = try await assessor.post(base + "/marks", form: form.filter { !$0.key.contains("2-1-1") })
                #expect(response.status == .seeOther)

                // The liaison supplements: a file, then the answer.
                var page = try await liaison.get(base + "/leaves/2-1-1").body.string
                #expect(page.contains("缺少权责清单调整的正式文件"))
                let supplement = AssessmentDemo.demoPDF("supplement")
                response = try await liaison.upload(
                    base + "/leaves/2-1-1/evidence", fields: ["item": "其他材料"],
                    file: (name: "file", filename: "调整文件.pdf", data: supplement))
                #expect(response.status == .seeOther)
                response = try await liaison.post(base + "/leaves/2-1-1/supplement", form: ["answer": "已补充区政府关于权责清单调整的批复"])
                #expect(response.status == .seeOther)
                response = try await assessor.post(base + "/marks", form: ["mark[2-1-1]": "3"])
                #expect(response.status == .seeOther)
                #expect(
                    try await work(app, "bsc-a").scores.count == w.tree.leaves.filter { $0.metric == nil }.count, "the system scores the bound leaves"
                )

                // Before release a unit sees no result; the office releases once every unit is scored.
                #expect(try await liaison.get("/assessment/2026/units/\(bsc.id!.uuidString)").status == .forbidden)
                var office = try await Browser.signedIn(app, as: "office")
                response = try await office.post("/assessment/2026/release")
                #expect(response.status == .conflict, "other units are not scored yet: \(response.body.string.suffix(600))")
                try await scoreEveryOtherUnit(app, except: "bsc-a")
                response = try await office.post("/assessment/2026/release")
                #expect(response.status == .seeOther)
                let cycle = try await AssessmentService.find(year: 2026, on: app.db)
                // Released on Thursday 11-26: five working days are 11-27, 11-30, 12-01, 12-02, 12-03.
                #expect(cycle.objectionsFrom == "2026-11-26")
                #expect(cycle.objectionsUntil == "2026-12-03")
                #expect(try await liaison.get("/assessment/2026/units/\(bsc.id!.uuidString)").status == .ok)
                #expect(!(try await liaison.get("/assessment/2026").body.string.contains("B办事处")), "not another unit's preliminary result")

                // An objection on the leaf that lost a point; the office adjusts it.
                response = try await liaison.post(base + "/leaves/1-1-1/objection", form: ["reason": "议事规则已覆盖全部 12 个社区,见补充材料"])
                #expect(response.status == .seeOther)
                #expect(try await office.post("/assessment/2026/freeze").status == .conflict)
                w = try await work(app, "bsc-a")
                let objection = try #require(w.objections.first)
                response = try await office.post(
                    base + "/objections/\(objection.id!.uuidString)/decide", form: ["outcome": "adjust", "score": "6", "decision": ""])
                #expect(response.status == .unprocessableEntity, "a decision needs its reason")
                response = try await office.post(
                    base + "/objections/\(objection.id!.uuidString)/decide",
                    form: ["outcome": "adjust", "score": "6", "decision": "经核实议事规则已全覆盖"])
                #expect(response.status == .seeOther)
                #expect(try await work(app, "bsc-a").scores["1-1-1"]?.pointsHalves == 12)

                // Other units have neither confirmed nor objected: freezing waits for the window's end.
                response = try await office.post("/assessment/2026/freeze")
                #expect(response.status == .conflict)
                #expect(response.body.string.contains("既未确认也未申诉"))
                clock.advance(days: 8)  // 2026-12-04: the window has closed (and the sessions have expired).
                liaison = try await Browser.signedIn(app, as: "bsc-a-liaison")
                office = try await Browser.signedIn(app, as: "office")
                #expect(try await liaison.post(base + "/leaves/1-1-2/objection", form: ["reason": "迟到的申诉"]).status == .conflict)
                response = try await office.post("/assessment/2026/freeze")
                #expect(response.status == .seeOther)
                let frozen = try await AssessmentService.find(year: 2026, on: app.db)
                #expect(frozen.status == .frozen)
                #expect(try await liaison.get("/").body.string.contains("2026 年考评已冻结,结果不可再修改"), "the unit's status follows the cycle")
                let snapshot = try await AssessmentService.snapshot(frozen, today: LocalDate.today(at: app.clock.now()), on: app.db)
                let row = try #require(snapshot.categories.flatMap(\.rows).first { $0.unitID == bsc.id })
                #expect(row.evidence?["11-1-1"]?.contains(hash) == true, "the snapshot holds the evidence hashes")
                #expect(row.nodeScores["1-1-1"] == "6")
                #expect(row.adjustments.contains { $0.type == "late" && $0.points == Points(2) })

                // Frozen: nothing changes, and the attempt is audited.
                response = try await liaison.upload(
                    base + "/leaves/1-1-1/evidence", fields: ["item": "其他材料"],
                    file: (name: "file", filename: "late.pdf", data: AssessmentDemo.demoPDF("late")))
                #expect(response.status == .conflict)
                #expect(
                    try await office.post(
                        "/assessment/2026/ledger",
                        form: [
                            "unit": bsc.id!.uuidString, "kind": "honour", "points": "1",
                            "reason": "补录", "proof": "文件",
                        ]
                    ).status == .conflict)
                #expect(try await office.post("/assessment/2026/release").status == .conflict)
                let refused = try await AuditEvent.query(on: app.db).filter(\.$action == "refused_frozen").count()
                #expect(refused == 3, "every refused change to the frozen cycle is audited")
                page = try await office.get("/assessment/2026/units/\(bsc.id!.uuidString)").body.string
                #expect(page.contains(hash), "the score card shows the evidence hash behind the leaf")
                page = try await office.get("/assessment/2026").body.string
                #expect(page.contains("A办事处"))
                #expect(page.contains(frozen.snapshotHash!))
            }
        }

        @Test func oversizedUploadsAreRefusedAndLeaveNoRecord() async throws {
            try await district(adjust: { $0.maxUploadMB = 1 }) { app, _ in
                let bsc = try await unit(app, "bsc-a")
                var liaison = try await Browser.signedIn(app, as: "bsc-a-liaison")
                let before = try await count(EvidenceFile.self, app)
                var big = Self.pdf
                big.append(Data(repeating: 0x20, count: 1_200_000))
                let response = try await liaison.upload(
                    "/assessment/2026/work/\(bsc.id!.uuidString)/leaves/11-1-1/evidence",
                    fields: ["item": "普法责任清单"], file: (name: "file", filename: "big.pdf", data: big))
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("超过 1 MB 的上限"))
                #expect(try await count(EvidenceFile.self, app) == before)
            }
        }

        @Test func blindSecondMarkingSendsLargeDifferencesToReconciliation() async throws {
            try await district { app, _ in
                let second = try await makeAssessor(app, "assessor2", "第二考评员", unit: nil as UUID?)
                let b = try await unit(app, "bsc-b")
                let first = try #require(try await User.query(on: app.db).filter(\.$username == "assessor").first())
                var office = try await Browser.signedIn(app, as: "office")
                // Recusal: an assessor from the unit itself is refused.
                let insider = try await makeAssessor(app, "insider", "本单位考评员", unit: b.id)
                var response = try await office.post("/assessment/2026/assignments", form: ["first[\(b.id!.uuidString)]": insider.id!.uuidString])
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("应当回避"))
                #expect(try await count(AssessorAssignment.self, app) == 8, "nothing changed")

                var form: [String: String] = [:]
                for unit in try await OrgNode.query(on: app.db).filter(\.$kind == .unit).all() {
                    form["first[\(unit.id!.uuidString)]"] = first.id!.uuidString
                }
                form["second[\(b.id!.uuidString)]"] = second.id!.uuidString
                #expect(try await office.post("/assessment/2026/assignments", form: form).status == .seeOther)
                let cycle = try await AssessmentService.find(year: 2026, on: app.db)
                cycle.blindMarking = true
                try await cycle.update(on: app.db)

                let base = "/assessment/2026/work/\(b.id!.uuidString)"
                var one = try await Browser.signedIn(app, as: "assessor")
                var two = try await Browser.signedIn(app, as: "assessor2")
                #expect(try await one.post(base + "/marks", form: ["mark[1-1-1]": "6", "mark[1-1-2]": "4.5"]).status == .seeOther)
                // The second marker does not see the first one's marks (blind).
                let page = try await two.get(base + "/leaves/1-1-1").body.string
                #expect(!page.contains("考评员 1"))
                #expect(
                    try await two.post(
                        base + "/marks",
                        form: [
                            "mark[1-1-1]": "5.5", "reason[1-1-1]": "个别社区未覆盖",
                            "mark[1-1-2]": "2", "reason[1-1-2]": "培训记录缺失",
                        ]
                    ).status == .seeOther)
                var w = try await work(app, "bsc-b")
                #expect(w.scores["1-1-1"]?.pointsHalves == 11, "within 1 point: the lower mark stands")
                #expect(w.scores["1-1-2"] == nil, "2.5 points apart: reconciliation")
                #expect(ReviewService.reconciliationNeeded(w) == ["1-1-2"])
                #expect(try await office.get("/assessment/2026/dashboard").body.string.contains("待复核"))
                response = try await office.post(base + "/leaves/1-1-2/reconcile", form: ["score": "3.5", "reason": "复核:培训记录部分缺失"])
                #expect(response.status == .seeOther)
                w = try await work(app, "bsc-b")
                #expect(w.scores["1-1-2"]?.pointsHalves == 7)
                #expect(ReviewService.reconciliationNeeded(w).isEmpty)
            }
        }

        @Test func setupLedgerAndSurveyRefuseBadInputWithoutChangingAnything() async throws {
            try await district { app, _ in
                var office = try await Browser.signedIn(app, as: "office")
                let before = try await AssessmentService.find(year: 2026, on: app.db)
                var response = try await office.post(
                    "/assessment/2026/setup",
                    form: [
                        "selfFrom": "2026-11-02", "selfUntil": "2026-10-01", "reviewUntil": "2026-12-11", "objectionWorkdays": "0",
                        "deskWeight": "80", "markThreshold": "1", "latePerWorkday": "0.3", "tieBreakers": "1,99",
                        "bands[department]": "优秀 90\n良好 80\n合格 60\n不合格", "vetoGrade[department]": "不合格",
                        "bands[subdistrict]": "优秀 90\n不合格", "vetoGrade[subdistrict]": "差",
                    ])
                #expect(response.status == .unprocessableEntity)
                let body = response.body.string
                for message in ["自评截止日不能早于开始日", "申诉期应为 1 到 30 个工作日", "逾期扣分应为 0.5 的整数倍", "不是一级指标", "否决等次须是已设置的等次之一"] {
                    #expect(body.contains(message), "\(message)")
                }
                let after = try await AssessmentService.find(year: 2026, on: app.db)
                #expect(after.selfUntil == before.selfUntil && after.gradeScheme == before.gradeScheme)

                response = try await office.post(
                    "/assessment/2026/setup",
                    form: [
                        "selfFrom": "2026-11-02", "selfUntil": "2026-11-27", "reviewUntil": "2026-12-11", "objectionWorkdays": "7",
                        "deskWeight": "70", "markThreshold": "1", "latePerWorkday": "1", "tieBreakers": "1",
                        "bands[department]": "优秀 92\n良好 80\n合格 60\n不合格", "quotaGrade[department]": "优秀", "quotaPercent[department]": "20",
                        "vetoGrade[department]": "不合格", "bands[subdistrict]": "优秀 90\n良好 80\n合格 60\n不合格", "vetoGrade[subdistrict]": "不合格",
                    ])
                #expect(response.status == .seeOther)
                let saved = try await AssessmentService.find(year: 2026, on: app.db)
                #expect(saved.surveyWeight == 30 && saved.objectionWorkdays == 7 && saved.lateHalvesPerDay == 2)
                let grades = try JSONDecoder().decode([String: GradeScheme].self, from: Data(saved.gradeScheme.utf8))
                #expect(grades["department"]?.quota == GradeScheme.Quota(grade: "优秀", maxPercent: 20))
                #expect(grades["department"]?.bands.first?.minimum == Score(92))

                // Ledger: over the type's cap is refused; a veto needs its basis.
                let unit = try await unit(app, "csglj")
                let items = try await count(AssessmentExtra.self, app)
                response = try await office.post(
                    "/assessment/2026/ledger", form: ["unit": unit.id!.uuidString, "kind": "lawsuit", "points": "4", "reason": "败诉"])
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("最多 3 分"))
                response = try await office.post(
                    "/assessment/2026/ledger", form: ["unit": unit.id!.uuidString, "kind": "veto", "reason": "发生重大违法行政事件"])
                #expect(response.status == .unprocessableEntity)
                #expect(try await count(AssessmentExtra.self, app) == items)
                response = try await office.post(
                    "/assessment/2026/ledger",
                    form: [
                        "unit": unit.id!.uuidString, "kind": "lawsuit", "points": "1.5",
                        "reason": "行政诉讼败诉一件", "proof": "(2026)粤0303行初12号",
                    ])
                #expect(response.status == .seeOther)

                // Survey import: every bad row reported, nothing saved; then a good file.
                func surveys() async throws -> [String: Int] {
                    let units = Dictionary(uniqueKeysWithValues: try await OrgNode.query(on: app.db).all().map { ($0.id!, $0.code) })
                    return Dictionary(
                        uniqueKeysWithValues: try await AssessmentExtra.query(on: app.db).filter(\.$kind == "survey")
                            .filter(\.$cycle.$id == saved.id!).all().map { (units[$0.$unit.id]!, $0.value) })
                }
                let demoSurveys = try await surveys()
                let bad = "单位,满意度得分\n城市管理局,91.5\n不存在的局,80\n城市建设局,101\n城市管理局,90\n"
                response = try await office.upload(
                    "/assessment/2026/surveys/import", fields: [:],
                    file: (name: "file", filename: "survey.csv", data: Data(bad.utf8)))
                #expect(response.status == .unprocessableEntity)
                for message in ["第 3 行", "第 4 行", "第 5 行"] { #expect(response.body.string.contains(message)) }
                #expect(try await surveys() == demoSurveys)
                // The one table reader (RFC 4180): a byte-order mark, CRLF line ends, a quoted field and a
                // blank line; the blank line keeps the row numbers true.
                let quoted = "\u{FEFF}单位,满意度得分\r\n\r\n\"城市管理局\",\"91.5\"\r\n不存在的局,80\r\n"
                response = try await office.upload(
                    "/assessment/2026/surveys/import", fields: [:],
                    file: (name: "file", filename: "survey.csv", data: Data(quoted.utf8)))
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("第 4 行:单位“不存在的局”不存在"))
                // One unit by its name and again by its code: refused, not a crash.
                let twice = "单位,满意度得分\n城市管理局,91.5\ncsglj,90\n"
                response = try await office.upload(
                    "/assessment/2026/surveys/import", fields: [:],
                    file: (name: "file", filename: "survey.csv", data: Data(twice.utf8)))
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("是同一个单位,重复"))
                #expect(try await surveys() == demoSurveys)
                let good = "单位,满意度得分\n城市管理局,91.5\nfzczj,88\n"
                response = try await office.upload(
                    "/assessment/2026/surveys/import", fields: [:],
                    file: (name: "file", filename: "survey.csv", data: Data(good.utf8)))
                #expect(response.status == .seeOther)
                let imported = try await surveys()
                #expect(imported["csglj"] == 915_000 && imported["fzczj"] == 880_000)
                #expect(imported["zhbgs"] == demoSurveys["zhbgs"], "units not in the file keep their score")
            }
        }

        @Test func theHomePageTellsAUnitItsNextAssessmentStep() async throws {
            try await district { app, _ in
                var liaison = try await Browser.signedIn(app, as: "bsc-a-liaison")
                let home = try await liaison.get("/").body.string
                #expect(home.contains("自评截止日 2026-11-20 已过"), "a drafting unit past the deadline is warned")
                var head = try await Browser.signedIn(app, as: "tdzbzx-head")
                #expect(try await head.get("/").body.string.contains("等待您审批"))
                var done = try await Browser.signedIn(app, as: "csglj-liaison")
                // Nothing to do: the unit's status only, not as an alarm.
                let approved = try await done.get("/").body.string
                #expect(approved.contains("自评已审批,考评员评审中"))
                #expect(approved.contains(#"<p class="notice" id="assessment-prompt">"#))
            }
        }

        @Test func assessorsSeeOnlyTheUnitsAssignedToThem() async throws {
            try await district { app, _ in
                _ = try await makeAssessor(app, "assessor2", "第二考评员", unit: nil as UUID?)
                var two = try await Browser.signedIn(app, as: "assessor2")
                let unit = try await unit(app, "zhbgs")
                #expect(try await two.get("/assessment/2026/work/\(unit.id!.uuidString)").status == .forbidden)
                #expect(try await two.get("/assessment/2026/units/\(unit.id!.uuidString)").status == .forbidden)
                #expect(try await two.get("/assessment/2026/work").body.string.contains("没有分配给您的单位"))
                var one = try await Browser.signedIn(app, as: "assessor")
                #expect(try await one.get("/assessment/2026/work/\(unit.id!.uuidString)").status == .ok)
                let file = try #require(try await EvidenceFile.query(on: app.db).filter(\.$unit.$id == unit.id!).with(\.$attachment).first())
                #expect(try await two.get("/assessment/2026/evidence/\(file.id!.uuidString)").status == .forbidden)
                let download = try await one.get("/assessment/2026/evidence/\(file.id!.uuidString)")
                #expect(download.status == .ok)
                #expect(download.headers.first(name: "X-Content-SHA256") == (try file.sha256))
            }
        }
    }
}
