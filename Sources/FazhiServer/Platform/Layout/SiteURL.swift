import Foundation

/// Every path of the web UI, built in one place.
enum SiteURL {
    static let home = "/"
    static let logout = "/logout"
    static let password = "/account/password"
    static let plans = "/plans"
    static let units = "/units"
    static let tasks = "/tasks"
    static let newTask = "/tasks/new"
    static let users = "/admin/users"
    static let newUser = "/admin/users/new"
    static let audit = "/audit"

    static func login(next: String? = nil) -> String {
        guard let next, next != "/", isLocal(next),
            let encoded = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
        else { return "/login" }
        return "/login?next=\(encoded)"
    }

    static func plan(_ year: Int) -> String { "/plans/\(year)" }
    static func unit(_ id: UUID) -> String { "/units/\(id.uuidString)" }
    static func task(_ id: UUID) -> String { "/tasks/\(id.uuidString)" }
    static func editTask(_ id: UUID) -> String { "/tasks/\(id.uuidString)/edit" }
    static func user(_ id: UUID) -> String { "/admin/users/\(id.uuidString)" }

    /// Only same-site paths may be redirect targets (no `//evil.example`).
    static func isLocal(_ path: String) -> Bool {
        path.hasPrefix("/") && !path.hasPrefix("//") && !path.hasPrefix("/\\")
    }
}
