import Foundation
import Testing
@testable import FazhiOffice

@Suite struct XLSXTests {
    @Test func aWorkbookReadsBackExactly() throws {
        let rows: [[XLSX.Cell]] = [
            [.text("编码"), .text("名称 & <说明>"), .text("分值")],
            [.text("1-1"), .text("决策程序\n第二行"), .number("2.5")],
            [.text(""), .text("空编码"), .number("10")],
        ]
        let data = try XLSX.write([XLSX.Sheet(name: "指标体系", rows: rows, widths: [8, 30, 8])])
        #expect(data.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        let back = try XLSX.readFirstSheet(data)
        #expect(back == [["编码", "名称 & <说明>", "分值"], ["1-1", "决策程序\n第二行", "2.5"], ["", "空编码", "10"]])
    }

    @Test func floatingPointNoiseBecomesTheHalfPointExcelShows() {
        #expect(XLSX.normalizeNumber("2.4999999999999") == "2.5")
        #expect(XLSX.normalizeNumber("10.000000001") == "10")
        #expect(XLSX.normalizeNumber("-10.5") == "-10.5")
        #expect(XLSX.normalizeNumber("0.3") == "0.3")
        #expect(XLSX.normalizeNumber("abc") == "abc")
    }

    @Test func notAWorkbookIsRefusedWithAReason() {
        #expect(throws: XLSX.Failure.notAWorkbook("文件内容不是 ZIP 格式")) { try XLSX.readFirstSheet(Data("编码,名称".utf8)) }
        #expect(throws: XLSX.Failure.self) { try XLSX.readFirstSheet(Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0])) }
    }

    @Test func columnsAreLettered() {
        #expect(XLSX.column(0) == "A")
        #expect(XLSX.column(25) == "Z")
        #expect(XLSX.column(26) == "AA")
        #expect(SheetParser.columnIndex("AB12") == 27)
    }
}
