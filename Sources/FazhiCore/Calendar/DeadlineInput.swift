/// A deadline question as text (CLI arguments, a form, API query): parsed into a request with
/// one Chinese message per bad field.
public struct DeadlineInput: Equatable, Sendable {
    public var start: String
    public var days: String?
    public var unit: String?
    /// `FROM:TO`, inclusive, optionally followed by a space and the reason.
    public var pauses: [String]
    public var extend: String?
    public var rule: String?
    public var restart: String?

    public init(
        start: String, days: String? = nil, unit: String? = nil, pauses: [String] = [], extend: String? = nil,
        rule: String? = nil, restart: String? = nil
    ) {
        self.start = start; self.days = days; self.unit = unit; self.pauses = pauses; self.extend = extend
        self.rule = rule; self.restart = restart
    }

    static let unitNames: [String: PeriodUnit] = [
        "workday": .workday, "workdays": .workday, "wd": .workday, "工作日": .workday,
        "day": .day, "days": .day, "d": .day, "日": .day, "month": .month, "months": .month, "月": .month,
    ]

    public func request(catalogue: DeadlineCatalogue) throws -> DeadlineRequest {
        var v = Validator()
        let start = LocalDate(self.start.trimmed)
        if self.start.trimmed.isEmpty {
            v.add("start", "请填写起算日期")
        } else if start == nil {
            v.add("start", LocalDate.complaint(about: self.start, label: "起算日期"))
        }
        var rule: DeadlineRule?
        if let id = self.rule?.trimmed, !id.isEmpty {
            rule = catalogue.rule(id)
            if rule == nil { v.add("rule", "没有名为“\(id)”的期限规则,可选:\(catalogue.rules.map(\.id).joined(separator: ", "))") }
        }
        var length = rule?.length
        if let text = days?.trimmed, !text.isEmpty {
            if let n = Int(text), DeadlineRequest.lengthRange.contains(n) {
                if let rule, rule.length != n { v.add("days", "规则“\(rule.name)”的期间为 \(rule.length) \(rule.unit.label),不能改为 \(n)") }
                length = n
            } else {
                v.add("days", "期间长度必须是 1 到 \(DeadlineRequest.lengthRange.upperBound) 之间的整数(收到“\(text.prefix(40))”)")
            }
        } else if rule == nil {
            v.add("days", "请填写期间长度,或选择一条期限规则")
        }
        var unit = rule?.unit ?? .workday
        if let text = self.unit?.trimmed, !text.isEmpty {
            if let parsed = Self.unitNames[text.lowercased()] {
                if let rule, rule.unit != parsed { v.add("unit", "规则“\(rule.name)”按\(rule.unit.label)计算") }
                unit = parsed
            } else {
                v.add("unit", "计算单位应为 workday(工作日)、day(日)或 month(月),收到“\(text)”")
            }
        }
        var ranges: [DateRange] = []
        for (i, text) in pauses.enumerated() where !text.trimmed.isEmpty {
            let parts = text.trimmed.split(separator: " ", maxSplits: 1)
            let span = parts[0].split(separator: ":")
            if span.count == 2, let from = LocalDate(String(span[0])), let to = LocalDate(String(span[1])), from <= to {
                ranges.append(DateRange(from: from, to: to, reason: parts.count > 1 ? String(parts[1]).trimmed : "暂停计算"))
            } else {
                v.add("pause[\(i)]", "暂停区间“\(text)”应写作 开始日:结束日(含两端),如 2026-03-05:2026-03-18")
            }
        }
        var extensionLength = 0
        if let text = extend?.trimmed, !text.isEmpty {
            if let n = Int(text), DeadlineRequest.lengthRange.contains(n) || n == 0 {
                extensionLength = n
            } else {
                v.add("extend", "延长期限必须是 0 到 \(DeadlineRequest.lengthRange.upperBound) 之间的整数(收到“\(text.prefix(40))”)")
            }
        }
        var restartedOn: LocalDate?
        if let text = restart?.trimmed, !text.isEmpty {
            restartedOn = LocalDate(text)
            if restartedOn == nil { v.add("restart", LocalDate.complaint(about: text, label: "重新起算日期")) }
        }
        try v.check()
        guard let start, let length else { throw ValidationFailure([FieldError("start", "请填写起算日期和期间长度")]) }
        let request = DeadlineRequest(
            start: start, length: length, unit: unit, direction: rule?.direction ?? .after,
            pauses: ranges, extensionLength: extensionLength, restartedOn: restartedOn, rule: rule)
        do { try request.validate() } catch let e as DeadlineError {
            throw ValidationFailure([FieldError(e.field ?? "start", e.description)])
        }
        return request
    }
}
