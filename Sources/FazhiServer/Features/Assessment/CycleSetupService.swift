import FazhiCore
import Fluent
import Vapor

/// 考评设置: the cycle's windows, weights and grade schemes; assessor assignments; the
/// bonus/deduction ledger and the survey scores. Only open cycles change; every change is audited.
enum CycleSetupService {
    static func trees(_ cycle: AssessmentCycle, on db: any Database) async throws -> [String: IndicatorTree] {
        var trees: [String: IndicatorTree] = [:]
        for category in try await UnitCategory.query(on: db).all() {
            if let record = try await AssessmentService.tree(cycle, category: category.code, on: db) {
                trees[category.code] = try await IndicatorService.tree(record, on: db)
            }
        }
        return trees
    }

    static func save(_ cycle: AssessmentCycle, settings s: CycleSettings, actor: AuditActor, on db: any Database, now: Date) async throws {
        try ReviewService.requireOpen(cycle)
        if cycle.released, s.objectionWorkdays != cycle.objectionWorkdays {
            throw AppError.validation([FieldError("objectionWorkdays", "初步结果已发布,申诉期(\(cycle.objectionsFrom!) 至 \(cycle.objectionsUntil!))不能再改")])
        }
        let before = summary(cycle)
        cycle.selfFrom = s.selfFrom
        cycle.selfUntil = s.selfUntil
        cycle.reviewUntil = s.reviewUntil
        cycle.objectionWorkdays = s.objectionWorkdays
        cycle.deskWeight = s.deskWeight
        cycle.surveyWeight = s.surveyWeight
        cycle.blindMarking = s.blindMarking
        cycle.markThresholdHalves = s.markThreshold.halves
        cycle.lateHalvesPerDay = s.latePerWorkday.halves
        cycle.publishTotals = s.publishTotals
        cycle.tieBreakers = try AuditService.json(s.tieBreakers)
        cycle.gradeScheme = try AuditService.json(s.grades)
        let after = summary(cycle)
        try await db.writeTransaction { tx in
            try await cycle.update(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .configure, entityType: .assessmentCycle, entityID: "\(cycle.year)",
                before: before, after: after, at: now)
        }
    }

    static func summary(_ c: AssessmentCycle) -> [String: String] {
        [
            "self": "\(c.selfFrom)…\(c.selfUntil)", "review": c.reviewUntil.description, "objectionWorkdays": "\(c.objectionWorkdays)",
            "weights": "\(c.deskWeight)/\(c.surveyWeight)", "blind": "\(c.blindMarking) ±\(Points(halves: c.markThresholdHalves))",
            "latePerDay": Points(halves: c.lateHalvesPerDay).description, "publishTotals": "\(c.publishTotals)",
            "tieBreakers": c.tieBreakers, "grades": c.gradeScheme,
        ]
    }

    /// Replaces the assignments: `first`/`second` map a unit to an assessor (or none). An assessor
    /// is recused from their own unit; the two assessors of a unit must differ.
    static func assign(_ cycle: AssessmentCycle, first: [UUID: UUID], second: [UUID: UUID], actor: AuditActor, on db: any Database, now: Date)
        async throws
    {
        try ReviewService.requireOpen(cycle)
        let assessors = Dictionary(
            uniqueKeysWithValues: try await AssessmentService.assessorAccounts(of: cycle, on: db).map {
                (try $0.requireID(), $0)
            })
        let units = try await AssessmentService.units(of: cycle, on: db)
        var v = Validator()
        var rows: [(OrgNode, UUID, Int)] = []
        for unit in units {
            for (position, chosen) in [(1, first[try unit.requireID()]), (2, second[try unit.requireID()])] {
                guard let chosen else { continue }
                guard let user = assessors[chosen] else { v.add("assessor[\(unit.code)]", "\(unit.name):所选用户不是有效的考评员"); continue }
                if user.$unit.id == unit.id { v.add("assessor[\(unit.code)]", "\(unit.name):\(user.displayName) 是本单位人员,应当回避") }
                rows.append((unit, chosen, position))
            }
            if let a = first[try unit.requireID()], a == second[try unit.requireID()] { v.add("assessor[\(unit.code)]", "\(unit.name):两位考评员不能是同一人") }
            if first[try unit.requireID()] == nil, second[try unit.requireID()] != nil { v.add("assessor[\(unit.code)]", "\(unit.name):请先指定第一考评员") }
        }
        try v.check()
        let cycleID = try cycle.requireID()
        let existing = try await AssessorAssignment.query(on: db).filter(\.$cycle.$id == cycleID).all()
        let planned = rows
        try await db.writeTransaction { tx in
            try await AssessorAssignment.query(on: tx).filter(\.$cycle.$id == cycleID).delete()
            try await planned.map { unit, user, position in
                let a = AssessorAssignment()
                a.$cycle.id = cycleID
                a.$unit.id = try unit.requireID()
                a.$user.id = user
                a.position = position
                return a
            }.create(on: tx)
            func text(_ list: [(String, String, Int)]) -> [String] { list.map { "\($0.0):\($0.2)=\($0.1)" }.sorted() }
            let names = Dictionary(uniqueKeysWithValues: try units.map { (try $0.requireID(), $0.code) })
            try await AuditService.record(
                on: tx, actor: actor, action: .assignAssessors, entityType: .assessmentCycle, entityID: "\(cycle.year)",
                before: text(existing.map { (names[$0.$unit.id] ?? "", assessors[$0.$user.id]?.username ?? "", $0.position) }),
                after: text(planned.map { ($0.0.code, assessors[$0.1]?.username ?? "", $0.2) }), at: now)
        }
    }

