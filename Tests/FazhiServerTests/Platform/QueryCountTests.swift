import FazhiCore
import Fluent
import Foundation
import Logging
import Testing
import VaporTesting

@testable import FazhiServer

/// Counts the SQL statements the database drivers run (both log each one as "Executing query" with
/// its `sql` in the metadata, at debug level, through the request's logger).
final class QueryCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var statements: [String] = []

    func reset() { lock.withLock { statements = [] } }
    var recorded: [String] { lock.withLock { statements } }

    fileprivate func record(_ sql: String) { lock.withLock { statements.append(sql) } }

    struct Handler: LogHandler {
        let counter: QueryCounter
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            if case .string(let sql)? = event.metadata?["sql"] { counter.record(sql) }
        }
    }
}

extension ServerTests {
    /// Issue 21: what a page costs in queries must not grow with the rows it lists. Every main page
    /// and API list is opened with the demo's rows and again with every register grown threefold; the
    /// number of SQL statements must be the same (a page that loads children per row, or counts per
    /// row, would run more).
    @Suite struct QueryCountTests {
        @Test func pageQueryCountsDoNotGrowWithTheirRows() async throws {
            try await withFazhiApp(registers: true) { app, _ in
                let counter = QueryCounter()
                app.logger = Logger(label: "fazhi.test.queries") { _ in QueryCounter.Handler(counter: counter) }
                let year = app.clock.today.year
                var pages: [(user: String, path: String)] = [
                    ("office", "/"), ("office", "/tasks"), ("office", "/tasks?status=overdue"), ("office", "/overdue"),
                    ("office", "/goi"), ("office", "/goi?state="), ("office", "/goi/report?year=\(year - 1)"),
                    ("office", "/problems"), ("office", "/supervision"), ("office", "/reports"), ("office", "/inbox"),
                    ("office", "/audit"), ("office", "/plans/\(year)"), ("office", "/assessment/\(year - 1)"),
                    ("office", "/api/v1/overdue"), ("office", "/api/v1/tasks"), ("office", "/healthz"),
                    ("csglj-liaison", "/"), ("csglj-liaison", "/tasks"), ("csglj-liaison", "/goi"),
                    ("office", "/reconsideration"), ("office", "/reconsideration?state="), ("office", "/litigation?state="),
                    ("office", "/reconsideration/rates?year=\(year - 1)"), ("csglj-liaison", "/reconsideration"),
                ]
                let period = try #require(try await ReportingPeriod.query(on: app.db).sort(\.$due).first())
                let unit = try #require(try await OrgNode.query(on: app.db).filter(\.$code == "csglj").first())
                pages += [
                    ("office", "/reports/\(try period.requireID())"), ("office", "/reports/\(try period.requireID())?missing=1"),
                    ("csglj-liaison", "/reports/\(try period.requireID())"), ("office", "/units"),
                    ("office", "/units/\(try unit.requireID())"), ("office", "/problems?overdue=1"), ("office", "/supervision?status=issued"),
                ]
                let reconsideration = try #require(try await ReconsiderationCase.query(on: app.db).filter(\.$unit.$id == unit.id!).first())
                let lawsuit = try #require(try await LawsuitCase.query(on: app.db).filter(\.$unit.$id == unit.id!).first())
                pages += [
                    ("office", "/reconsideration/\(try reconsideration.requireID())"), ("csglj-liaison", "/litigation/\(try lawsuit.requireID())"),
                ]
                let decision = try #require(try await MajorDecision.query(on: app.db).filter(\.$commentFrom != nil).sort(\.$number).first())
                pages += [
                    ("office", "/decisions"), ("office", "/decisions/catalogue"), ("office", "/decisions/\(try decision.requireID())"),
                    ("office", "/decisions/experts"), ("csglj-liaison", "/decisions"), ("office", "/decisions/indicators?year=\(year)"),
                    ("office", "/normative"), ("office", "/normative?status=in_force"), ("csglj-liaison", "/normative"),
                    ("office", "/public/normative"), ("office", "/public/decisions"), ("office", "/enforcement"), ("office", "/enforcement?state="),
                    ("office", "/enforcement/rates?year=\(year)"), ("csglj-liaison", "/enforcement"),
                ]
                let item = try #require(try await OversightItem.query(on: app.db).filter(\.$channel == .audit).first())
                let list = try #require(try await PufaList.query(on: app.db).filter(\.$unit.$id == unit.id!).filter(\.$year == year).first())
                pages += [
                    ("office", "/oversight"), ("office", "/oversight?status=overdue"), ("csglj-liaison", "/oversight"),
                    ("office", "/oversight/items/\(try item.requireID())"), ("office", "/oversight/study"), ("csglj-liaison", "/oversight/study"),
                    ("office", "/oversight/study/people?year=\(year)"), ("office", "/oversight/advisers"),
                    ("office", "/oversight/advisers?show=contracts"),
                    ("office", "/oversight/pufa"), ("office", "/oversight/pufa/lists/\(try list.requireID())"),
                    ("office", "/oversight/indicators?year=\(year)"), ("office", "/public/oversight"),
                    ("office", "/metrics?year=\(year)&unit=csglj"), ("csglj-liaison", "/metrics?year=\(year)"),
                    ("office", "/metrics/overview?year=\(year)"), ("csglj-liaison", "/metrics/overview?year=\(year)"),
                ]
                var browsers: [String: Browser] = [:]
                for user in Set(pages.map(\.user)) { browsers[user] = try await Browser.signedIn(app, as: user) }

                func measure() async throws -> [String: [String]] {
                    var result: [String: [String]] = [:]
                    for page in pages {
                        var browser = try #require(browsers[page.user])
                        // Once to warm what is cached between requests (the calendar), then counted.
                        try await browser.get(page.path)
                        counter.reset()
                        let response = try await browser.get(page.path)
                        #expect(response.status == .ok, "\(page.user) \(page.path)")
                        result["\(page.user) \(page.path)"] = counter.recorded
                        browsers[page.user] = browser
                    }
                    return result
                }

                let small = try await measure()
                for module in RegisterModules.all { try await module.growDemo(app, factor: 3) }
                let grown = try await measure()
                for page in pages {
                    let key = "\(page.user) \(page.path)"
                    let before = small[key] ?? [], after = grown[key] ?? []
                    #expect(
                        before.count == after.count,
                        "\(key): \(before.count) queries with the demo's rows, \(after.count) with three times as many\n\(after.joined(separator: "\n"))"
                    )
                    // A budget, too: the unit's home page asks the most — its tasks and its assessment (15),
                    // and one query for each register's prompts — so each register may add one, no more.
                    // The metric catalogue asks every register for its grouped counts, a few queries each
                    // (the overview once for each year it draws: those since 2024).
                    let registers = RegisterModules.all.filter { !$0.metrics.isEmpty }.count
                    let budget =
                        page.path.hasPrefix("/metrics/overview")
                        ? 4 + 4 * registers * (year - MetricOverviewController.firstYear + 1)
                        : page.path.hasPrefix("/metrics") ? 3 + 4 * registers : 15 + RegisterModules.all.count
                    #expect(after.count <= budget, "\(key) runs \(after.count) queries (budget \(budget)):\n\(after.joined(separator: "\n"))")
                }
                // One session query per signed-in request, the unread count with it.
                #expect((grown["office /healthz"] ?? []).count <= 1)
            }
        }
    }
}
