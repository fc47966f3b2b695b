import FazhiCore
import FazhiOffice
import Foundation

/// 成绩表 workbooks: the score matrix of a cycle (one sheet per unit category, a row per unit, a
/// column per leaf) and one unit's score card, both from the same snapshot the pages show.
enum AssessmentWorkbooks {
    /// `rows` are already filtered to what the caller may see in detail.
    static func matrix(year: Int, categories: [(AssessmentService.Category, IndicatorTree)]) throws -> Data {
        let sheets = categories.map { category, tree -> XLSX.Sheet in
            let leaves = tree.leaves
            let header: [XLSX.Cell] =
                ["排名", "单位", "总分", "等次", "书面审核(百分制)", "满意度", "加分", "扣分"].map(XLSX.Cell.text)
                + tree.levelOne.map { .text("\($0.code) \($0.title)(\($0.points))") }
                + leaves.map { .text("\($0.code) \($0.title)(\($0.points))") }
            let rows = category.rows.map { row -> [XLSX.Cell] in
                [
                    .number("\(row.rank)"), .text(row.unit), .number(row.total), .text(row.grade), .number(row.deskNormalized),
                    row.survey.map(XLSX.Cell.number) ?? .text(""), .number(row.bonus), .number(row.deduction),
                ]
                    + tree.levelOne.map { .number(row.nodeScores[$0.code] ?? "0") }
                    + leaves.map { .number(row.nodeScores[$0.code] ?? "0") }
            }
            return XLSX.Sheet(
                name: "\(year)\(category.name)", rows: [header] + rows,
                widths: [6, 18, 8, 8, 10, 8, 6, 6] + Array(repeating: 12, count: tree.levelOne.count + leaves.count))
        }
        return try XLSX.write(sheets)
    }

    static func card(year: Int, category: String, row: AssessmentService.Row, tree: IndicatorTree) throws -> Data {
        var rows: [[XLSX.Cell]] = [
            [.text("单位"), .text(row.unit), .text("年度"), .number("\(year)")],
            [.text("类别"), .text(category), .text("排名"), .number("\(row.rank)")],
            [.text("总分"), .number(row.total), .text("等次"), .text(row.grade)],
            [.text("书面审核(百分制)"), .number(row.deskNormalized), .text("满意度"), row.survey.map(XLSX.Cell.number) ?? .text("")],
            [.text("加分"), .number(row.bonus), .text("扣分"), .number(row.deduction)],
            [],
            [.text("编码"), .text("指标"), .text("分值"), .text("得分"), .text("扣分理由")],
        ]
        rows += tree.nodes.map { node in
            [
                .text(node.code), .text(String(repeating: "  ", count: node.level - 1) + node.title), .number(node.points.description),
                .number(row.nodeScores[node.code] ?? "0"), .text(row.reasons[node.code] ?? ""),
            ]
        }
        if !row.adjustments.isEmpty {
            rows.append([])
            rows.append([.text("加扣分"), .text("分值"), .text("理由")])
            rows += row.adjustments.map { [.text($0.type), .number($0.points.description), .text($0.reason)] }
        }
        return try XLSX.write([XLSX.Sheet(name: "计分卡", rows: rows, widths: [16, 36, 10, 10, 50], header: false)])
    }
}
