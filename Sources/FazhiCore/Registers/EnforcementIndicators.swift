import Foundation

/// 行政执法指标: what a unit's (or the district's) records count for a year, and the six rates
/// with their definitions. Counted in the database (one GROUP BY per part); computed here.
public struct EnforcementCounts: Equatable, Sendable {
    /// Officers in post on the reference day (the year's end, or today in the current year).
    public var officers = 0
    /// Of them, holding a certificate valid that day.
    public var certified = 0
    /// Of them, with the year's training hours at or above the requirement.
    public var trained = 0
    /// Decisions of the year on cases that needed the legal review.
    public var reviewDue = 0
    /// Of them, reviewed and passed before the decision.
    public var reviewed = 0
    /// Decisions of the year to publish whose publication is made or due by today.
    public var publishDue = 0
    /// Of them, published by their deadline.
    public var publishedOnTime = 0
    /// Penalties decided in the year, and undecided penalties whose 90 days ended in the year by today.
    public var decideDue = 0
    /// Of them, decided within the period (with any approved extension).
    public var decidedOnTime = 0
    /// Files scored in the year's 案卷评查.
    public var filesReviewed = 0
    /// Of them, at or above the pass mark.
    public var filesPassed = 0

    public init() {}

    public mutating func add(_ o: EnforcementCounts) {
        officers += o.officers; certified += o.certified; trained += o.trained; reviewDue += o.reviewDue; reviewed += o.reviewed
        publishDue += o.publishDue; publishedOnTime += o.publishedOnTime; decideDue += o.decideDue; decidedOnTime += o.decidedOnTime
        filesReviewed += o.filesReviewed; filesPassed += o.filesPassed
    }
}

public struct EnforcementRates: Equatable, Sendable {
    public let certification: CaseRate
    public let training: CaseRate
    public let reviewCoverage: CaseRate
    public let publication: CaseRate
    public let decision: CaseRate
    public let fileReview: CaseRate

    public init(_ c: EnforcementCounts, trainingHours: Int, passMark: Int) {
        certification = CaseRate(numerator: c.certified, denominator: c.officers, definition: Self.definitions[0].text)
        training = CaseRate(numerator: c.trained, denominator: c.officers, definition: "本年培训不少于 \(trainingHours) 学时的在岗执法人员数 ÷ 在岗执法人员数")
        reviewCoverage = CaseRate(numerator: c.reviewed, denominator: c.reviewDue, definition: Self.definitions[2].text)
        publication = CaseRate(numerator: c.publishedOnTime, denominator: c.publishDue, definition: Self.definitions[3].text)
        decision = CaseRate(numerator: c.decidedOnTime, denominator: c.decideDue, definition: Self.definitions[4].text)
        fileReview = CaseRate(numerator: c.filesPassed, denominator: c.filesReviewed, definition: "本年案卷评查得分不低于 \(passMark) 分的案卷数 ÷ 本年评查的案卷数")
    }

    public var all: [CaseRate] { [certification, training, reviewCoverage, publication, decision, fileReview] }

    /// Stable keys (API), names and definitions, in column order.
    public static let definitions: [(key: String, name: String, text: String)] = [
        ("certification", "持证率", "年末(本年为今天)在岗且持有效行政执法证的人员数 ÷ 在岗执法人员数"),
        ("training", "培训学时达标率", "本年培训达到年度要求学时的在岗执法人员数 ÷ 在岗执法人员数"),
        ("reviewCoverage", "法制审核覆盖率", "本年作出决定的须法制审核案件中,决定前审核通过的案件数 ÷ 本年作出决定的须法制审核案件数(《行政处罚法》第五十八条)"),
        ("publication", "公示及时率", "按期公示的执法决定数 ÷ 本年作出、已公示或公示期限已届满的执法决定数(许可、处罚 7 个工作日,其他 20 个工作日)"),
        ("decision", "90日办结率", "在办案期限内作出决定的行政处罚案件数 ÷ 本年作出决定的和办案期限在本年届满仍未决定的行政处罚案件数(《行政处罚法》第六十条)"),
        ("fileReview", "案卷评查合格率", "本年案卷评查达到合格分的案卷数 ÷ 本年评查的案卷数"),
    ]
}
