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
            "9223372036854775807", "-9223372036854775808", "0", "abc", "9999-12-31", "2026-02-30", longText, "%_\\'\";--<script>",
        ]
        /// Over the longest text field's limit (2,000 characters).
        static let longText = String(repeating: "法", count: 3000)
        static let shortLongText = String(repeating: "法", count: 300)
        /// Raw percent escapes that decode to invalid UTF-8.
        static let invalidUTF8 = "%FF%FE%C3%28"

        /// Where GET pages mostly ignore what they do not read, fewer values are enough; the path's
        /// own parameters get the values that break parsing and lookups.
        static let pageValues = ["9223372036854775807", "-9223372036854775808", invalidUTF8]
        static let pathValues = ["9223372036854775807", shortLongText, invalidUTF8]

        /// One walk of the route table: a role and its share of the routes. The office and a unit's
        /// liaison walk everything (in three shares each, so that the walks run side by side as
        /// separate tests); the administrator, the assessor and a visitor the parts that are theirs
        /// (elsewhere they are refused at once).
        struct Walk: Sendable, CustomTestStringConvertible {
            let username: String
            var share = 0
            var shares = 1

            var testDescription: String { "\(username.isEmpty ? "visitor" : username) \(share + 1)/\(shares)" }

            func covers(_ path: String) -> Bool {
                switch username {
                case "admin": path.hasPrefix("/admin")
                case "assessor": path.hasPrefix("/assessment")
                case "": path.hasPrefix("/public") || path.hasPrefix("/login") || path == "/api/v1/openapi.json"
                default: true
                }
            }
        }

        static let walks: [Walk] =
            ["office", "csglj-liaison"].flatMap { name in (0..<3).map { Walk(username: name, share: $0, shares: 3) } }
            + ["admin", "assessor", ""].map { Walk(username: $0) }

        @Test(arguments: walks)
        func everyRouteAnswersHostileInputWithoutServerError(_ walk: Walk) async throws {
            try await withTestDistrict(units: try TestDistrict.assessed(), .everything) { app, _, _ in
                let valid = try await Self.validParameters(app)
                let routes = app.routes.all.filter { route in
                    // Ending the fuzzing session's own sign-in would only test the login page.
                    !["/logout", "/account/password"].contains("/" + route.path.map(\.description).joined(separator: "/"))
                }
                // Hostile sign-ins would slow the test's own address down; this test is not about the throttle.
                var limits = LoginThrottle.Limits()
                limits.freeFailures = 1_000_000
                app.loginThrottle.withLockedValue { $0 = LoginThrottleStore(rule: LoginThrottle(limits: limits)) }
                let result = try await Self.walk(walk, routes: routes, valid: valid, app: app)
                print(
                    "hostile input, \(walk.testDescription): \(result.sent) requests (\(result.formRoutes) posting routes with "
                        + "their own form's fields), \(result.failures.count) server errors")
                #expect(
                    result.failures.isEmpty,
                    "\(result.failures.count) server errors of \(result.sent) requests:\n\(result.failures.prefix(60).joined(separator: "\n"))")
                #expect(try await app.testing().sendRequest(.GET, "/healthz").status == .ok)
            }
        }

        /// One walk: every route of its share, every hostile value; returns the requests sent and
        /// the ones that ended in a server error.
        static func walk(
            _ walk: Walk, routes: [Route], valid: [String: String], app: Application
        ) async throws -> (sent: Int, formRoutes: Int, failures: [String]) {
            let username = walk.username
            var browser = username.isEmpty ? Browser(app) : try await Browser.signedIn(app, as: username)
            if username.isEmpty { try await browser.get("/login") }
            let mine = routes.filter { walk.covers("/" + $0.path.map(\.description).joined(separator: "/")) }
            let signedIn = browser
            let (names, formFields) = try await Fields.shared.of(username) {
                try await Self.discover(routes: mine, valid: valid, browser: signedIn)
            }
            var failures: [String] = []
            var sent = 0
            var formRoutes = 0
            for (index, route) in mine.enumerated() where index % walk.shares == walk.share {
                let key = Self.key(route)
                let own = route.method == .POST ? formFields[key] : nil
                var requests: [(path: String, value: String, fields: Bool)] = []
                if let path = Self.path(route, valid: valid, hostile: nil) {
                    for value in route.method == .GET ? Self.pageValues : Self.hostile + [Self.invalidUTF8] {
                        // Every name seen anywhere, each with 3,000 characters, would pass the body
                        // limit and be refused before any handler read it: there the long value is
                        // 300 characters, still over every short field's limit.
                        let fits = own != nil || value.count < Self.longText.count
                        requests.append((path, fits ? value : Self.shortLongText, true))
                    }
                }
                if route.path.contains(where: { if case .parameter = $0 { true } else { false } }) {
                    for value in Self.pathValues {
                        if let path = Self.path(route, valid: valid, hostile: value) { requests.append((path, value, false)) }
                    }
                }
                if own != nil { formRoutes += 1 }
                let fields = own ?? names
                for request in requests {
                    let status = try await Self.send(
                        route.method, request.path, names: request.fields ? fields : [],
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
            return (sent, formRoutes, failures)
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

        /// What the pages a role can open ask for, found once per role and shared by its walks.
        actor Fields {
            static let shared = Fields()
            typealias Found = (names: Set<String>, forms: [String: Set<String>])
            private var found: [String: Task<Found, any Error>] = [:]

            func of(_ username: String, discover: @escaping @Sendable () async throws -> Found) async throws -> Found {
                if let task = found[username] { return try await task.value }
                let task = Task { try await discover() }
                found[username] = task
                return try await task.value
            }
        }

        /// Field names come from the pages themselves, so a new form is fuzzed without listing it
        /// here: every name seen on the role's pages, and each form's own fields by the route it
        /// posts to. A route whose form was seen gets those (so that long values stay under the body
        /// limit and reach the handler's checks); the others get every name.
        static func discover(routes: [Route], valid: [String: String], browser: Browser) async throws -> Fields.Found {
            var browser = browser
            var names = commonNames
            var forms: [String: Set<String>] = [:]
            for route in routes where route.method == .GET {
                guard let path = path(route, valid: valid, hostile: nil) else { continue }
                let html = try await browser.get(path).body.string
                names.formUnion(fieldNames(in: html))
                for (action, fields) in Self.forms(in: html) {
                    // By the route the form posts to, whichever row's id its action carries.
                    guard let target = routes.first(where: { $0.method == .POST && Self.route($0, matches: action) }) else { continue }
                    forms[key(target), default: commonNames].formUnion(fields.subtracting(["_csrf"]))
                }
            }
            names.remove("_csrf")
            return (names, forms)
        }

        static func key(_ route: Route) -> String {
            "\(route.method) \(route.path.map(\.description).joined(separator: "/"))"
        }

        /// True when `path` (a form's action) is one of the route's paths.
        static func route(_ route: Route, matches path: String) -> Bool {
            let parts = path.split(separator: "/", omittingEmptySubsequences: true)
            guard parts.count == route.path.count else { return false }
            return zip(route.path, parts).allSatisfy { component, part in
                if case .constant(let text) = component { return text == part }
                return true
            }
        }

        /// Names many routes read, sent to every route besides the fields its pages show.
        static let commonNames: Set<String> = [
            "page", "year", "unit", "status", "state", "q", "type", "start", "days",
            "extend", "rule", "restart", "pause", "from", "to", "format", "next",
        ]

        /// The fields of each form that posts, by its action's path; fields outside the form that
        /// name it (`form="id"`) count as its own.
        static func forms(in html: String) -> [String: Set<String>] {
            var forms: [String: Set<String>] = [:]
            var rest = html[...]
            while let open = rest.range(of: "<form") {
                guard let tagEnd = rest[open.upperBound...].firstIndex(of: ">") else { break }
                let tag = String(rest[open.upperBound..<tagEnd])
                let end = rest[tagEnd...].range(of: "</form>")?.lowerBound ?? rest.endIndex
                if attribute("method", in: tag)?.lowercased() == "post", let action = attribute("action", in: tag) {
                    var fields = fieldNames(in: String(rest[tagEnd..<end]))
                    if let id = attribute("id", in: tag) {
                        var outside = html[...]
                        while let mark = outside.range(of: "form=\"\(id)\"") {
                            let start = outside[..<mark.lowerBound].lastIndex(of: "<") ?? mark.lowerBound
                            let close = outside[mark.upperBound...].firstIndex(of: ">") ?? outside.endIndex
                            if let name = attribute("name", in: String(outside[start..<close])) { fields.insert(name) }
                            outside = outside[close...]
                        }
                    }
                    let path = String(action.prefix { $0 != "?" && $0 != "#" })
                    forms[path, default: []].formUnion(fields)
                }
                rest = rest[end...]
            }
            return forms
        }

        /// The value of `name="…"` in a tag's text.
        static func attribute(_ name: String, in tag: String) -> String? {
            guard let range = tag.range(of: " \(name)=\"") else { return nil }
            return String(tag[range.upperBound...].prefix { $0 != "\"" })
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
            let encodedValue = encode(value)
            let pairs = names.sorted().map { "\(encode($0))=\(encodedValue)" }.joined(separator: "&")
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
