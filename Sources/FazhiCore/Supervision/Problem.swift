import Foundation

/// 问题池 where a problem came from.
public enum ProblemSource: String, Codable, CaseIterable, Sendable {
    /// 考评发现 a finding of the annual assessment.
    case assessment
    /// 督察 an inspection by the office or a higher level.
    case inspection
    /// 督办 supervision of overdue work.
    case supervision
    /// 复议纠错 an act corrected in administrative reconsideration or lost in court.
    case correction
    /// 审计发现 a finding of an audit report, rectified through the oversight register's audit item.
    case audit

    public var label: String {
        switch self {
        case .assessment: "考评发现"
        case .inspection: "督察反馈"
        case .supervision: "督办发现"
        case .correction: "复议纠错/诉讼败诉"
        case .audit: "审计发现"
        }
    }
}

/// A problem's state. Only the office closes (销号) a problem, after checking the unit's report.
public enum ProblemStatus: String, Codable, CaseIterable, Sendable {
    /// 整改中 measures are being carried out.
    case open
    /// 已报整改完成 the unit reports every measure done; waiting for the office's check.
    case reported
    /// 已销号 the office checked and closed it.
    case closed

    public var label: String {
        switch self {
        case .open: "整改中"
        case .reported: "待核查销号"
        case .closed: "已销号"
        }
    }
}

/// 整改措施 one rectification measure: what will be done, by when, and when it was done.
public struct MeasureInput: Equatable, Sendable {
    public var text: String
    public var due: String

    public init(text: String, due: String) {
        self.text = text
        self.due = due
    }
}

/// A new problem as typed by the office, checked as a whole.
public struct ProblemInput: Equatable, Sendable {
    public var unitCode: String
    public var source: String
    public var title: String
    public var description: String
    public var raisedOn: String
    public var measures: [MeasureInput]

    public init(unitCode: String, source: String, title: String, description: String, raisedOn: String, measures: [MeasureInput]) {
        self.unitCode = unitCode; self.source = source; self.title = title; self.description = description
        self.raisedOn = raisedOn; self.measures = measures
    }

    public struct Checked: Equatable, Sendable {
        public let source: ProblemSource
        public let raisedOn: LocalDate
        public let measures: [(text: String, due: LocalDate)]

        public static func == (a: Checked, b: Checked) -> Bool {
            a.source == b.source && a.raisedOn == b.raisedOn && a.measures.map(\.text) == b.measures.map(\.text)
                && a.measures.map(\.due) == b.measures.map(\.due)
        }
    }

    /// Every problem at once; blank measure rows are ignored, at least one measure is needed.
    public func check(knownUnits: Set<String>) throws -> Checked {
        var v = Validator()
        if !knownUnits.contains(unitCode) { v.add("unit", "请选择责任单位") }
        let source = ProblemSource(rawValue: self.source)
        if source == nil { v.add("source", "请选择问题来源") }
        v.text(title, field: "title", label: "问题标题", max: 100)
        v.text(description, field: "description", label: "问题描述", max: 2000)
        let raised = v.date(raisedOn, field: "raisedOn", label: "发现日期")
        var measures: [(String, LocalDate)] = []
        for (i, m) in self.measures.enumerated() where !(m.text.trimmed.isEmpty && m.due.trimmed.isEmpty) {
            let n = i + 1
            if m.text.trimmed.isEmpty { v.add("measures[\(i)].text", "第 \(n) 条整改措施的内容不能为空") }
            if m.text.trimmed.count > 500 { v.add("measures[\(i)].text", "第 \(n) 条整改措施不能超过 500 个字符") }
            guard let due = v.date(m.due, field: "measures[\(i)].due", label: "第 \(n) 条整改措施的完成时限") else { continue }
            if let raised, due < raised { v.add("measures[\(i)].due", "第 \(n) 条整改措施的完成时限不能早于发现日期") }
            measures.append((m.text.trimmed, due))
        }
        if measures.isEmpty && !v.errors.contains(where: { $0.field.hasPrefix("measures") }) {
            v.add("measures", "至少填写一条整改措施及其完成时限")
        }
        try v.check()
        return Checked(source: source!, raisedOn: raised!, measures: measures.map { (text: $0.0, due: $0.1) })
    }
}

public enum ProblemRules {
    /// Working days a measure is overdue on `today`: the days after its due date up to today, 0
    /// when done or not yet due. Counted on the working-day calendar, like every Fazhi clock.
    public static func workdaysOverdue(due: LocalDate, doneOn: LocalDate?, today: LocalDate, calendar: WorkCalendar) throws -> Int {
        guard doneOn == nil, today > due else { return 0 }
        return try calendar.workdays(from: due.adding(days: 1), to: today)
    }

    /// 问题编号 `WT-2026-007`: the year it was raised and its sequence in that year.
    public static func number(year: Int, sequence: Int) -> String {
        "WT-\(year)-" + String(format: "%03d", sequence)
    }
}
