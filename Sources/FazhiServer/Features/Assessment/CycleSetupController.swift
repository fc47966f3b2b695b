import FazhiCore
import FazhiOffice
import Fluent
import Vapor

/// 考评设置与分工, 加扣分与满意度, 进度看板: the programme office's side of a cycle.
struct CycleSetupController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped(FrozenCycleAudit()).grouped("assessment", ":year")
        r.on(.GET, "setup", policy: .manageAssessment, use: setup)
        r.on(.POST, "setup", policy: .manageAssessment, use: saveSetup)
        r.on(.POST, "assignments", policy: .manageAssessment, use: saveAssignments)
        r.on(.GET, "ledger", policy: .manageAssessment, use: ledger)
        r.on(.POST, "ledger", policy: .manageAssessment, use: addItem)
        r.on(.POST, "ledger", ":itemID", "delete", policy: .manageAssessment, use: removeItem)
        r.on(.POST, "surveys", policy: .manageAssessment, use: saveSurveys)
        r.on(.POST, "surveys", "import", policy: .manageAssessment, body: .collect(maxSize: "5mb"), use: importSurveys)
        r.on(.GET, "dashboard", policy: .viewAssessmentDashboard, use: dashboard)
    }

    // MARK: setup

    struct SetupForm: Content {
        var selfFrom: String?, selfUntil: String?, reviewUntil: String?, objectionWorkdays: String?, deskWeight: String?
        var blindMarking: String?, markThreshold: String?, latePerWorkday: String?, publishTotals: String?, tieBreakers: String?
        var bands: [String: String]?, quotaGrade: [String: String]?, quotaPercent: [String: String]?, quotaTie: [String: String]?
        var vetoGrade: [String: String]?
    }

    @Sendable func setup(req: Request) async throws -> View {
        try await renderSetup(req, try await AssessmentController.cycle(req))
    }

    private func renderSetup(_ req: Request, _ cycle: AssessmentCycle, form: SetupForm? = nil, errors: [FieldError] = []) async throws -> View {
        let categories = try await UnitCategory.query(on: req.db).sort(\.$sort).all()
        let grades = try JSONDecoder().decode([String: GradeScheme].self, from: Data(cycle.gradeScheme.utf8))
        let types = try JSONDecoder().decode([AdjustmentType].self, from: Data(cycle.adjustmentTypes.utf8))
        let assessors = try await AssessmentService.assessorAccounts(of: cycle, on: req.db)
        let assignments = try await AssessorAssignment.query(on: req.db).filter(\.$cycle.$id == cycle.requireID()).all()
        let units = try await AssessmentService.units(of: cycle, on: req.db)
        func options(_ unit: OrgNode, _ position: Int) throws -> [OptionContext] {
            let current = assignments.first { $0.$unit.id == unit.id && $0.position == position }?.$user.id
            return try [OptionContext(value: "", label: "(不指定)", selected: current == nil)]
                + assessors.map {
                    OptionContext(
                        value: try $0.requireID().uuidString, label: $0.displayName + ($0.$unit.id == unit.id ? "(本单位,应回避)" : ""),
                        selected: $0.id == current)
                }
        }
        return try await req.view.render(
            "assessment/setup",
            CycleSetupContext(
                layout: LayoutContext(req, title: "\(cycle.year) 年考评设置与分工", active: "assessment"), year: cycle.year,
                editable: cycle.status == .open, released: cycle.released,
                selfFrom: form?.selfFrom ?? cycle.selfFrom.description, selfUntil: form?.selfUntil ?? cycle.selfUntil.description,
                reviewUntil: form?.reviewUntil ?? cycle.reviewUntil.description,
                objectionWorkdays: form?.objectionWorkdays ?? "\(cycle.objectionWorkdays)", deskWeight: form?.deskWeight ?? "\(cycle.deskWeight)",
                blindMarking: form.map { $0.blindMarking != nil } ?? cycle.blindMarking,
                markThreshold: form?.markThreshold ?? Points(halves: cycle.markThresholdHalves).description,
                latePerWorkday: form?.latePerWorkday ?? Points(halves: cycle.lateHalvesPerDay).description,
                publishTotals: form.map { $0.publishTotals != nil } ?? cycle.publishTotals,
                tieBreakers: form?.tieBreakers
                    ?? (try JSONDecoder().decode([String].self, from: Data(cycle.tieBreakers.utf8))).joined(separator: ","),
                categories: categories.map { c in
                    let scheme = grades[c.code] ?? .standard
                    return .init(
                        code: c.code, name: c.name, bands: form?.bands?[c.code] ?? CycleSettings.bandsText(scheme),
                        quotaGrade: form?.quotaGrade?[c.code] ?? scheme.quota?.grade ?? "",
                        quotaPercent: form?.quotaPercent?[c.code] ?? scheme.quota.map { "\($0.maxPercent)" } ?? "",
                        quotaTies: QuotaTieRule.allCases.map { rule in
                            OptionContext(
                                value: rule.rawValue, label: rule.label,
                                selected: (form?.quotaTie?[c.code] ?? scheme.quota?.tieRule.rawValue ?? QuotaTieRule.allOut.rawValue) == rule.rawValue
                            )
                        },
                        vetoGrade: form?.vetoGrade?[c.code] ?? scheme.vetoGrade)
                },
                adjustmentTypes: types.map { "\($0.kind == .bonus ? "加分" : "扣分"):\($0.name)(每单位上限 \($0.cap) 分)" },
                assignments: units.map {
                    .init(unitID: try $0.requireID().uuidString, unit: $0.name, first: try options($0, 1), second: try options($0, 2))
                },
                errors: .init(errors)))
    }

    @Sendable func saveSetup(req: Request) async throws -> Response {
        let cycle = try await AssessmentController.cycle(req)
        let input = try req.content.decode(SetupForm.self)
        var form = CycleSettings.Form()
        form.selfFrom = input.selfFrom?.description ?? ""; form.selfUntil = input.selfUntil?.description ?? "";
        form.reviewUntil = input.reviewUntil?.description ?? ""
        form.objectionWorkdays = input.objectionWorkdays ?? ""; form.deskWeight = input.deskWeight ?? ""
        form.blindMarking = input.blindMarking != nil; form.markThreshold = input.markThreshold ?? "";
        form.latePerWorkday = input.latePerWorkday ?? ""
        form.publishTotals = input.publishTotals != nil; form.tieBreakers = input.tieBreakers ?? ""
        form.bands = input.bands ?? [:]; form.quotaGrade = input.quotaGrade ?? [:]; form.quotaPercent = input.quotaPercent ?? [:]
        form.vetoGrade = input.vetoGrade ?? [:]; form.quotaTie = input.quotaTie ?? [:]
        do {
            let names = Dictionary(uniqueKeysWithValues: try await UnitCategory.query(on: req.db).all().map { ($0.code, $0.name) })
            let settings = try CycleSettings.parse(form, trees: try await CycleSetupService.trees(cycle, on: req.db), categoryNames: names)
            try await CycleSetupService.save(cycle, settings: settings, actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
            return req.redirect(to: "/assessment/\(cycle.year)/setup?notice=saved")
        } catch let failure as ValidationFailure {
            return try await failed(try await renderSetup(req, cycle, form: input, errors: failure.errors), req)
        } catch AppError.validation(let errors) {
            return try await failed(try await renderSetup(req, cycle, form: input, errors: errors), req)
        }
    }

    private func failed(_ view: View, _ req: Request) async throws -> Response {
        let response = try await view.encodeResponse(for: req)
        response.status = .unprocessableEntity
        return response
    }

    struct AssignmentForm: Content {
        var first: [String: String]?
        var second: [String: String]?
    }

    @Sendable func saveAssignments(req: Request) async throws -> Response {
        let cycle = try await AssessmentController.cycle(req)
        let form = try req.content.decode(AssignmentForm.self)
        guard form.first != nil else {
            return try await failed(try await renderSetup(req, cycle, errors: [FieldError("first", "请通过分工表提交考评员分工")]), req)
        }
        func ids(_ map: [String: String]?) -> [UUID: UUID] {
            Dictionary(
                uniqueKeysWithValues: (map ?? [:]).compactMap { key, value in
                    UUID(uuidString: key).flatMap { k in UUID(uuidString: value).map { (k, $0) } }
                })
        }
        do {
            try await CycleSetupService.assign(
                cycle, first: ids(form.first), second: ids(form.second), actor: .user(try req.requireUser()),
                on: req.db, now: req.clock.now())
            return req.redirect(to: "/assessment/\(cycle.year)/setup?notice=saved")
        } catch AppError.validation(let errors) {
            return try await failed(try await renderSetup(req, cycle, errors: errors), req)
        } catch let failure as ValidationFailure {
            return try await failed(try await renderSetup(req, cycle, errors: failure.errors), req)
        }
    }

    // MARK: ledger and surveys

    @Sendable func ledger(req: Request) async throws -> View {
        try await renderLedger(req, try await AssessmentController.cycle(req))
    }

    private func renderLedger(_ req: Request, _ cycle: AssessmentCycle, draft: [String: String] = [:], errors: [FieldError] = []) async throws -> View
    {
        let units = try await AssessmentService.units(of: cycle, on: req.db)
        let names = Dictionary(uniqueKeysWithValues: try units.map { (try $0.requireID(), $0.name) })
        let types = try JSONDecoder().decode([AdjustmentType].self, from: Data(cycle.adjustmentTypes.utf8))
        let extras = try await AssessmentExtra.query(on: req.db).filter(\.$cycle.$id == cycle.requireID()).all()
        let label = { (kind: String) -> String in
            if kind == "veto" { return "一票否决" }
            guard let t = types.first(where: { $0.code == kind }) else { return kind }
            return (t.kind == .bonus ? "加分:" : "扣分:") + t.name
        }
        let order = Dictionary(uniqueKeysWithValues: try units.enumerated().map { (try $1.requireID(), $0) })
        let d = ["unit": "", "kind": "", "points": "", "reason": "", "proof": ""].merging(draft, uniquingKeysWith: { _, b in b })
        return try await req.view.render(
            "assessment/ledger",
            LedgerContext(
                layout: LayoutContext(req, title: "\(cycle.year) 年加扣分与满意度", active: "assessment"), year: cycle.year, editable: cycle.status == .open,
                items: extras.filter { $0.kind != "survey" }.sorted { (order[$0.$unit.id] ?? 0, $0.kind) < (order[$1.$unit.id] ?? 0, $1.kind) }.map {
                    .init(
                        id: try $0.requireID().uuidString, unit: names[$0.$unit.id] ?? "", kind: label($0.kind),
                        points: $0.kind == "veto" ? "—" : Points(halves: $0.value).description, reason: $0.reason, proof: $0.proof ?? "")
                },
                units: try units.map {
                    OptionContext(value: try $0.requireID().uuidString, label: $0.name, selected: d["unit"] == $0.id?.uuidString)
                },
                kinds: types.map { OptionContext(value: $0.code, label: label($0.code) + "(上限 \($0.cap) 分)", selected: d["kind"] == $0.code) }
                    + [OptionContext(value: "veto", label: "一票否决(直接定为否决等次)", selected: d["kind"] == "veto")],
                surveys: units.map { unit in
                    .init(
                        unitID: try unit.requireID().uuidString, unit: unit.name,
                        score: d["survey.\(try unit.requireID().uuidString)"] ?? extras.first { $0.$unit.id == unit.id && $0.kind == "survey" }
                            .map { Score(units: Int64($0.value)).text(places: 2) } ?? "")
                },
                surveyWeight: cycle.surveyWeight, draft: d, errors: .init(errors)))
    }

    struct ItemForm: Content {
        var unit: String?, kind: String?, points: String?, reason: String?, proof: String?
    }

    @Sendable func addItem(req: Request) async throws -> Response {
        let cycle = try await AssessmentController.cycle(req)
        let form = try req.content.decode(ItemForm.self)
        do {
            try await CycleSetupService.addItem(
                cycle, unitID: form.unit.flatMap(UUID.init(uuidString:)), kind: form.kind ?? "", points: form.points ?? "",
                reason: form.reason ?? "", proof: form.proof ?? "", actor: .user(try req.requireUser()),
                on: req.db, now: req.clock.now())
            return req.redirect(to: "/assessment/\(cycle.year)/ledger?notice=saved")
        } catch AppError.validation(let errors) {
            let draft = [
                "unit": form.unit ?? "", "kind": form.kind ?? "", "points": form.points ?? "", "reason": form.reason ?? "", "proof": form.proof ?? "",
            ]
            return try await failed(try await renderLedger(req, cycle, draft: draft, errors: errors), req)
        }
    }

    @Sendable func removeItem(req: Request) async throws -> Response {
        let cycle = try await AssessmentController.cycle(req)
        guard let id = req.parameters.get("itemID", as: UUID.self) else { throw AppError.notFound("加扣分项") }
        try await CycleSetupService.removeItem(cycle, id: id, actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        return req.redirect(to: "/assessment/\(cycle.year)/ledger?notice=saved")
    }

    struct SurveyForm: Content {
        var survey: [String: String]?
    }

    @Sendable func saveSurveys(req: Request) async throws -> Response {
        let cycle = try await AssessmentController.cycle(req)
        let form = try req.content.decode(SurveyForm.self)
        let units = try await AssessmentService.units(of: cycle, on: req.db)
        var v = Validator(), scores: [UUID: Score?] = [:]
        guard let typed = form.survey, !typed.isEmpty else {
            return try await failed(try await renderLedger(req, cycle, errors: [FieldError("survey", "请在满意度表中填写得分后保存")]), req)
        }
        for unit in units {
            guard let value = typed[try unit.requireID().uuidString] else { continue }  // not on the form: unchanged
            let raw = value.trimmed
            if raw.isEmpty { scores[try unit.requireID()] = .some(nil); continue }
            guard let score = Score(raw), score >= .zero, score <= Score(100), score.rounded(places: 2) == score else {
                v.add("survey[\(unit.code)]", "\(unit.name):满意度得分“\(raw)”应为 0 到 100 之间的数,最多两位小数"); continue
            }
            scores[try unit.requireID()] = score
        }
        do {
            try v.check()
            try await CycleSetupService.setSurveys(
                cycle, scores: scores, source: "满意度测评(手工录入)", actor: .user(try req.requireUser()),
                on: req.db, now: req.clock.now())
            return req.redirect(to: "/assessment/\(cycle.year)/ledger?notice=saved")
        } catch let failure as ValidationFailure {
            let draft = Dictionary(uniqueKeysWithValues: (form.survey ?? [:]).map { ("survey.\($0.key)", $0.value) })
            return try await failed(try await renderLedger(req, cycle, draft: draft, errors: failure.errors), req)
        }
    }

    struct ImportForm: Content {
        var file: File?
    }

    /// 满意度导入: .xlsx or .csv with the columns 单位 (name or code) and 满意度得分; all rows or none.
    @Sendable func importSurveys(req: Request) async throws -> Response {
        let cycle = try await AssessmentController.cycle(req)
        let form = try req.content.decode(ImportForm.self)
        do {
            guard let file = form.file, file.data.readableBytes > 0 else {
                throw ValidationFailure([FieldError("file", "请选择满意度测评结果文件(.xlsx 或 .csv)")])
            }
            let rows = try UploadedTable.rows(Data(file.data.readableBytesView), filename: file.filename)
            let units = try await AssessmentService.units(of: cycle, on: req.db)
            let byKey = Dictionary(
                try units.flatMap { [($0.name, try $0.requireID()), ($0.code, try $0.requireID())] }, uniquingKeysWith: { a, _ in a })
            let parsed = try SurveyImport.parse(rows, knownUnits: Set(byKey.keys))
            // A unit named once by its name and once by its code is one unit given twice.
            var scores: [UUID: Score?] = [:], named: [UUID: String] = [:]
            for row in parsed {
                guard let id = byKey[row.unit] else { throw ValidationFailure([FieldError("file", "单位“\(row.unit)”不存在")]) }
                if let first = named[id] { throw ValidationFailure([FieldError("file", "“\(first)”和“\(row.unit)”是同一个单位,重复")]) }
                named[id] = row.unit
                scores[id] = .some(row.score)
            }
            try await CycleSetupService.setSurveys(
                cycle, scores: scores,
                source: "满意度测评(导入 \(file.filename))", actor: .user(try req.requireUser()),
                on: req.db, now: req.clock.now())
            return req.redirect(to: "/assessment/\(cycle.year)/ledger?notice=saved")
        } catch let failure as ValidationFailure {
            return try await failed(try await renderLedger(req, cycle, errors: failure.errors), req)
        }
    }

    // MARK: dashboard

    @Sendable func dashboard(req: Request) async throws -> View {
        let cycle = try await AssessmentController.cycle(req)
        let progress = try await ReviewProgress.load(cycle, on: req.db)
        let previous = try await AssessmentCycle.query(on: req.db).filter(\.$district.$id == cycle.$district.id).filter(\.$year == cycle.year - 1)
            .first()
        let last = try await previous.asyncMap { try await AssessmentService.snapshot($0, today: req.clock.today, on: req.db) }
        let units = try await AssessmentService.units(of: cycle, on: req.db)
        var blocks: [DashboardContext.CategoryBlock] = []
        for category in try await UnitCategory.query(on: req.db).sort(\.$sort).all() {
            guard let tree = progress.trees[category.code] else { continue }
            let members = units.filter { $0.categoryCode == category.code }
            let lastRows = last?.categories.first { $0.code == category.code }?.rows ?? []
            let columns = tree.levelOne.map { (code: $0.code, title: $0.title) }
            let rows = try members.map { unit in
                try UnitProgressRow(
                    unit: unit, category: category.name, year: cycle.year, progress: progress.units[try unit.requireID()] ?? .init(),
                    last: lastRows.first { $0.unitID == unit.id })
            }
            let heat = Heatmap.svg(
                title: "\(cycle.year) 年 · \(category.name) · 各领域得分率", columns: columns,
                rows: try members.map { unit in
                    let areas = progress.units[try unit.requireID()]?.areas ?? [:]
                    return Heatmap.Row(label: unit.name, cells: columns.map { areas[$0.code].map { (earned: $0.0, max: $0.1) } })
                })
            var lastHeat: String?
            if let previous, !lastRows.isEmpty, let record = try await AssessmentService.tree(previous, category: category.code, on: req.db) {
                let lastTree = try await IndicatorService.tree(record, on: req.db)
                let lastColumns = lastTree.levelOne.map { (code: $0.code, title: $0.title) }
                lastHeat = Heatmap.svg(
                    title: "\(previous.year) 年 · \(category.name) · 各领域得分率(已公布)", columns: lastColumns,
                    rows: members.map { unit in
                        let row = lastRows.first { $0.unitID == unit.id }
                        return Heatmap.Row(
                            label: unit.name,
                            cells: lastTree.levelOne.map { area in
                                row.flatMap { $0.nodeScores[area.code] }.flatMap(Points.init).map { (earned: $0, max: area.points) }
                            })
                    })
            }
            blocks.append(.init(name: category.name, rows: rows, heatmap: heat, lastHeatmap: lastHeat))
        }
        let all = progress.units.values
        let scored = all.reduce(0) { $0 + $1.scored }, leaves = all.reduce(0) { $0 + $1.leaves }
        return try await req.view.render(
            "assessment/dashboard",
            DashboardContext(
                layout: LayoutContext(req, title: "\(cycle.year) 年考评进度看板", active: "assessment"), year: cycle.year, lastYear: cycle.year - 1,
                submitted: all.filter { $0.status != .draft }.count, approved: all.filter { $0.status == .approved }.count, units: all.count,
                scoredLeaves: scored, totalLeaves: leaves, scoredPercent: leaves == 0 ? 0 : scored * 100 / leaves,
                openSupplements: all.reduce(0) { $0 + $1.openSupplements }, pendingObjections: all.reduce(0) { $0 + $1.pendingObjections },
                reconciliation: progress.reconciliation,
                windows: "自评 \(cycle.selfFrom) 至 \(cycle.selfUntil) · 审核至 \(cycle.reviewUntil)"
                    + (cycle.objectionsFrom.map { " · 申诉期 \($0) 至 \(cycle.objectionsUntil?.description ?? "")" } ?? ""),
                categories: blocks))
    }
}
