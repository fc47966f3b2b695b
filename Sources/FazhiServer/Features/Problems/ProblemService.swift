import FazhiCore
import Fluent
import Vapor

/// 问题池: problems raised by the office, rectified by the unit, closed (销号) only by the office
/// after checking. Every change is audited in the same transaction.
enum ProblemService {
    static func find(_ id: UUID?, on db: any Database) async throws -> Problem {
        guard let id, let problem = try await Problem.query(on: db).filter(\.$id == id).with(\.$measures).with(\.$unit).first() else {
            throw AppError.notFound("问题")
        }
        return problem
    }

    static func snapshot(_ p: Problem) -> [String: String] {
        [
            "number": p.number, "status": p.status.rawValue, "title": p.title,
            "measures": p.$measures.value.map {
                // One line per measure: what, by when, and when it was done.
                $0.sorted { $0.sort < $1.sort }.map { m in
                    "\(m.text)(期限 \(m.due)" + (m.doneOn.map { ",\($0) 完成)" } ?? ",未完成)")
                }.joined(separator: ";")
            } ?? "",
        ]
    }

    /// `once`: the form's one-time token; the same form sent again returns the problem it created.
    static func create(_ input: ProblemInput, actor: AuditActor, once: String? = nil, on db: any Database, now: Date) async throws -> Problem {
        let units = try await OrgNode.units(in: actor.units, on: db)
        let checked = try input.check(knownUnits: Set(units.map(\.code)))
        guard let unit = units.first(where: { $0.code == input.unitCode }) else {
            throw AppError.badRequest("责任单位“\(input.unitCode)”不存在", field: "unit")
        }
        return try await db.writeTransaction { tx in
            if let once, let earlier = try await FormOnce.claim(once, kind: "problem", on: tx, now: now) {
                guard let id = UUID(uuidString: earlier), let problem = try await Problem.find(id, on: tx) else {
                    throw AppError.conflict("表单已提交过,请到问题池查看")
                }
                return problem
            }
            let year = checked.raisedOn.year
            let count = try await Problem.query(on: tx).filter(\.$number >= ProblemRules.number(year: year, sequence: 0))
                .filter(\.$number <= ProblemRules.number(year: year, sequence: 999)).count()
            let sequence = try await NumberSequence.next("problem/\(year)", floor: count, on: tx)
            let problem = Problem()
            problem.number = ProblemRules.number(year: year, sequence: sequence)
            problem.$unit.id = try unit.requireID()
            problem.source = checked.source
            problem.title = input.title.trimmed
            problem.description = input.description.trimmed
            problem.raisedOn = checked.raisedOn
            problem.status = .open
            problem.createdBy = actor.name
            problem.version = 1
            try await problem.create(on: tx)
            let measures = try checked.measures.enumerated().map { i, m in
                let measure = ProblemMeasure()
                measure.$problem.id = try problem.requireID()
                measure.sort = i
                measure.text = m.text
                measure.due = m.due
                return measure
            }
            try await measures.create(on: tx)
            problem.$measures.value = measures
            try await AuditService.record(
                on: tx, actor: actor, action: .create, entityType: .problem, entityID: problem.number,
                after: snapshot(problem), at: now)
            if let once { try await FormOnce.record(once, result: try problem.requireID().uuidString, on: tx) }
            return problem
        }
    }

    /// The unit marks a measure done (with what was done) or not yet done; not once reported or closed.
    static func setMeasure(
        _ problem: Problem, measureID: UUID, done: Bool, note: String, actor: AuditActor, today: LocalDate,
        on db: any Database, now: Date
    ) async throws {
        guard problem.status == .open else {
            throw AppError.conflict(problem.status == .closed ? "问题已销号,不能再修改" : "已报整改完成,等待法治办核查;如需修改请联系法治办退回")
        }
        guard let measure = problem.measures.first(where: { $0.id == measureID }) else { throw AppError.notFound("整改措施") }
        var v = Validator()
        if done { v.text(note, field: "note", label: "完成情况", max: 500) }
        try v.check()
        let before = snapshot(problem)
        try await db.writeTransaction { tx in
            measure.doneOn = done ? today : nil
            measure.note = done ? note.trimmed : nil
            try await measure.update(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: done ? .measureDone : .measureUndone, entityType: .problem,
                entityID: problem.number, before: before, after: snapshot(problem), at: now)
        }
    }

