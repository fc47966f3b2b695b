import Foundation

/// One unit's progress in a cycle, as the work list and the dashboard show it.
struct UnitProgressRow: Encodable {
    let unit: String
    let category: String
    let href: String
    let status: String
    let statusCode: String
    let filled: String
    let scored: String
    let late: Int
    let openSupplements: Int
    let pendingObjections: Int
    let confirmed: Bool
    let assessors: String
    /// Last year's published total, grade and rank ("—" when none).
    let lastTotal: String
    let lastGrade: String
    let lastRank: String

    init(unit: OrgNode, category: String, year: Int, progress p: ReviewProgress.Unit, assessors: String = "", last: AssessmentService.Row? = nil)
        throws
    {
        self.unit = unit.name
        self.category = category
        href = "/assessment/\(year)/work/\(try unit.requireID().uuidString)"
        status = p.label
        statusCode = p.status.rawValue
        filled = "\(p.filled)/\(p.leaves)"
        scored = "\(p.scored)/\(p.leaves)"
        late = p.late
        openSupplements = p.openSupplements
        pendingObjections = p.pendingObjections
        confirmed = p.confirmed
        self.assessors = assessors
        lastTotal = last?.total ?? "—"
        lastGrade = last?.grade ?? "—"
        lastRank = last.map { "\($0.rank)" } ?? "—"
    }
}

/// 考评工作台: the units a user works on in one cycle.
struct WorkListContext: Encodable {
    let layout: LayoutContext
    let year: Int
    let windows: String
    let rows: [UnitProgressRow]
    let manage: Bool
}

/// One unit's self-assessment and review on one page.
struct WorkContext: Encodable {
    struct Node: Encodable {
        let code: String
        let level: Int
        let title: String
        let max: String
        let isLeaf: Bool
        let href: String
        let selfScore: String
        let narrative: String
        let evidence: String
        let evidenceMissing: Bool
        let final: String?
        let reason: String
        let myMark: String
        let myReason: String
        let supplementOpen: Bool
        let objectionPending: Bool
        /// 系统计分 of a bound leaf: `4 分`, or `3 分(改分;系统计分 4 分)`; nil for a leaf people score.
        let system: String?
        /// True for a leaf the system scores.
        let bound: Bool
    }

    let layout: LayoutContext
    let year: Int
    let unit: String
    let unitID: String
    let category: String
    /// 登记簿数据: what the unit's registers say for the year (依申请公开), for the assessors.
    /// 登记簿数据: each register's figures for the unit, with a link to the detail.
    let registerFacts: [AssessmentFact]
    let base: String
    let status: String
    let statusCode: String
    let selfWindow: String
    let submittedInfo: String?
    let approvedInfo: String?
    let manifestHash: String?
    let late: String?
    let returnedNote: String?
    let released: Bool
    let objectionWindow: String?
    let confirmed: String?
    let missing: [String]
    let nodes: [Node]
    let showFinal: Bool
    let canEdit: Bool
    let canSubmit: Bool
    let canApprove: Bool
    let canMark: Bool
    let canConfirm: Bool
    let errors: [FormError]
    let resultHref: String?
}

/// One leaf of one unit: checklist and files, self-assessment, marks, supplements, objections.
struct LeafContext: Encodable {
    struct FileRow: Encodable {
        let id: String
        let item: String
        let filename: String
        let size: String
        let sha256: String
        let stage: String
        let uploaded: String
        let href: String
        let withdrawn: Bool
        let canWithdraw: Bool
    }

    struct Item: Encodable {
        let name: String
        let required: Bool
        let files: Int
    }

    struct MarkRow: Encodable {
        let assessor: String
        let score: String
        let reason: String
        let at: String
    }

    struct SupplementRow: Encodable {
        let reason: String
        let due: String
        let requested: String
        let answer: String?
        let answered: String?
        let overdue: Bool
    }

    struct ObjectionRow: Encodable {
        let id: String
        let reason: String
        let filed: String
        let status: String
        let statusCode: String
        let previous: String
        let adjusted: String?
        let decision: String?
        let decided: String?
    }

    /// 系统计分 what the system computed for a bound leaf, how, and from which records.
    struct SystemScore: Encodable {
        struct Record: Encodable {
            let label: String
            let href: String
            let counted: Bool
        }

        let name: String
        let metric: String
        let value: String
        let rule: String
        let computed: String?
        let explanation: String
        let asOf: String
        /// Fixed when the preliminary results were released.
        let pinned: Bool
        let href: String
        /// What a person set instead, with the reason and who.
        let overridden: String?
        let records: [Record]?
        /// The records the numerator counts, of those listed.
        let counted: Int
    }

    let layout: LayoutContext
    let year: Int
    let unit: String
    let workHref: String
    let base: String
    let code: String
    let title: String
    let max: String
    let rule: String
    let basis: String
    let source: String
    let items: [Item]
    let files: [FileRow]
    let selfScore: String
    let narrative: String
    let final: String?
    let finalReason: String
    let marks: [MarkRow]
    let system: SystemScore?
    let canOverride: Bool
    let canRestore: Bool
    let supplements: [SupplementRow]
    let objections: [ObjectionRow]
    let canUpload: Bool
    let uploadStage: String
    let maxUpload: Int
    let canAnswer: Bool
    let canReturn: Bool
    let canReconcile: Bool
    let canObject: Bool
    let canDecide: Bool
    let today: String
    let draft: [String: String]
    let errors: [FormError]
}
