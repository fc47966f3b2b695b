import FazhiCore
import Fluent
import Vapor

/// 考评周期: results from leaf scores through the core arithmetic, the frozen snapshot, publication.
enum AssessmentService {
    /// What results pages and the API show; frozen cycles read it back from the stored snapshot,
    /// so frozen numbers can never change.
    struct Snapshot: Codable, Equatable {
        var year: Int
        var categories: [Category]
    }

    struct Category: Codable, Equatable {
        var code: String
        var name: String
        var treeVersion: Int
        var rows: [Row]
        /// Units whose scoring is not finished (open cycles only).
        var pending: [Pending]
        /// What the grade quota did, in words (absent without a quota, and in snapshots frozen before it was kept).
        var quota: String? = nil
    }

    struct Pending: Codable, Equatable {
        var unitID: UUID
        var unit: String
        var scored: Int
        var leaves: Int
        /// True when the leaves are scored but the survey score the weights need is missing.
        var noSurvey: Bool?

        var text: String { noSurvey == true ? "\(unit)(缺少满意度得分)" : "\(unit)(已评 \(scored)/\(leaves) 项)" }
    }

    struct Row: Codable, Equatable {
        var unitID: UUID
        var unit: String
        var rank: Int
        var grade: String
        var total: String
        var deskRaw: String
        var deskNormalized: String
        var survey: String?
        var bonus: String
        var deduction: String
        var vetoes: [String]
        var limitedByQuota: Bool
        /// Every node's points for the score card; leaf reasons by code.
        var nodeScores: [String: String]
        var reasons: [String: String]
        var adjustments: [Adjustment]
        /// SHA-256 of every evidence file behind each leaf (absent in snapshots made before evidence existed).
        var evidence: [String: [String]]?
        /// 系统计分 the bound leaves' metric evaluations (value, rule, computed points, counted records), and
        /// the bound leaves whose score a person set instead (改分, 申诉调整); absent in older snapshots.
        var metrics: [String: LeafMetric]? = nil
        var overridden: [String]? = nil
    }

    /// How far the results may be seen (see `Policy`).
    static func stage(_ cycle: AssessmentCycle) -> ResultStage {
        switch cycle.status {
        case .published: .published
        case .frozen: .preliminary
        case .open: cycle.released ? .preliminary : .internal
        }
    }

    /// The assessors assigned to each unit in a cycle.
    static func assessors(_ cycle: AssessmentCycle, on db: any Database) async throws -> [UUID: [UUID]] {
        Dictionary(grouping: try await AssessorAssignment.query(on: db).filter(\.$cycle.$id == cycle.requireID()).all(), by: { $0.$unit.id })
            .mapValues { $0.map { $0.$user.id } }
    }

    /// The district's cycle of a year.
    static func find(year: Int, district: UUID, on db: any Database) async throws -> AssessmentCycle {
        guard let cycle = try await AssessmentCycle.query(on: db).filter(\.$district.$id == district).filter(\.$year == year).first() else {
            throw AppError.notFound("\(year) 年考评")
        }
        return cycle
    }

    /// Who a cycle assesses, in their order: a district's cycle its units; the city's cycle
    /// (市对区考评) its districts — the children of the cycle's node either way.
    static func units(of cycle: AssessmentCycle, on db: any Database) async throws -> [OrgNode] {
        try await OrgNode.query(on: db).filter(\.$parent.$id == cycle.$district.id).filter(\.$kind != .city).sort(\.$sort).sort(\.$code).all()
    }

    /// The categories a cycle ranks separately: the unit categories for a district's cycle; the one
    /// category of districts for the city's.
    static func rankedCategories(of cycle: AssessmentCycle, on db: any Database) async throws -> [(code: String, name: String)] {
        if try await CityAssessment.isCity(cycle, on: db) { return [(CityAssessment.category, CityAssessment.categoryName)] }
        return try await UnitCategory.query(on: db).sort(\.$sort).all().map { ($0.code, $0.name) }
    }

    /// The active assessors who may be given the cycle's units: the district's own, and those who
    /// work in one of its units (recusal keeps them from their own unit).
    static func assessorAccounts(of cycle: AssessmentCycle, on db: any Database) async throws -> [User] {
        let district = cycle.$district.id
        let units = try await Districts.scope(of: district, on: db).units ?? []
        return try await User.query(on: db).filter(\.$role == Policy.assessingRole).filter(\.$isActive == true)
            .group(.or) { $0.filter(\.$district.$id == district).filter(\.$unit.$id ~~ units) }
            .sort(\.$username).all()
    }

