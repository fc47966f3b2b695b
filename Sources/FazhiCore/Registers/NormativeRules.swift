import Foundation

/// 行政规范性文件: the making of a document (国办发〔2018〕37号) with its legality review (国办发〔2018〕
/// 115号), registration, filing, validity and clean-up. The periods are local rules and configurable
/// (`Resources/Registers/normative.json`); the standard values are the common ones (domain-law §2).

/// 合法性审核结论.
public enum NormativeReviewResult: String, Codable, CaseIterable, Sendable {
    case passed
    /// 不通过: may not go to the collective review (115号).
    case failed

    public var label: String { self == .passed ? "审核通过" : "审核不通过(不得提交集体审议)" }
}

/// 报备对象 where the document is filed: a department's with the district government (区司法局
/// reviews it); the district government's with the city government and the district 人大常委会.
public enum FilingTarget: String, Codable, CaseIterable, Sendable {
    case district
    case upper

    public var label: String { self == .district ? "区人民政府(区司法局)" : "上一级人民政府和区人大常委会" }
}

/// 备案审查结果.
public enum FilingResult: String, Codable, CaseIterable, Sendable {
    case accepted
    /// 要求纠正 / 责令改正.
    case corrected

    public var label: String { self == .accepted ? "准予备案" : "审查发现问题,要求纠正" }
}

/// 清理结论 (one document in a clean-up round).
public enum CleanupConclusion: String, Codable, CaseIterable, Sendable {
    case keep
    case amend
    case repeal
    case expire

    public var label: String {
        switch self {
        case .keep: "继续有效"
        case .amend: "修改"
        case .repeal: "废止"
        case .expire: "宣布失效"
        }
    }
}

/// The configurable local rules.
public struct NormativeSettings: Codable, Equatable, Sendable {
    /// 审核时限: the review takes at least this many working days (一般不少于5个工作日) …
    public var reviewMinWorkdays: Int
    /// … and at most this many (最长不超过15个工作日).
    public var reviewMaxWorkdays: Int
    /// 报备: within this many days of 印发.
    public var filingDays: Int
    /// 有效期 in years; 暂行、试行 shorter.
    public var validityYears: Int
    public var provisionalValidityYears: Int
    /// 到期前评估: this many months before expiry.
    public var evaluationMonthsBefore: Int
    /// 统一编号: `{year}` and `{n}` replaced, e.g. `某区规〔{year}〕{n}号`.
    public var numberPattern: String

    public static let standard = NormativeSettings(
        reviewMinWorkdays: 5, reviewMaxWorkdays: 15, filingDays: 30, validityYears: 5, provisionalValidityYears: 2, evaluationMonthsBefore: 6,
        numberPattern: "某区规〔{year}〕{n}号")

    public init(
        reviewMinWorkdays: Int, reviewMaxWorkdays: Int, filingDays: Int, validityYears: Int, provisionalValidityYears: Int,
        evaluationMonthsBefore: Int, numberPattern: String
    ) {
        self.reviewMinWorkdays = reviewMinWorkdays
        self.reviewMaxWorkdays = reviewMaxWorkdays
        self.filingDays = filingDays
        self.validityYears = validityYears
        self.provisionalValidityYears = provisionalValidityYears
        self.evaluationMonthsBefore = evaluationMonthsBefore
        self.numberPattern = numberPattern
    }

