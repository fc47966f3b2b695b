import FazhiCore
import FazhiOffice
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    @Suite struct IndicatorTests {
        func treeID(_ app: Application, _ year: Int, _ category: String) async throws -> UUID {
            try #require(try await IndicatorService.find(year: year, category: category, on: app.db)?.id)
        }

        @Test func theDemoTreesAreListedAndEveryoneMayReadThem() async throws {
            try await withTestDistrict(.indicators) { app, _, _ in
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                let list = try await liaison.get("/indicators").body.string
                #expect(list.components(separatedBy: "校验通过").count - 1 == 4)
                #expect(!list.contains("导入指标体系"), "units read, the office edits")
                let id = try await treeID(app, 2026, "department")
                let page = try await liaison.get("/indicators/\(id)").body.string
                #expect(page.contains("推进政府职能转变"))
                #expect(page.contains("依申请公开按时答复率"))
                #expect(page.contains("《政府信息公开条例》第三十三条"))
                #expect(!page.contains("/nodes/new"))
                #expect(try await liaison.get("/indicators/\(id)/nodes/1-1-1/edit").status == .forbidden)
                let api = try await liaison.get("/api/v1/indicators/2026/subdistrict")
                #expect(try api.content.decode(IndicatorTree.self).levelOne.first?.title == "基层治理试点")
            }
        }

        @Test func excelExportedTreesImportBackAndBadFilesChangeNothing() async throws {
            try await withTestDistrict(.indicators) { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                let id = try await treeID(app, 2026, "department")
                let export = try await office.get("/indicators/\(id)/export.xlsx")
                #expect(export.headers.contentType?.subType == "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                let workbook = Data(export.body.readableBytesView)
                try await office.get("/indicators")
                let ok = try await office.upload(
                    "/indicators/import", fields: ["year": "2027", "category": "department", "title": "2027 年部门指标"],
                    file: ("file", "指标.xlsx", workbook))
                #expect(ok.status == .seeOther, "\(ok.body.string.prefix(300))")
                let original = try await IndicatorService.tree(try await IndicatorService.find(id, on: app.db), on: app.db)
                let imported = try await IndicatorService.tree(
                    try #require(try await IndicatorService.find(year: 2027, category: "department", on: app.db)), on: app.db)
                #expect(imported.nodes == original.nodes)
                let trees = try await count(IndicatorTreeRecord.self, app), events = try await count(AuditEvent.self, app)
                try await office.get("/indicators")
                let text = try await office.upload(
                    "/indicators/import", fields: ["year": "2028", "category": "department"],
                    file: ("file", "notes.txt", Data("编码,名称".utf8)))
                #expect(text.status == .unprocessableEntity)
                #expect(text.body.string.contains("只接受 Excel(.xlsx)或 JSON 文件"))
                var rows = TreeRows.rows(of: original)
                rows[4][3] = "2.3"
                let bad = try XLSX.write([XLSX.Sheet(name: "x", textRows: rows)])
                let refused = try await office.upload(
                    "/indicators/import", fields: ["year": "2028", "category": "department"], file: ("file", "bad.xlsx", bad))
                #expect(refused.body.string.contains("第5行“分值”应为 0.5 的整数倍"))
                rows[4][3] = "3"
                let unbalanced = try XLSX.write([XLSX.Sheet(name: "x", textRows: rows)])
                let sums = try await office.upload(
                    "/indicators/import", fields: ["year": "2028", "category": "department"], file: ("file", "sum.xlsx", unbalanced))
                #expect(sums.body.string.contains("其下级指标合计"))
                #expect(try await count(IndicatorTreeRecord.self, app) == trees)
                #expect(try await count(AuditEvent.self, app) == events)
            }
        }

        @Test func copyingShowsWhatChangedSinceLastYear() async throws {
            try await withTestDistrict(.indicators) { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                try await office.get("/indicators")
                let copied = try await office.post("/indicators/copy", form: ["from": "2026", "to": "2027", "category": "subdistrict"])
                #expect(copied.status == .seeOther)
                #expect(try await office.get(copied.location).body.string.contains("两个年度的指标体系完全相同"))
                let again = try await office.post("/indicators/copy", form: ["from": "2026", "to": "2027", "category": "subdistrict"])
                #expect(again.body.string.contains("2027 年已有该类别的指标体系"))
                let id = try await treeID(app, 2026, "department")
                let diff = try await office.get("/indicators/\(id)/diff").body.string
                #expect(diff.contains("2025 → 2026 年的变化"))
                #expect(diff.contains("群众满意度"), "added in 2026")
                #expect(diff.contains("<td class=\"old\">14</td><td class=\"new\">12</td>"), "政务公开 14 → 12")
            }
        }

        @Test func theOfficeEditsNodesAndTheTreeSaysWhatIsUnbalanced() async throws {
            try await withTestDistrict(.indicators) { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                let id = try await treeID(app, 2026, "department")
                try await office.get("/indicators/\(id)/nodes/1-1-1/edit")
                let bad = try await office.post("/indicators/\(id)/nodes/1-1-1", form: ["code": "1-1-x", "title": "", "points": "1.25"])
                #expect(bad.status == .unprocessableEntity)
                #expect(bad.body.string.contains("应为 0.5 的整数倍"))
                let ok = try await office.post(
                    "/indicators/\(id)/nodes/1-1-1",
                    form: [
                        "code": "1-1-1", "title": "权责清单公布和动态调整", "points": "4", "rule": "未公布扣全部分",
                        "evidence": "权责清单*\n公布网页截图", "basis": "纲要", "source": "self_report",
                    ])
                #expect(ok.status == .seeOther)
                let page = try await office.get("/indicators/\(id)").body.string
                #expect(page.contains("处需要调整"))
                #expect(page.contains("指标“1-1”分值为"))
                let deleteParent = try await office.post("/indicators/\(id)/nodes/1-1/delete")
                #expect(deleteParent.status == .conflict)
                #expect(deleteParent.body.string.contains("有下级指标"))
                try await office.get("/indicators/\(id)/nodes/new?parent=10-1")
                let added = try await office.post(
                    "/indicators/\(id)/nodes",
                    form: [
                        "code": "10-1-4", "title": "宪法宣誓", "points": "1",
                        "rule": "未组织扣全部分", "source": "self_report",
                    ])
                #expect(added.status == .seeOther)
                #expect(try await office.post("/indicators/\(id)/nodes/10-1-4/delete").status == .seeOther)
                let events = try await AuditEvent.query(on: app.db).filter(\.$entityType == "indicator").sort(\.$id).all().map(\.action)
                #expect(events == ["update", "create", "delete"])
            }
        }
    }
}
