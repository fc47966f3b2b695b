import FazhiCore
import Fluent
import Vapor

/// 历史复议案件导入: all rows or none. Rows are checked in FazhiCore (every bad row with its number),
/// then against the register (numbers already taken), then written in one transaction with one
/// audit event naming the file and the numbers.
enum ReconsiderationImportService {
    static func run(_ rows: [[String]], source: String, _ ctx: StepContext, on db: any Database) async throws -> Int {
        let units = try await OrgNode.units(in: ctx.actor.units, on: db)
        var byKey: [String: UUID] = [:]
        for u in units {
            byKey[u.name] = try u.requireID()
            byKey[u.code] = try u.requireID()
        }
        let parsed = try ReconsiderationImport.parse(rows, knownUnits: Set(byKey.keys), today: ctx.today)
        let given = parsed.compactMap(\.number)
        var taken: [String] = []
        for chunk in stride(from: 0, to: given.count, by: 500) {
            let slice = Array(given[chunk..<min(given.count, chunk + 500)])
            taken += try await ReconsiderationCase.query(on: db).filter(\.$number ~~ slice).all().map(\.number)
        }
        if !taken.isEmpty {
            let lines = parsed.filter { taken.contains($0.number ?? "") }.map { "第 \($0.line) 行:案号“\($0.number ?? "")”已在登记簿中" }
            throw ValidationFailure(lines.map { FieldError("file", $0) })
        }
        let unitIDs = byKey
        return try await db.writeTransaction { tx in
            var models: [ReconsiderationCase] = []
            for row in parsed {
                guard let unitID = unitIDs[row.respondentKey] else {
                    throw ValidationFailure([FieldError("file", "第 \(row.line) 行:被申请人“\(row.respondentKey)”不存在")])
                }
                let c = ReconsiderationCase()
                if let number = row.number {
                    c.number = number
                } else {
                    c.number = try await ReconsiderationService.nextNumber(year: row.receivedOn.year, on: tx)
                }
                c.$unit.id = unitID
                c.applicantType = row.applicantType
                c.applicantName = row.applicant
                c.applicantIDNumber = ""
                c.applicantContact = ""
                c.category = row.category
                c.act = row.act
                c.claim = ""
                // The 2023 revision applies from 2024-01-01.
                c.lawVersion = row.receivedOn.year < 2024 ? "2017" : "2023"
                c.procedure = row.procedure
                c.source = "import"
                c.receivedOn = row.receivedOn
                c.acceptedOn = row.acceptedOn
                c.rejectedOn = row.rejectedOn
                c.closedOn = row.closedOn ?? row.rejectedOn
                c.decision = row.decision
                c.extensionDays = 0
                c.selfCorrected = false
                // A historical case's steps between acceptance and decision are not in the layout:
                // its copy and answer are taken as done, so no old case raises a respondent's alarm.
                if row.acceptedOn != nil, row.closedOn != nil {
                    c.copySentOn = row.acceptedOn
                    c.respondentReceivedOn = row.acceptedOn
                    c.answeredOn = row.acceptedOn
                }
                c.createdBy = ctx.actor.name
                c.version = 1
                c.$suspensions.value = []
                try? ReconsiderationService.refreshDue(c, today: ctx.today, engine: ctx.engine, rules: ctx.rules)
                models.append(c)
            }
            for start in stride(from: 0, to: models.count, by: 100) {
                try await Array(models[start..<min(models.count, start + 100)]).create(on: tx)
            }
            let numbers = models.map(\.number)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .import, entityType: .reconsiderationCase, entityID: source,
                after: ["count": String(numbers.count), "numbers": numbers.joined(separator: ",")], at: ctx.now)
            return numbers.count
        }
    }
}
