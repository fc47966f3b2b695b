import Foundation

/// 考评设置 what the programme office sets for a cycle, parsed from a form and checked as a whole.
public struct CycleSettings: Equatable, Sendable {
    public var selfFrom: LocalDate
    public var selfUntil: LocalDate
    public var reviewUntil: LocalDate
    public var objectionWorkdays: Int
    public var deskWeight: Int
    public var surveyWeight: Int
    public var blindMarking: Bool
    public var markThreshold: Points
    public var latePerWorkday: Points
    public var publishTotals: Bool
    public var tieBreakers: [String]
    /// Grade scheme per unit-category code.
    public var grades: [String: GradeScheme]

    /// The raw form, as typed.
    public struct Form: Sendable {
        public var selfFrom = "", selfUntil = "", reviewUntil = "", objectionWorkdays = "", deskWeight = ""
        public var blindMarking = false, markThreshold = "", latePerWorkday = "", publishTotals = false, tieBreakers = ""
        /// Per category: bands text (one `名称 分数线` per line, the last without), quota grade and percent, veto grade.
        public var bands: [String: String] = [:], quotaGrade: [String: String] = [:], quotaPercent: [String: String] = [:]
        /// Per category: the quota's tie rule (`QuotaTieRule` raw value; empty: all out).
        public var quotaTie: [String: String] = [:]
        public var vetoGrade: [String: String] = [:]

        public init() {}
    }

    /// Parses and checks the form against each category's tree; every problem is reported at once.
    public static func parse(_ form: Form, trees: [String: IndicatorTree], categoryNames: [String: String]) throws -> CycleSettings {
        var v = Validator()
        func date(_ text: String, _ field: String, _ label: String) -> LocalDate? {
            v.date(text, field: field, label: label)
        }
        let from = date(form.selfFrom, "selfFrom", "自评开始日"), until = date(form.selfUntil, "selfUntil", "自评截止日")
        let review = date(form.reviewUntil, "reviewUntil", "审核截止日")
        if let from, let until, until < from { v.add("selfUntil", "自评截止日不能早于开始日") }
        if let until, let review, review < until { v.add("reviewUntil", "审核截止日不能早于自评截止日") }
        let days = Int(form.objectionWorkdays.trimmed).flatMap { (1...30).contains($0) ? $0 : nil }
        if days == nil { v.add("objectionWorkdays", "申诉期应为 1 到 30 个工作日") }
        // Out of range counts as missing: nothing below computes with it (100 − weight would overflow).
        let desk = Int(form.deskWeight.trimmed).flatMap { (0...100).contains($0) ? $0 : nil }
        if desk == nil { v.add("deskWeight", "书面审核权重应为 0 到 100 的整数(满意度权重为其余部分)") }
        let threshold = Points(form.markThreshold)
        if threshold == nil || threshold! < .zero { v.add("markThreshold", "双人评分差异阈值应为 0.5 的整数倍") }
        let late = Points(form.latePerWorkday)
        if late == nil || late! < .zero { v.add("latePerWorkday", "逾期扣分应为 0.5 的整数倍(0 表示不扣分)") }
        let ties = form.tieBreakers.split(whereSeparator: { ",,、 ".contains($0) }).map(String.init)
        var grades: [String: GradeScheme] = [:]
        for code in trees.keys.sorted() {
            let name = categoryNames[code] ?? code
            var bands: [GradeBand] = []
            let lines = (form.bands[code] ?? "").split(whereSeparator: \.isNewline).map { String($0).trimmed }.filter { !$0.isEmpty }
            for (i, line) in lines.enumerated() {
                let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "≥" }).map(String.init)
                if i == lines.count - 1, parts.count == 1 { bands.append(GradeBand(name: parts[0], minimum: nil)); continue }
                guard parts.count == 2, let minimum = Score(parts[1]) else {
                    v.add("bands[\(code)]", "\(name)等次第 \(i + 1) 行“\(line)”应为“等次名称 分数线”,最后一行只写名称"); continue
                }
                bands.append(GradeBand(name: parts[0], minimum: minimum))
            }
            var quota: GradeScheme.Quota?
            let quotaGrade = (form.quotaGrade[code] ?? "").trimmed
            if !quotaGrade.isEmpty {
                let tieText = (form.quotaTie[code] ?? "").trimmed
                let tie = tieText.isEmpty ? QuotaTieRule.allOut : QuotaTieRule(rawValue: tieText)
                if tie == nil { v.add("quotaTie[\(code)]", "\(name)的限额并列规则有误,请重新选择") }
                if let percent = Int((form.quotaPercent[code] ?? "").trimmed) {
                    quota = GradeScheme.Quota(grade: quotaGrade, maxPercent: percent, tieRule: tie ?? .allOut)
                } else {
                    v.add("quotaPercent[\(code)]", "\(name)设置了限额等次,请填写限额比例(0–100 的整数)")
                }
            }
            let scheme = GradeScheme(bands: bands, quota: quota, vetoGrade: (form.vetoGrade[code] ?? "").trimmed)
            grades[code] = scheme
            if let tree = trees[code] {
                // The grades are checked even when the weight was refused (weight errors are reported above).
                let weight = desk ?? 80
                do {
                    try ScoringScheme(tree: tree, deskWeight: weight, surveyWeight: 100 - weight, grades: scheme, tieBreakers: ties).validate()
                } catch let failure as ValidationFailure {
                    for e in failure.errors where e.field != "weights" { v.add("\(e.field)[\(code)]", "\(name):\(e.message)") }
                }
            }
        }
        try v.check()
        guard let from, let until, let review, let days, let desk, let threshold, let late else { throw ValidationFailure(v.errors) }
        return CycleSettings(
            selfFrom: from, selfUntil: until, reviewUntil: review, objectionWorkdays: days, deskWeight: desk,
            surveyWeight: 100 - desk, blindMarking: form.blindMarking, markThreshold: threshold, latePerWorkday: late,
            publishTotals: form.publishTotals, tieBreakers: ties, grades: grades)
    }

    /// The bands of a scheme as the form shows them.
    public static func bandsText(_ scheme: GradeScheme) -> String {
        scheme.bands.map { band in band.minimum.map { "\(band.name) \($0.text(places: $0.units % Score.scale == 0 ? 0 : 2))" } ?? band.name }
            .joined(separator: "\n")
    }
}