    // MARK: ledger

    /// Adds a bonus/deduction item or a veto (`kind == "veto"`) for a unit.
    static func addItem(
        _ cycle: AssessmentCycle, unitID: UUID?, kind: String, points: String, reason: String, proof: String,
        actor: AuditActor, on db: any Database, now: Date
    ) async throws {
        try ReviewService.requireOpen(cycle)
        let types = try JSONDecoder().decode([AdjustmentType].self, from: Data(cycle.adjustmentTypes.utf8))
        var v = Validator()
        let unit = try await unitID.asyncMap { try await OrgNode.find($0, on: db) } ?? nil
        if unit == nil || unit?.kind != .unit { v.add("unit", "请选择单位") }
        let type = types.first { $0.code == kind }
        if type == nil && kind != "veto" { v.add("kind", "请选择加扣分类型") }
        var halves = 0
        if let type {
            if let p = Points(points), p > .zero {
                halves = p.halves
                if p > type.cap { v.add("points", "“\(type.name)”每个单位最多 \(type.cap) 分,单项不能超过") }
            } else {
                v.add("points", "分值应为大于 0 的 0.5 的整数倍")
            }
        }
        v.text(reason, field: "reason", label: "事由", max: 500)
        if type?.kind == .bonus || kind == "veto" { v.text(proof, field: "proof", label: "证明材料(文件名称或文号)", max: 200) }
        try v.check()
        let item = AssessmentExtra()
        item.$cycle.id = try cycle.requireID()
        item.$unit.id = try unit!.requireID()
        item.kind = kind
        item.value = halves
        item.reason = reason.trimmed
        item.proof = proof.trimmed.isEmpty ? nil : proof.trimmed
        try await db.writeTransaction { tx in
            try await item.create(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .addAdjustment, entityType: .assessmentCycle, entityID: "\(cycle.year)",
                after: [
                    "unit": unit!.code, "kind": kind, "points": Points(halves: item.value).description, "reason": item.reason,
                    "proof": item.proof ?? "",
                ], at: now)
        }
    }

    static func removeItem(_ cycle: AssessmentCycle, id: UUID, actor: AuditActor, on db: any Database, now: Date) async throws {
        try ReviewService.requireOpen(cycle)
        guard let item = try await AssessmentExtra.find(id, on: db), item.$cycle.id == cycle.id, item.kind != "survey" else {
            throw AppError.notFound("加扣分项")
        }
        try await db.writeTransaction { tx in
            try await item.delete(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .removeAdjustment, entityType: .assessmentCycle, entityID: "\(cycle.year)",
                before: ["kind": item.kind, "points": Points(halves: item.value).description, "reason": item.reason], at: now)
        }
    }

    /// Sets the survey scores of the units given (nil clears one); all or nothing.
    static func setSurveys(_ cycle: AssessmentCycle, scores: [UUID: Score?], source: String, actor: AuditActor, on db: any Database, now: Date)
        async throws
    {
        try ReviewService.requireOpen(cycle)
        let cycleID = try cycle.requireID()
        let existing = try await AssessmentExtra.query(on: db).filter(\.$cycle.$id == cycleID).filter(\.$kind == "survey").all()
        let units = Dictionary(
            uniqueKeysWithValues: try await AssessmentService.units(of: cycle, on: db).map { (try $0.requireID(), $0.code) })
        try await db.writeTransaction { tx in
            var changes: [String: String] = [:]
            for (unitID, score) in scores {
                let current = existing.first { $0.$unit.id == unitID }
                if current.map({ Int64($0.value) }) == score?.units { continue }
                if let current { try await current.delete(on: tx) }
                if let score {
                    let extra = AssessmentExtra()
                    extra.$cycle.id = cycleID
                    extra.$unit.id = unitID
                    extra.kind = "survey"
                    extra.value = Int(score.units)
                    extra.reason = source
                    try await extra.create(on: tx)
                }
                changes[units[unitID] ?? unitID.uuidString] = score?.text(places: 2) ?? "—"
            }
            guard !changes.isEmpty else { return }
            try await AuditService.record(
                on: tx, actor: actor, action: .setSurvey, entityType: .assessmentCycle, entityID: "\(cycle.year)",
                after: changes, at: now)
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
