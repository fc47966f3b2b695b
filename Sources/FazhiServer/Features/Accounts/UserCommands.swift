import FazhiCore
import Fluent
import Vapor

/// `fazhi user create --role admin --username … --name … [--unit CODE] [--district CODE]`; the password comes from
/// `--password-stdin` or a prompt, so it never lands in the shell history.
struct UserCommands: AsyncCommandGroup {
    var help: String { "User accounts." }
    var commands: [String: any AnyAsyncCommand] { ["create": CreateCommand()] }

    struct CreateCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "username", help: "Login name (3–32 of a-z 0-9 - _ .).") var username: String?
            @Option(name: "name", help: "Display name (姓名).") var name: String?
            @Option(name: "role", help: "admin | office | assessor | liaison | head | leader | city") var role: String?
            @Option(name: "unit", help: "Unit code, for liaison and head.") var unit: String?
            @Option(name: "district", help: "District code (fazhi district list); needed when there are several districts.")
            var district: String?
            @Flag(name: "password-stdin", help: "Read the password from the first line of standard input.") var passwordStdin: Bool
        }

        var help: String { "Creates a user (the first administrator of a production install, for example)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.autoMigrate()
            guard let username = signature.username, let role = signature.role else {
                throw CommandFailure("需要 --username 与 --role(可选角色:\(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            var unitID = ""
            var district: UUID?
            if let code = signature.district { district = try await Districts.named(code, on: app.db) }
            if let code = signature.unit {
                guard let unit = try await OrgNode.query(on: app.db).filter(\.$code == code).filter(\.$kind == .unit).first() else {
                    throw CommandFailure("单位编码“\(code)”不存在")
                }
                if let district, unit.$parent.id != district { throw CommandFailure("单位“\(code)”不属于该区") }
                unitID = try unit.requireID().uuidString
                district = unit.$parent.id
            }
            if district == nil, Role(rawValue: role)?.worksForCity == false { district = try await Districts.named(nil, on: app.db) }
            let password =
                signature.passwordStdin
                ? (readLine(strippingNewline: true) ?? "")
                : context.console.ask("为 \(username) 设置密码(至少 10 位,含字母和数字):", isSecure: true)
            let input = UserService.Input(
                username: username, displayName: signature.name ?? username, role: role,
                unitID: unitID, district: district, password: password, isActive: true)
            do {
                let user = try await UserService.create(
                    input, actor: .system("cli"), cost: app.fazhi.bcryptCost,
                    on: app.db, now: app.clock.now())
                print("已创建用户 \(user.username)(\(user.role.label))。")
            } catch {
                throw CommandFailure(error)
            }
        }
    }
}
