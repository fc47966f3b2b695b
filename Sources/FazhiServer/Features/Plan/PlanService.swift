import FazhiCore
import Fluent
import Vapor

/// Plans: import and export as plan files, year rollover, and lookups.
enum PlanService {
    /// The plan of `year`, or when nil the plan of the current year, else the latest one.
    /// The district's plan for `year`; without a year, this year's or else its latest.
    static func plan(year: Int?, today: LocalDate, district: UUID, on db: any Database) async throws -> Plan? {
        let plans = { Plan.query(on: db).filter(\.$district.$id == district) }
        if let year { return try await plans().filter(\.$year == year).first() }
        if let current = try await plans().filter(\.$year == today.year).first() { return current }
        return try await plans().sort(\.$year, .descending).first()
    }

    static func years(district: UUID, on db: any Database) async throws -> [Int] {
        try await Plan.query(on: db).filter(\.$district.$id == district).sort(\.$year, .descending).all().map(\.year)
    }

    static func requirePlan(year: Int, district: UUID, on db: any Database) async throws -> Plan {
        guard LocalDate.plausibleYears.contains(year), let newYear = LocalDate(year: year, month: 1, day: 1),
            let plan = try await plan(year: year, today: newYear, district: district, on: db), plan.year == year
        else {
            throw AppError.notFound("\(year) 年度方案")
        }
        return plan
    }

    /// The plan as a plan file, tasks included with their state.
    static func export(year: Int, district: UUID, on db: any Database) async throws -> PlanDocument {
        let plan = try await requirePlan(year: year, district: district, on: db)
        let refs = try await TaskService.refs(for: plan, on: db)
        let district = try await OrgNode.find(plan.$district.id, on: db)
        let usedCategories = Set(refs.units.compactMap(\.categoryCode))
        let categories = try await UnitCategory.query(on: db).sort(\.$sort).all().filter { usedCategories.contains($0.code) }
        let areas = try await WorkArea.query(on: db).filter(\.$plan.$id == plan.requireID()).sort(\.$sort).all()
        let areaCodes = Dictionary(uniqueKeysWithValues: try areas.map { (try $0.requireID(), $0.code) })
        let tasks = try await TaskService.tasks(of: plan, refs: refs, scope: .all, on: db)
        return PlanDocument(
            format: PlanDocument.currentFormat, year: plan.year, district: district?.name ?? "",
            title: plan.title, addressee: plan.addressee, preamble: plan.preamble, guidingThought: plan.guidingThought,
            basisDocuments: decodeList(plan.basisDocuments), unitsIntro: plan.unitsIntro, areasIntro: plan.areasIntro,
            closing: plan.closing,
            categories: categories.map { .init(code: $0.code, name: $0.name) },
            units: refs.units.map { .init(code: $0.code, name: $0.name, category: $0.categoryCode ?? "") },
            areas: areas.map { .init(code: $0.code, title: $0.title) },
            arrangements: refs.arrangements.map {
                .init(code: $0.code, title: $0.title, text: $0.text, area: $0.$area.id.flatMap { areaCodes[$0] })
            },
            tasks: tasks.map { TaskService.fileTask($0, refs: refs) })
    }