    /// The cycle's tree for a unit category.
    static func tree(_ cycle: AssessmentCycle, category: String, on db: any Database) async throws -> IndicatorTreeRecord? {
        try await IndicatorService.find(year: cycle.year, category: category, district: cycle.$district.id, on: db)
    }

    static func scheme(_ cycle: AssessmentCycle, tree: IndicatorTree) throws -> ScoringScheme {
        let decoder = JSONDecoder()
        return ScoringScheme(
            tree: tree, deskWeight: cycle.deskWeight, surveyWeight: cycle.surveyWeight,
            adjustmentTypes: try decoder.decode([AdjustmentType].self, from: Data(cycle.adjustmentTypes.utf8)),
            grades: try decoder.decode([String: GradeScheme].self, from: Data(cycle.gradeScheme.utf8))[tree.category] ?? .standard,
            tieBreakers: try decoder.decode([String].self, from: Data(cycle.tieBreakers.utf8)))
    }

    /// The results as they stand: the snapshot of a frozen cycle, or computed now from the scores.
    static func snapshot(_ cycle: AssessmentCycle, today: LocalDate, on db: any Database) async throws -> Snapshot {
        if let stored = cycle.snapshot, cycle.status != .open {
            return try JSONDecoder().decode(Snapshot.self, from: Data(stored.utf8))
        }
        return try await compute(cycle, today: today, on: db)
    }

    /// The results from the scores as they stand. A bound leaf without a score row is scored by the
    /// system from its metric as of `today`; once the preliminary results are released every bound
    /// leaf has a row with the evaluation pinned on it. `records`: keep the counted records' ids.
    static func compute(_ cycle: AssessmentCycle, today: LocalDate, records: Bool = false, on db: any Database) async throws -> Snapshot {
        let units = try await units(of: cycle, on: db)
        let scores = try await AssessmentScore.query(on: db).filter(\.$cycle.$id == cycle.requireID()).all()
        let extras = try await AssessmentExtra.query(on: db).filter(\.$cycle.$id == cycle.requireID()).all()
        let files = try await EvidenceFile.query(on: db).filter(\.$cycle.$id == cycle.requireID()).filter(\.$withdrawn == false).with(\.$attachment)
            .all()
        // By unit once, not filtered again for every unit (a city's district has 72 units).
        let scoresOf = Dictionary(grouping: scores, by: { $0.$unit.id }), extrasOf = Dictionary(grouping: extras, by: { $0.$unit.id })
        let filesOf = Dictionary(grouping: files, by: { $0.$unit.id })
        var categories: [Category] = []
        for category in try await rankedCategories(of: cycle, on: db) {
            guard let record = try await tree(cycle, category: category.code, on: db) else { continue }
            let tree = try await IndicatorService.tree(record, on: db)
            let scheme = try scheme(cycle, tree: tree)
            let leafCount = tree.leaves.count
            var inputs: [UnitScoreInput] = [], pending: [Pending] = []
            var reasons: [UUID: [String: String]] = [:], names: [String: OrgNode] = [:]
            var metrics: [UUID: [String: LeafMetric]] = [:], overridden: [UUID: [String]] = [:]
            let members = units.filter { $0.assessedCategory == category.code }
            let live = try await LeafMetrics.evaluate(
                tree: tree, units: try members.map { try $0.requireID() }, today: today, records: records, on: db)
            let leafCodes = Set(tree.leaves.map(\.code))
            for unit in members {
                let id = try unit.requireID()
                let own = (scoresOf[id] ?? []).filter { leafCodes.contains($0.code) }
                reasons[id] = Dictionary(own.map { ($0.code, $0.reason) }, uniquingKeysWith: { a, _ in a })
                var points = Dictionary(own.map { ($0.code, Points(halves: $0.pointsHalves)) }, uniquingKeysWith: { a, _ in a })
                for leaf in tree.boundLeaves {
                    let row = own.first { $0.code == leaf.code }
                    let evaluation = LeafMetrics.decode(row?.metric) ?? live[id]?[leaf.code]
                    metrics[id, default: [:]][leaf.code] = evaluation
                    if row?.overridden == true { overridden[id, default: []].append(leaf.code) }
                    if row == nil, let evaluation, let computed = evaluation.points {
                        points[leaf.code] = computed
                        reasons[id, default: [:]][leaf.code] = computed < leaf.points ? "系统计分:" + evaluation.explanation : ""
                    }
                }
                guard points.count == leafCount else {
                    pending.append(Pending(unitID: id, unit: unit.name, scored: points.count, leaves: leafCount))
                    continue
                }
                let mine = extrasOf[id] ?? []
                guard cycle.surveyWeight == 0 || mine.contains(where: { $0.kind == "survey" }) else {
                    pending.append(Pending(unitID: try unit.requireID(), unit: unit.name, scored: own.count, leaves: leafCount, noSurvey: true))
                    continue
                }
                names[try unit.requireID().uuidString] = unit
                inputs.append(
                    UnitScoreInput(
                        unit: try unit.requireID().uuidString,
                        leafScores: points,
                        adjustments: mine.filter { $0.kind != "survey" && $0.kind != "veto" }.map {
                            Adjustment(type: $0.kind, points: Points(halves: $0.value), reason: $0.reason, proof: $0.proof)
                        },
                        survey: mine.first { $0.kind == "survey" }.map { Score(units: Int64($0.value)) },
                        vetoes: mine.filter { $0.kind == "veto" }.map(\.reason)))
            }
            let (results, quota) = try AssessmentScoring.graded(inputs, scheme: scheme)
            let rows = try results.map { r in
                let unit = names[r.unit]!
                return Row(
                    unitID: try unit.requireID(), unit: unit.name, rank: r.rank, grade: r.grade, total: r.total.text(places: scheme.grades.places),
                    deskRaw: r.desk.description, deskNormalized: r.deskNormalized.text(places: 2), survey: r.survey?.text(places: 2),
                    bonus: r.bonus.description, deduction: r.deduction.description, vetoes: r.vetoes, limitedByQuota: r.limitedByQuota,
                    nodeScores: r.nodeScores.mapValues(\.description), reasons: reasons[try unit.requireID()] ?? [:],
                    adjustments: inputs.first { $0.unit == r.unit }?.adjustments ?? [],
                    evidence: try Dictionary(grouping: filesOf[try unit.requireID()] ?? [], by: \.code).mapValues {
                        try $0.map { try $0.sha256 }.sorted()
                    }, metrics: metrics[try unit.requireID()], overridden: overridden[try unit.requireID()]?.sorted())
            }
            categories.append(
                Category(
                    code: category.code, name: category.name, treeVersion: record.version, rows: rows, pending: pending,
                    quota: rows.isEmpty ? nil : quota?.explanation))
        }
        return Snapshot(year: cycle.year, categories: categories)
    }

