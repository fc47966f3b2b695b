import FazhiCore
import Fluent
import Foundation
import Vapor

/// 市对区考评 the city's assessment of its districts, run by the same engine as a district's
/// assessment of its units: the cycle belongs to the city node, its "units" are the districts (the
/// city's children), its one category is `district`, and a bound leaf's value for a district is
/// its register's district figure or the sum over its units (`MetricValues.districtValue`). The
/// district's office self-assesses (and its submission stands approved: no unit head signs for a
/// district); the city's legal office scores, releases, decides objections, freezes and publishes.
enum CityAssessment {
    /// The one category of the city's tree and cycle: 各区.
    static let category = "district"
    static let categoryName = "各区"

    /// The bonus and deduction types of a city cycle (caps in points).
    static let adjustmentTypes = [
        AdjustmentType(code: "honour", name: "获国家或省级法治建设表彰", kind: .bonus, cap: Points(3)),
        AdjustmentType(code: "incident", name: "发生造成恶劣影响的违法行政事件", kind: .deduction, cap: Points(5)),
        AdjustmentType(code: "late", name: "自评逾期提交", kind: .deduction, cap: Points(2)),
    ]

    static func isCity(node: UUID, on db: any Database) async throws -> Bool {
        try await OrgNode.query(on: db).filter(\.$id == node).filter(\.$kind == .city).count() > 0
    }

    /// Whether the cycle is the city's (its node is the city), not a district's.
    static func isCity(_ cycle: AssessmentCycle, on db: any Database) async throws -> Bool {
        try await isCity(node: cycle.$district.id, on: db)
    }

    static func city(on db: any Database) async throws -> OrgNode {
        guard let city = try await OrgNode.query(on: db).filter(\.$kind == .city).first() else {
            throw AppError.notFound("市(组织机构中还没有市:先用 fazhi district create 创建区)")
        }
        return city
    }

    /// The city's cycles, newest first.
    static func cycles(on db: any Database) async throws -> [AssessmentCycle] {
        let city = try await city(on: db)
        return try await AssessmentCycle.query(on: db).filter(\.$district.$id == city.requireID()).sort(\.$year, .descending).all()
    }

    static func find(year: Int, on db: any Database) async throws -> AssessmentCycle {
        try await AssessmentService.find(year: year, district: try await city(on: db).requireID(), on: db)
    }

    /// The standard tree (Resources/Assessment/city-districts.json) for a year.
    static func standardTree(year: Int, resources: String) throws -> IndicatorTree {
        let data = try Data(contentsOf: URL(fileURLWithPath: resources + "Assessment/city-districts.json"))
        var tree = try JSONDecoder().decode(IndicatorTree.self, from: data)
        tree.year = year
        return tree
    }

    /// What the city fills in to start a year's cycle.
    struct Setup {
        var year: Int
        var selfUntil: LocalDate
        var reviewUntil: LocalDate

        /// Reads the form: the year (last year, this year or next), the self-assessment deadline (not
        /// before today) and the review deadline (not before the self-assessment's).
        static func parse(year: String?, selfUntil: String?, reviewUntil: String?, today: LocalDate) throws -> Setup {
            var v = Validator()
            let y = Int((year ?? "").trimmed)
            if y == nil || !((today.year - 1)...(today.year + 1)).contains(y ?? 0) {
                v.add("year", "考评年度应为 \(today.year - 1) 至 \(today.year + 1) 年之一")
            }
            let s = LocalDate((selfUntil ?? "").trimmed), r = LocalDate((reviewUntil ?? "").trimmed)
            if let s { if s < today { v.add("selfUntil", "自评截止日不能早于今天(\(today))") } } else { v.add("selfUntil", "请填写自评截止日(YYYY-MM-DD)") }
            if let r { if let s, r < s { v.add("reviewUntil", "审核截止日不能早于自评截止日") } } else { v.add("reviewUntil", "请填写审核截止日(YYYY-MM-DD)") }
            try v.check()
            guard let y, let s, let r else { throw AppError.badRequest("考评设置无效") }
            return Setup(year: y, selfUntil: s, reviewUntil: r)
        }
    }

    /// 发起: the year's cycle over every district. Its tree is the city's tree of that year, else last
    /// year's copied, else the standard tree; the grades are the standard bands, weights all desk.
    static func create(_ setup: Setup, actor: AuditActor, resources: String, today: LocalDate, on db: any Database, now: Date) async throws
        -> AssessmentCycle
    {
        let city = try await city(on: db)
        let cityID = try city.requireID()
        if try await AssessmentCycle.query(on: db).filter(\.$district.$id == cityID).filter(\.$year == setup.year).count() > 0 {
            throw AppError.conflict("\(setup.year) 年市对区考评已经发起")
        }
        guard try await OrgNode.query(on: db).filter(\.$parent.$id == cityID).filter(\.$kind == .district).count() > 0 else {
            throw AppError.conflict("市下还没有区,不能发起考评")
        }
        if try await IndicatorService.find(year: setup.year, category: category, district: cityID, on: db) == nil {
            if try await IndicatorService.find(year: setup.year - 1, category: category, district: cityID, on: db) != nil {
                try await IndicatorService.copy(
                    year: setup.year - 1, to: setup.year, category: category, district: cityID, actor: actor, on: db, now: now)
            } else {
                try await IndicatorService.save(
                    try standardTree(year: setup.year, resources: resources), district: cityID, action: .import, actor: actor, on: db, now: now)
            }
        }
        let cycle = AssessmentCycle()
        cycle.$district.id = cityID
        cycle.year = setup.year
        cycle.status = .open
        cycle.deskWeight = 100
        cycle.surveyWeight = 0
        cycle.gradeScheme = try AuditService.json([category: GradeScheme.standard])
        cycle.tieBreakers = try AuditService.json(["1", "2"])
        cycle.adjustmentTypes = try AuditService.json(adjustmentTypes)
        cycle.publishTotals = true
        cycle.selfFrom = min(today, setup.selfUntil)
        cycle.selfUntil = setup.selfUntil
        cycle.reviewUntil = setup.reviewUntil
        cycle.objectionWorkdays = 5
        cycle.blindMarking = false
        cycle.markThresholdHalves = 2
        cycle.lateHalvesPerDay = 1
        try await db.writeTransaction { tx in
            try await cycle.create(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .create, entityType: .assessmentCycle, entityID: "\(city.code)/\(setup.year)",
                after: ["self": "\(cycle.selfFrom)…\(cycle.selfUntil)", "review": cycle.reviewUntil.description], at: now)
        }
        return cycle
    }
}

extension OrgNode {
    /// The category a cycle assesses the node in: a unit's own category; `district` for a district in
    /// the city's cycle.
    var assessedCategory: String { kind == .district ? CityAssessment.category : categoryCode ?? "" }
}
