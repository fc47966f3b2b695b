import FazhiCore
import FazhiOffice
import Foundation

/// 上传的表格: the one reader every import uses (依申请公开台账, 满意度测评, 指标体系 …). An Excel
/// workbook is recognised by its content (a ZIP container), never by its name; anything else must
/// be UTF-8 CSV as RFC 4180 writes it (quoted fields with commas, quotes and line breaks). Blank
/// lines are kept as empty rows, so the row numbers in error messages match what the user sees.
enum UploadedTable {
    /// The rows of the first sheet, or of the CSV file.
    static func rows(_ data: Data, filename: String) throws -> [[String]] {
        guard !data.isEmpty else { throw ValidationFailure([FieldError("file", "文件是空的")]) }
        if isWorkbook(data) { return try workbookRows(data) }
        guard filename.lowercased().hasSuffix(".csv"), let text = String(data: data, encoding: .utf8) else {
            throw ValidationFailure([FieldError("file", "只接受 Excel(.xlsx)或 UTF-8 编码的 CSV 文件")])
        }
        return try CSV.parse(text)
    }

    /// Whether the bytes are an Office Open XML package (ZIP local file header).
    static func isWorkbook(_ data: Data) -> Bool { data.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    /// The first sheet of a workbook, with the reader's complaint as a field error.
    static func workbookRows(_ data: Data) throws -> [[String]] {
        do { return try XLSX.readFirstSheet(data) } catch let e as XLSX.Failure { throw ValidationFailure([FieldError("file", e.description)]) }
    }
}
