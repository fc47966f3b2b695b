import Foundation
import ZIPFoundation

/// Excel workbooks (Office Open XML) written without any third-party spreadsheet library.
public enum XLSX {
    public enum Cell: Equatable, Sendable {
        case text(String)
        case number(String)
    }

    public struct Sheet: Sendable {
        public var name: String
        public var rows: [[Cell]]
        /// Column widths in characters; missing columns get Excel's default.
        public var widths: [Double]
        /// Bold first row.
        public var header: Bool
        /// Merged ranges, e.g. `A1:A3`.
        public var merges: [String] = []

        public init(name: String, rows: [[Cell]], widths: [Double] = [], header: Bool = true) {
            self.name = name; self.rows = rows; self.widths = widths; self.header = header
        }

        /// A sheet of text cells.
        public init(name: String, textRows: [[String]], widths: [Double] = []) {
            self.init(name: name, rows: textRows.map { $0.map(Cell.text) }, widths: widths)
        }
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notAWorkbook(String)
        case tooLarge(String)

        public var description: String {
            switch self {
            case .notAWorkbook(let why): "不是有效的 Excel 工作簿(.xlsx):\(why)"
            case .tooLarge(let why): "Excel 文件过大:\(why)"
            }
        }
    }

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            // Control characters other than tab and newline are not allowed in XML 1.0.
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `A`, `B`, … `Z`, `AA`, …
    public static func column(_ index: Int) -> String {
        var n = index + 1, s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(65 + r)!) + s
            n = (n - 1) / 26
        }
        return s
    }

    static let head = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let pkg = "http://schemas.openxmlformats.org/package/2006"

    static func sheetXML(_ sheet: Sheet) -> String {
        var xml = head + #"<worksheet xmlns="\#(main)">"#
        if !sheet.widths.isEmpty {
            xml +=
                "<cols>" + sheet.widths.enumerated().map { #"<col min="\#($0 + 1)" max="\#($0 + 1)" width="\#($1)" customWidth="1"/>"# }.joined()
                + "</cols>"
        }
        xml += "<sheetData>"
        for (r, row) in sheet.rows.enumerated() {
            xml += #"<row r="\#(r + 1)">"#
            let style = sheet.header && r == 0 ? #" s="1""# : ""
            for (c, cell) in row.enumerated() {
                let ref = "\(column(c))\(r + 1)"
                switch cell {
                case .text(let s):
                    xml += #"<c r="\#(ref)" t="inlineStr"\#(style)><is><t xml:space="preserve">\#(escape(s))</t></is></c>"#
                case .number(let n):
                    xml += #"<c r="\#(ref)"\#(style)><v>\#(escape(n))</v></c>"#
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if !sheet.merges.isEmpty {
            xml += #"<mergeCells count="\#(sheet.merges.count)">"# + sheet.merges.map { #"<mergeCell ref="\#($0)"/>"# }.joined() + "</mergeCells>"
        }
        return xml + "</worksheet>"
    }

    /// The workbook as bytes.
    public static func write(_ sheets: [Sheet]) throws -> Data {
        // Excel forbids [ ] : * ? / \ in sheet names and allows at most 31 characters.
        let names = sheets.enumerated().map { i, sheet in
            let cleaned = sheet.name.replacingOccurrences(of: "[\\[\\]:*?/\\\\]", with: "_", options: .regularExpression)
            return cleaned.isEmpty ? "Sheet\(i + 1)" : escape(String(cleaned.prefix(31)))
        }
        var parts: [(String, String)] = [
            (
                "[Content_Types].xml",
                head
                    + #"<Types xmlns="\#(pkg)/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
                    + sheets.indices.map {
                        #"<Override PartName="/xl/worksheets/sheet\#($0 + 1).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
                    }.joined() + "</Types>"
            ),
            (
                "_rels/.rels",
                head
                    + #"<Relationships xmlns="\#(pkg)/relationships"><Relationship Id="rId1" Type="\#(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
            (
                "xl/workbook.xml",
                head + #"<workbook xmlns="\#(main)" xmlns:r="\#(rel)"><sheets>"#
                    + names.enumerated().map { #"<sheet name="\#($1)" sheetId="\#($0 + 1)" r:id="rId\#($0 + 1)"/>"# }.joined()
                    + "</sheets></workbook>"
            ),
            (
                "xl/_rels/workbook.xml.rels",
                head + #"<Relationships xmlns="\#(pkg)/relationships">"#
                    + sheets.indices.map { #"<Relationship Id="rId\#($0 + 1)" Type="\#(rel)/worksheet" Target="worksheets/sheet\#($0 + 1).xml"/>"# }
                    .joined()
                    + #"<Relationship Id="rId\#(sheets.count + 1)" Type="\#(rel)/styles" Target="styles.xml"/></Relationships>"#
            ),
            (
                "xl/styles.xml",
                head
                    + #"<styleSheet xmlns="\#(main)"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#
            ),
        ]
        parts += sheets.enumerated().map { ("xl/worksheets/sheet\($0 + 1).xml", sheetXML($1)) }
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, xml) in parts {
            let data = Data(xml.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw Failure.notAWorkbook("无法生成") }
        return data
    }
}
