import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 学法用法: study plans, sessions with their attendees and hours, the yearly exam's results.
enum StudyService {
    typealias Context = StepContext

    struct PlanInput: Sendable {
        var year = "", staffCount = "", plannedSessions = "", content = ""
    }

    /// 学法计划: one per unit and year (saving again replaces it).
    static func savePlan(_ input: PlanInput, unit: OrgNode, _ ctx: Context, on db: any Database) async throws {
        var v = Validator()
        let year = Int(input.year.trimmed)
        if year == nil || !LocalDate.plausibleYears.contains(year ?? 0) { v.add("year", "年度无效") }
        let staff = Int(input.staffCount.trimmed)
        if staff == nil || !(1...100_000).contains(staff ?? 0) { v.add("staffCount", "应学人数应为 1 到 100000 的整数") }
        let planned = Int(input.plannedSessions.trimmed)
        if planned == nil || !(0...1000).contains(planned ?? -1) { v.add("plannedSessions", "计划学法次数应为 0 到 1000 的整数") }
        let content = v.text(input.content, field: "content", label: "计划内容", max: 5000)
        try v.check()
        guard let year, let staff, let planned else { return }
        let unitID = try unit.requireID()
        try await db.writeTransaction { tx in
            let plan = try await StudyPlan.query(on: tx).filter(\.$unit.$id == unitID).filter(\.$year == year).first() ?? StudyPlan()
            let before: [String: String]? =
                plan.id == nil ? nil : ["staffCount": String(plan.staffCount), "plannedSessions": String(plan.plannedSessions)]
            plan.$unit.id = unitID
            plan.year = year
            plan.staffCount = staff
            plan.plannedSessions = planned
            plan.content = content ?? ""
            plan.createdBy = ctx.actor.name
            plan.updatedAt = ctx.now
            try await plan.save(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: before == nil ? .create : .update, entityType: .studyPlan, entityID: "\(unit.name) \(year) 年度",
                before: before, after: ["staffCount": String(staff), "plannedSessions": String(planned)], at: ctx.now)
        }
    }

    struct SessionInput: Sendable {
        var kind = "", heldOn = "", topic = "", speaker = "", hours = "", attendees = ""
    }

    /// The attendee lines: one person per line, optionally `姓名 学时` when someone stayed for part of it.
    static func attendees(_ text: String, defaultTenths: Int) throws -> [(String, Int)] {
        var out: [(String, Int)] = []
        var seen = Set<String>()
        var errors: [String] = []
        for (n, raw) in text.split(whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "," }).map(String.init)
            var name = line, tenths = defaultTenths
            if parts.count == 2, let t = StudyHours.tenths(parts[1]) { name = parts[0]; tenths = min(t, defaultTenths) }
            if name.count > 50 { errors.append("第 \(n + 1) 行姓名超过 50 字") }
            if !seen.insert(name).inserted { errors.append("“\(name)”重复") }
            out.append((name, tenths))
        }
        if !errors.isEmpty { throw ValidationFailure([FieldError("attendees", "参学人员有误:" + errors.prefix(10).joined(separator: ";"))]) }
        if out.isEmpty { throw ValidationFailure([FieldError("attendees", "请填写参学人员,每行一人")]) }
        if out.count > 2000 { throw ValidationFailure([FieldError("attendees", "一次最多登记 2000 名参学人员")]) }
        return out
    }

    /// 学法活动: a session with its attendees, each credited the session's hours (or fewer).
    static func addSession(_ input: SessionInput, unit: OrgNode, _ ctx: Context, on db: any Database) async throws {
        var v = Validator()
        let kind = StudyKind(rawValue: input.kind)
        if kind == nil { v.add("kind", "请选择学法形式") }
        let topic = v.text(input.topic, field: "topic", label: "学习内容", max: 200)
        let speaker = v.text(input.speaker, field: "speaker", label: "授课人", max: 100)
        let tenths = StudyHours.tenths(input.hours)
        if tenths == nil { v.add("hours", "学时应为 0.5 到 100,最多一位小数") }
        var held: LocalDate?
        do { held = try ctx.date(input.heldOn, "heldOn", "学法日期") } catch let f as ValidationFailure {
            f.errors.forEach { v.add($0.field, $0.message) }
        }
        try v.check()
        guard let kind, let tenths, let held else { return }
        let people = try attendees(input.attendees, defaultTenths: tenths)
        let unitID = try unit.requireID()
        try await db.writeTransaction { tx in
            let s = StudySession()
            s.$unit.id = unitID
            s.kind = kind
            s.heldOn = held
            s.year = held.year
            s.topic = topic ?? ""
            s.speaker = speaker ?? ""
            s.hoursTenths = tenths
            s.attendeeCount = people.count
            s.createdBy = ctx.actor.name
            s.createdAt = ctx.now
            try await s.create(on: tx)
            let sessionID = try s.requireID()
            try await people.map { name, t in
                let a = StudyAttendance()
                a.$session.id = sessionID
                a.$unit.id = unitID
                a.year = held.year
                a.person = name
                a.hoursTenths = t
                return a
            }.create(on: tx)
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .create, entityType: .studySession, entityID: "\(held) \(s.topic)",
                after: ["kind": kind.rawValue, "hours": StudyHours.text(tenths), "attendees": String(people.count)], at: ctx.now)
        }
    }

    /// 年度学法考试: a year's results replace that year's earlier import, all or nothing.
    static func importExam(_ rows: [OversightImport.ExamRow], year: Int, _ ctx: Context, on db: any Database) async throws -> Int {
        let units = try await OrgNode.units(in: ctx.actor.units, on: db)
        let pass = OversightConfig.active.examPassMark
        let results = try rows.compactMap { row -> ExamResult? in
            guard let unit = units.first(where: { $0.code == row.unitKey || $0.name == row.unitKey }) else { return nil }
            let r = ExamResult()
            r.year = year
            r.$unit.id = try unit.requireID()
            r.person = row.name
            r.score = row.score
            r.passed = (row.score ?? -1) >= pass
            return r
        }
        return try await db.writeTransaction { tx in
            try await ExamResult.query(on: tx).filter(\.$year == year).delete()
            for chunk in stride(from: 0, to: results.count, by: 500) {
                try await Array(results[chunk..<min(chunk + 500, results.count)]).create(on: tx)
            }
            try await AuditService.record(
                on: tx, actor: ctx.actor, action: .examImport, entityType: .examResults, entityID: "\(year) 年度",
                after: ["rows": String(results.count), "passMark": String(pass)], at: ctx.now)
            return results.count
        }
    }
}