    /// Imports a plan file: everything or nothing. Units are matched by code and created when new.
    @discardableResult
    static func importDocument(_ doc: PlanDocument, actor: AuditActor, on db: any Database, now: Date) async throws -> Plan {
        try doc.validate()
        return try await db.writeTransaction { tx in
            let district = try await districtNode(named: doc.district, on: tx)
            if try await Plan.query(on: tx).filter(\.$district.$id == district.requireID()).filter(\.$year == doc.year).first() != nil {
                throw ValidationFailure([FieldError("year", "\(doc.district) \(doc.year) 年度方案已存在,不能重复导入")])
            }
            for (i, c) in doc.categories.enumerated() where try await UnitCategory.query(on: tx).filter(\.$code == c.code).first() == nil {
                try await UnitCategory(code: c.code, name: c.name, sort: i).create(on: tx)
            }
            var errors: [FieldError] = []
            var units: [OrgNode] = []
            for (i, u) in doc.units.enumerated() {
                if let existing = try await OrgNode.query(on: tx).filter(\.$code == u.code).first() {
                    if existing.kind != .unit || existing.name != u.name {
                        errors.append(FieldError("units[\(i)].name", "单位编码“\(u.code)”已属于“\(existing.name)”,名称不一致"))
                    }
                    units.append(existing)
                } else {
                    let node = OrgNode(parentID: district.id, code: u.code, name: u.name, kind: .unit, categoryCode: u.category, sort: i)
                    try await node.create(on: tx)
                    units.append(node)
                }
            }
            if !errors.isEmpty { throw ValidationFailure(errors) }
            let plan = Plan()
            plan.$district.id = try district.requireID()
            plan.year = doc.year
            plan.title = doc.title.trimmed
            plan.addressee = doc.addressee
            plan.preamble = doc.preamble
            plan.guidingThought = doc.guidingThought
            plan.basisDocuments = try AuditService.json(doc.basisDocuments)
            plan.unitsIntro = doc.unitsIntro
            plan.areasIntro = doc.areasIntro
            plan.closing = doc.closing
            try await plan.create(on: tx)
            for (i, unit) in units.enumerated() { try await PlanUnit(planID: plan.requireID(), unitID: unit.requireID(), sort: i).create(on: tx) }
            var areaIDs: [String: UUID] = [:]
            for (i, a) in doc.areas.enumerated() {
                let area = WorkArea()
                area.$plan.id = try plan.requireID()
                area.code = a.code
                area.title = a.title
                area.sort = i
                try await area.create(on: tx)
                areaIDs[a.code] = area.id
            }
            for (i, a) in doc.arrangements.enumerated() {
                let arrangement = Arrangement()
                arrangement.$plan.id = try plan.requireID()
                arrangement.$area.id = a.area.flatMap { areaIDs[$0] }
                arrangement.code = a.code
                arrangement.title = a.title
                arrangement.text = a.text
                arrangement.sort = i
                try await arrangement.create(on: tx)
            }
            try await AuditService.record(
                on: tx, actor: actor, action: .import, entityType: .plan, entityID: plan.requireID().uuidString,
                after: ["year": "\(doc.year)", "title": doc.title, "tasks": "\(doc.tasks.count)"], at: now)
            let refs = try await TaskService.refs(for: plan, on: tx)
            for task in doc.tasks {
                try await TaskService.insert(task, refs: refs, actor: actor, on: tx, now: now)
            }
            return plan
        }
    }

    /// 跨年度复制: next year's plan from this year's, dates shifted, no progress.
    static func copy(from: Int, to: Int, district: UUID, actor: AuditActor, on db: any Database, now: Date) async throws -> Plan {
        let source = try await export(year: from, district: district, on: db)
        return try await importDocument(source.copied(to: to), actor: actor, on: db, now: now)
    }

    static func districtNode(named name: String, on db: any Database) async throws -> OrgNode {
        if let node = try await OrgNode.query(on: db).filter(\.$kind == .district).filter(\.$name == name).first() { return node }
        let city = try await OrgNode.query(on: db).filter(\.$kind == .city).first()
        let node = OrgNode(parentID: city?.id, code: "district-\(name)", name: name, kind: .district, categoryCode: nil, sort: 0)
        try await node.create(on: db)
        return node
    }

    static func decodeList(_ json: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }
}

extension Request {
    /// The plan of the request's district (`Request.district`) for `year`; without a year, this
    /// year's or else its latest.
    func districtPlan(year: Int?) async throws -> Plan? {
        try await PlanService.plan(year: year, today: clock.today, district: try await districtID(), on: db)
    }
}
