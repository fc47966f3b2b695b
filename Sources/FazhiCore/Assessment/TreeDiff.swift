/// What changed between two versions of an indicator tree, node by node (matched by code).
public struct TreeDiff: Equatable, Sendable {
    public struct Change: Equatable, Sendable {
        public let code: String
        /// Field label → (before, after), e.g. 分值 → ("10", "12").
        public let fields: [Field]
    }

    public struct Field: Equatable, Sendable {
        public let label: String
        public let before: String
        public let after: String
    }

    public let added: [IndicatorNode]
    public let removed: [IndicatorNode]
    public let changed: [Change]

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }

    public init(from old: IndicatorTree, to new: IndicatorTree) {
        let before = Dictionary(old.nodes.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.nodes.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        added = new.nodes.filter { before[$0.code] == nil }
        removed = old.nodes.filter { after[$0.code] == nil }
        changed = new.nodes.compactMap { node in
            guard let previous = before[node.code] else { return nil }
            let fields = TreeRows.fields(of: previous).enumerated().compactMap { i, value -> Field? in
                let now = TreeRows.fields(of: node)[i]
                return value == now ? nil : Field(label: (TreeRows.headers + TreeRows.bindingHeaders)[i], before: value, after: now)
            }.filter { $0.label != "编码" }
            return fields.isEmpty ? nil : Change(code: node.code, fields: fields)
        }
    }
}

/// 一行一个指标: the spreadsheet layout of a tree (Excel import and export), with its checks.
public enum TreeRows {
    public static let headers = ["编码", "指标名称", "目标", "分值", "评分标准", "佐证材料", "法律依据", "数据来源"]
    /// Two optional columns after them (files made before leaves could be bound have none).
    public static let bindingHeaders = ["关联指标", "系统计分规则"]

    /// Evidence as text: required items end with `*`, items separated by `;`.
    public static func evidenceText(_ items: [EvidenceItem]) -> String {
        items.map { $0.required ? "\($0.name)*" : $0.name }.joined(separator: ";")
    }

    public static func fields(of node: IndicatorNode) -> [String] {
        [
            node.code, node.title, node.goal ?? "", node.points.description, node.rule ?? "", evidenceText(node.evidence),
            node.basis ?? "", node.source.label, node.metric?.metric ?? "", node.metric?.rule ?? "",
        ]
    }

    public static func rows(of tree: IndicatorTree) -> [[String]] { [headers + bindingHeaders] + tree.nodes.map(fields) }

    /// Reads rows (the first is the header) into nodes; every bad cell is named by row and column.
    public static func nodes(from rows: [[String]]) throws -> [IndicatorNode] {
        var v = Validator()
        guard let header = rows.first?.map(\.trimmed), Array(header.prefix(headers.count)) == headers else {
            throw ValidationFailure([FieldError("第1行", "表头应为:\(headers.joined(separator: " | "))")])
        }
        var nodes: [IndicatorNode] = []
        for (index, raw) in rows.dropFirst().enumerated() {
            let width = headers.count + bindingHeaders.count
            let row = raw.map(\.trimmed) + Array(repeating: "", count: max(0, width - raw.count))
            if row.allSatisfy(\.isEmpty) { continue }
            let line = "第\(index + 2)行"
            guard let points = Points(row[3]) else {
                v.add("\(line).分值", "\(line)“分值”应为 0.5 的整数倍,收到“\(row[3])”")
                continue
            }
            guard
                let source = DataSource.allCases.first(where: { $0.label == row[7] || $0.rawValue == row[7] }) ?? (row[7].isEmpty ? .selfReport : nil)
            else {
                v.add("\(line).数据来源", "\(line)“数据来源”应为 \(DataSource.allCases.map(\.label).joined(separator: "、")) 之一")
                continue
            }
            let evidence = row[5].split(separator: ";").map { String($0).trimmed }.filter { !$0.isEmpty }.map {
                $0.hasSuffix("*") ? EvidenceItem(name: String($0.dropLast()).trimmed, required: true) : EvidenceItem(name: $0, required: false)
            }
            nodes.append(
                IndicatorNode(
                    code: row[0], title: row[1], goal: row[2].isEmpty ? nil : row[2], points: points,
                    rule: row[4].isEmpty ? nil : row[4], evidence: evidence, basis: row[6].isEmpty ? nil : row[6],
                    source: row[8].isEmpty ? source : .register,
                    metric: row[8].isEmpty && row[9].isEmpty ? nil : MetricBinding(metric: row[8], rule: row[9])))
        }
        try v.check()
        return nodes
    }
}
