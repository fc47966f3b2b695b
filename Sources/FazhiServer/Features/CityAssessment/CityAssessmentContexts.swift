import Vapor

/// `/city/assessment`: the city's cycles, and the form that starts one.
struct CityCyclesContext: Encodable {
    struct Cycle: Encodable {
        let year: Int
        let href: String
        let status: String
        /// A district's own progress in the cycle (its office's view).
        let mine: String?
        let hash: String
    }

    let layout: LayoutContext
    let cycles: [Cycle]
    /// A district's people: the list shows the district's own progress.
    let showMine: Bool
    let canCreate: Bool
    let years: [OptionContext]
    let selfUntil: String
    let reviewUntil: String
    let errors: [FormError]
}

/// `/city/assessment/:year`: the districts' ranking, the progress and the city's steps.
struct CityResultsContext: Encodable {
    struct Row: Encodable {
        let rank: Int
        let district: String
        let href: String?
        let grade: String
        let total: String?
        let desk: String?
        let bonus: String?
        let deduction: String?
        let isMine: Bool
    }

    struct Progress: Encodable {
        let district: String
        let href: String
        let status: String
        let scored: String
    }

    let layout: LayoutContext
    let year: Int
    let status: String
    let statusCode: String
    let windows: String
    let objectionWindow: String?
    let rows: [Row]
    let progress: [Progress]
    let quota: String?
    let hash: String?
    let mineHref: String?
    let canRelease: Bool
    let canFreeze: Bool
    let freezeBlocker: String?
    let canPublish: Bool
    let errors: [FormError]
}

/// `/city/assessment/:year/districts/:district`: one district's self-assessment, the city's scores
/// and the objections.
struct CityDistrictContext: Encodable {
    struct Node: Encodable {
        let code: String
        let title: String
        let level: Int
        let max: String
        let rule: String
        let isLeaf: Bool
        let bound: Bool
        /// A bound leaf: the district's figure and the points it earns.
        let metric: String?
        let selfScore: String
        let narrative: String
        let final: String?
        let reason: String
        let mark: String
        let markReason: String
    }

    struct Objection: Encodable {
        let id: String
        let code: String
        let reason: String
        let filed: String
        let status: String
        let decision: String?
        let pending: Bool
    }

    let layout: LayoutContext
    let year: Int
    let district: String
    let base: String
    let status: String
    let statusCode: String
    let selfWindow: String
    let submitted: String?
    let late: String?
    let total: String?
    let nodes: [Node]
    let leafCodes: [String]
    let missing: [String]
    let objections: [Objection]
    let objectionWindow: String?
    let confirmed: String?
    let canEdit: Bool
    let canScore: Bool
    let showFinal: Bool
    let canConfirm: Bool
    let canObject: Bool
    let canDecide: Bool
    let errors: [FormError]
}
