import Foundation

/// 监督、学法、法律顾问和普法指标: what a unit's (or the district's) records count for a year, and
/// the eleven rates with their definitions. Counted in the database; computed here. The formulas are
/// local assessment conventions, not statute (domain-law §11 item 7).
public struct OversightCounts: Equatable, Sendable {
    /// 建议、提案 assigned in the year whose first answer is given or due by today …
    public var suggestionsDue = 0
    /// … of them answered by the first due date.
    public var suggestionsOnTime = 0
    /// 建议、提案 assigned in the year with a final rating, and of them 满意 or 基本满意.
    public var suggestionsRated = 0
    public var suggestionsSatisfied = 0
    /// Findings of the audit items assigned in the year, and of them closed (销号) in the problem pool.
    public var auditFindings = 0
    public var auditFindingsClosed = 0
    /// Petitions accepted in the year answered or due by today, and of them answered by the (extended) due date.
    public var petitionsDue = 0
    public var petitionsOnTime = 0
    /// 常务会议会前学法 sessions held in the year (a count, not a rate).
    public var preMeetingSessions = 0
    /// Study hours of every attendee in the year, in tenths of an hour, and the people who should study
    /// (the study plan's 应学人数, or the attendees counted when there is no plan).
    public var studyTenths = 0
    public var studyPeople = 0
    /// The year's exam: people listed, of them sat, of them passed.
    public var examListed = 0
    public var examSat = 0
    public var examPassed = 0
    /// Decisions adopted and normative documents issued in the year, and of them with a legal adviser's opinion.
    public var adviserMatters = 0
    public var adviserMattersWithOpinion = 0
    /// Government contracts signed in the year, and of them reviewed on or before the signing day.
    public var contractsSigned = 0
    public var contractsReviewed = 0
    /// Items of the year's 普法责任清单, and of them with at least one activity recorded.
    public var pufaItems = 0
    public var pufaItemsDone = 0

    public init() {}

    public mutating func add(_ o: OversightCounts) {
        suggestionsDue += o.suggestionsDue; suggestionsOnTime += o.suggestionsOnTime; suggestionsRated += o.suggestionsRated
        suggestionsSatisfied += o.suggestionsSatisfied; auditFindings += o.auditFindings; auditFindingsClosed += o.auditFindingsClosed
        petitionsDue += o.petitionsDue; petitionsOnTime += o.petitionsOnTime; preMeetingSessions += o.preMeetingSessions
        studyTenths += o.studyTenths; studyPeople += o.studyPeople; examListed += o.examListed; examSat += o.examSat
        examPassed += o.examPassed; adviserMatters += o.adviserMatters; adviserMattersWithOpinion += o.adviserMattersWithOpinion
        contractsSigned += o.contractsSigned; contractsReviewed += o.contractsReviewed; pufaItems += o.pufaItems; pufaItemsDone += o.pufaItemsDone
    }
}

/// One indicator's value, with its stable key (`OversightRates.definitions`).
public struct OversightIndicator: Equatable, Sendable {
    public typealias Kind = MetricKind

    public let key: String
    public let kind: Kind
    public let numerator: Int
    public let denominator: Int

    public init(key: String, kind: Kind, numerator: Int, denominator: Int) {
        self.key = key; self.kind = kind; self.numerator = numerator; self.denominator = denominator
    }

    public var metric: MetricValue { MetricValue(kind: kind, numerator: numerator, denominator: denominator) }
    /// What the cell shows: `12/15(80.0%)`, `8 次`, `14.5 学时`; `—` when nothing counted.
    public var text: String { metric.text(unit: kind == .average ? "学时" : "次") }
    /// The value for the API: the rate (0…1), the count, or hours per person; nil when nothing counted.
    public var value: Double? { metric.value }
}

public enum OversightRates {
    /// Stable keys (API), names and definitions, in column order.
    public static let definitions: [(key: String, name: String, text: String)] = [
        ("suggestionOnTime", "建议提案按期办复率", "本年交办的人大代表建议、政协提案中,首次答复在办理期限内的件数 ÷ 已答复或期限已届满的件数(期限未到且未答复的不计)(代表法第五十一条)"),
        ("suggestionSatisfaction", "建议提案满意率", "本年交办的建议、提案中,最终评价为满意或基本满意的件数 ÷ 已有最终评价的件数(不满意后重新办理的,以第二次评价为准)"),
        ("auditRectification", "审计整改完成率", "本年审计整改事项的审计发现问题中,已在问题池整改销号的个数 ÷ 审计发现问题总数(审计法第五十二条)"),
        ("petitionOnTime", "信访按期办结率", "本年受理的信访事项中,在办理期限(含依法延长)内出具处理意见的件数 ÷ 已出具意见或期限已届满的件数(信访工作条例第三十四条)"),
        ("preMeetingStudy", "会前学法次数", "本年召开常务会议(办公会议)前集体学法的次数"),
        ("studyHours", "人均学法学时", "本年各次学法的参学人员学时合计 ÷ 学法计划的应学人数(未报计划的按实际参学人数)"),
        ("examParticipation", "学法考试参考率", "本年度学法考试实际参考人数 ÷ 应考人数"),
        ("examPass", "学法考试合格率", "本年度学法考试合格人数 ÷ 实际参考人数(合格分数线可配置)"),
        ("adviserParticipation", "法律顾问参与率", "本年作出的重大行政决策和印发的规范性文件中,有法律顾问或公职律师出具意见的件数 ÷ 其总件数(重大行政决策程序暂行条例第二十八条)"),
        ("contractReview", "合同审查率", "本年签订的政府合同中,签订前(或当日)经合法性审查的件数 ÷ 本年签订的合同件数"),
        ("pufaCompletion", "普法清单完成率", "本年普法责任清单的事项中,已开展活动并记录的事项数 ÷ 清单事项总数(“谁执法谁普法”,中办发〔2017〕31号)"),
    ]

    public static func indicators(_ c: OversightCounts) -> [OversightIndicator] {
        let values: [(OversightIndicator.Kind, Int, Int)] = [
            (.rate, c.suggestionsOnTime, c.suggestionsDue), (.rate, c.suggestionsSatisfied, c.suggestionsRated),
            (.rate, c.auditFindingsClosed, c.auditFindings), (.rate, c.petitionsOnTime, c.petitionsDue), (.count, c.preMeetingSessions, 0),
            (.average, c.studyTenths, c.studyPeople), (.rate, c.examSat, c.examListed), (.rate, c.examPassed, c.examSat),
            (.rate, c.adviserMattersWithOpinion, c.adviserMatters), (.rate, c.contractsReviewed, c.contractsSigned),
            (.rate, c.pufaItemsDone, c.pufaItems),
        ]
        return zip(definitions, values).map { OversightIndicator(key: $0.key, kind: $1.0, numerator: $1.1, denominator: $1.2) }
    }
}

/// 学时: hours as the user types them (`2`, `1.5`), kept in tenths so sums stay exact.
public enum StudyHours {
    /// `1.5` → 15; nil for anything else than 0.5 … 100 hours with at most one decimal.
    public static func tenths(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 3, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
            let whole = Int(parts[0])
        else { return nil }
        var tenth = 0
        if parts.count == 2 {
            guard parts[1].count == 1, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let d = Int(parts[1]) else { return nil }
            tenth = d
        }
        let value = whole * 10 + tenth
        return (5...1000).contains(value) ? value : nil
    }

    public static func text(_ tenths: Int) -> String { tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)" }
}
