import FazhiCore
import FazhiOffice
import Foundation

/// The report as a 公文 (GB/T 9704-2012): title in 方正小标宋 二号 centred, the addressees flush left
/// with a full-width colon, the body in 仿宋_GB2312 三号 with two characters' indent, 一、 headings in
/// 黑体 and (一) in 楷体, the table in 宋体 五号, the issuer and date at the end (日期 右空四字), on the
/// 37/35/28/26 mm margins with 22 lines a page and the page number `— N —` outside the text block.
enum AnnualReportDocx {
    static func data(_ document: AnnualReportDocument) throws -> Data {
        // A title longer than a line (20 characters of 二号 on the 156 mm text block) breaks where its sense
        // does, before the year, not wherever the line ends.
        var title = document.title
        if title.count > 20, let year = title.firstIndex(where: \.isNumber) { title.insert("\n", at: year) }
        var blocks: [DOCX.Block] = [.paragraph(.title(title)), .paragraph(DOCX.Paragraph("", indent: 0))]
        if !document.addressee.isEmpty { blocks.append(.paragraph(DOCX.Paragraph(document.addressee + ":", alignment: .left, indent: 0))) }
        for block in document.blocks {
            switch block {
            case .heading(let text): blocks.append(.paragraph(.heading(text)))
            case .subheading(let heading, let text):
                // (一) in 楷体 as a run-in heading, its sentence after it in the body font.
                blocks.append(.paragraph(DOCX.Paragraph(heading, alignment: .both, font: "楷体_GB2312")))
                blocks.append(.paragraph(DOCX.Paragraph(text)))
            case .paragraph(let text): blocks.append(.paragraph(DOCX.Paragraph(text)))
            case .table(let caption, let rows):
                blocks.append(.paragraph(DOCX.Paragraph(caption, alignment: .center, size: 28, indent: 0, font: "黑体")))
                blocks.append(
                    .table(
                        DOCX.Table(
                            rows: rows.enumerated().map { i, row in
                                row.enumerated().map { c, text in DOCX.Cell(text, bold: i == 0, alignment: c == 1 && i > 0 ? .left : .center) }
                            }, widths: [2, 6, 4, 4])))
            case .signature(let issuer, let date):
                blocks.append(.paragraph(DOCX.Paragraph("", indent: 0)))
                blocks.append(.paragraph(DOCX.Paragraph(issuer, alignment: .right, indent: 0, rightIndent: 4)))
                blocks.append(.paragraph(DOCX.Paragraph(date.isEmpty ? "(报送时填写日期)" : date, alignment: .right, indent: 0, rightIndent: 4)))
            }
        }
        return try DOCX.write(blocks, title: document.title, layout: .official)
    }
}
