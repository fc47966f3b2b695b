import FazhiCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// 指标目录: every landed register publishes its metrics; the values are the registers' own, the
    /// district the sum of its units, and a unit reads only its own. Today is 2026-11-26.
    @Suite struct MetricsTests {
        @Test func theCatalogueListsEveryRegistersMetricsWithTheirValues() async throws {
            try await withTestDistrict { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                // One 人大代表建议 answered on time (06-01 + 3 个月 = 09-01; answered 08-20).
                _ = try await office.post(
                    "/oversight",
                    form: [
                        "channel": "deputy", "refNo": "2026-201", "title": "关于增设路灯的建议", "unit": "csglj", "assignedOn": "2026-06-01",
                        "formOnce": FormOnce.token(),
                    ])
                let item = try #require(try await OversightItem.query(on: app.db).first())
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                let replied = try await liaison.upload(
                    "/oversight/items/\(item.id!.uuidString)/reply", fields: ["date": "2026-08-20", "content": "已安装"], file: ("file", "", Data()))
                #expect(replied.status == .seeOther)

                // One problem found this year, its measure overdue since 11-20: 0 of 1 closed, 1 measure overdue.
                _ = try await ProblemService.create(
                    ProblemInput(
                        unitCode: "csglj", source: "inspection", title: "台账不全", description: "督察发现", raisedOn: "2026-10-10",
                        measures: [.init(text: "补齐台账", due: "2026-11-20")]), actor: .system("test"), on: app.db, now: fixedNow)

                let dto = try await office.get("/api/v1/metrics?year=2026").content.decode(MetricsDTO.self)
                let problems = try #require(dto.metrics.first { $0.code == "problems.closed" })
                #expect(problems.district?.numerator == 0 && problems.district?.denominator == 1)
                #expect(dto.metrics.first { $0.code == "problems.overdueMeasures" }?.units.first { $0.unit == "csglj" }?.numerator == 1)
                let codes = dto.metrics.map(\.code)
                #expect(Set(codes).count == codes.count)
                for prefix in ["goi.", "case.", "enforcement.", "decision.", "oversight.", "tasks.", "problems."] {
                    #expect(codes.contains { $0.hasPrefix(prefix) }, "\(prefix)")
                }
                // In the plan's order: 三 (decisions) before 五 (information requests) before 十一 (普法).
                let arrangements = dto.metrics.map(\.arrangement)
                #expect(arrangements.firstIndex(of: "三")! < arrangements.firstIndex(of: "五")!)
                #expect(arrangements.last == "督办" && arrangements.contains("十一"))
                let onTime = try #require(dto.metrics.first { $0.code == "oversight.suggestionOnTime" })
                #expect(onTime.district?.numerator == 1 && onTime.district?.denominator == 1 && onTime.arrangement == "九")
                #expect(onTime.units.first { $0.unit == "csglj" }?.value == 1)
                #expect(onTime.units.first { $0.unit == "tdzbzx" }?.denominator == 0)
                // The district is its units' sum for every metric a unit has.
                for m in dto.metrics where !m.districtOnly {
                    #expect(m.district?.numerator == m.units.map(\.numerator).reduce(0, +), "\(m.code)")
                }
                let catalogue = try #require(dto.metrics.first { $0.code == "decision.catalogue" })
                #expect(catalogue.districtOnly && catalogue.units.isEmpty)

                // A unit reads its own values, not the district's.
                let own = try await liaison.get("/api/v1/metrics?year=2026").content.decode(MetricsDTO.self)
                #expect(own.metrics.allSatisfy { $0.district == nil && $0.units.allSatisfy { $0.unit == "csglj" } })

                let page = try await office.get("/metrics?year=2026&unit=csglj").body.string
                #expect(page.contains("建议提案按期办复率") && page.contains("1/1(100.0%)") && page.contains("城市管理局"))
                #expect(try await office.get("/metrics?unit=nobody").status == .badRequest)
                #expect(try await liaison.get("/metrics").status == .ok)
            }
        }

        @Test func theOverviewComparesWithLastYearAndTheTargets() async throws {
            try await withTestDistrict { app, _, _ in
                var office = try await Browser.signedIn(app, as: "office")
                _ = try await office.post(
                    "/oversight",
                    form: [
                        "channel": "deputy", "refNo": "2026-301", "title": "关于增设公厕的建议", "unit": "csglj", "assignedOn": "2026-06-01",
                        "formOnce": FormOnce.token(),
                    ])
                let item = try #require(try await OversightItem.query(on: app.db).first())
                var liaison = try await Browser.signedIn(app, as: "csglj-liaison")
                _ = try await liaison.upload(
                    "/oversight/items/\(item.id!.uuidString)/reply", fields: ["date": "2026-08-20", "content": "已建成"], file: ("file", "", Data()))
                // A target the value meets, one it misses, and one that is not a number.
                let bad = try await office.post(
                    "/metrics/targets", form: ["year": "2026"],
                    arrays: ["codes": ["oversight.suggestionOnTime", "tasks.overdue"], "values": ["95", "很多"]])
                #expect(bad.status == .unprocessableEntity && bad.body.string.contains("逾期未完成任务") && bad.body.string.contains("应为整数"))
                #expect(try await MetricTargetRow.query(on: app.db).count() == 0)
                let saved = try await office.post(
                    "/metrics/targets", form: ["year": "2026"],
                    arrays: ["codes": ["oversight.suggestionOnTime", "oversight.pufaCompletion", "goi.overdue"], "values": ["95", "", "0"]])
                #expect(saved.status == .seeOther)
                #expect(try await MetricTargetRow.query(on: app.db).count() == 2)
                #expect(try await AuditEvent.query(on: app.db).filter(\.$entityType == AuditEntity.metricTargets.code).count() == 1)
                let page = try await office.get("/metrics/overview?year=2026").body.string
                #expect(page.contains("建议提案按期办复率") && page.contains("1/1(100.0%)") && page.contains("目标") && page.contains("达标"))
                #expect(page.contains("单位排名") && page.contains("城市管理局"))
                // A unit sees its own values, no ranking, and cannot set targets.
                let own = try await liaison.get("/metrics/overview?year=2026")
                #expect(own.status == .ok && own.body.string.contains("城市管理局") && !own.body.string.contains("单位排名"))
                #expect(
                    try await liaison.post("/metrics/targets", form: ["year": "2026"], arrays: ["codes": ["goi.overdue"], "values": ["1"]]).status
                        == .forbidden)
            }
        }
    }
}
