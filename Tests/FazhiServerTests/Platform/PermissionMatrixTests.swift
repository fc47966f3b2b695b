import FazhiCore
import Fluent
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// Walks every route for every role. The expected table is written out here, independently of
    /// `Policy`, so a change to either shows up; a route missing from the table fails the test.
    @Suite struct PermissionMatrixTests {
        enum Who: String, CaseIterable {
            case anonymous, admin, office, assessor, leader
            case liaison = "csglj-liaison", head = "csglj-head"
        }

        static let everyone = Set(Who.allCases)
        static let signedIn = everyone.subtracting([.anonymous])
        static let programme: Set<Who> = [.admin, .office]
        static let reporters: Set<Who> = [.admin, .office, .liaison, .head]
        static let auditors: Set<Who> = [.admin, .office, .leader]
        static let admins: Set<Who> = [.admin]
        /// Who sees a unit's score card while the cycle is still being scored (units see theirs once released).
        static let reviewers: Set<Who> = [.admin, .office, .leader, .assessor]
        static let liaison: Set<Who> = [.liaison]
        static let unitStaff: Set<Who> = [.liaison, .head]
        static let problemReaders: Set<Who> = [.admin, .office, .leader, .liaison, .head]
        static let head: Set<Who> = [.head]
        static let assessor: Set<Who> = [.assessor]

        static let expected: [String: Set<Who>] = [
            "GET /login": everyone, "POST /login": everyone, "GET /healthz": everyone,
            "POST /logout": signedIn, "GET /account/password": signedIn, "POST /account/password": signedIn,
            "GET /": signedIn, "GET /plans": signedIn, "GET /plans/:year": signedIn,
            "GET /units": signedIn, "GET /units/:unitID": signedIn,
            "GET /tasks": signedIn, "GET /tasks/:taskID": signedIn,
            "GET /tasks/new": programme, "POST /tasks": programme, "GET /tasks/:taskID/edit": programme,
            "POST /tasks/:taskID": programme, "POST /tasks/:taskID/cancel": programme, "POST /tasks/:taskID/reopen": programme,
            "POST /tasks/:taskID/progress": reporters,
            "GET /admin/users": admins, "GET /admin/users/new": admins, "POST /admin/users": admins,
            "GET /admin/users/:userID": admins, "POST /admin/users/:userID": admins, "POST /admin/users/:userID/unlock": admins,
            "POST /admin/users/:userID/tokens": admins, "POST /admin/tokens/:tokenID/revoke": admins,
            "GET /audit": auditors,
            "GET /calendar": signedIn, "GET /deadlines": signedIn, "GET /admin/calendar": admins,
            "POST /admin/calendar/days": admins, "POST /admin/calendar/days/:dayID/delete": admins, "POST /admin/calendar/import": admins,
            "GET /api/v1/deadlines": signedIn, "GET /api/v1/calendar/:year": signedIn,
            "GET /indicators": signedIn, "POST /indicators/import": programme, "POST /indicators/copy": programme,
            "GET /indicators/:treeID": signedIn, "GET /indicators/:treeID/diff": signedIn,
            "GET /indicators/:treeID/export.json": signedIn, "GET /indicators/:treeID/export.xlsx": signedIn,
            "GET /indicators/:treeID/nodes/new": programme, "POST /indicators/:treeID/nodes": programme,
            "GET /indicators/:treeID/nodes/:code/edit": programme, "POST /indicators/:treeID/nodes/:code": programme,
            "POST /indicators/:treeID/nodes/:code/delete": programme, "GET /api/v1/indicators/:year/:category": signedIn,
            "GET /assessment": signedIn, "GET /assessment/:year": signedIn, "GET /assessment/:year/units/:unitID": reviewers,
            "GET /assessment/:year/export.xlsx": signedIn, "GET /assessment/:year/notice": signedIn,
            "GET /assessment/:year/units/:unitID/card.xlsx": reviewers,
            "POST /assessment/:year/freeze": programme, "POST /assessment/:year/publish": programme,
            "GET /public/results/:year": everyone,
            // 市对区考评: the city's own steps belong to no district role.
            "GET /city/assessment": auditors, "POST /city/assessment": [], "GET /city/assessment/:year": auditors,
            "POST /city/assessment/:year/release": [], "POST /city/assessment/:year/freeze": [], "POST /city/assessment/:year/publish": [],
            "GET /city/assessment/:year/districts/:districtID": auditors, "POST /city/assessment/:year/districts/:districtID/entries": programme,
            "POST /city/assessment/:year/districts/:districtID/submit": programme,
            "POST /city/assessment/:year/districts/:districtID/confirm": programme,
            "POST /city/assessment/:year/districts/:districtID/objections": programme,
            "POST /city/assessment/:year/districts/:districtID/scores": [],
            "POST /city/assessment/:year/districts/:districtID/objections/:objectionID": [], "GET /api/v1/cycles/:year/results": signedIn,
            "GET /api/v1/openapi.json": everyone, "GET /api/v1/me": signedIn, "GET /api/v1/units": signedIn,
            "GET /api/v1/plans/:year": signedIn, "GET /api/v1/tasks": signedIn, "POST /api/v1/tasks": programme,
            "GET /api/v1/tasks/:taskID": signedIn, "PATCH /api/v1/tasks/:taskID": programme,
            "POST /api/v1/tasks/:taskID/progress": reporters,
            // Self-assessment and review of 城市管理局 (approved, assigned to the demo assessor).
            "GET /assessment/:year/work": signedIn, "GET /assessment/:year/work/:unitID": signedIn,
            "GET /assessment/:year/work/:unitID/leaves/:code": signedIn, "GET /assessment/:year/evidence/:fileID": signedIn,
            "POST /assessment/:year/work/:unitID/entries": liaison, "POST /assessment/:year/work/:unitID/submit": liaison,
            "POST /assessment/:year/work/:unitID/leaves/:code/evidence": liaison,
            "POST /assessment/:year/work/:unitID/evidence/:fileID/withdraw": liaison,
            "POST /assessment/:year/work/:unitID/leaves/:code/supplement": liaison,
            "POST /assessment/:year/work/:unitID/leaves/:code/objection": liaison, "POST /assessment/:year/work/:unitID/confirm": liaison,
            "POST /assessment/:year/work/:unitID/approve": head, "POST /assessment/:year/work/:unitID/send-back": head,
            "POST /assessment/:year/work/:unitID/marks": assessor, "POST /assessment/:year/work/:unitID/leaves/:code/return": assessor,
            "POST /assessment/:year/work/:unitID/leaves/:code/reconcile": programme,
            "POST /assessment/:year/work/:unitID/leaves/:code/override": assessor,
            "POST /assessment/:year/work/:unitID/leaves/:code/restore": assessor,
            "POST /assessment/:year/work/:unitID/objections/:objectionID/decide": programme,
            "POST /assessment/:year/release": programme, "GET /assessment/:year/setup": programme, "POST /assessment/:year/setup": programme,
            "POST /assessment/:year/assignments": programme, "GET /assessment/:year/ledger": programme, "POST /assessment/:year/ledger": programme,
            "POST /assessment/:year/ledger/:itemID/delete": programme, "POST /assessment/:year/surveys": programme,
            "POST /assessment/:year/surveys/import": programme, "GET /assessment/:year/dashboard": auditors,
            // Problem pool: a problem of 城市管理局 (reported, waiting for the office's check).
            "GET /api/v1/overdue": signedIn, "GET /overdue": signedIn, "GET /overdue/export.xlsx": signedIn, "GET /problems": problemReaders,
            "GET /problems/export.xlsx": problemReaders, "GET /problems/:problemID": problemReaders,
            "GET /problems/:problemID/files/:fileID": problemReaders, "GET /problems/new": programme, "POST /problems": programme,
            "POST /problems/:problemID/measures/:measureID": unitStaff, "POST /problems/:problemID/files": unitStaff,
            "POST /problems/:problemID/report": unitStaff, "POST /problems/:problemID/close": programme,
            "POST /problems/:problemID/reopen": programme,
            "GET /supervision": problemReaders, "GET /supervision/export.xlsx": problemReaders, "GET /supervision/new": programme,
            "POST /supervision": programme, "GET /supervision/settings": programme, "POST /supervision/settings": programme,
            "POST /supervision/channels": programme, "POST /supervision/channels/:channelID/toggle": programme,
            "POST /supervision/channels/:channelID/delete": programme, "POST /supervision/run": programme,
            "GET /supervision/:noticeID": problemReaders, "POST /supervision/:noticeID/reply": unitStaff,
            "POST /supervision/:noticeID/close": programme, "POST /supervision/:noticeID/send-back": programme,
            "POST /supervision/:noticeID/extend": programme,
            "GET /inbox": signedIn, "GET /inbox/export.xlsx": signedIn, "POST /inbox/read": signedIn, "GET /inbox/:itemID/open": signedIn,
            "GET /reports": signedIn, "POST /reports": programme, "POST /reports/quarters": programme, "GET /reports/files/:fileID": signedIn,
            "GET /reports/:periodID": signedIn, "GET /reports/:periodID/export.xlsx": signedIn, "POST /reports/:periodID/delete": programme,
            "POST /reports/:periodID/tasks/:taskID": reporters,
            "POST /tasks/:taskID/extend": programme, "POST /tasks/:taskID/pause": programme, "POST /tasks/:taskID/resume": programme,
            // 依申请公开: a request handled by 城市管理局; the public pages need no sign-in.
            "GET /public/goi/apply": everyone, "POST /public/goi/apply": everyone, "GET /public/goi/query": everyone,
            "POST /public/goi/query": everyone,
            "GET /goi": problemReaders, "GET /goi/export.xlsx": problemReaders, "GET /goi/new": reporters, "POST /goi": reporters,
            "GET /goi/import": programme, "POST /goi/import": programme, "GET /goi/:requestID": problemReaders,
            "POST /goi/:requestID/confirm": reporters, "POST /goi/:requestID/clarify": reporters, "POST /goi/:requestID/clarified": reporters,
            "POST /goi/:requestID/consult": reporters, "POST /goi/:requestID/reply": reporters, "POST /goi/:requestID/co-units": reporters,
            "POST /goi/:requestID/consult/:consultationID/replied": reporters, "POST /goi/:requestID/extend": [.admin, .office, .head],
            "POST /goi/:requestID/consult/:consultationID/received": reporters, "POST /goi/:requestID/fee-notice": reporters,
            "POST /goi/:requestID/fee-paid": reporters, "POST /goi/:requestID/delay": [.admin, .office, .head],
            "GET /goi/:requestID/letters/:kind": reporters,
            "GET /goi/report": signedIn, "POST /goi/report/entries": reporters, "GET /goi/report/download/:format": signedIn,
            "GET /api/v1/goi/indicators": signedIn, "GET /api/v1/goi/report": signedIn,
            // 行政复议·应诉: a case and a lawsuit of 城市管理局 (the office runs the case; the unit answers and defends).
            "GET /reconsideration": problemReaders, "GET /reconsideration/new": programme, "POST /reconsideration": programme,
            "GET /reconsideration/import": programme, "POST /reconsideration/import": programme, "GET /reconsideration/rates": signedIn,
            "GET /reconsideration/:caseID": problemReaders, "GET /reconsideration/:caseID/letters/:kind": programme,
            "POST /reconsideration/:caseID/answer": reporters, "POST /reconsideration/:caseID/opinion-reply": reporters,
            "GET /api/v1/reconsideration/indicators": signedIn, "GET /public/reconsideration": everyone,
            "GET /public/reconsideration/:caseID": everyone,
            "GET /litigation": problemReaders, "GET /litigation/new": reporters, "POST /litigation": reporters,
            "GET /litigation/:lawsuitID": problemReaders, "POST /litigation/:lawsuitID/hearings/:hearingID/appearance": reporters,
            "GET /enforcement": problemReaders, "GET /enforcement/new": reporters, "POST /enforcement": reporters,
            "GET /enforcement/:enforcementID": problemReaders, "POST /enforcement/:enforcementID/records": reporters,
            "GET /enforcement/:enforcementID/records/:fileID": problemReaders, "GET /enforcement/officers": problemReaders,
            "POST /enforcement/officers": reporters, "GET /enforcement/officers/:officerID": problemReaders,
            "POST /enforcement/officers/:officerID/status": reporters, "POST /enforcement/officers/:officerID/trainings": reporters,
            "POST /enforcement/officers/:officerID/renew": reporters, "GET /enforcement/matters": problemReaders,
            "POST /enforcement/matters": reporters, "GET /public/enforcement": everyone, "GET /enforcement/rates": signedIn,
            "GET /api/v1/enforcement/indicators": signedIn, "GET /enforcement/reviews": problemReaders, "POST /enforcement/reviews": programme,
            "GET /enforcement/reviews/:reviewID": problemReaders, "GET /enforcement/import": reporters,
            "POST /enforcement/import/officers": reporters, "POST /enforcement/import/cases": reporters,
            "POST /enforcement/reviews/:reviewID/items/:itemID": programme,
            "GET /decisions": problemReaders, "GET /decisions/new": reporters, "POST /decisions": reporters,
            "GET /decisions/:decisionID": problemReaders, "POST /decisions/:decisionID/files": reporters,
            "GET /decisions/:decisionID/files/:fileID": problemReaders, "GET /decisions/catalogue": problemReaders,
            "POST /decisions/catalogue/:year/item": programme, "POST /decisions/catalogue/:year/approve": programme,
            "POST /decisions/catalogue/:year/publish": programme, "GET /decisions/experts": problemReaders, "POST /decisions/experts": programme,
            "POST /decisions/experts/:expertID/active": programme, "GET /public/decisions": everyone, "GET /public/decisions/receipt": everyone,
            "POST /public/decisions/receipt": everyone, "GET /public/decisions/:decisionID": everyone, "POST /public/decisions/:decisionID": everyone,
            "GET /normative": problemReaders, "GET /normative/new": reporters, "POST /normative": reporters,
            "GET /normative/:documentID": problemReaders,
            "GET /normative/cleanups": problemReaders, "POST /normative/cleanups": programme, "GET /normative/cleanups/:cleanupID": problemReaders,
            "POST /normative/cleanups/:cleanupID/conclude": programme, "POST /normative/cleanups/:cleanupID/publish": programme,
            "GET /public/normative": everyone, "GET /public/normative/cleanups/:cleanupID": everyone,
            "GET /api/v1/normative-documents": problemReaders, "GET /decisions/indicators": signedIn,
            "GET /api/v1/decisions/indicators": signedIn,
            "GET /oversight": problemReaders, "GET /oversight/new": programme, "POST /oversight": programme, "GET /oversight/import": programme,
            "POST /oversight/import": programme, "GET /oversight/items/:itemID": problemReaders,
            "GET /oversight/items/:itemID/files/:fileID": problemReaders,
            "GET /oversight/study": problemReaders, "GET /oversight/study/people": problemReaders, "POST /oversight/study/plan": reporters,
            "POST /oversight/study/sessions": reporters, "POST /oversight/study/exam": programme,
            "GET /oversight/advisers": problemReaders, "POST /oversight/advisers": programme, "POST /oversight/advisers/consultations": reporters,
            "POST /oversight/advisers/contracts": reporters,
            "GET /oversight/pufa": problemReaders, "POST /oversight/pufa": reporters, "GET /oversight/pufa/lists/:listID": problemReaders,
            "POST /oversight/pufa/lists/:listID/items": reporters, "POST /oversight/pufa/lists/:listID/publish": reporters,
            "POST /oversight/pufa/lists/:listID/activities": reporters, "POST /oversight/pufa/lists/:listID/rate": programme,
            "GET /oversight/pufa/lists/:listID/files/:fileID": problemReaders,
            "GET /oversight/indicators": signedIn, "GET /api/v1/oversight/indicators": signedIn,
            "GET /public/oversight": everyone, "GET /public/oversight/:itemID": everyone,
            "GET /reports/annual": problemReaders, "POST /reports/annual/start": programme,
            "GET /reports/annual/:year/:code": problemReaders, "POST /reports/annual/:year/:code": reporters,
            "POST /reports/annual/:year/:code/submit": reporters, "POST /reports/annual/:year/:code/send-back": reporters,
            "POST /reports/annual/:year/:code/publish": [.admin, .office, .head],
            "GET /reports/annual/:year/:code/report.docx": problemReaders, "GET /reports/annual/:year/:code/report.md": problemReaders,
            "GET /public/reports/annual": everyone, "GET /public/reports/annual/:year/:code": everyone,
            "GET /public/reports/annual/:year/:code/report.docx": everyone,
            "GET /metrics": signedIn, "GET /api/v1/metrics": signedIn, "GET /metrics/overview": signedIn, "POST /metrics/targets": programme,
        ].merging(
            ReconsiderationController.organSteps.map { ("POST /reconsideration/:caseID/\($0)", programme) }
                + LawsuitController.steps.map { ("POST /litigation/:lawsuitID/\($0)", reporters) }
                + EnforcementController.steps.map { ("POST /enforcement/:enforcementID/\($0)", reporters) }
                + DecisionController.unitSteps.map { ("POST /decisions/:decisionID/\($0)", reporters) }
                + DecisionController.officeSteps.map { ("POST /decisions/:decisionID/\($0)", programme) }
                + NormativeController.unitSteps.map { ("POST /normative/:documentID/\($0)", reporters) }
                + NormativeController.officeSteps.map { ("POST /normative/:documentID/\($0)", programme) }
                + OversightController.unitSteps.map { ("POST /oversight/items/:itemID/\($0)", reporters) }
                + OversightController.officeSteps.map { ("POST /oversight/items/:itemID/\($0)", programme) }
        ) { a, _ in a }

        static func key(_ route: Route) -> String {
            "\(route.method.rawValue) /\(route.path.map(\.description).joined(separator: "/"))"
        }

        /// The route parameters: records of 城市管理局 (the first district's unit) and of its district.
        static func values(_ app: Application) async throws -> [String: String] {
            let task = try await demoTask(app, titled: "执法人员资格清理与年度培训")  // led by 城市管理局
            let unit = try #require(try await OrgNode.query(on: app.db).filter(\.$code == "csglj").first())
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "assessor").first())
            let token = try await UserService.issueToken(for: user, name: "矩阵测试", actor: .system("test"), on: app.db, now: fixedNow)
            let tokenID = try #require(try await APIToken.query(on: app.db).first()?.id)
            _ = token
            let day = try #require(try await CalendarDay.query(on: app.db).filter(\.$date == "2026-10-07").first())
            let problem = try #require(try await Problem.query(on: app.db).filter(\.$unit.$id == unit.id!).with(\.$measures).first())
            return [
                ":year": "2026", ":taskID": task.id!.uuidString, ":unitID": unit.id!.uuidString,
                ":userID": user.id!.uuidString, ":tokenID": tokenID.uuidString, ":dayID": day.id!.uuidString,
                ":treeID": try #require(try await IndicatorService.find(year: 2026, category: "department", on: app.db)?.id).uuidString,
                ":code": "10-1-3", ":category": "department",
                ":fileID": try #require(try await EvidenceFile.query(on: app.db).filter(\.$unit.$id == unit.id!).first()?.id).uuidString,
                ":itemID": UUID().uuidString, ":objectionID": UUID().uuidString,
                ":districtID": try #require(try await Districts.first(on: app.db)?.id).uuidString,
                ":problemID": problem.id!.uuidString, ":measureID": problem.measures[0].id!.uuidString,
                ":requestID": try #require(try await GOIRequest.query(on: app.db).filter(\.$unit.$id == unit.id!).first()?.id).uuidString,
                ":consultationID": UUID().uuidString, ":kind": "reply", ":format": "csv",
                ":caseID": try #require(try await ReconsiderationCase.query(on: app.db).filter(\.$unit.$id == unit.id!).first()?.id).uuidString,
                ":lawsuitID": try #require(try await LawsuitCase.query(on: app.db).filter(\.$unit.$id == unit.id!).first()?.id).uuidString,
                ":hearingID": UUID().uuidString,
                ":enforcementID": try #require(try await EnforcementCase.query(on: app.db).filter(\.$unit.$id == unit.id!).first()?.id)
                    .uuidString,
                ":reviewID": UUID().uuidString,
                ":decisionID": try #require(try await MajorDecision.query(on: app.db).filter(\.$leadUnit.$id == unit.id!).first()?.id).uuidString,
                ":expertID": try #require(try await DecisionExpert.query(on: app.db).first()?.id).uuidString,
                ":documentID": try #require(try await NormativeDocument.query(on: app.db).filter(\.$unit.$id == unit.id!).first()?.id).uuidString,
                ":cleanupID": UUID().uuidString,
                ":officerID": try #require(try await EnforcementOfficer.query(on: app.db).filter(\.$unit.$id == unit.id!).first()?.id).uuidString,
            ]
        }

        /// Requests a route with its parameters filled in: the API's writes with an empty JSON body,
        /// the web's with an empty form.
        static func send(_ browser: inout Browser, _ route: Route, _ values: [String: String]) async throws -> TestingHTTPResponse {
            let path = "/" + route.path.map { values[$0.description] ?? $0.description }.joined(separator: "/")
            if path.hasPrefix("/api/") && route.method != .GET { return try await browser.json(route.method, path, "{}") }
            if route.method == .GET { return try await browser.get(path) }
            return try await browser.post(path)
        }

        @Test func everyRouteNamesAPolicyActionAndHasAnExpectedRow() async throws {
            try await withFazhiApp(seed: false) { app, _ in
                let keys = Set(app.routes.all.map(Self.key))
                for route in app.routes.all {
                    #expect(route.policy != nil, "\(Self.key(route)) has no policy action")
                }
                #expect(keys.subtracting(Self.expected.keys).isEmpty, "routes without an expected row: \(keys.subtracting(Self.expected.keys))")
                #expect(Set(Self.expected.keys).subtracting(keys).isEmpty, "rows for missing routes: \(Set(Self.expected.keys).subtracting(keys))")
            }
        }

        /// One role per test, each in its own copy of the district, so the roles run side by side.
        @Test(arguments: Who.allCases)
        func everyRoleGetsExactlyWhatTheTableSays(_ who: Who) async throws {
            try await withTestDistrict(units: try TestDistrict.assessed(), .everything) { app, _, _ in
                let values = try await Self.values(app)
                // Logout last: it ends the session the other requests need.
                let routes = app.routes.all.sorted {
                    (Self.key($0) == "POST /logout" ? 1 : 0, Self.key($0)) < (Self.key($1) == "POST /logout" ? 1 : 0, Self.key($1))
                }
                var browser = who == .anonymous ? Browser(app) : try await Browser.signedIn(app, as: who.rawValue)
                if who == .anonymous { try await browser.get("/login") } else { try await browser.get("/") }
                for route in routes {
                    let key = Self.key(route)
                    let response = try await Self.send(&browser, route, values)
                    let denied =
                        response.status == .forbidden
                        || (response.status == .unauthorized && response.body.string.contains("请先登录"))
                        || response.location.hasPrefix("/login?next") || (response.location == "/login" && key != "POST /login")
                    let allowed = Self.expected[key]?.contains(who) ?? false
                    #expect(denied != allowed, "\(who.rawValue) \(key) → \(response.status.code) \(response.location)")
                }
            }
        }

        /// Parameters that name a record of the first district (the others name a year, a leaf code,
        /// a category, a letter kind or a format).
        static let recordParameters: Set<String> = [
            ":taskID", ":unitID", ":userID", ":tokenID", ":treeID", ":fileID", ":problemID", ":measureID", ":requestID", ":caseID",
            ":lawsuitID", ":enforcementID", ":decisionID", ":documentID", ":officerID", ":expertID", ":districtID",
        ]

        /// 辖区 the second district's roles walk every route with the first district's records: every
        /// route that names one is refused (403 or 404) and changes nothing, and no page they may open
        /// names the first district's unit. The holiday calendar (national) and the public pages
        /// (anyone's) are not a district's.
        @Test func anotherDistrictsRolesAreRefusedOnEveryRoute() async throws {
            try await withTestDistrict(units: try TestDistrict.assessed(), .everything) { app, _, _ in
                let values = try await Self.values(app)
                let (second, secondUnit) = try await DistrictBoundaryTests.secondDistrict(app)
                let secondScopes = [try second.requireID().uuidString, try secondUnit.requireID().uuidString]
                let firstEntries = { () async throws -> Int in
                    try await GOIReportEntry.query(on: app.db).filter(\.$scope !~ secondScopes).count()
                }
                let entries = try await firstEntries()
                let routes = app.routes.all.filter { route in
                    let key = Self.key(route)
                    return key != "POST /logout" && !key.contains("/public/") && !key.contains("/calendar")
                }
                let counted = { () async throws -> [String: Int] in
                    try await BackupTests.rowCounts(app).filter { name, _ in
                        // Sign-ins, the audit trail, and what the second district may write for itself: its
                        // people's inbox, its own decision catalogue (the first visit makes it) and its own
                        // 依申请公开 report texts (counted below apart from the first district's).
                        ![
                            "user_sessions", "audit_events", "audit_head", "throttle_counters", "form_once", "notifications",
                            "decision_catalogues", "goi_report_entries",
                        ].contains(name)
                    }
                }
                let before = try await counted()
                for username in ["xq-office", "xq-admin", "xq-liaison", "xq-leader", "xq-assessor"] {
                    var browser = try await Browser.signedIn(app, as: username)
                    for route in routes {
                        let key = Self.key(route)
                        let names = route.path.map(\.description)
                        let response = try await Self.send(&browser, route, values)
                        if names.contains(where: Self.recordParameters.contains) {
                            #expect(
                                response.status == .forbidden || response.status == .notFound,
                                "\(username) \(key) → \(response.status.code) \(response.location)")
                        } else if response.status == .ok {
                            let body = response.body.string
                            #expect(!body.contains("城市管理局") && !body.contains("csglj"), "\(username) \(key) names the other district's unit")
                        }
                    }
                }
                let after = try await counted()
                let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
                #expect(try await firstEntries() == entries, "the first district's 依申请公开 report entries changed")
                #expect(changed.isEmpty, "a refused request changed rows of \(changed.map { "\($0) \(before[$0] ?? 0)→\(after[$0] ?? 0)" })")
            }
        }

        @Test func aUnitCannotReachAnotherUnitsTasks() async throws {
            try await withTestDistrict(units: try TestDistrict.demoUnits("zhbgs", "csglj", "ghtdjcdd", "tdzbzx"), .plan) { app, _, _ in
                var other = try await Browser.signedIn(app, as: "tdzbzx-liaison")  // 土地整备中心
                let task = try await demoTask(app, titled: "执法人员资格清理与年度培训")
                let unit = try #require(try await OrgNode.query(on: app.db).filter(\.$code == "csglj").first())
                #expect(try await other.get("/tasks/\(task.id!)").status == .forbidden)
                #expect(try await other.get("/units/\(unit.id!)").status == .forbidden)
                #expect(try await other.get("/api/v1/tasks/\(task.id!)").status == .forbidden)
                let notes = try await count(ProgressNote.self, app)
                #expect(try await other.post("/tasks/\(task.id!)/progress", form: ["progress": "100", "note": "越权"]).status == .forbidden)
                #expect(try await count(ProgressNote.self, app) == notes)
                let list = try await other.get("/api/v1/tasks")
                let titles = try list.content.decode([TaskDTO].self).map(\.title)
                #expect(titles.contains("建立行政应诉和生效判决执行台账"), "a co-handled task is visible")
                #expect(!titles.contains(task.title))
                let page = try await other.get("/plans/2026").body.string
                #expect(!page.contains(task.title), "the plan page shows only the unit's own tasks")
            }
        }

        @Test func aCoUnitAddsNotesButOnlyTheLeadReportsProgress() async throws {
            try await withTestDistrict(units: try TestDistrict.demoUnits("zhbgs", "csglj", "ghtdjcdd", "tdzbzx"), .plan) { app, _, _ in
                var co = try await Browser.signedIn(app, as: "ghtdjcdd-liaison")  // co-unit of the task
                let task = try await demoTask(app, titled: "执法人员资格清理与年度培训")
                let page = try await co.get("/tasks/\(task.id!)").body.string
                #expect(!page.contains(#"name="progress""#))
                let response = try await co.post("/tasks/\(task.id!)/progress", form: ["progress": "100", "note": "已配合完成案卷整理。"])
                #expect(response.status == .seeOther)
                let after = try #require(try await PlanTask.find(task.id, on: app.db))
                #expect(after.progress == task.progress)
                #expect(after.completedOn == nil)
                let note = try #require(try await ProgressNote.query(on: app.db).sort(\.$createdAt, .descending).first())
                #expect(note.text == "已配合完成案卷整理。")
                #expect(note.progress == nil)
                let api = try await co.json(.POST, "/api/v1/tasks/\(task.id!)/progress", #"{"note":"x","progress":100}"#)
                #expect(api.status == .forbidden)
            }
        }
    }
}
