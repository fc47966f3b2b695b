import FazhiCore
import FazhiOffice
import Fluent
import Foundation
import Testing
import VaporTesting
import ZIPFoundation
@testable import FazhiServer

extension ServerTests {
    /// 法治政府建设年度报告: started by the office, written and submitted by units and the office, its
    /// figures those of the metric catalogue (kept when submitted), published, in the scan, as a 公文.
    @Suite struct AnnualReportTests {
        func district(_ body: (Application, TestClock) async throws -> Void) async throws {
            try await withTestDistrict(units: TestDistrict.pair, [.plan]) { app, clock, _ in try await body(app, clock) }
        }

        static let parts = [
            "measures": "全面落实年度工作要点。", "shortcomings": "执法规范化水平仍有差距。", "leadership": "主要负责人主持会前学法 4 次。",
            "next_year": "推进执法质量提升。", "other": "无。",
        ]

        @Test func unitsWriteSubmitAndPublishAndSeeOnlyTheirOwn() async throws {
            try await district { app, _ in
                // The year being reported on is last year (2025); the office starts it once.
                var office = try await Browser.signedIn(app, as: "office")
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                #expect(try await liaison.post("/reports/annual/start", form: ["year": "2025"]).status == .forbidden)
                #expect(try await office.post("/reports/annual/start", form: ["year": "2027"]).status == .badRequest)
                #expect(try await AnnualReport.query(on: app.db).count() == 0, "a refused start creates nothing")
                #expect(try await office.post("/reports/annual/start", form: ["year": "2025"]).status == .seeOther)
                #expect(try await AnnualReport.query(on: app.db).count() == 3, "the district's and the two units'")
                #expect(try await office.post("/reports/annual/start", form: ["year": "2025"]).status == .conflict)

                // A unit sees its own report only, never the district's draft nor another unit's.
                var page = try await liaison.get("/reports/annual?year=2025").body.string
                #expect(page.contains("城市管理局") && !page.contains("土地整备中心") && !page.contains("全区报告"))
                #expect(try await liaison.get("/reports/annual/2025/tdzbzx").status == .forbidden)
                #expect(try await liaison.get("/reports/annual/2025/district").status == .forbidden)
                #expect(try await liaison.post("/reports/annual/2025/district", form: ["other": "x"]).status == .forbidden)
                #expect(try await liaison.get("/reports/annual/2025/district/report.docx").status == .forbidden)

                // Submitting needs every written part; a refused step changes nothing.
                let base = "/reports/annual/2025/csglj"
                var response = try await liaison.post(base + "/submit", form: ["submittedTo": "区委、区政府"])
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("请先填写“存在的不足和原因”"))
                response = try await liaison.post(base, form: ["shortcomings": String(repeating: "长", count: 20_001)])
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("不能超过 20000 个字符"))
                #expect(try await report(app, "csglj").shortcomings == "")
                #expect(try await liaison.post(base, form: Self.parts).status == .seeOther)
                #expect(try await report(app, "csglj").leadership == "主要负责人主持会前学法 4 次。")
                response = try await liaison.post(base + "/submit", form: ["submittedTo": "区委、区政府", "submittedOn": "2099-01-01"])
                #expect(response.body.string.contains("报送日期不能晚于今天"))
                #expect(try await liaison.post(base + "/submit", form: ["submittedTo": "区委、区政府"]).status == .seeOther)
                var r = try await report(app, "csglj")
                #expect(r.status == .submitted && r.submittedOn == LocalDate("2026-11-26") && r.figures != nil)
                #expect(try await liaison.post(base, form: ["other": "改"]).status == .conflict, "a submitted report no longer changes")
                // Publishing is the head's (or the office's); the public sees it only once published.
                #expect(try await liaison.post(base + "/publish").status == .forbidden)
                var anonymous = Browser(app)
                #expect(try await anonymous.get("/public/reports/annual/2025/csglj").status == .notFound)
                var head = try await Browser.signedIn(app, as: "csglj-head")
                #expect(try await head.post(base + "/publish").status == .seeOther)
                r = try await report(app, "csglj")
                #expect(r.status == .published && r.publishedOn == LocalDate("2026-11-26"))
                page = try await anonymous.get("/public/reports/annual/2025/csglj").body.string
                #expect(page.contains("城市管理局2025年度法治政府建设情况报告") && page.contains("执法规范化水平仍有差距"))
                #expect(try await anonymous.get("/public/reports/annual/2025/district").status == .notFound)
                #expect(try await anonymous.get("/public/reports/annual?year=2025").body.string.contains("城市管理局"))

