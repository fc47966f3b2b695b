import Fluent

/// Who did something, as a reader should see it: a person's name and unit instead of an account
/// name, and the system's own actors in words (not `demo-seed` or `cli`).
enum ActorNames {
    /// The system's actors (`AuditActor.system`), in Chinese.
    static let system: [String: String] = [
        "demo-seed": "系统(演示数据)", "calendar-seed": "系统(随附节假日安排)", "calendar": "系统(工作日历变更后重算)",
        "cli": "系统管理员(命令行)", "bench": "基准测试", "在线申请": "申请人(在线提交)",
    ]

    /// Display names of the accounts among `raw` (one query), keyed by account name.
    static func lookup(_ raw: [String], on db: any Database) async throws -> [String: String] {
        let names = Array(Set(raw).subtracting(system.keys))
        guard !names.isEmpty else { return [:] }
        let users = try await User.query(on: db).filter(\.$username ~~ names).with(\.$unit).all()
        return Dictionary(
            users.map { u in (u.username, u.unit.map { "\(u.displayName)(\($0.name))" } ?? "\(u.displayName)(\(u.role.label))") },
            uniquingKeysWith: { a, _ in a })
    }

    /// One actor's name for a page (`known` from `lookup`).
    static func display(_ raw: String, known: [String: String]) -> String {
        system[raw] ?? known[raw] ?? raw
    }

    /// One actor's name, looked up on its own.
    static func display(_ raw: String, on db: any Database) async throws -> String {
        display(raw, known: try await lookup([raw], on: db))
    }
}
