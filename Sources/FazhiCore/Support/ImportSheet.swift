import Foundation

/// One documented column of an import layout.
public struct ImportColumn: Sendable {
    public let label: String
    public let required: Bool
    public let help: String
}

/// An uploaded table read for import: the first row is the header (the layout's labels, in any
/// order), every later row is one record. All rows or none: every bad row is named with its
/// spreadsheet row number (the header is row 1) and its reasons.
enum ImportSheet {
    /// Reads every non-blank data row with `read`, which gets the row's number, a lookup of its
    /// trimmed cells by column label, and the list to add its reasons to; it returns nil when the
    /// row is refused (a refused row without a reason is reported as unreadable).
    static func parse<Row>(
        _ rows: [[String]], columns: [ImportColumn], maxRows: Int,
        read: (_ line: Int, _ cell: (String) -> String, _ why: inout [String]) -> Row?
    ) throws -> [Row] {
        guard let header = rows.first?.map(\.trimmed) else { throw ValidationFailure([FieldError("file", "文件是空的")]) }
        var index: [String: Int] = [:]
        for (i, h) in header.enumerated() where !h.isEmpty { index[h] = i }
        let missing = columns.filter { $0.required && index[$0.label] == nil }.map(\.label)
        if !missing.isEmpty { throw ValidationFailure([FieldError("file", "第 1 行(表头)缺少列:\(missing.joined(separator: "、"))")]) }
        let body = rows.dropFirst()
        if body.count > maxRows { throw ValidationFailure([FieldError("file", "一次最多导入 \(maxRows) 行,文件有 \(body.count) 行")]) }
        var errors: [FieldError] = []
        var out: [Row] = []
        for (offset, cells) in body.enumerated() {
            if cells.allSatisfy({ $0.trimmed.isEmpty }) { continue }
            let line = offset + 2
            var why: [String] = []
            let row = read(line, { label in index[label].flatMap { $0 < cells.count ? cells[$0].trimmed : nil } ?? "" }, &why)
            if let row, why.isEmpty {
                out.append(row)
            } else {
                errors.append(FieldError("file", "第 \(line) 行:" + (why.isEmpty ? ["内容无法识别"] : why).joined(separator: ";")))
            }
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        if out.isEmpty { throw ValidationFailure([FieldError("file", "文件中没有数据行")]) }
        return out
    }
}
