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

/// Creating districts (the organisation tree's second level).
enum DistrictService {
    @discardableResult
    static func create(code rawCode: String, name rawName: String, city cityName: String?, actor: AuditActor, on db: any Database, now: Date)
        async throws -> OrgNode
    {
        let code = rawCode.trimmed.lowercased(), name = rawName.trimmed
        var v = Validator()
        if !(2...32).contains(code.count) || !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }) {
            v.add("code", "区编码须为 2–32 位小写字母、数字或 - _")
        } else if try await OrgNode.query(on: db).filter(\.$code == code).first() != nil {
            v.add("code", "编码“\(code)”已被使用")
        }
        _ = v.text(name, field: "name", label: "区名称", max: 30)
        if try await OrgNode.query(on: db).filter(\.$kind == .district).filter(\.$name == name).first() != nil {
            v.add("name", "已有名为“\(name)”的区")
        }
        try v.check()
        return try await db.writeTransaction { tx in
            var city = try await OrgNode.query(on: tx).filter(\.$kind == .city).first()
            if city == nil {
                let made = OrgNode(
                    parentID: nil, code: "city", name: (cityName?.trimmed).flatMap { $0.isEmpty ? nil : $0 } ?? "某市", kind: .city, categoryCode: nil,
                    sort: 0)
                try await made.create(on: tx)
                city = made
            }
            let sort = (try await OrgNode.query(on: tx).filter(\.$kind == .district).max(\.$sort) ?? -1) + 1
            let node = OrgNode(parentID: city?.id, code: code, name: name, kind: .district, categoryCode: nil, sort: sort)
            try await node.create(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .create, entityType: .district, entityID: node.requireID().uuidString,
                after: ["code": code, "name": name, "kind": "district"], at: now)
            return node
        }
    }
}