    static func addFile(
        _ problem: Problem, file incoming: AttachmentService.Incoming, actor: AuditActor, store: FileStore, maxBytes: Int,
        once: String? = nil, on db: any Database, now: Date
    ) async throws {
        guard problem.status == .open else { throw AppError.conflict("只有整改中的问题可以上传整改材料") }
        let file = try AttachmentService.accept(incoming, maxBytes: maxBytes, into: store)
        let problemID = try problem.requireID()
        try await db.writeTransaction { tx in
            // The same form sent again (a double click, a retry) stores the file once.
            if let once, try await FormOnce.claim(once, kind: "problem_file", on: tx, now: now) != nil { return }
            let attachment = try await AttachmentService.attach(file, to: .problem, id: problemID, by: actor.name, at: now, on: tx)
            if let once { try await FormOnce.record(once, result: try attachment.requireID().uuidString, on: tx) }
            try await AuditService.record(
                on: tx, actor: actor, action: .uploadEvidence, entityType: .problem, entityID: problem.number,
                after: ["file": file.filename, "sha256": file.sha256], at: now)
        }
    }

    /// 报整改完成: every measure done and at least one file of proof.
    static func report(_ problem: Problem, note: String, actor: AuditActor, on db: any Database, now: Date) async throws {
        guard problem.status == .open else { throw AppError.conflict("该问题不在整改中") }
        var v = Validator()
        let pending = problem.measures.filter { $0.doneOn == nil }
        if !pending.isEmpty { v.add("measures", "还有 \(pending.count) 条整改措施未完成:" + pending.map(\.text).joined(separator: ";")) }
        let files = try await AttachmentService.count(of: .problem, id: problem.requireID(), on: db)
        if files == 0 { v.add("file", "请先上传整改佐证材料") }
        v.text(note, field: "note", label: "整改情况说明", max: 2000)
        try v.check()
        try await db.writeTransaction { tx in
            problem.status = .reported
            problem.reportedAt = now
            problem.reportNote = note.trimmed
            problem.version += 1
            try await problem.update(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .report, entityType: .problem, entityID: problem.number,
                after: ["status": "reported", "note": problem.reportNote ?? ""], at: now)
        }
    }

    /// 销号 (close after checking a reported problem) or 退回/重新打开 (reopen), always with a note.
    static func decide(_ problem: Problem, close: Bool, note: String, actor: AuditActor, on db: any Database, now: Date) async throws {
        if close, problem.status != .reported {
            throw AppError.conflict(problem.status == .closed ? "问题已销号" : "单位尚未报整改完成,不能销号")
        }
        if !close, problem.status == .open { throw AppError.conflict("问题仍在整改中,无需退回") }
        var v = Validator()
        v.text(note, field: "officeNote", label: close ? "核查意见" : "退回理由", max: 1000)
        try v.check()
        let before = problem.status.rawValue
        try await db.writeTransaction { tx in
            problem.status = close ? .closed : .open
            problem.closedAt = close ? now : nil
            problem.closedBy = close ? actor.name : nil
            problem.officeNote = note.trimmed
            problem.version += 1
            if !close {
                // Reopened: the unit reports again; the measures stay as they were.
                problem.reportedAt = nil
            }
            try await problem.update(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: close ? .close : .reopen, entityType: .problem, entityID: problem.number,
                before: ["status": before], after: ["status": problem.status.rawValue, "note": problem.officeNote ?? ""], at: now)
        }
    }
}
