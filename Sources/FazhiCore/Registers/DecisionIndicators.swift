import Foundation

/// 重大行政决策和规范性文件指标: what a unit's (or the district's) records count for a year, and the
/// seven rates with their definitions. Counted in the database; computed here.
public struct DecisionCounts: Equatable, Sendable {
    /// Decisions adopted in the year.
    public var adopted = 0
    /// Of them, with each of the five procedures done or lawfully left out (with its reason).
    public var adoptedComplete = 0
    /// Of them, reviewed for legality with a passing opinion before the meeting.
    public var adoptedReviewed = 0
    /// Public comment periods that ended in the year (by today).
    public var commentPeriods = 0
    /// Of them, at least 30 days long (第十五条).
    public var commentFull = 0
    /// Normative documents issued in the year.
    public var normativeIssued = 0
    /// Of them, passed the legality review before the collective review.
    public var normativeReviewed = 0
    /// Documents whose filing period ended in the year (by today) or that were filed in it.
    public var filingDue = 0
    /// Of them, filed within the period.
    public var filedOnTime = 0
    /// The year's catalogue (1 once its publication date has come) and whether it was published by then.
    public var catalogueDue = 0
    public var catalogueOnTime = 0
    /// Clean-up rounds due in the year (by today) and those published by their planned date.
    public var cleanupsDue = 0
    public var cleanupsOnTime = 0

    public init() {}

    public mutating func add(_ o: DecisionCounts) {
        adopted += o.adopted; adoptedComplete += o.adoptedComplete; adoptedReviewed += o.adoptedReviewed
        commentPeriods += o.commentPeriods; commentFull += o.commentFull; normativeIssued += o.normativeIssued
        normativeReviewed += o.normativeReviewed; filingDue += o.filingDue; filedOnTime += o.filedOnTime
        catalogueDue += o.catalogueDue; catalogueOnTime += o.catalogueOnTime; cleanupsDue += o.cleanupsDue; cleanupsOnTime += o.cleanupsOnTime
    }
}

public struct DecisionRates: Equatable, Sendable {
    public let catalogue: CaseRate
    public let procedures: CaseRate
    public let legality: CaseRate
    public let comment: CaseRate
    public let normativeReview: CaseRate
    public let filing: CaseRate
    public let cleanup: CaseRate

    public init(_ c: DecisionCounts) {
        let d = Self.definitions.map(\.text)
        catalogue = CaseRate(numerator: c.catalogueOnTime, denominator: c.catalogueDue, definition: d[0])
        procedures = CaseRate(numerator: c.adoptedComplete, denominator: c.adopted, definition: d[1])
        legality = CaseRate(numerator: c.adoptedReviewed, denominator: c.adopted, definition: d[2])
        comment = CaseRate(numerator: c.commentFull, denominator: c.commentPeriods, definition: d[3])
        normativeReview = CaseRate(numerator: c.normativeReviewed, denominator: c.normativeIssued, definition: d[4])
        filing = CaseRate(numerator: c.filedOnTime, denominator: c.filingDue, definition: d[5])
        cleanup = CaseRate(numerator: c.cleanupsOnTime, denominator: c.cleanupsDue, definition: d[6])
    }

    public var all: [CaseRate] { [catalogue, procedures, legality, comment, normativeReview, filing, cleanup] }

    /// Stable keys (API), names and definitions, in column order. 目录按时公布 and 清理按期完成 are the
    /// district's (a unit's row leaves them out).
    public static let definitions: [(key: String, name: String, text: String)] = [
        ("catalogue", "目录按时公布", "本年决策事项目录在计划日期前经党委同意并向社会公布的为 1/1(计划日期未到且未公布的不计)(第三条第三款)"),
        (
            "procedures", "五项程序履行率",
            "本年作出的决策中,公众参与、专家论证、风险评估、合法性审查、集体讨论决定均已履行(或依法说明不适用)的决策数 ÷ 本年作出的决策数(第九条)"
        ),
        ("legality", "合法性审查率", "本年作出的决策中,会议前经合法性审查且审查意见为合法(或修改后合法)的决策数 ÷ 本年作出的决策数(第二十五条、第二十六条)"),
        ("comment", "征求意见期限达标率", "本年截止的公开征求意见中,期限不少于 30 日的次数 ÷ 本年截止的公开征求意见次数(缩短并说明理由的不计入达标)(第十五条)"),
        ("normativeReview", "规范性文件合法性审核率", "本年印发的规范性文件中,集体审议前经合法性审核通过的件数 ÷ 本年印发的件数(国办发〔2018〕115号)"),
        ("filing", "报备及时率", "报备期限在本年届满或本年报备的规范性文件中,按期报备的件数 ÷ 其件数"),
        ("cleanup", "清理按期完成", "计划在本年完成的清理中,按计划日期公布结果的轮数 ÷ 计划在本年完成的轮数(计划日期未到且未公布的不计)"),
    ]
}
