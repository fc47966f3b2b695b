import FazhiCore
import Fluent
import Vapor

/// 历史申请导入: all rows or none. Rows are checked in FazhiCore (every bad row with its number),
/// then against the register (numbers already taken), then written in one transaction with one
/// audit event naming the file and the numbers.
enum GOIImportService {
    static func run(
        _ rows: [[String]], source: String, actor: AuditActor, engine: DeadlineEngine, rule: DeadlineRule, today: LocalDate,
        on db: any Database, now: Date
    ) async throws -> Int {
        let units = try await OrgNode.units(in: actor.units, on: db)
        var byKey: [String: UUID] = [:]
        for u in units { byKey[u.name] = try u.requireID(); byKey[u.code] = try u.requireID() }
        let parsed = try GOIImport.parse(rows, knownUnits: Set(byKey.keys), today: today)
        let given = parsed.compactMap(\.number)
        var taken: [String] = []
        for chunk in stride(from: 0, to: given.count, by: 500) {
            let slice = Array(given[chunk..<min(given.count, chunk + 500)])
            taken += try await GOIRequest.query(on: db).filter(\.$number ~~ slice).all().map(\.number)
        }
        if !taken.isEmpty {
            let lines = parsed.filter { taken.contains($0.number ?? "") }.map { "第 \($0.line) 行:申请编号“\($0.number ?? "")”已在登记簿中" }
            throw ValidationFailure(lines.map { FieldError("file", $0) })
        }
        let finalRows = parsed, unitIDs = byKey
        return try await db.writeTransaction { tx in
            var models: [GOIRequest] = []
            for row in finalRows {
                let r = GOIRequest()
                if let n = row.number {
                    r.number = n
                } else {
                    // Each from the year's sequence, so a public application arriving meanwhile cannot take the same number.
                    r.number = try await GOIService.nextNumber(year: row.receivedOn.year, on: tx)
                }
                r.verifyHash = Tokens.sha256Hex(GOIService.verificationCode())
                guard let unitID = unitIDs[row.unitKey] else {
                    throw ValidationFailure([FieldError("file", "第 \(row.line) 行:承办单位“\(row.unitKey)”不存在")])
                }
                r.$unit.id = unitID
                r.channel = row.channel
                r.source = "import"
                r.submittedAt = DemoSeed.noonInShanghai(row.receivedOn)
                r.receivedOn = row.receivedOn
                r.applicantType = row.applicantType
                r.applicantName = row.applicant
                r.applicantIDNumber = ""; r.applicantContact = ""; r.applicantPhone = ""; r.applicantEmail = ""; r.applicantAddress = ""
                r.content = row.content
                r.purpose = ""
                r.delivery = .post
                r.extensionDays = row.extensionDays
                if row.extensionDays > 0 { r.extensionApprover = "(历史数据导入)"; r.extensionReason = "(历史数据导入)" }
                r.closedOn = row.closedOn
                r.replyType = row.replyType
                r.ground = row.replyType == .withheld ? row.ground : nil
                r.grounds = row.ground?.rawValue ?? ""
                r.feeMethod = .none
                r.feeQuantity = 0
                r.feeAmount = row.fee
                // A historical fee was collected with the answer (the notice's dates are not in the layout).
                r.feePaidOn = row.fee > 0 ? (row.closedOn ?? row.receivedOn) : nil
                r.createdBy = actor.name
                r.version = 1
                r.$consultations.value = []
                // Dates outside the loaded calendar keep no due date rather than a guessed one.
                r.dueOn = (try? GOIService.clock(r, today: today, engine: engine, rule: rule))?.due
                models.append(r)
            }
            // One INSERT per 100 rows: a historical register of tens of thousands loads in seconds.
            for start in stride(from: 0, to: models.count, by: 100) {
                try await Array(models[start..<min(models.count, start + 100)]).create(on: tx)
            }
            let numbers = models.map(\.number)
            try await AuditService.record(
                on: tx, actor: actor, action: .import, entityType: .goiRequest, entityID: source,
                after: ["count": String(numbers.count), "numbers": numbers.joined(separator: ",")], at: now)
            return numbers.count
        }
    }
}