    /// 冻结: every unit must be scored; the results are stored with their SHA-256 and can no longer change.
    static func freeze(_ cycle: AssessmentCycle, actor: AuditActor, today: LocalDate, on db: any Database, now: Date) async throws {
        guard cycle.status == .open else { throw AppError.conflict("\(cycle.year) 年考评已冻结,结果不能再改变") }
        if let blocker = try await ReviewService.freezeBlocker(cycle, today: today, on: db) { throw AppError.conflict("不能冻结:" + blocker) }
        let snapshot = try await compute(cycle, today: today, records: true, on: db)
        let pending = snapshot.categories.flatMap(\.pending)
        guard pending.isEmpty else {
            throw AppError.conflict("还有 \(pending.count) 个单位未完成评分(如 \(pending[0].text)),不能冻结")
        }
        let json = try AuditService.json(snapshot)
        try await db.writeTransaction { tx in
            cycle.snapshot = json
            cycle.snapshotHash = Tokens.sha256Hex(json)
            cycle.status = .frozen
            cycle.frozenAt = now
            try await cycle.update(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .freeze, entityType: .assessmentCycle, entityID: "\(cycle.year)",
                after: ["snapshotHash": cycle.snapshotHash!], at: now)
        }
    }

    static func publish(_ cycle: AssessmentCycle, actor: AuditActor, on db: any Database, now: Date) async throws {
        guard cycle.status == .frozen else {
            throw AppError.conflict(cycle.status == .published ? "\(cycle.year) 年考评结果已公布" : "请先冻结考评结果再公布")
        }
        try await db.writeTransaction { tx in
            cycle.status = .published
            cycle.publishedAt = now
            try await cycle.update(on: tx)
            try await AuditService.record(on: tx, actor: actor, action: .publish, entityType: .assessmentCycle, entityID: "\(cycle.year)", at: now)
        }
    }
}