/// 满意度测评 import: one row per unit, `单位` (name or code) and `满意度得分` (0–100, up to two decimals).
public enum SurveyImport {
    public struct Row: Equatable, Sendable {
        public let unit: String
        public let score: Score
    }

    /// All rows or none: every bad row is reported with its row number (1 = the header).
    public static func parse(_ rows: [[String]], knownUnits: Set<String>) throws -> [Row] {
        guard let header = rows.first?.map({ $0.trimmed }) else { throw ValidationFailure([FieldError("file", "文件是空的")]) }
        guard let unitColumn = header.firstIndex(where: { $0 == "单位" || $0 == "单位名称" || $0 == "单位代码" }),
            let scoreColumn = header.firstIndex(where: { $0.hasPrefix("满意度") })
        else {
            throw ValidationFailure([FieldError("file", "第 1 行应为表头,包含“单位”和“满意度得分”两列")])
        }
        var v = Validator(), result: [Row] = [], seen = Set<String>()
        for (i, row) in rows.enumerated().dropFirst() {
            let cells = row.map { $0.trimmed }
            if cells.allSatisfy(\.isEmpty) { continue }
            let unit = unitColumn < cells.count ? cells[unitColumn] : ""
            let raw = scoreColumn < cells.count ? cells[scoreColumn] : ""
            let line = i + 1
            guard knownUnits.contains(unit) else { v.add("row[\(line)]", "第 \(line) 行:单位“\(unit)”不存在"); continue }
            guard seen.insert(unit).inserted else { v.add("row[\(line)]", "第 \(line) 行:单位“\(unit)”重复"); continue }
            guard let score = Score(raw), score >= .zero, score <= Score(100), score.rounded(places: 2) == score else {
                v.add("row[\(line)]", "第 \(line) 行:满意度得分“\(raw)”应为 0 到 100 之间的数,最多两位小数"); continue
            }
            result.append(Row(unit: unit, score: score))
        }
        if result.isEmpty && v.errors.isEmpty { v.add("file", "文件中没有数据行") }
        try v.check()
        return result
    }
}
