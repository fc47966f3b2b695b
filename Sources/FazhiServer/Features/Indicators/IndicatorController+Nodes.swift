import FazhiCore
import Fluent
import Vapor

/// Adding, changing and removing single indicators of a tree.
extension IndicatorController {
    struct NodeForm: Content {
        var code: String?
        var title: String?
        var goal: String?
        var points: String?
        var rule: String?
        var evidence: String?
        var basis: String?
        var source: String?
        /// 关联指标: a metric code from the catalogue (empty: scored by people) and its scoring rule.
        var metric: String?
        var metricRule: String?

        /// One evidence item per line; a trailing `*` marks it required.
        var evidenceItems: [EvidenceItem] {
            (evidence ?? "").split(whereSeparator: \.isNewline).map { String($0).trimmed }.filter { !$0.isEmpty }.map {
                $0.hasSuffix("*") ? EvidenceItem(name: String($0.dropLast()).trimmed, required: true) : EvidenceItem(name: $0, required: false)
            }
        }

        func node() throws -> IndicatorNode {
            guard let points = Points(self.points ?? "") else {
                throw ValidationFailure([FieldError("points", "分值“\(self.points ?? "")”应为 0.5 的整数倍,如 2 或 2.5")])
            }
            return IndicatorNode(
                code: (code ?? "").trimmed, title: title ?? "", goal: goal, points: points, rule: rule,
                evidence: evidenceItems, basis: basis, source: DataSource(rawValue: source ?? "") ?? .selfReport,
                metric: (metric ?? "").trimmed.isEmpty ? nil : MetricBinding(metric: (metric ?? "").trimmed, rule: metricRule ?? ""))
        }

        init(
            code: String? = nil, title: String? = nil, goal: String? = nil, points: String? = nil, rule: String? = nil,
            evidence: String? = nil, basis: String? = nil, source: String? = nil, metric: String? = nil, metricRule: String? = nil
        ) {
            self.code = code; self.title = title; self.goal = goal; self.points = points; self.rule = rule
            self.evidence = evidence; self.basis = basis; self.source = source; self.metric = metric; self.metricRule = metricRule
        }

        init(_ node: IndicatorNode) {
            self.init(
                code: node.code, title: node.title, goal: node.goal, points: node.points.description, rule: node.rule,
                evidence: node.evidence.map { $0.required ? "\($0.name)*" : $0.name }.joined(separator: "\n"),
                basis: node.basis, source: node.source.rawValue, metric: node.metric?.metric, metricRule: node.metric?.rule)
        }
    }

    private func treeAndRecord(_ req: Request) async throws -> (IndicatorTreeRecord, IndicatorTree) {
        guard let id = req.parameters.get("treeID", as: UUID.self) else { throw AppError.notFound("指标体系") }
        let record = try await IndicatorService.find(id, on: req.db)
        try req.authorize(.manageIndicators, .district(record.$district.id))
        return (record, try await IndicatorService.tree(record, on: req.db))
    }

    private func form(
        _ req: Request, record: IndicatorTreeRecord, isNew: Bool, action: String, values: NodeForm,
        errors: [FieldError], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let context = IndicatorNodeFormContext(
            layout: LayoutContext(req, title: isNew ? "新增指标" : "编辑指标", active: "indicators"),
            treeTitle: "\(record.year) 年\(record.title)", treeHref: "/indicators/\(try record.requireID().uuidString)", action: action, isNew: isNew,
            code: values.code ?? "", title: values.title ?? "", goal: values.goal ?? "", points: values.points ?? "",
            rule: values.rule ?? "", evidence: values.evidence ?? "", basis: values.basis ?? "",
            sources: DataSource.allCases.map {
                OptionContext(value: $0.rawValue, label: $0.label, selected: $0.rawValue == (values.source ?? "self_report"))
            },
            metrics: [OptionContext(value: "", label: "不关联(由考评员赋分)", selected: (values.metric ?? "").isEmpty)]
                + MetricCatalogue.definitions.values.filter { !$0.districtOnly }.sorted { $0.code < $1.code }.map {
                    OptionContext(value: $0.code, label: "\($0.name)(\($0.code))", selected: $0.code == values.metric)
                },
            metricRule: values.metricRule ?? "",
            errors: .init(errors))
        let response = try await req.view.render("indicators/node-form", context).encodeResponse(for: req)
        response.status = status
        return response
    }

    @Sendable func newNode(req: Request) async throws -> Response {
        let (record, tree) = try await treeAndRecord(req)
        let parent = (try? req.query.get(String.self, at: "parent")) ?? ""
        let siblings = parent.isEmpty ? tree.levelOne : tree.children(of: parent)
        let next = (siblings.compactMap { $0.code.split(separator: "-").last.flatMap { Int($0) } }.max() ?? 0) + 1
        let code = parent.isEmpty ? "\(next)" : "\(parent)-\(next)"
        return try await form(
            req, record: record, isNew: true, action: "/indicators/\(record.requireID().uuidString)/nodes",
            values: NodeForm(code: code, points: "1"), errors: [])
    }

    @Sendable func createNode(req: Request) async throws -> Response {
        let (record, _) = try await treeAndRecord(req)
        let values = try req.content.decode(NodeForm.self)
        do {
            try await IndicatorService.setNode(
                try values.node(), replacing: nil, in: record, actor: .user(try req.requireUser()),
                on: req.db, now: req.clock.now())
            return req.redirect(to: "/indicators/\(try record.requireID().uuidString)?notice=saved")
        } catch let failure as ValidationFailure {
            return try await form(
                req, record: record, isNew: true, action: "/indicators/\(record.requireID().uuidString)/nodes", values: values,
                errors: failure.errors, status: .unprocessableEntity)
        }
    }

    @Sendable func editNode(req: Request) async throws -> Response {
        let (record, tree) = try await treeAndRecord(req)
        let code = req.parameters.get("code") ?? ""
        guard let node = tree.nodes.first(where: { $0.code == code }) else { throw AppError.notFound("指标“\(code)”") }
        return try await form(
            req, record: record, isNew: false, action: "/indicators/\(record.requireID().uuidString)/nodes/\(code)",
            values: NodeForm(node), errors: [])
    }

    @Sendable func updateNode(req: Request) async throws -> Response {
        let (record, tree) = try await treeAndRecord(req)
        let code = req.parameters.get("code") ?? ""
        guard tree.nodes.contains(where: { $0.code == code }) else { throw AppError.notFound("指标“\(code)”") }
        let values = try req.content.decode(NodeForm.self)
        do {
            try await IndicatorService.setNode(
                try values.node(), replacing: code, in: record, actor: .user(try req.requireUser()),
                on: req.db, now: req.clock.now())
            return req.redirect(to: "/indicators/\(try record.requireID().uuidString)?notice=saved")
        } catch let failure as ValidationFailure {
            return try await form(
                req, record: record, isNew: false, action: "/indicators/\(record.requireID().uuidString)/nodes/\(code)",
                values: values, errors: failure.errors, status: .unprocessableEntity)
        }
    }

    @Sendable func deleteNode(req: Request) async throws -> Response {
        let (record, _) = try await treeAndRecord(req)
        let code = req.parameters.get("code") ?? ""
        do {
            try await IndicatorService.deleteNode(code: code, in: record, actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
            return req.redirect(to: "/indicators/\(try record.requireID().uuidString)?notice=saved")
        } catch let failure as ValidationFailure {
            throw AppError.conflict(failure.errors.map(\.message).joined(separator: ";"))
        }
    }
}
