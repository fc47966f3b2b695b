import Foundation

/// 督办件和学法考试导入: the documented column layouts of an .xlsx/.csv of supervision items (as the
/// 人大、政协、审计 or 信访 systems export them) and of the year's exam results. The first row is the
/// header (these labels, in any order); every later row is one item or one person. All rows or none:
/// any bad row fails the file with each bad row's number and reasons.
public enum OversightImport {
    public static let itemColumns: [ImportColumn] = [
        .init(label: "来源", required: true, help: "人大代表建议 / 政协提案 / 审计整改 / 信访事项 / 12345 热线工单"),
        .init(label: "编号", required: true, help: "建议、提案编号,审计报告文号,信访件或工单编号;同一来源内唯一"),
        .init(label: "标题", required: true, help: "建议、提案、问题或诉求的标题"),
        .init(label: "提出人", required: false, help: "代表、委员姓名或信访人(公开时自动隐去个人姓名)"),
        .init(label: "主办单位", required: true, help: "本区部门或办事处的名称或代码"),
        .init(label: "协办单位", required: false, help: "名称或代码,多个用顿号或逗号分隔"),
        .init(label: "交办日期", required: true, help: "YYYY-MM-DD;信访为收到日期,审计为报告送达日期"),
        .init(label: "复杂件", required: false, help: "是 / 否:涉及面广、处理难度大,办理期限六个月"),
        .init(label: "整改期限", required: false, help: "YYYY-MM-DD,审计整改必填(审计报告规定的期限)"),
        .init(label: "内容", required: false, help: "主要内容"),
    ]

    public static let examColumns: [ImportColumn] = [
        .init(label: "单位", required: true, help: "本区部门或办事处的名称或代码"),
        .init(label: "姓名", required: true, help: "应考人员姓名"),
        .init(label: "成绩", required: false, help: "0–100 的分数;留空或“缺考”表示未参考"),
    ]

    public struct ItemRow: Equatable, Sendable {
        public let line: Int
        public let channel: OversightChannel
        public let refNo: String
        public let title: String
        public let submitter: String
        public let unitKey: String
        public let coUnitKeys: [String]
        public let assignedOn: LocalDate
        public let complex: Bool
        public let auditDue: LocalDate?
        public let summary: String
    }

    public struct ExamRow: Equatable, Sendable {
        public let line: Int
        public let unitKey: String
        public let name: String
        /// Nil: did not sit the exam.
        public let score: Int?
    }

    public static func channel(_ text: String) -> OversightChannel? {
        let t = text.replacingOccurrences(of: " ", with: "")
        if let c = OversightChannel(rawValue: text) { return c }
        return OversightChannel.allCases.first { $0.label.replacingOccurrences(of: " ", with: "") == t }
            ?? ["人大建议": .deputy, "代表建议": .deputy, "提案": .proposal, "审计": .audit, "信访": .petition, "12345": .hotline, "热线": .hotline][t]
    }

    public static func parseItems(_ rows: [[String]], knownUnits: Set<String>, today: LocalDate, maxRows: Int = 20_000) throws -> [ItemRow] {
        var refs: [String: Int] = [:]
        return try ImportSheet.parse(rows, columns: itemColumns, maxRows: maxRows) { line, cell, why in
            let channel = Self.channel(cell("来源"))
            if channel == nil { why.append("来源“\(cell("来源"))”应为人大代表建议、政协提案、审计整改、信访事项或 12345 热线工单") }
            let ref = cell("编号"), title = cell("标题"), unit = cell("主办单位")
            if ref.isEmpty { why.append("编号为空") } else if ref.count > 60 { why.append("编号超过 60 字") }
            if let channel, !ref.isEmpty {
                let key = channel.rawValue + "/" + ref
                if let first = refs[key] { why.append("编号“\(ref)”与第 \(first) 行重复") } else { refs[key] = line }
            }
            if title.isEmpty { why.append("标题为空") } else if title.count > 200 { why.append("标题超过 200 字") }
            if cell("提出人").count > 100 { why.append("提出人超过 100 字") }
            if cell("内容").count > 5000 { why.append("内容超过 5000 字") }
            if !knownUnits.contains(unit) { why.append("主办单位“\(unit)”不是本区的部门或办事处") }
            let co = cell("协办单位").split(whereSeparator: { "、,,;;".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            for c in co where !knownUnits.contains(c) { why.append("协办单位“\(c)”不是本区的部门或办事处") }
            if co.contains(unit) { why.append("协办单位不能包括主办单位") }
            let assigned = GOIImport.date(cell("交办日期"))
            if assigned == nil { why.append("交办日期“\(cell("交办日期"))”不是 YYYY-MM-DD 格式的日期") }
            if let assigned, assigned > today { why.append("交办日期 \(assigned) 晚于今天") }
            let complex = EnforcementImport.yes(cell("复杂件"), "复杂件", &why)
            var auditDue: LocalDate?
            if !cell("整改期限").isEmpty {
                auditDue = GOIImport.date(cell("整改期限"))
                if auditDue == nil { why.append("整改期限“\(cell("整改期限"))”不是 YYYY-MM-DD 格式的日期") }
            }
            if channel == .audit, cell("整改期限").isEmpty { why.append("审计整改须填写整改期限") }
            if let assigned, let auditDue, auditDue <= assigned { why.append("整改期限 \(auditDue) 应晚于交办日期") }
            guard why.isEmpty, let channel, let assigned else { return nil }
            return ItemRow(
                line: line, channel: channel, refNo: ref, title: title, submitter: cell("提出人"), unitKey: unit, coUnitKeys: co, assignedOn: assigned,
                complex: complex, auditDue: channel == .audit ? auditDue : nil, summary: cell("内容"))
        }
    }

    public static func parseExam(_ rows: [[String]], knownUnits: Set<String>, maxRows: Int = 50_000) throws -> [ExamRow] {
        var people: [String: Int] = [:]
        return try ImportSheet.parse(rows, columns: examColumns, maxRows: maxRows) { line, cell, why in
            let unit = cell("单位"), name = cell("姓名"), scoreText = cell("成绩")
            if !knownUnits.contains(unit) { why.append("单位“\(unit)”不是本区的部门或办事处") }
            if name.isEmpty { why.append("姓名为空") } else if name.count > 50 { why.append("姓名超过 50 字") }
            let key = unit + "/" + name
            if !name.isEmpty, let first = people[key] { why.append("“\(name)”与第 \(first) 行重复") } else { people[key] = line }
            var score: Int?
            if !scoreText.isEmpty, scoreText != "缺考" {
                if scoreText.count <= 3, scoreText.allSatisfy({ $0.isASCII && $0.isNumber }), let s = Int(scoreText), (0...100).contains(s) {
                    score = s
                } else {
                    why.append("成绩“\(scoreText)”应为 0 到 100 的整数,或留空、填“缺考”")
                }
            }
            guard why.isEmpty else { return nil }
            return ExamRow(line: line, unitKey: unit, name: name, score: score)
        }
    }
}
