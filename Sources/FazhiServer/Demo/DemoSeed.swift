import FazhiCore
import Fluent
import SQLKit
import Vapor

/// 演示数据: the seed plan's district for the current year, its tasks and demo accounts.
/// Runs only in demo mode and only on an empty database.
enum DemoSeed {
    static let password = "fazhi-demo-2026"
    static let actor = AuditActor.system("demo-seed")

    /// The demo accounts besides the per-unit ones: username, display name, role.
    static let staff: [(String, String, Role)] = [
        ("admin", "区法治办管理员", .admin),
        ("office", "区法治办工作人员", .office),
        ("assessor", "考评员(第三方)", .assessor),
        ("leader", "区领导", .leader),
    ]

    static func seedIfEmpty(_ app: Application) async throws -> Bool {
        guard app.fazhi.mode == .demo, try await User.query(on: app.db).count() == 0 else { return false }
        try await seed(app, resources: app.directory.resourcesDirectory)
        return true
    }

    static func loadPlanFile(resources: String) throws -> PlanDocument {
        let url = URL(fileURLWithPath: resources).appendingPathComponent("Seed/demo-plan.json")
        return try JSONDecoder().decode(PlanDocument.self, from: Data(contentsOf: url))
    }

    /// - Parameter registers: also the statutory registers' history (a year of 依申请公开 requests);
    ///   tests that do not read the registers leave it out to stay fast.
    static func seed(_ app: Application, resources: String, registers: Bool = true) async throws {
        let now = app.clock.now()
        let today = LocalDate.today(at: now)
        var document = try loadPlanFile(resources: resources)
        if document.year != today.year { document = document.copied(to: today.year, keepingProgress: true) }
        let db = app.db
        let city = OrgNode(parentID: nil, code: "city", name: "某市", kind: .city, categoryCode: nil, sort: 0)
        try await city.create(on: db)
        let plan = try await PlanService.importDocument(document, actor: actor, on: db, now: now)
        let refs = try await TaskService.refs(for: plan, on: db)

        // One bcrypt hash serves every demo account: they share the published demo password.
        let hash = try await Passwords.hash(password, cost: app.fazhi.bcryptCost)
        var accounts = staff.map {
            User(username: $0.0, displayName: $0.1, role: $0.2, unitID: nil, districtID: plan.$district.id, passwordHash: hash)
        }
        for unit in refs.units {
            accounts.append(
                User(
                    username: "\(unit.code)-liaison", displayName: "\(unit.name)联络员", role: .liaison,
                    unitID: unit.id, passwordHash: hash))
            accounts.append(
                User(
                    username: "\(unit.code)-head", displayName: "\(unit.name)负责人", role: .head,
                    unitID: unit.id, passwordHash: hash))
        }
        let allAccounts = accounts
        try await db.writeTransaction { tx in
            for user in allAccounts {
                try await user.create(on: tx)
                try await AuditService.record(
                    on: tx, actor: actor, action: .create, entityType: .user,
                    entityID: user.requireID().uuidString, after: UserService.snapshot(user), at: now)
            }
        }
        try await addProgressNotes(plan: plan, refs: refs, accounts: accounts, on: db, now: now)
        try await IndicatorService.seedDemo(app, district: plan.$district.id)
        try await AssessmentDemo.seed(app, district: plan.$district.id)
        try await SupervisionDemo.seed(app)
        for module in RegisterModules.all { try await module.seedDemo(app, history: registers) }
        // The seeding's events (a system actor's, which only the city's log shows) are the demo
        // district's history: its log shows them.
        try await db.sql().raw("UPDATE audit_events SET district_id = \(bind: plan.$district.id) WHERE district_id IS NULL").run()
        // The demo city: two more districts and the city's assessment of all three (its events are the city's).
        try await CityAssessmentDemo.seed(app, plan: document, hash: hash)
    }

    /// A progress note from the lead unit's liaison on every task that has progress.
    private static func addProgressNotes(
        plan: Plan, refs: TaskService.PlanRefs, accounts: [User], on db: any Database,
        now: Date
    ) async throws {
        let liaisons = Dictionary(
            accounts.filter { $0.role == .liaison }.compactMap { user in user.$unit.id.map { ($0, user) } }, uniquingKeysWith: { a, _ in a })
        let tasks = try await TaskService.tasks(of: plan, refs: refs, scope: .all, on: db)
        try await db.writeTransaction { tx in
            for task in tasks where task.progress > 0 {
                guard let author = liaisons[task.$leadUnit.id] else { continue }
                let note = ProgressNote()
                note.$task.id = try task.requireID()
                note.$author.id = author.id
                note.authorName = "\(author.displayName)(\(refs.unitName(task.$leadUnit.id)))"
                note.progress = task.progress
                note.text =
                    task.completedOn != nil
                    ? "任务已完成,\(task.deliverable)已报送区法治办备案。"
                    : "已完成阶段性工作,正按计划推进,当前完成约 \(task.progress)%。"
                note.createdAt = task.completedOn.map(noonInShanghai) ?? now.addingTimeInterval(-86_400 * 7)
                try await note.create(on: tx)
            }
        }
    }

    static func noonInShanghai(_ date: LocalDate) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = LocalDate.legalTimeZone
        return calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12))!
    }
}
