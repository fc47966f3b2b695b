import FazhiCore
import Foundation

struct IndicatorTreeRow: Encodable {
    let href: String
    let year: Int
    let category: String
    let title: String
    let version: Int
    let nodes: Int
    let leaves: Int
    let total: String
    let valid: Bool
    let problems: Int
}

struct IndicatorsContext: Encodable {
    let layout: LayoutContext
    let rows: [IndicatorTreeRow]
    let categories: [OptionContext]
    let canManage: Bool
    let errors: [FormError]
    let thisYear: Int
    let nextYear: Int
}

struct IndicatorNodeRow: Encodable {
    let code: String
    let level: Int
    let title: String
    let goal: String
    let points: String
    let rule: String
    let evidence: [EvidenceItem]
    let basis: String
    let source: String
    /// 系统计分: the bound metric's name and the rule (`依申请公开按时答复率 · 每项扣 1 分`), or nil.
    let metric: String?
    let isLeaf: Bool
    let editHref: String
    let addChildHref: String?
    let deleteHref: String
}

struct IndicatorTreeContext: Encodable {
    let layout: LayoutContext
    let id: String
    let year: Int
    let categoryName: String
    let title: String
    let version: Int
    let total: String
    let leaves: Int
    let problems: [String]
    let rows: [IndicatorNodeRow]
    let canManage: Bool
    let diffHref: String?
}

struct IndicatorNodeFormContext: Encodable {
    let layout: LayoutContext
    let treeTitle: String
    let treeHref: String
    let action: String
    let isNew: Bool
    let code: String
    let title: String
    let goal: String
    let points: String
    let rule: String
    let evidence: String
    let basis: String
    let sources: [OptionContext]
    /// 关联指标 the catalogue's metrics a leaf may be scored from, and the rule as written.
    let metrics: [OptionContext]
    let metricRule: String
    let errors: [FormError]
}

struct DiffFieldContext: Encodable {
    let label: String
    let before: String
    let after: String
}

struct DiffChangeContext: Encodable {
    let code: String
    let fields: [DiffFieldContext]
}

struct IndicatorDiffContext: Encodable {
    let layout: LayoutContext
    let fromYear: Int
    let toYear: Int
    let categoryName: String
    let treeHref: String
    let added: [IndicatorNodeRow]
    let removed: [IndicatorNodeRow]
    let changed: [DiffChangeContext]
    let same: Bool
}