                // The office returns a submitted unit report for changes (not a published one).
                let other = "/reports/annual/2025/tdzbzx"
                var tdz = try await Browser.signedIn(app, as: "tdzbzx-liaison")
                #expect(try await tdz.post(other, form: Self.parts).status == .seeOther)
                #expect(try await tdz.post(other + "/submit", form: ["submittedTo": "区委、区政府"]).status == .seeOther)
                #expect(try await tdz.post(other + "/send-back", form: ["reason": "x"]).status == .forbidden)
                #expect(try await office.post(other + "/send-back", form: ["reason": ""]).status == .unprocessableEntity)
                #expect(try await office.post(other + "/send-back", form: ["reason": "请补充执法数据说明"]).status == .seeOther)
                let returned = try await report(app, "tdzbzx")
                #expect(returned.status == .draft && returned.figures == nil)
                #expect(try await office.post(base + "/send-back", form: ["reason": "x"]).status == .conflict)
                let events = try await AuditEvent.query(on: app.db).filter(\.$entityType == AuditEntity.annualReport.code).count()
                #expect(events >= 7, "every step is audited")
            }
        }

        func report(_ app: Application, _ code: String, year: Int = 2025) async throws -> AnnualReport {
            let node = try await AnnualReportService.node(code: code, district: try await Districts.node(nil, on: app.db), on: app.db)
            return try #require(try await AnnualReportService.find(year: year, node: node, on: app.db))
        }

        @Test func partOneIsTheMetricCatalogueAndStaysAsSubmitted() async throws {
            try await district { app, _ in
                let today = LocalDate.today(at: app.clock.now())
                try await AnnualReportService.start(
                    year: 2026, district: try await Districts.node(nil, on: app.db), actor: .system("test"), today: today, on: app.db,
                    now: app.clock.now())
                let unit = try await AnnualReportService.node(code: "csglj", district: try await Districts.node(nil, on: app.db), on: app.db)
                // A unit's figures are its own values in the catalogue, counted to today while the year runs.
                let (areas, asOf) = try await AnnualReportService.liveFigures(
                    year: 2026, district: try await Districts.node(nil, on: app.db).requireID(), unit: unit.id, today: today, on: app.db)
                #expect(asOf == today)
                let entries = try await MetricCatalogue.entries(year: 2026, today: today, scope: .unit(try unit.requireID()), on: app.db)
                let figures = areas.flatMap(\.figures)
                #expect(!figures.isEmpty)
                for f in figures {
                    let e = try #require(entries.first { $0.definition.code == f.code })
                    let v = e.units[unit.id!] ?? MetricValue(kind: e.definition.kind, numerator: 0, denominator: 0)
                    #expect(f.value == v.text(unit: e.definition.unit), "\(f.code)")
                }
                #expect(
                    !figures.contains { MetricCatalogue.definitions[$0.code]?.districtOnly == true }, "a unit's report has no district-only metric")
                // The district's figures are the district's values.
                let (whole, _) = try await AnnualReportService.liveFigures(
                    year: 2026, district: try await Districts.node(nil, on: app.db).requireID(), unit: nil, today: today, on: app.db)
                let all = try await MetricCatalogue.entries(year: 2026, today: today, scope: .all, on: app.db)
                for f in whole.flatMap(\.figures) {
                    let e = try #require(all.first { $0.definition.code == f.code })
                    #expect(f.value == e.district?.text(unit: e.definition.unit), "\(f.code)")
                }
                let overdue = try #require(figures.first { $0.code == "tasks.overdue" })

                // Submitted: the figures are kept; a task done afterwards does not change the report.
                let r = try await report(app, "csglj", year: 2026)
                try await AnnualReportService.save(
                    r, node: unit, parts: Dictionary(uniqueKeysWithValues: AnnualReportPart.allCases.map { ($0, "内容") }), actor: .system("t"),
                    on: app.db, now: app.clock.now())
                try await AnnualReportService.submit(
                    r, node: unit, to: "区委、区政府", on: nil, actor: .system("t"), today: today, on: app.db, now: app.clock.now())
                let task = try #require(
                    try await PlanTask.query(on: app.db).filter(\.$leadUnit.$id == unit.id!).filter(\.$completedOn == nil).filter(\.$dueDate < today)
                        .first())
                task.completedOn = today
                try await task.update(on: app.db)
                let (kept, _) = try await AnnualReportService.figures(r, node: unit, today: today, on: app.db)
                #expect(kept.flatMap(\.figures).first { $0.code == "tasks.overdue" } == overdue)
                let (live, _) = try await AnnualReportService.liveFigures(
                    year: 2026, district: try await Districts.node(nil, on: app.db).requireID(), unit: unit.id, today: today, on: app.db)
                #expect(live.flatMap(\.figures).first { $0.code == "tasks.overdue" } != overdue, "the register moved; the report did not")

                // The document: five parts in order, the table, the addressees; as a 公文 .docx.
                let document = try await AnnualReportService.document(r, node: unit, areas: kept, asOf: today, on: app.db)
                let headings = document.blocks.compactMap { block -> String? in
                    if case .heading(let h) = block { return h }
                    return nil
                }
                #expect(headings == AnnualReportPart.allCases.map { $0.heading(year: 2026) })
                #expect(headings.first == "一、2026年推进法治政府建设的主要举措和成效" && headings[3] == "四、2027年推进法治政府建设的主要安排")
                #expect(document.addressee == "中共某区委员会、某区人民政府")
                #expect(document.markdown.contains("| 督办 | 逾期未完成任务 | \(overdue.value) |"))
                let data = try AnnualReportDocx.data(document)
                let text = try DOCX.text(of: data)
                #expect(text.contains("某区城市管理局2026年度法治政府建设情况报告") && text.contains("三、党政主要负责人履行推进法治建设第一责任人职责情况"))
                let archive = try Archive(data: data, accessMode: .read)
                func part(_ path: String) throws -> String {
                    var out = Data()
                    _ = try archive.extract(try #require(archive[path])) { out.append($0) }
                    return String(decoding: out, as: UTF8.self)
                }
                let xml = try part("word/document.xml")
                #expect(xml.contains(#"w:eastAsia="方正小标宋简体""#) && xml.contains(#"<w:sz w:val="44"/>"#), "title 二号 小标宋")
                #expect(xml.contains(#"w:eastAsia="仿宋_GB2312""#) && xml.contains(#"<w:sz w:val="32"/>"#), "body 三号 仿宋")
                #expect(xml.contains(#"w:top="2098""#) && xml.contains(#"w:left="1587""#) && xml.contains(#"w:line="579""#))
                #expect(try part("word/footer1.xml").contains("PAGE") && (try part("word/footer2.xml")).contains(#"w:val="left""#))
                #expect(try part("word/settings.xml").contains("evenAndOddHeaders"))
            }
        }

        @Test func lateReportsAreInTheScanAndOnTheHomePage() async throws {
            try await district { app, _ in
                let today = LocalDate.today(at: app.clock.now())
                try await AnnualReportService.start(
                    year: 2025, district: try await Districts.node(nil, on: app.db), actor: .system("test"), today: today, on: app.db,
                    now: app.clock.now())
                let items = try await DatedSources.items(
                    AnnualReportModule().datedSources, on: app.db, horizon: today.adding(days: 7), today: today)
                // Three reports due 2026-03-01 unsubmitted, and unpublished by 2026-04-01.
                #expect(items.filter { $0.kind == .annualReport }.count == 3)
                #expect(items.filter { $0.kind == .annualReportPublication }.count == 3)
                #expect(items.contains { $0.href == "/reports/annual/2025/csglj" && $0.due == LocalDate("2026-03-01") })
                var office = try await Browser.signedIn(app, as: "office")
                let home = try await office.get("/").body.string
                #expect(home.contains("区政府 2025 年度法治政府建设情况报告应于 2026-03-01 前报送,已逾期"))
                #expect(home.contains("有 2 个单位逾期未报送 2025 年度法治政府建设情况报告"))
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                #expect(try await liaison.get("/").body.string.contains("本单位 2025 年度法治政府建设情况报告应于 2026-03-01 前报送"))
            }
        }

        /// `fazhi report annual` on the seeded demo: last year's district report as Markdown and as a .docx.
        @Test func theCommandWritesTheReportAsMarkdownAndAsAWordDocument() throws {
            let data = try CLITests.tempDir()
            defer { try? FileManager.default.removeItem(at: data) }
            let year = LocalDate.today(at: Date()).year - 1
            let md = try CLITests.run(["report", "annual", "--year", "\(year)", "--format", "md"], dataDir: data)
            #expect(md.status == 0, "\(md.stderr)")
            let text = String(decoding: md.output, as: UTF8.self)
            #expect(text.hasPrefix("# 某区人民政府\(year)年度法治政府建设情况报告"))
            #expect(text.contains("## 五、其他需要报告的情况") && text.contains("| 工作安排 | 指标 | \(year)年 | \(year - 1)年 |"))
            let file = data.appendingPathComponent("report.docx")
            let docx = try CLITests.run(
                ["report", "annual", "--year", "\(year)", "--unit", "csglj", "--format", "docx", "--output", file.path], dataDir: data)
            #expect(docx.status == 0, "\(docx.stderr)")
            #expect(try DOCX.text(of: Data(contentsOf: file)).contains("某区城市管理局"))
            let unknown = try CLITests.run(["report", "annual", "--year", "\(year)", "--unit", "nope"], dataDir: data)
            #expect(unknown.status != 0 && unknown.stderr.contains("单位“nope”不存在"))
            let early = try CLITests.run(["report", "annual", "--year", "\(year + 2)"], dataDir: data)
            #expect(early.status != 0 && early.stderr.contains("年度 \(year + 2) 无效"))
        }
    }
}
