import FazhiCore
import Fluent
import Vapor

/// 导入执法人员和历史案件: all rows or none. Rows are checked in FazhiCore (every bad row with its
/// number), then against the register (certificate numbers and case numbers already taken) and
/// the caller's units (a unit imports only its own), then written in one transaction with one
/// audit event naming the file.
enum EnforcementImportService {
    /// The units the caller may import for, by name and code.
    static func units(scope: RowScope, on db: any Database) async throws -> [String: UUID] {
        var byKey: [String: UUID] = [:]
        for u in try await OrgNode.query(on: db).filter(\.$kind == .unit).all() where scope.includes(u.id) {
            byKey[u.name] = try u.requireID()
            byKey[u.code] = try u.requireID()
        }
        return byKey
    }

    static func officers(_ rows: [[String]], source: String, scope: RowScope, _ ctx: StepContext, on db: any Database) async throws -> Int {
        let byKey = try await units(scope: scope, on: db)
        let parsed = try EnforcementImport.parseOfficers(rows, knownUnits: Set(byKey.keys), today: ctx.today)
        var taken: [String] = []
        let numbers = parsed.map(\.certificateNumber)
        for chunk in stride(from: 0, to: numbers.count, by: 500) {
            let slice = Array(numbers[chunk..<min(numbers.count, chunk + 500)])
            taken += try await EnforcementOfficer.query(on: db).filter(\.$certificateNumber ~~ slice).all().map(\.certificateNumber)
        }
        if !taken.isEmpty {
            throw ValidationFailure(
                parsed.filter { taken.contains($0.certificateNumber) }.map { FieldError("file", "第 \($0.line) 行:执法证号“\($0.certificateNumber)”已登记") })
        }
        let warnings = EnforcementConfig.active.certificateWarningDays
        return try await db.writeTransaction { tx in
            var models: [EnforcementOfficer] = []
            for row in parsed {
                guard let unitID = byKey[row.unitKey] else { throw ValidationFailure([FieldError("file", "第 \(row.line) 行:单位“\(row.unitKey)”不存在")]) }
                let o = EnforcementOfficer()
                o.$unit.id = unitID
                o.name = row.name
                o.certificateNumber = row.certificateNumber
                o.issuer = row.issuer
                o.certificateType = row.certificateType
                o.issuedOn = row.issuedOn
                o.setValidUntil(row.validUntil, warnings: warnings)
                o.status = row.status
                o.statusSince = row.status == .active ? nil : ctx.today
                o.legalQualified = row.legalQualified
                o.version = 1
                o.createdAt = ctx.now
                models.append(o)
            }
            for start in stride(from: 0, to: models.count, by: 100) {
                try await Array(models[start..<min(models.count, start + 100)]).create(on: tx)
            }
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .import, entityType: .enforcementOfficer, entityID: source,
                after: ["count": String(models.count), "numbers": models.map(\.certificateNumber).joined(separator: ",")], at: ctx.now)
            return models.count
        }
    }

    static func cases(_ rows: [[String]], source: String, scope: RowScope, _ ctx: StepContext, on db: any Database) async throws -> Int {
        let byKey = try await units(scope: scope, on: db)
        let parsed = try EnforcementImport.parseCases(rows, knownUnits: Set(byKey.keys), today: ctx.today)
        let given = parsed.compactMap(\.number)
        var taken: [String] = []
        for chunk in stride(from: 0, to: given.count, by: 500) {
            let slice = Array(given[chunk..<min(given.count, chunk + 500)])
            taken += try await EnforcementCase.query(on: db).filter(\.$number ~~ slice).all().map(\.number)
        }
        if !taken.isEmpty {
            throw ValidationFailure(
                parsed.filter { taken.contains($0.number ?? "") }.map { FieldError("file", "第 \($0.line) 行:案号“\($0.number ?? "")”已在登记簿中") })
        }
        return try await db.writeTransaction { tx in
            var models: [EnforcementCase] = []
            for row in parsed {
                guard let unitID = byKey[row.unitKey] else { throw ValidationFailure([FieldError("file", "第 \(row.line) 行:单位“\(row.unitKey)”不存在")]) }
                let c = EnforcementCase()
                if let number = row.number {
                    c.number = number
                } else {
                    c.number = try await EnforcementService.nextNumber(year: row.openedOn.year, on: tx)
                }
                c.$unit.id = unitID
                c.type = row.type
                c.title = row.title
                c.partyType = row.isPerson ? .person : .organization
                c.partyName = row.party
                c.source = "import"
                c.openedOn = row.openedOn
                c.reviewRequired = row.reviewRequired
                if let passed = row.reviewPassedOn {
                    c.reviewSubmittedOn = passed
                    c.reviewedOn = passed
                    c.reviewResult = .passed
                    c.reviewOpinion = "导入的历史案件"
                }
                // A historical file's notice and hearing are not in the layout: its penalty is taken
                // as noticed on the day it was decided, so no gate or clock is raised on it.
                c.noticeOn = row.type == .penalty ? row.decisionOn : nil
                c.hearingOffered = false
                c.extensionDays = 0
                c.decisionOn = row.decisionOn
                c.outcome = row.outcome.flatMap(EnforcementOutcome.init(rawValue:))
                c.decisionSummary = row.summary.isEmpty ? nil : row.summary
                c.fineCents = row.fineCents
                c.publishedOn = row.publishedOn
                c.closedOn = row.closedOn ?? (c.outcome == .terminated ? row.decisionOn : nil)
                c.createdBy = ctx.actor.name
                c.version = 1
                c.createdAt = ctx.now
                try? EnforcementService.refreshDue(c, today: ctx.today, engine: ctx.engine, rules: ctx.rules)
                models.append(c)
            }
            for start in stride(from: 0, to: models.count, by: 100) {
                try await Array(models[start..<min(models.count, start + 100)]).create(on: tx)
            }
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .import, entityType: .enforcementCase, entityID: source,
                after: ["count": String(models.count), "numbers": models.map(\.number).joined(separator: ",")], at: ctx.now)
            return models.count
        }
    }
}
