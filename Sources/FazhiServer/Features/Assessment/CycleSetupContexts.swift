import Foundation

/// 考评设置与分工 page.
struct CycleSetupContext: Encodable {
    struct Category: Encodable {
        let code: String
        let name: String
        let bands: String
        let quotaGrade: String
        let quotaPercent: String
        /// 限额并列规则 choices.
        let quotaTies: [OptionContext]
        let vetoGrade: String
    }

    struct AssignmentRow: Encodable {
        let unitID: String
        let unit: String
        let first: [OptionContext]
        let second: [OptionContext]
    }

    let layout: LayoutContext
    let year: Int
    let editable: Bool
    let released: Bool
    let selfFrom: String
    let selfUntil: String
    let reviewUntil: String
    let objectionWorkdays: String
    let deskWeight: String
    let blindMarking: Bool
    let markThreshold: String
    let latePerWorkday: String
    let publishTotals: Bool
    let tieBreakers: String
    let categories: [Category]
    let adjustmentTypes: [String]
    let assignments: [AssignmentRow]
    let errors: [FormError]
}

/// 加扣分与满意度 page.
struct LedgerContext: Encodable {
    struct Item: Encodable {
        let id: String
        let unit: String
        let kind: String
        let points: String
        let reason: String
        let proof: String
    }

    struct SurveyRow: Encodable {
        let unitID: String
        let unit: String
        let score: String
    }

    let layout: LayoutContext
    let year: Int
    let editable: Bool
    let items: [Item]
    let units: [OptionContext]
    let kinds: [OptionContext]
    let surveys: [SurveyRow]
    let surveyWeight: Int
    let draft: [String: String]
    let errors: [FormError]
}

/// 考评进度看板.
struct DashboardContext: Encodable {
    struct CategoryBlock: Encodable {
        let name: String
        let rows: [UnitProgressRow]
        let heatmap: String
        let lastHeatmap: String?
    }

    let layout: LayoutContext
    let year: Int
    let lastYear: Int
    let submitted: Int
    let approved: Int
    let units: Int
    let scoredLeaves: Int
    let totalLeaves: Int
    let scoredPercent: Int
    let openSupplements: Int
    let pendingObjections: Int
    let reconciliation: Int
    let windows: String
    let categories: [CategoryBlock]
}
