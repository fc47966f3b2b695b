import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 案卷评查: draws a reproducible sample of each unit's files closed in a year and records each
/// file's score. The seed is stored with the round and written to the audit trail.
enum CaseFileReviewService {
    /// Draws `perUnit` files of every unit of `district` with closed cases in `year`. A seed left
    /// empty is made here; either way it is recorded, so anyone can repeat the draw.
    static func draw(year: Int, perUnit text: String, seed seedText: String, district: UUID, _ ctx: StepContext, on db: any Database)
        async throws -> CaseFileReviewRound
    {
        var v = Validator()
        if !LocalDate.plausibleYears.contains(year) || year > ctx.today.year { v.add("year", "年度无效") }
        let perUnit = text.trimmed.isEmpty ? EnforcementConfig.active.fileReviewSample : Int(text.trimmed) ?? -1
        if !(1...100).contains(perUnit) { v.add("perUnit", "每个单位抽取的案卷数应为 1 到 100") }
        let given = seedText.trimmed.isEmpty ? nil : UInt64(seedText.trimmed)
        if !seedText.trimmed.isEmpty, given == nil { v.add("seed", "随机种子应为非负整数") }
        let seed = given ?? UInt64.random(in: 1...UInt64(UInt32.max) * 1000)
        try v.check()
        guard let first = LocalDate(year: year, month: 1, day: 1), let last = LocalDate(year: year, month: 12, day: 31) else {
            throw AppError.badRequest("年度无效", field: "year")
        }
        let units = try await OrgNode.query(on: db).filter(\.$kind == .unit).filter(\.$parent.$id == district).sort(\.$code).all()
        let round = CaseFileReviewRound()
        round.$district.id = district
        round.year = year
        round.title = "\(year) 年度行政执法案卷评查"
        round.seed = String(seed)
        round.perUnit = perUnit
        round.passMark = EnforcementConfig.active.fileReviewPassMark
        round.createdBy = ctx.actor.name
        round.createdAt = ctx.now
        try await db.writeTransaction { tx in
            var drawn: [String: [String]] = [:]
            try await round.create(on: tx)
            for unit in units {
                let unitID = try unit.requireID()
                let closed = EnforcementCase.query(on: tx).filter(\.$unit.$id == unitID).filter(\.$closedOn >= first).filter(\.$closedOn <= last)
                let n = try await closed.copy().count()
                guard n > 0 else { continue }
                for position in CaseFileReview.positions(population: n, count: perUnit, seed: CaseFileReview.unitSeed(seed, code: unit.code)) {
                    guard let c = try await closed.copy().sort(\.$number).range(position..<(position + 1)).first() else { continue }
                    let item = CaseFileReviewItem()
                    item.$round.id = try round.requireID()
                    item.$enforcementCase.id = try c.requireID()
                    item.unitID = unitID
                    item.passed = false
                    item.deductions = "[]"
                    try await item.create(on: tx)
                    drawn[unit.code, default: []].append(c.number)
                }
            }
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .fileReviewDraw, entityType: .enforcementCase, entityID: round.title,
                after: [
                    "seed": round.seed, "perUnit": String(perUnit), "year": String(year),
                    "drawn": drawn.keys.sorted().map { "\($0):\(drawn[$0, default: []].joined(separator: "、"))" }.joined(separator: ";"),
                ],
                at: ctx.now)
        }
        return round
    }

    /// 评分: deductions per checklist item with reasons; the score and pass follow.
    static func score(
        _ item: CaseFileReviewItem, round: CaseFileReviewRound, points: [String: String], reasons: [String: String], number: String,
        _ ctx: StepContext,
        on db: any Database
    ) async throws {
        let (score, deductions) = try CaseFileReview.score(points: points, reasons: reasons)
        let json = String(decoding: try JSONEncoder().encode(deductions), as: UTF8.self)
        try await db.writeTransaction { tx in
            item.score = score
            item.passed = score >= round.passMark
            item.deductions = json
            item.scoredBy = ctx.actor.name
            item.scoredOn = ctx.today
            try await item.update(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .fileReviewScore, entityType: .enforcementCase, entityID: number,
                after: ["score": String(score), "deductions": deductions.map { "\($0.key)-\($0.points):\($0.reason)" }.joined(separator: ";")],
                at: ctx.now)
        }
    }
}
