import FazhiCore
import Fluent
import Vapor

/// `fazhi district create --code CODE --name 名称 [--city 名称]`: a district under the city, for a new
/// district joining a city deployment. Its units come with its first plan (`fazhi plan import`), its
/// accounts with `fazhi user create --district CODE`.
struct DistrictCommands: AsyncCommandGroup {
    var help: String { "Districts of the city (区)." }
    var commands: [String: any AnyAsyncCommand] { ["create": CreateCommand(), "list": ListCommand()] }

    struct CreateCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "code", help: "District code (2–32 of a-z 0-9 - _).") var code: String?
            @Option(name: "name", help: "District name, e.g. 某区.") var name: String?
            @Option(name: "city", help: "The city's name when the tree has no city yet (default 某市).") var city: String?
        }

        var help: String { "Creates a district under the city." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.autoMigrate()
            let node: OrgNode
            do {
                node = try await DistrictService.create(
                    code: signature.code ?? "", name: signature.name ?? "", city: signature.city, actor: .system("cli"), on: app.db,
                    now: app.clock.now())
            } catch {
                throw CommandFailure(error)
            }
            print("已创建区 \(node.name)(编码 \(node.code))。")
        }
    }

    struct ListCommand: AsyncCommand {
        struct Signature: CommandSignature {}

        var help: String { "Lists the districts with their number of units and accounts." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.autoMigrate()
            for district in try await OrgNode.query(on: app.db).filter(\.$kind == .district).sort(\.$sort).sort(\.$code).all() {
                let id = try district.requireID()
                let units = try await OrgNode.query(on: app.db).filter(\.$parent.$id == id).filter(\.$kind == .unit).count()
                let accounts = try await User.query(on: app.db).filter(\.$district.$id == id).count()
                print("\(district.code)\t\(district.name)\t\(units) 个单位\t\(accounts) 个区级账户")
            }
        }
    }
}