    /// Reads and checks the file; a missing key keeps its standard value.
    public static func parse(_ data: Data) throws -> NormativeSettings {
        struct Partial: Decodable {
            var reviewMinWorkdays: Int?, reviewMaxWorkdays: Int?, filingDays: Int?, validityYears: Int?, provisionalValidityYears: Int?
            var evaluationMonthsBefore: Int?, numberPattern: String?
        }
        let p: Partial
        do { p = try JSONDecoder().decode(Partial.self, from: data) } catch {
            throw ValidationFailure([
                FieldError(
                    "file",
                    "不是有效的设置文件(JSON:reviewMinWorkdays、reviewMaxWorkdays、filingDays、validityYears、provisionalValidityYears、evaluationMonthsBefore、numberPattern)"
                )
            ])
        }
        var s = standard
        s.reviewMinWorkdays = p.reviewMinWorkdays ?? s.reviewMinWorkdays
        s.reviewMaxWorkdays = p.reviewMaxWorkdays ?? s.reviewMaxWorkdays
        s.filingDays = p.filingDays ?? s.filingDays
        s.validityYears = p.validityYears ?? s.validityYears
        s.provisionalValidityYears = p.provisionalValidityYears ?? s.provisionalValidityYears
        s.evaluationMonthsBefore = p.evaluationMonthsBefore ?? s.evaluationMonthsBefore
        s.numberPattern = p.numberPattern ?? s.numberPattern
        var v = Validator()
        if !(1...60).contains(s.reviewMinWorkdays) { v.add("reviewMinWorkdays", "审核最短时限应为 1 到 60 个工作日") }
        if !(1...60).contains(s.reviewMaxWorkdays) || s.reviewMaxWorkdays < s.reviewMinWorkdays {
            v.add("reviewMaxWorkdays", "审核最长时限应为 1 到 60 个工作日,且不少于最短时限")
        }
        if !(1...90).contains(s.filingDays) { v.add("filingDays", "报备期限应为 1 到 90 日") }
        if !(1...10).contains(s.validityYears) { v.add("validityYears", "有效期应为 1 到 10 年") }
        if !(1...10).contains(s.provisionalValidityYears) || s.provisionalValidityYears > s.validityYears {
            v.add("provisionalValidityYears", "暂行、试行文件的有效期应为 1 到 10 年,且不长于一般有效期")
        }
        if !(1...24).contains(s.evaluationMonthsBefore) { v.add("evaluationMonthsBefore", "到期前评估应提前 1 到 24 个月") }
        if !s.numberPattern.contains("{year}") || !s.numberPattern.contains("{n}") || s.numberPattern.count > 40 {
            v.add("numberPattern", "统一编号格式应包含 {year} 和 {n},不超过 40 个字符")
        }
        try v.check()
        return s
    }

    /// 统一登记编号 of the `n`th document of `year`.
    public func number(year: Int, n: Int) -> String {
        numberPattern.replacingOccurrences(of: "{year}", with: String(year)).replacingOccurrences(of: "{n}", with: String(n))
    }
}

/// The document's dates as the rules read them.
public enum NormativeRules {
    /// 暂行、试行 documents have the shorter validity.
    public static func isProvisional(title: String) -> Bool { title.contains("暂行") || title.contains("试行") }

    /// 有效期至: the day before the anniversary `years` after taking effect (a document in force from
    /// 2026-03-01 for 5 years is valid through 2031-02-28); 02-29 anniversaries fall to 02-28.
    public static func validUntil(effective: LocalDate, title: String, settings: NormativeSettings) -> LocalDate {
        let years = isProvisional(title: title) ? settings.provisionalValidityYears : settings.validityYears
        return effective.movedTo(year: effective.year + years).adding(days: -1)
    }

    /// 到期前评估: `evaluationMonthsBefore` months before the last valid day (the same day-number, or
    /// the month's last day when it has none).
    public static func evaluationDue(validUntil: LocalDate, settings: NormativeSettings) -> LocalDate {
        var month = validUntil.month - settings.evaluationMonthsBefore
        var year = validUntil.year
        while month < 1 {
            month += 12
            year -= 1
        }
        let day = min(validUntil.day, LocalDate.daysIn(month: month, year: year))
        return LocalDate(year: year, month: month, day: day) ?? validUntil
    }

    /// 报备期限: `filingDays` calendar days after 印发, the last day moved past rest days.
    public static func filingDue(issued: LocalDate, settings: NormativeSettings, engine: DeadlineEngine) throws -> DeadlineEngine.Result {
        try engine.due(DeadlineRequest(start: issued, length: settings.filingDays, unit: .day))
    }

    /// 审核时限: the earliest day the opinion may come (the reviewer's minimum) and the latest (its
    /// maximum), in working days after the day the draft was submitted.
    public static func reviewWindow(submitted: LocalDate, settings: NormativeSettings, engine: DeadlineEngine) throws -> (
        earliest: DeadlineEngine.Result, latest: DeadlineEngine.Result
    ) {
        (
            try engine.due(DeadlineRequest(start: submitted, length: settings.reviewMinWorkdays, unit: .workday)),
            try engine.due(DeadlineRequest(start: submitted, length: settings.reviewMaxWorkdays, unit: .workday))
        )
    }
}
