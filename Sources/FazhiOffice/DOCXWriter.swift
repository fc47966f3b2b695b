import Foundation
import ZIPFoundation

/// Word documents (Office Open XML, .docx) written without a third-party library: paragraphs in
/// the official-document fonts (方正小标宋 titles, 仿宋 body) and bordered tables with merged cells.
public enum DOCX {
    public enum Alignment: String, Sendable {
        case left, center, right, both
    }

    public struct Paragraph: Sendable {
        public var text: String
        public var alignment: Alignment
        public var bold: Bool
        /// Half-points: 44 = 二号 (titles), 32 = 三号 (body), 21 = 五号 (tables).
        public var size: Int
        /// First-line indent in characters (2 for body text).
        public var indent: Int
        public var font: String
        /// Right indent in characters (成文日期 右空四字).
        public var rightIndent: Int

        public init(
            _ text: String, alignment: Alignment = .both, bold: Bool = false, size: Int = 32, indent: Int = 2, font: String = "仿宋_GB2312",
            rightIndent: Int = 0
        ) {
            self.text = text; self.alignment = alignment; self.bold = bold; self.size = size; self.indent = indent; self.font = font
            self.rightIndent = rightIndent
        }

        public static func title(_ text: String) -> Paragraph {
            Paragraph(text, alignment: .center, size: 44, indent: 0, font: "方正小标宋简体")
        }

        public static func heading(_ text: String) -> Paragraph {
            Paragraph(text, alignment: .left, size: 32, indent: 2, font: "黑体")
        }
    }

    /// One table cell: `span` columns wide; `mergeDown` starts a vertical merge, `continued` continues one.
    public struct Cell: Sendable {
        public var text: String
        public var span: Int
        public var vertical: VerticalMerge
        public var bold: Bool
        public var alignment: Alignment

        public enum VerticalMerge: Sendable { case none, start, `continue` }

        public init(_ text: String, span: Int = 1, vertical: VerticalMerge = .none, bold: Bool = false, alignment: Alignment = .center) {
            self.text = text; self.span = span; self.vertical = vertical; self.bold = bold; self.alignment = alignment
        }
    }

    public struct Table: Sendable {
        public var rows: [[Cell]]
        /// Relative column widths; the table fills the text width.
        public var widths: [Int]

        public init(rows: [[Cell]], widths: [Int]) { self.rows = rows; self.widths = widths }
    }

    /// The page: `plain` as the reports have always been; `official` is the 公文 layout of GB/T 9704-2012 —
    /// 22 lines of 28 characters on the 156 × 225 mm text block (a line every 28.95 pt), and the page number in
    /// 4号 宋体 between dashes below the text, right on odd pages and left on even ones, one character in.
    public struct Layout: Sendable {
        /// Exact line spacing in twentieths of a point.
        public var line: Int
        public var pageNumbers: Bool

        public static let plain = Layout(line: 560, pageNumbers: false)
        public static let official = Layout(line: 579, pageNumbers: true)
    }

    public enum Block: Sendable {
        case paragraph(Paragraph)
        case table(Table)
        case pageBreak
    }

    static let head = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let pkg = "http://schemas.openxmlformats.org/package/2006"
    /// A4 text width in twentieths of a point with 2.8 cm / 2.6 cm margins (GB/T 9704 公文格式).
    static let textWidth = 8845

    /// Text for XML (the same rules as the workbooks; line breaks are split off before).
    static func escape(_ s: String) -> String { XLSX.escape(s) }

