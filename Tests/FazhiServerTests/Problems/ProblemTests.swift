import FazhiCore
import FazhiOffice
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// 问题池: raised by the office, rectified by the unit, closed only by the office after checking.
    @Suite struct ProblemTests {
        @Test func aProblemGoesFromRaisedToClosedOnlyThroughTheOfficesCheck() async throws {
            try await withTestDistrict(units: try TestDistrict.demoUnits("csjsj", "csglj")) { app, clock, _ in
                var office = try await Browser.signedIn(app, as: "office")
                let problems = try await count(Problem.self, app)
                // Bad input: every problem reported, nothing saved, typed values kept.
                var response = try await office.post(
                    "/problems",
                    form: [
                        "unit": "", "source": "inspection", "title": "执法公示不及时",
                        "description": "", "raisedOn": "2026-11-26",
                    ],
                    arrays: ["measureText": ["更新公示平台", ""], "measureDue": ["2026-11-01", "2026-12-01"]])
                #expect(response.status == .unprocessableEntity)
                for message in ["请选择责任单位", "问题描述不能为空", "第 1 条整改措施的完成时限不能早于发现日期", "第 2 条整改措施的内容不能为空"] {
                    #expect(response.body.string.contains(message), "\(message)")
                }
                #expect(response.body.string.contains("执法公示不及时"))
                #expect(try await count(Problem.self, app) == problems)

                response = try await office.post(
                    "/problems",
                    form: [
                        "unit": "csjsj", "source": "inspection", "title": "执法公示不及时",
                        "description": "行政处罚决定未在 7 个工作日内公示。", "raisedOn": "2026-11-26",
                    ],
                    arrays: ["measureText": ["更新公示平台", "建立公示复核机制"], "measureDue": ["2026-11-30", "2026-12-15"]])
                #expect(response.status == .seeOther)
                let problem = try #require(try await Problem.query(on: app.db).filter(\.$title == "执法公示不及时").with(\.$measures).first())
                #expect(
                    problem.number == ProblemRules.number(year: 2026, sequence: problems + 1), "the year's first")
                let base = "/problems/\(problem.id!.uuidString)"

                // Other units cannot see it; the unit cannot report before every measure is done.
                var other = try await Browser.signedIn(app, as: "csglj-liaison")
                #expect(try await other.get(base).status == .forbidden)
                #expect(!(try await other.get("/problems").body.string.contains("执法公示不及时")))
                var liaison = try await Browser.signedIn(app, as: "csjsj-liaison")
                response = try await liaison.post(base + "/report", form: ["note": "已整改"])
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("还有 2 条整改措施未完成") && response.body.string.contains("请先上传整改佐证材料"))

                // Overdue in working days: due Monday 11-30, today Thursday 12-03 → 3 working days.
                clock.advance(days: 7)
                liaison = try await Browser.signedIn(app, as: "csjsj-liaison")
                office = try await Browser.signedIn(app, as: "office")
                #expect(try await office.get("/problems?overdue=1").body.string.contains("逾期 3 个工作日"))
                let measures = problem.measures.sorted { $0.sort < $1.sort }
                for m in measures {
                    #expect(try await liaison.post(base + "/measures/\(m.id!.uuidString)", form: ["done": "1", "note": "已完成"]).status == .seeOther)
                }
                response = try await liaison.upload(
                    base + "/files", fields: [:], file: (name: "file", filename: "整改.exe", data: Data([0x4D, 0x5A, 0, 0])))
                #expect(response.status == .unprocessableEntity)
                #expect(try await Attachment.query(on: app.db).filter(\.$ownerType == AttachmentOwner.problem.code).count() == 0)
                response = try await liaison.upload(
                    base + "/files", fields: [:], file: (name: "file", filename: "整改报告.pdf", data: AssessmentDemo.demoPDF("fix")))
                #expect(response.status == .seeOther)
                #expect(try await liaison.post(base + "/report", form: ["note": "两项措施均已完成"]).status == .seeOther)
                #expect(try await liaison.post(base + "/close", form: ["note": "自己销号"]).status == .forbidden, "only the office closes")

                // The office sends it back once, then closes it after checking.
                #expect(try await office.post(base + "/reopen", form: ["note": "公示复核机制未见制度文件"]).status == .seeOther)
                #expect(try await ProblemService.find(problem.id, on: app.db).status == .open)
                #expect(try await liaison.post(base + "/report", form: ["note": "已补充制度文件"]).status == .seeOther)
                #expect(try await office.post(base + "/close", form: ["note": ""]).status == .unprocessableEntity, "a check needs its note")
                #expect(try await office.post(base + "/close", form: ["note": "经核查整改到位"]).status == .seeOther)
                let closed = try await ProblemService.find(problem.id, on: app.db)
                #expect(closed.status == .closed && closed.closedBy == "office")
                #expect(try await liaison.post(base + "/measures/\(measures[0].id!.uuidString)", form: [:]).status == .conflict)
                let events = try await AuditEvent.query(on: app.db).filter(\.$entityType == "problem").filter(\.$entityID == problem.number).all()
                #expect(Set(events.map(\.action)).isSuperset(of: ["create", "measure_done", "upload_evidence", "report", "reopen", "close"]))

                // The export lists one row per measure.
                let sheet = try XLSX.readFirstSheet(Data(try await office.get("/problems/export.xlsx?unit=csjsj").body.readableBytesView))
                #expect(sheet.count == 3 && sheet[1][0] == problem.number)
            }
        }
    }
}
