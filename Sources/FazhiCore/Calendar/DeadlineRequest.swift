/// An inclusive range of days, e.g. a pause `2026-03-02…2026-03-13`.
public struct DateRange: Codable, Equatable, Sendable {
    public var from: LocalDate
    public var to: LocalDate
    /// Why the days do not count, e.g. 征求第三方意见.
    public var reason: String

    public init(from: LocalDate, to: LocalDate, reason: String = "暂停计算") {
        self.from = from
        self.to = to
        self.reason = reason
    }

    public func contains(_ date: LocalDate) -> Bool { from <= date && date <= to }
}

/// One computation: a period counted from a start date, with pauses and an extension.
public struct DeadlineRequest: Equatable, Sendable {
    public var start: LocalDate
    public var length: Int
    public var unit: PeriodUnit
    public var direction: DeadlineRule.Direction
    public var pauses: [DateRange]
    /// Units of the same kind added after the first due date (approved extension).
    public var extensionLength: Int
    /// A restart (e.g. 补正): the period runs again from this date; pauses before it no longer matter.
    public var restartedOn: LocalDate?
    public var rule: DeadlineRule?

    public init(
        start: LocalDate, length: Int, unit: PeriodUnit, direction: DeadlineRule.Direction = .after,
        pauses: [DateRange] = [], extensionLength: Int = 0, restartedOn: LocalDate? = nil, rule: DeadlineRule? = nil
    ) {
        self.start = start; self.length = length; self.unit = unit; self.direction = direction; self.pauses = pauses
        self.extensionLength = extensionLength; self.restartedOn = restartedOn; self.rule = rule
    }

    /// A request from a catalogue rule.
    public init(
        rule: DeadlineRule, start: LocalDate, pauses: [DateRange] = [], extensionLength: Int = 0,
        restartedOn: LocalDate? = nil
    ) {
        self.init(
            start: start, length: rule.length, unit: rule.unit, direction: rule.direction, pauses: pauses,
            extensionLength: extensionLength, restartedOn: restartedOn, rule: rule)
    }

    /// The longest period or extension accepted (ten years of days): bounds every number from
    /// outside before any arithmetic on it.
    public static let lengthRange = 1...3660

    /// Checks the request against itself and its rule.
    public func validate() throws {
        guard Self.lengthRange.contains(length) else {
            throw DeadlineError.invalidRequest(field: "days", message: "期间长度必须是 1 到 3660 之间的整数(收到 \(length))")
        }
        guard extensionLength == 0 || Self.lengthRange.contains(extensionLength) else {
            throw DeadlineError.invalidRequest(field: "extend", message: "延长期限必须是 0 到 \(Self.lengthRange.upperBound) 之间的整数(收到 \(extensionLength))")
        }
        if extensionLength > 0, let rule {
            guard let ext = rule.extensionLimit else {
                throw DeadlineError.invalidRequest(field: "extend", message: "“\(rule.name)”依法不得延长")
            }
            guard extensionLength <= ext.max else {
                throw DeadlineError.invalidRequest(
                    field: "extend",
                    message: "“\(rule.name)”最多延长 \(ext.max) \(rule.unit.label)(\(rule.basis)),收到 \(extensionLength)")
            }
        }
        if !pauses.isEmpty, let rule, !rule.pausable {
            throw DeadlineError.invalidRequest(field: "pause", message: "“\(rule.name)”的期间不因征求意见等事由中止计算")
        }
        if direction == .before, !pauses.isEmpty || extensionLength > 0 {
            throw DeadlineError.invalidRequest(field: "pause", message: "倒推的期限不支持暂停或延长")
        }
        for (i, pause) in pauses.enumerated() where pause.to < pause.from {
            throw DeadlineError.invalidRequest(field: "pause[\(i)]", message: "暂停区间 \(pause.from) 至 \(pause.to) 的结束日早于开始日")
        }
        if let restartedOn, restartedOn < start {
            throw DeadlineError.invalidRequest(field: "restart", message: "重新起算日 \(restartedOn) 不能早于原起算日 \(start)")
        }
    }
}
