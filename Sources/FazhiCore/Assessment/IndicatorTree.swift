/// 数据来源 where a leaf's score comes from.
public enum DataSource: String, Codable, CaseIterable, Sendable {
    /// 单位自评 the unit's self-report with evidence.
    case selfReport = "self_report"
    /// 台账计算 computed from a statutory register.
    case register
    /// 第三方 a third party's assessment.
    case thirdParty = "third_party"
    /// 满意度调查 a satisfaction survey.
    case survey

    public var label: String {
        switch self {
        case .selfReport: "单位自评"
        case .register: "台账计算"
        case .thirdParty: "第三方评估"
        case .survey: "满意度调查"
        }
    }
}

/// 佐证材料 one item of a leaf's evidence checklist.
public struct EvidenceItem: Codable, Equatable, Sendable {
    public var name: String
    public var required: Bool

    public init(name: String, required: Bool) {
        self.name = name
        self.required = required
    }
}

/// 指标 one node of an indicator tree. Its level and parent follow from its code:
/// `3` (一级), `3-2` (二级), `3-2-1` (三级).
public struct IndicatorNode: Codable, Equatable, Sendable {
    public var code: String
    public var title: String
    /// 目标 (level 1 only).
    public var goal: String?
    public var points: Points
    /// 评分标准 (leaves).
    public var rule: String?
    public var evidence: [EvidenceItem]
    /// 法律依据
    public var basis: String?
    public var source: DataSource
    /// 关联指标 (leaves only): scored by the system from a register metric under a rule.
    public var metric: MetricBinding?

    public init(
        code: String, title: String, goal: String? = nil, points: Points, rule: String? = nil,
        evidence: [EvidenceItem] = [], basis: String? = nil, source: DataSource = .selfReport, metric: MetricBinding? = nil
    ) {
        self.code = code; self.title = title; self.goal = goal; self.points = points; self.rule = rule
        self.evidence = evidence; self.basis = basis; self.source = source; self.metric = metric
    }

    public var level: Int { code.split(separator: "-").count }

    public var parentCode: String? {
        let parts = code.split(separator: "-")
        return parts.count > 1 ? parts.dropLast().joined(separator: "-") : nil
    }
}

/// 指标体系 one year's indicator tree for one unit category, kept as a flat list in code order
/// (one row per node, as in the Excel layout).
public struct IndicatorTree: Codable, Equatable, Sendable {
    public var year: Int
    /// Unit category code (department, subdistrict, …).
    public var category: String
    public var title: String
    public var version: Int
    /// 总分 the category total the level-1 points must add up to (usually 100).
    public var total: Points
    public var nodes: [IndicatorNode]

    public init(year: Int, category: String, title: String, version: Int, total: Points, nodes: [IndicatorNode]) {
        self.year = year; self.category = category; self.title = title; self.version = version
        self.total = total; self.nodes = nodes
    }

    public func children(of code: String) -> [IndicatorNode] { nodes.filter { $0.parentCode == code } }

    /// Leaves: the nodes that are scored.
    public var leaves: [IndicatorNode] {
        let parents = Set(nodes.compactMap(\.parentCode))
        return nodes.filter { !parents.contains($0.code) }
    }

    public var levelOne: [IndicatorNode] { nodes.filter { $0.level == 1 } }

    /// The leaves the system scores (关联指标), by code.
    public var boundLeaves: [IndicatorNode] { leaves.filter { $0.metric != nil } }

    /// Checks the tree: codes well formed and unique, parents present, children's points adding up to
    /// their parent's, the level-1 points adding up to the total, every leaf with a scoring rule; and,
    /// given the metric catalogue, that every bound leaf names a metric a unit has and a rule that reads.
    public func validate(metrics: [String: MetricInfo]? = nil) throws {
        var v = Validator()
        if !(2000...2100).contains(year) { v.add("year", "年度必须在 2000 到 2100 之间") }
        v.text(title, field: "title", label: "指标体系名称", max: 200)
        v.text(category, field: "category", label: "单位类别", max: 40)
        if total.halves <= 0 { v.add("total", "总分必须大于 0") }
        var seen = Set<String>()
        var malformed = Set<String>()
        for (i, node) in nodes.enumerated() {
            let path = "nodes[\(i)]"
            let parts = node.code.split(separator: "-", omittingEmptySubsequences: false)
            if !(1...3).contains(parts.count) || !parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) && $0.first != "0" }) {
                v.add("\(path).code", "指标编码“\(node.code)”格式应为 1、1-1 或 1-1-1")
                malformed.insert(node.code)
                continue
            }
            if !seen.insert(node.code).inserted { v.add("\(path).code", "指标编码“\(node.code)”重复") }
            if let parent = node.parentCode, !nodes.contains(where: { $0.code == parent }) {
                v.add("\(path).code", "指标“\(node.code)”的上级指标“\(parent)”不存在")
            }
            v.text(node.title, field: "\(path).title", label: "指标“\(node.code)”名称", max: 200)
            if node.points.halves <= 0 { v.add("\(path).points", "指标“\(node.code)”的分值必须大于 0") }
            if node.level == 1 { v.text(node.goal, field: "\(path).goal", label: "一级指标“\(node.code)”的目标", max: 2000) }
            var names = Set<String>()
            for (e, item) in node.evidence.enumerated() {
                v.text(item.name, field: "\(path).evidence[\(e)].name", label: "佐证材料名称", max: 200)
                if !names.insert(item.name).inserted { v.add("\(path).evidence[\(e)].name", "佐证材料“\(item.name)”重复") }
            }
        }
        let leafCodes = Set(leaves.map(\.code))
        for (i, node) in nodes.enumerated() where !malformed.contains(node.code) {
            let kids = children(of: node.code)
            if leafCodes.contains(node.code) {
                v.text(node.rule, field: "nodes[\(i)].rule", label: "指标“\(node.code)”的评分标准", max: 2000)
                if let binding = node.metric { check(binding, of: node, at: i, metrics: metrics, into: &v) }
            } else {
                if node.metric != nil { v.add("nodes[\(i)].metric", "指标“\(node.code)”有下级指标,只有末级指标可以关联登记簿指标") }
                let sum = kids.reduce(Points.zero) { $0 + $1.points }
                if sum != node.points {
                    v.add("nodes[\(i)].points", "指标“\(node.code)”分值为 \(node.points),其下级指标合计 \(sum),两者应相等")
                }
            }
        }
        let levelOneSum = levelOne.reduce(Points.zero) { $0 + $1.points }
        if levelOneSum != total { v.add("total", "一级指标合计 \(levelOneSum) 分,与总分 \(total) 分不符") }
        if nodes.isEmpty { v.add("nodes", "指标体系至少需要一个指标") }
        try v.check()
    }

    private func check(_ binding: MetricBinding, of node: IndicatorNode, at i: Int, metrics: [String: MetricInfo]?, into v: inout Validator) {
        let code = binding.metric.trimmed
        if code.isEmpty || code.count > 80 { v.add("nodes[\(i)].metric", "指标“\(node.code)”的关联指标代码无效") }
        guard let metrics else { return }
        guard let info = metrics[code] else {
            v.add("nodes[\(i)].metric", "指标“\(node.code)”关联的“\(code)”不在指标目录中")
            return
        }
        if info.districtOnly { v.add("nodes[\(i)].metric", "“\(info.name)”只统计全区,不能给单位计分") }
        if case .failure(let e) = MetricRule.parse(binding.rule, info: info, max: node.points) {
            v.add("nodes[\(i)].metricRule", "指标“\(node.code)”:" + e.message)
        }
    }
}
