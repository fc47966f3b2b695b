/// 期间单位: how a period is counted.
public enum PeriodUnit: String, Codable, CaseIterable, Sendable {
    /// 工作日: only working days count.
    case workday
    /// 日: calendar days; a last day on a rest day moves to the next working day.
    case day
    /// 月: calendar months; same day-number, or the month's last day.
    case month

    public var label: String {
        switch self {
        case .workday: "个工作日"
        case .day: "日"
        case .month: "个月"
        }
    }
}

/// 期限规则: one statutory period, held as data with its legal basis.
public struct DeadlineRule: Codable, Equatable, Sendable {
    public struct Extension: Codable, Equatable, Sendable {
        /// The most that may be added, in the rule's unit.
        public var max: Int
        /// Who may approve it, e.g. 政府信息公开工作机构负责人.
        public var approver: String
    }

    public enum Direction: String, Codable, Sendable {
        /// The period runs forward from the start event.
        case after
        /// The latest date that still leaves the period before an event (e.g. a meeting).
        case before
    }

    public var id: String
    public var name: String
    public var length: Int
    public var unit: PeriodUnit
    public var direction: Direction
    /// True when the length is a minimum (不少于), not a maximum.
    public var isMinimum: Bool
    public var startEvent: String
    public var extensionLimit: Extension?
    /// Whether lawful pauses (consultation of third parties, suspension) stop the clock.
    public var pausable: Bool
    /// The event that restarts the clock from its own date (e.g. receipt of a clarified request).
    public var restartEvent: String?
    /// 法律依据, with the article.
    public var basis: String
    public var note: String?

    public init(
        id: String, name: String, length: Int, unit: PeriodUnit, direction: Direction = .after, isMinimum: Bool = false,
        startEvent: String, extensionLimit: Extension? = nil, pausable: Bool = false, restartEvent: String? = nil,
        basis: String, note: String? = nil
    ) {
        self.id = id; self.name = name; self.length = length; self.unit = unit; self.direction = direction
        self.isMinimum = isMinimum; self.startEvent = startEvent; self.extensionLimit = extensionLimit; self.pausable = pausable
        self.restartEvent = restartEvent; self.basis = basis; self.note = note
    }
}

/// The rule catalogue file (Resources/Deadlines/rules.json).
public struct DeadlineCatalogue: Codable, Sendable {
    public var rules: [DeadlineRule]

    public init(rules: [DeadlineRule]) { self.rules = rules }

    public func rule(_ id: String) -> DeadlineRule? { rules.first { $0.id == id } }
}
