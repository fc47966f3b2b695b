import FazhiCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// Walks every route of the route table with hostile values in every path parameter, query
    /// parameter and form or JSON field, as several roles. No request may crash the process
    /// (a Swift runtime trap ends the test binary) or end in a server error: bad input is a 4xx
    /// with a Chinese message, or a page that ignores what it does not understand.
    @Suite struct HostileInputTests {
        /// Huge, negative, zero, non-numeric, far and impossible dates, long text, markup,
        /// invalid UTF-8 (as percent escapes the server decodes to bytes), LIKE wildcards.
        static let hostile: [String] = [
            "9223372036854775807", "-9223372036854775808", "0", "abc", "9999-12-31", "2026-02-30", String(repeating: "法", count: 3000),
            "%_\\'\";--<script>",
        ]
        /// Raw percent escapes that decode to invalid UTF-8.
        static let invalidUTF8 = "%FF%FE%C3%28"

        /// Where GET pages mostly ignore what they do not read, fewer values are enough; the path's
        /// own parameters get the values that break parsing and lookups.
        static let pageValues = ["9223372036854775807", "-9223372036854775808", invalidUTF8]
        static let pathValues = ["9223372036854775807", String(repeating: "法", count: 300), invalidUTF8]

        /// Who walks which routes: the office and a unit's liaison everything; the administrator,
        /// the assessor and a visitor the parts that are theirs (elsewhere they are refused at once).
        static let walkers: [(username: String, covers: @Sendable (String) -> Bool)] = [
            ("office", { _ in true }),
            ("csglj-liaison", { _ in true }),
            ("admin", { $0.hasPrefix("/admin") }),
            ("assessor", { $0.hasPrefix("/assessment") }),
            ("", { $0.hasPrefix("/public") || $0.hasPrefix("/login") || $0 == "/api/v1/openapi.json" }),
        ]

        @Test func everyRouteAnswersHostileInputWithoutServerError() async throws {
            try await withFazhiApp(registers: true) { app, _ in
                let valid = try await Self.validParameters(app)
                let routes = app.routes.all.filter { route in
                    // Ending the fuzzing session's own sign-in would only test the login page.
                    !["/logout", "/account/password"].contains("/" + route.path.map(\.description).joined(separator: "/"))
                }
                // Hostile sign-ins would slow the test's own address down; this test is not about the throttle.
                var limits = LoginThrottle.Limits()
                limits.freeFailures = 1_000_000
                app.loginThrottle.withLockedValue { $0 = LoginThrottle(limits: limits) }
                // The roles walk at the same time (each with its own session), as real users would.
                let results = try await withThrowingTaskGroup(of: (sent: Int, failures: [String]).self) { group in
                    for walker in Self.walkers {
                        group.addTask { try await Self.walk(walker, routes: routes, valid: valid, app: app) }
                    }
                    return try await group.reduce(into: [(sent: Int, failures: [String])]()) { $0.append($1) }
                }
                let sent = results.map(\.sent).reduce(0, +)
                let failures = results.flatMap(\.failures)
                print("hostile input: \(sent) requests, \(failures.count) server errors")
                #expect(failures.isEmpty, "\(failures.count) server errors of \(sent) requests:\n\(failures.prefix(60).joined(separator: "\n"))")
                #expect(try await app.testing().sendRequest(.GET, "/healthz").status == .ok)
            }
        }

        /// One role's walk: every route it covers, every hostile value; returns the requests sent
        /// and the ones that ended in a server error.
        static func walk(
            _ walker: (username: String, covers: @Sendable (String) -> Bool), routes: [Route], valid: [String: String],
            app: Application
        ) async throws -> (sent: Int, failures: [String]) {
            let username = walker.username
            var browser = username.isEmpty ? Browser(app) : try await Browser.signedIn(app, as: username)
            if username.isEmpty { try await browser.get("/login") }
            let mine = routes.filter { walker.covers("/" + $0.path.map(\.description).joined(separator: "/")) }
            // Field names come from the pages themselves, so a new form is fuzzed without listing it here.
            var names: Set<String> = [
                "page", "year", "unit", "status", "state", "q", "type", "start", "days",
                "extend", "rule", "restart", "pause", "from", "to", "format", "next",
            ]
            for route in mine where route.method == .GET {
                guard let path = Self.path(route, valid: valid, hostile: nil) else { continue }
                names.formUnion(Self.fieldNames(in: try await browser.get(path).body.string))
            }
            names.remove("_csrf")
            var failures: [String] = []
            var sent = 0
            for route in mine {
                let key = "\(route.method) \(route.path.map(\.description).joined(separator: "/"))"
                var requests: [(path: String, value: String, fields: Bool)] = []
                if let path = Self.path(route, valid: valid, hostile: nil) {
                    for value in route.method == .GET ? Self.pageValues : Self.hostile + [Self.invalidUTF8] {
                        requests.append((path, value, true))
                    }
                }
                if route.path.contains(where: { if case .parameter = $0 { true } else { false } }) {
                    for value in Self.pathValues {
                        if let path = Self.path(route, valid: valid, hostile: value) { requests.append((path, value, false)) }
                    }
                }
                for request in requests {
                    let status = try await Self.send(
                        route.method, request.path, names: request.fields ? names : [],
                        value: request.value, browser: &browser)
                    sent += 1
                    if status >= 500 {
                        failures.append("\(username) \(key) \(request.path.prefix(120)) value=\(request.value.prefix(24)) → \(status)")
                    }
                    // A route that signed the browser out (or a deactivated account) would hide the rest.
                    if !username.isEmpty, browser.cookies[AuthenticationMiddleware.sessionCookie] == nil {
                        browser = try await Browser.signedIn(app, as: username)
                    }
                }
            }
            return (sent, failures)
        }

        /// One existing row for every kind of route parameter, so that hostile fields reach the handlers.
        static func validParameters(_ app: Application) async throws -> [String: String] {
            let db = app.db
            var v: [String: String] = [
                "year": String(LocalDate.today(at: fixedNow).year), "format": "xlsx", "kind": "clarification",
                "category": "department",
            ]
            v["unitID"] = try await OrgNode.query(on: db).filter(\.$code == "csglj").first()?.id?.uuidString
            v["taskID"] = try await PlanTask.query(on: db).first()?.id?.uuidString
            v["userID"] = try await User.query(on: db).filter(\.$username == "csglj-liaison").first()?.id?.uuidString
            v["tokenID"] = try await APIToken.query(on: db).first()?.id?.uuidString
            v["dayID"] = try await CalendarDay.query(on: db).first()?.id?.uuidString
            v["treeID"] = try await IndicatorTreeRecord.query(on: db).first()?.id?.uuidString
            v["code"] = try await IndicatorNodeRecord.query(on: db).first()?.code
            v["problemID"] = try await Problem.query(on: db).first()?.id?.uuidString
            v["measureID"] = try await ProblemMeasure.query(on: db).first()?.id?.uuidString
            v["periodID"] = try await ReportingPeriod.query(on: db).first()?.id?.uuidString
            v["noticeID"] = try await SupervisionNotice.query(on: db).first()?.id?.uuidString
            v["requestID"] = try await GOIRequest.query(on: db).filter(\.$closedOn == nil).first()?.id?.uuidString
            v["consultationID"] = try await GOIConsultationRecord.query(on: db).first()?.id?.uuidString
            v["fileID"] = try await EvidenceFile.query(on: db).first()?.id?.uuidString
            v["itemID"] = try await InboxItem.query(on: db).first()?.id?.uuidString
            v["channelID"] = try await UnitChannel.query(on: db).first()?.id?.uuidString
            v["objectionID"] = try await AssessmentObjection.query(on: db).first()?.id?.uuidString
            return v
        }

        /// The route's path with valid parameters, or with `hostile` in every parameter.
        static func path(_ route: Route, valid: [String: String], hostile: String?) -> String? {
            var parts: [String] = []
            for component in route.path {
                switch component {
                case .constant(let s): parts.append(s)
                case .parameter(let name):
                    if let hostile {
                        parts.append(hostile == invalidUTF8 ? hostile : (hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "x"))
                    } else {
                        guard let value = valid[name] else { return nil }
                        parts.append(value)
                    }
                case .anything, .catchall: parts.append(hostile ?? "x")
                }
            }
            return "/" + parts.joined(separator: "/")
        }

        static func fieldNames(in html: String) -> Set<String> {
            var names = Set<String>()
            var rest = html[...]
            while let range = rest.range(of: #"name=""#) {
                let name = rest[range.upperBound...].prefix { $0 != "\"" }
                if !name.isEmpty, name.count < 80 { names.insert(String(name)) }
                rest = rest[range.upperBound...]
            }
            return names
        }

        static func encode(_ text: String) -> String {
            text == invalidUTF8 ? text : (text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        }

        /// Sends one request with every known field set to `value` (query for GET, form for POST, JSON otherwise).
        static func send(
            _ method: HTTPMethod, _ path: String, names: Set<String>, value: String,
            browser: inout Browser
        ) async throws -> UInt {
            let pairs = names.sorted().map { "\(encode($0))=\(encode(value))" }.joined(separator: "&")
            var headers = browser.headers
            let response: TestingHTTPResponse
            switch method {
            case .GET:
                response = try await browser.app.testing().sendRequest(.GET, path + "?" + pairs, headers: headers)
            case .POST where !path.hasPrefix("/api/"):
                headers.contentType = .urlEncodedForm
                let body = "_csrf=\(encode(browser.csrf))&" + pairs
                response = try await browser.app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
            default:
                headers.contentType = .json
                headers.add(name: "X-CSRF-Token", value: browser.csrf)
                let number =
                    Int64(value).map { "\($0)" }
                    ?? "\"\(value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\""
                let json = "{" + names.sorted().map { "\"\($0)\":\(number)" }.joined(separator: ",") + "}"
                response = try await browser.app.testing().sendRequest(method, path, headers: headers, body: ByteBuffer(string: json))
            }
            for header in response.headers[.setCookie] {
                let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2, pair[1].isEmpty { browser.cookies.removeValue(forKey: pair[0]) }
            }
            return response.status.code
        }
    }
}
