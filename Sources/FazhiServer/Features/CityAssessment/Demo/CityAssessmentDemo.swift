import FazhiCore
import Fluent
import Foundation
import Vapor

/// 演示市: the seed district and two generated districts of different size (东区 with twelve units,
/// 南区 with six, each running the seed plan for its units with its own completion), the city's
/// legal office account, last year's city cycle published and this year's under way.
enum CityAssessmentDemo {
    struct Generated {
        let code: String
        let name: String
        let units: Int
        /// Every `keepEvery`-th completed task stays completed; the others are still open.
        let keepEvery: Int
        /// Half-points the city takes off the first `short` manual leaves.
        let short: Int
    }

    static let generated = [
        Generated(code: "dq", name: "东区", units: 12, keepEvery: 1, short: 2),
        Generated(code: "nq", name: "南区", units: 6, keepEvery: 2, short: 5),
    ]

    static func seed(_ app: Application, plan document: PlanDocument, hash: String) async throws {
        let db = app.db, now = app.clock.now(), today = LocalDate.today(at: now), actor = DemoSeed.actor
        var accounts = [User(username: "city", displayName: "市法治办工作人员", role: .city, unitID: nil, passwordHash: hash)]
        for g in generated {
            let district = try await DistrictService.create(code: g.code, name: g.name, city: nil, actor: actor, on: db, now: now)
            try await PlanService.importDocument(Self.document(document, for: g), actor: actor, on: db, now: now)
            accounts.append(
                User(
                    username: "\(g.code)-office", displayName: "\(g.name)法治办", role: .office, unitID: nil, districtID: district.id, passwordHash: hash
                ))
            accounts.append(
                User(
                    username: "\(g.code)-leader", displayName: "\(g.name)领导", role: .leader, unitID: nil, districtID: district.id, passwordHash: hash)
            )
        }
        for user in accounts { try await user.create(on: db) }
        let resources = app.directory.resourcesDirectory
        let calendar = try await CalendarService.load(on: db)
        let engine = try await CalendarService.engine(on: db)
        let city = AuditActor.system("demo-city")

        // Last year: every district assessed, the results published.
        // (The seed runs today, so last year's windows close today: nothing is late.)
        let lastSetup = CityAssessment.Setup(year: today.year - 1, selfUntil: today, reviewUntil: today)
        let last = try await CityAssessment.create(lastSetup, actor: city, resources: resources, today: today, on: db, now: now)
        let districts = try await AssessmentService.units(of: last, on: db)
        for (i, district) in districts.enumerated() {
            try await selfAssess(last, district, slack: i, submit: true, calendar: calendar, today: today, on: db, now: now)
            try await score(last, district, short: i == 0 ? 0 : generated[min(i, generated.count) - 1].short, on: db, now: now)
        }
        try await ReviewService.release(last, actor: city, engine: engine, today: today, on: db, now: now)
        for district in districts {
            try await ReviewService.confirm(try await ReviewService.load(last, unit: district, on: db), actor: actor, today: today, on: db, now: now)
        }
        try await AssessmentService.freeze(last, actor: city, today: today, on: db, now: now)
        try await AssessmentService.publish(last, actor: city, on: db, now: now)

        // This year: the seed district submitted and scored, 东区 submitted, 南区 still filling in.
        let setup = CityAssessment.Setup(year: today.year, selfUntil: today.adding(days: 14), reviewUntil: today.adding(days: 30))
        let current = try await CityAssessment.create(setup, actor: city, resources: resources, today: today, on: db, now: now)
        for (i, district) in try await AssessmentService.units(of: current, on: db).enumerated() {
            try await selfAssess(current, district, slack: i, submit: i < 2, calendar: calendar, today: today, on: db, now: now)
            if i == 0 { try await score(current, district, short: 1, on: db, now: now) }
        }
    }

    /// The seed plan for a generated district: its first `units` units under new codes, the tasks
    /// they lead, and only every `keepEvery`-th completion kept.
    static func document(_ source: PlanDocument, for g: Generated) -> PlanDocument {
        var doc = source
        doc.district = g.name
        doc.title = source.title.replacingOccurrences(of: "某区", with: g.name)
        let kept = Array(source.units.prefix(g.units))
        let codes = Dictionary(uniqueKeysWithValues: kept.map { ($0.code, "\(g.code)-\($0.code)") })
        doc.units = kept.map {
            var u = $0; u.code = codes[$0.code] ?? $0.code; return u
        }
        doc.tasks = source.tasks.filter { codes[$0.leadUnit] != nil }.enumerated().map { i, task in
            var t = task
            t.leadUnit = codes[task.leadUnit] ?? task.leadUnit
            t.coUnits = task.coUnits.compactMap { codes[$0] }
            if t.completedOn != nil, i % g.keepEvery != 0 {
                t.completedOn = nil
                t.progress = min(t.progress ?? 0, 60)
            }
            return t
        }
        let used = Set(doc.units.map(\.category))
        doc.categories = source.categories.filter { used.contains($0.code) }
        return doc
    }

    /// The district office's self-scores: full points but for `slack` leaves half a point short.
    private static func selfAssess(
        _ cycle: AssessmentCycle, _ district: OrgNode, slack: Int, submit: Bool, calendar: WorkCalendar, today: LocalDate, on db: any Database,
        now: Date
    ) async throws {
        let work = try await ReviewService.load(cycle, unit: district, on: db)
        let manual = work.tree.leaves.filter { $0.metric == nil }
        let inputs = manual.enumerated().map { i, leaf in
            ReviewService.LeafInput(
                code: leaf.code, score: (i < slack ? Points(halves: max(leaf.points.halves - 1, 0)) : leaf.points).description,
                text: i < slack ? "部分工作尚在推进,已说明原因" : "已按要求完成,台账和文件齐备")
        }
        let actor = AuditActor.system("demo-\(district.code)")
        try await ReviewService.saveEntries(work, inputs: submit ? inputs : Array(inputs.prefix(3)), actor: actor, on: db, now: now)
        guard submit else { return }
        try await ReviewService.submit(
            try await ReviewService.load(cycle, unit: district, on: db), approved: true, actor: actor, calendar: calendar, today: today, on: db,
            now: now)
    }

    /// The city's scores: full marks but `short` half-points off the first manual leaves, with a reason.
    private static func score(_ cycle: AssessmentCycle, _ district: OrgNode, short: Int, on db: any Database, now: Date) async throws {
        let work = try await ReviewService.load(cycle, unit: district, on: db)
        var left = short
        let inputs = work.tree.leaves.filter { $0.metric == nil }.map { leaf in
            let off = min(left, leaf.points.halves)
            left -= off
            return ReviewService.LeafInput(
                code: leaf.code, score: Points(halves: leaf.points.halves - off).description, text: off > 0 ? "佐证材料不完整,核减相应分值" : "")
        }
        try await ReviewService.scoreDirectly(work, inputs: inputs, actor: .system("demo-city"), on: db, now: now)
    }
}
