import Foundation

struct CycleRowContext: Encodable {
    let year: Int
    let href: String
    let status: String
    /// The work list, while the cycle is open and the user takes part in it.
    let workHref: String?
    let frozenAt: String
    let hash: String
}

struct CyclesContext: Encodable {
    let layout: LayoutContext
    let cycles: [CycleRowContext]
}

struct ResultRowContext: Encodable {
    let rank: Int
    let unit: String
    let cardHref: String?
    let total: String?
    let grade: String
    let desk: String?
    let survey: String?
    let bonus: String?
    let deduction: String?
    let note: String
    let isMine: Bool
}

struct ResultCategoryContext: Encodable {
    let name: String
    let rows: [ResultRowContext]
    let pending: [String]
    /// 限额 how the grade quota was applied (places, ties and the rule), for those who see every unit.
    let quota: String?
}

struct ResultsContext: Encodable {
    let layout: LayoutContext
    let year: Int
    let status: String
    let statusCode: String
    let hash: String?
    let objectionWindow: String?
    let categories: [ResultCategoryContext]
    let canRelease: Bool
    let canFreeze: Bool
    /// Why freezing would be refused now (shown beside the button).
    let freezeBlocker: String?
    let manage: Bool
    let canWork: Bool
    let canPublish: Bool
    let publicHref: String?
    let noticeHref: String?
    let seesAll: Bool
}

struct CardNodeContext: Encodable {
    let code: String
    let level: Int
    let title: String
    let max: String
    let score: String
    let reason: String
    let lost: Bool
    /// SHA-256 of each evidence file behind the leaf, as frozen.
    let evidence: [String]
    /// 系统计分: the metric, its value and how the points came about (with the count of records
    /// kept), and whether a person set the score instead; nil for a leaf people score.
    let system: String?
    let overridden: Bool
    /// The unit's work page for the leaf (its records), for those who may open it.
    let href: String?
}

struct ScoreCardContext: Encodable {
    let layout: LayoutContext
    let year: Int
    let unit: String
    let category: String
    let rank: Int
    let grade: String
    let total: String
    let deskRaw: String
    let deskNormalized: String
    let survey: String
    let bonus: String
    let deduction: String
    let deskWeight: Int
    let surveyWeight: Int
    let adjustments: [AdjustmentLine]
    let vetoes: [String]
    let limitedByQuota: Bool
    let nodes: [CardNodeContext]
    let hash: String?
    let resultsHref: String
    let cardXlsx: String

    struct AdjustmentLine: Encodable {
        let kind: String
        let points: String
        let reason: String
    }
}

struct PublicResultsContext: Encodable {
    let layout: LayoutContext
    let year: Int
    let categories: [ResultCategoryContext]
    let showTotals: Bool
}

/// 通报 the ranking notice page.
struct NoticeContext: Encodable {
    struct GradeLine: Encodable {
        let grade: String
        let units: String
        let count: Int
    }

    struct Row: Encodable {
        let rank: Int
        let unit: String
        let grade: String
        let total: String?
    }

    struct Category: Encodable {
        let name: String
        let count: Int
        let grades: [GradeLine]
        let rows: [Row]
    }

    let layout: LayoutContext
    let year: Int
    let draft: Bool
    let categories: [Category]
    let showTotals: Bool
    let date: String
    let hash: String
}