    static func run(_ text: String, bold: Bool, size: Int, font: String) -> String {
        let props =
            #"<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="\#(escape(font))"/>"#
            + (bold ? "<w:b/>" : "") + #"<w:sz w:val="\#(size)"/><w:szCs w:val="\#(size)"/></w:rPr>"#
        // Line breaks inside a text become <w:br/>.
        return text.components(separatedBy: "\n").map { #"<w:r>\#(props)<w:t xml:space="preserve">\#(escape($0))</w:t></w:r>"# }
            .joined(separator: "<w:r><w:br/></w:r>")
    }

    static func paragraphXML(_ p: Paragraph, line: Int = Layout.plain.line) -> String {
        // Characters and, for readers that ignore them (LibreOffice), the same in twentieths of a point.
        let char = p.size * 10
        var indent = p.indent > 0 ? #" w:firstLineChars="\#(p.indent * 100)" w:firstLine="\#(p.indent * char)""# : ""
        if p.rightIndent > 0 { indent += #" w:rightChars="\#(p.rightIndent * 100)" w:right="\#(p.rightIndent * char)""# }
        return
            #"<w:p><w:pPr><w:spacing w:line="\#(line)" w:lineRule="exact"/>\#(indent.isEmpty ? "" : "<w:ind\(indent)/>")<w:jc w:val="\#(p.alignment.rawValue)"/></w:pPr>"#
            + run(p.text, bold: p.bold, size: p.size, font: p.font) + "</w:p>"
    }

    /// A footer with the page number `— N —` (4号 = 28 half-points, 宋体), one character in from its side.
    static func footerXML(alignment: Alignment) -> String {
        let font = #"<w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>"#
        let side = alignment == .right ? "rightChars" : "leftChars"
        return head + #"<w:ftr xmlns:w="\#(w)" xmlns:r="\#(rel)"><w:p><w:pPr><w:ind w:\#(side)="100"/><w:jc w:val="\#(alignment.rawValue)"/></w:pPr>"#
            + #"<w:r>\#(font)<w:t xml:space="preserve">— </w:t></w:r><w:r>\#(font)<w:fldChar w:fldCharType="begin"/></w:r>"#
            + #"<w:r>\#(font)<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r>\#(font)<w:fldChar w:fldCharType="separate"/></w:r>"#
            + #"<w:r>\#(font)<w:t>1</w:t></w:r><w:r>\#(font)<w:fldChar w:fldCharType="end"/></w:r><w:r>\#(font)<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#
    }

    static func tableXML(_ t: Table) -> String {
        let total = max(1, t.widths.reduce(0, +))
        let grid = t.widths.map { textWidth * $0 / total }
        var xml =
            #"<w:tbl><w:tblPr><w:tblW w:w="\#(textWidth)" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>"#
            + ["top", "left", "bottom", "right", "insideH", "insideV"].map { #"<w:\#($0) w:val="single" w:sz="4" w:space="0" w:color="000000"/>"# }
            .joined()
            + #"</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#
            + grid.map { #"<w:gridCol w:w="\#($0)"/>"# }.joined() + "</w:tblGrid>"
        for row in t.rows {
            xml += "<w:tr>"
            var column = 0
            for cell in row {
                let width = grid[column..<min(grid.count, column + cell.span)].reduce(0, +)
                column += cell.span
                var props = #"<w:tcW w:w="\#(width)" w:type="dxa"/>"#
                if cell.span > 1 { props += #"<w:gridSpan w:val="\#(cell.span)"/>"# }
                switch cell.vertical {
                case .start: props += #"<w:vMerge w:val="restart"/>"#
                case .continue: props += "<w:vMerge/>"
                case .none: break
                }
                props += #"<w:vAlign w:val="center"/>"#
                let text = cell.vertical == .continue ? "" : cell.text
                xml +=
                    "<w:tc><w:tcPr>\(props)</w:tcPr>"
                    + #"<w:p><w:pPr><w:jc w:val="\#(cell.alignment.rawValue)"/></w:pPr>"# + run(text, bold: cell.bold, size: 21, font: "宋体")
                    + "</w:p></w:tc>"
            }
            xml += "</w:tr>"
        }
        return xml + "</w:tbl>"
    }

    /// The document as bytes.
    public static func write(_ blocks: [Block], title: String = "", layout: Layout = .plain) throws -> Data {
        var body = ""
        for block in blocks {
            switch block {
            case .paragraph(let p): body += paragraphXML(p, line: layout.line)
            case .table(let t): body += tableXML(t) + "<w:p/>"
            case .pageBreak: body += #"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#
            }
        }
        // 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm; the page number's dash line 7 mm below the text block.
        let footers = layout.pageNumbers ? #"<w:footerReference w:type="default" r:id="rIdF1"/><w:footerReference w:type="even" r:id="rIdF2"/>"# : ""
        let grid = layout.pageNumbers ? #"<w:docGrid w:type="lines" w:linePitch="\#(layout.line)"/>"# : ""
        let document =
            head + #"<w:document xmlns:w="\#(w)" xmlns:r="\#(rel)"><w:body>"# + body
            + #"<w:sectPr>\#(footers)<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="\#(layout.pageNumbers ? 1247 : 992)" w:gutter="0"/>\#(grid)</w:sectPr></w:body></w:document>"#
        let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml"
        let footerTypes =
            layout.pageNumbers
            ? #"<Override PartName="/word/footer1.xml" ContentType="\#(wml).footer+xml"/><Override PartName="/word/footer2.xml" ContentType="\#(wml).footer+xml"/><Override PartName="/word/settings.xml" ContentType="\#(wml).settings+xml"/>"#
            : ""
        var parts: [(String, String)] = [
            (
                "[Content_Types].xml",
                head
                    + #"<Types xmlns="\#(pkg)/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\#(footerTypes)</Types>"#
            ),
            (
                "_rels/.rels",
                head
                    + #"<Relationships xmlns="\#(pkg)/relationships"><Relationship Id="rId1" Type="\#(rel)/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#
            ),
            (
                "docProps/core.xml",
                head
                    + #"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>\#(escape(title))</dc:title><dc:creator>Fazhi</dc:creator></cp:coreProperties>"#
            ),
            ("word/document.xml", document),
        ]
        if layout.pageNumbers {
            parts += [
                ("word/footer1.xml", footerXML(alignment: .right)),
                ("word/footer2.xml", footerXML(alignment: .left)),
                ("word/settings.xml", head + #"<w:settings xmlns:w="\#(w)"><w:evenAndOddHeaders/></w:settings>"#),
                (
                    "word/_rels/document.xml.rels",
                    head
                        + #"<Relationships xmlns="\#(pkg)/relationships"><Relationship Id="rIdF1" Type="\#(rel)/footer" Target="footer1.xml"/><Relationship Id="rIdF2" Type="\#(rel)/footer" Target="footer2.xml"/><Relationship Id="rIdS" Type="\#(rel)/settings" Target="settings.xml"/></Relationships>"#
                ),
            ]
        }
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, xml) in parts {
            let data = Data(xml.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw XLSX.Failure.notAWorkbook("无法生成 Word 文档") }
        return data
    }

    /// The text of a .docx (all `w:t` runs, paragraphs separated by newlines), for tests and checks.
    public static func text(of data: Data) throws -> String {
        let archive = try Archive(data: data, accessMode: .read)
        guard let entry = archive["word/document.xml"] else { throw XLSX.Failure.notAWorkbook("缺少 word/document.xml") }
        var xml = Data()
        _ = try archive.extract(entry) { xml.append($0) }
        let s = String(decoding: xml, as: UTF8.self).replacingOccurrences(of: "</w:p>", with: "\n")
        let stripped = s.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        return stripped.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }
}
