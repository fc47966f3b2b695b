import FazhiCore
import Fluent
import Foundation

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
