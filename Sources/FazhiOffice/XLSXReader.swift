import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import ZIPFoundation

extension XLSX {
    /// Limits against hostile files (zip bombs): per part and in all.
    public static let maxPartBytes = 64 * 1024 * 1024
    public static let maxCells = 2_000_000

    /// The first worksheet as rows of text (numbers as Excel shows them: `10`, `2.5`).
    public static func readFirstSheet(_ data: Data) throws -> [[String]] {
        guard data.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { throw Failure.notAWorkbook("文件内容不是 ZIP 格式") }
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw Failure.notAWorkbook("无法打开压缩包") }
        func part(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            guard entry.uncompressedSize <= Int64(maxPartBytes) else { throw Failure.tooLarge("\(path) 解压后超过 \(maxPartBytes / 1_048_576) MB") }
            var out = Data()
            _ = try archive.extract(entry) { chunk in
                out.append(chunk)
                if out.count > maxPartBytes { throw Failure.tooLarge("\(path) 解压后超过 \(maxPartBytes / 1_048_576) MB") }
            }
            return out
        }
        let sheetPath = try firstSheetPath(workbook: part("xl/workbook.xml"), rels: part("xl/_rels/workbook.xml.rels"))
        guard let sheet = try part(sheetPath) else { throw Failure.notAWorkbook("缺少工作表 \(sheetPath)") }
        let shared = try part("xl/sharedStrings.xml").map(SharedStringsParser.parse) ?? []
        return try SheetParser.parse(sheet, shared: shared)
    }

    static func firstSheetPath(workbook: Data?, rels: Data?) throws -> String {
        guard let workbook else { throw Failure.notAWorkbook("缺少 xl/workbook.xml") }
        let sheetID = ElementCollector.attributes(of: "sheet", in: workbook).first?["r:id"]
        let target = rels.flatMap { data in
            ElementCollector.attributes(of: "Relationship", in: data).first { $0["Id"] == sheetID }?["Target"]
        }
        guard let target else { return "xl/worksheets/sheet1.xml" }
        return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }

    /// `2.4999999999` (binary floating point in the file) back to the half-point Excel displays.
    static func normalizeNumber(_ text: String) -> String {
        guard let value = Double(text), value.isFinite else { return text }
        let halves = (value * 2).rounded()
        if abs(value * 2 - halves) < 1e-7 {
            let h = Int(halves), sign = h < 0 ? "-" : "", magnitude = abs(h)
            return magnitude % 2 == 0 ? "\(sign)\(magnitude / 2)" : "\(sign)\(magnitude / 2).5"
        }
        return text
    }
}

/// Collects the attributes of every element with a given name.
final class ElementCollector: NSObject, XMLParserDelegate {
    let name: String
    var found: [[String: String]] = []

    init(name: String) { self.name = name }

    static func attributes(of name: String, in data: Data) -> [[String: String]] {
        let collector = ElementCollector(name: name)
        let parser = XMLParser(data: data)
        parser.delegate = collector
        parser.parse()
        return collector.found
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if elementName == name || elementName.hasSuffix(":" + name) { found.append(attributes) }
    }
}

/// `xl/sharedStrings.xml`: each `<si>` is one string, possibly in several rich-text runs.
final class SharedStringsParser: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current = ""
    var inText = false

    static func parse(_ data: Data) throws -> [String] {
        let p = SharedStringsParser()
        let parser = XMLParser(data: data)
        parser.delegate = p
        guard parser.parse() else { throw XLSX.Failure.notAWorkbook("共享字符串表格式错误") }
        return p.strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:])
    {
        if name == "si" { current = "" } else if name == "t" { inText = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "t" { inText = false } else if name == "si" { strings.append(current) }
    }
}

/// A worksheet's cells into dense rows of text.
final class SheetParser: NSObject, XMLParserDelegate {
    let shared: [String]
    var rows: [Int: [Int: String]] = [:]
    var cellRef = ""
    var cellType = ""
    var value = ""
    var collecting = false
    var nextRow = 1
    var rowIndex = 1
    var nextColumn = 0
    var cells = 0
    var failure: XLSX.Failure?

    init(shared: [String]) { self.shared = shared }

    static func parse(_ data: Data, shared: [String]) throws -> [[String]] {
        let p = SheetParser(shared: shared)
        let parser = XMLParser(data: data)
        parser.delegate = p
        let ok = parser.parse()
        if let failure = p.failure { throw failure }
        guard ok else { throw XLSX.Failure.notAWorkbook("工作表格式错误") }
        guard let last = p.rows.keys.max() else { return [] }
        return (1...last).map { r in
            let row = p.rows[r] ?? [:]
            guard let width = row.keys.max() else { return [] }
            return (0...width).map { row[$0] ?? "" }
        }
    }

    static func columnIndex(_ ref: String) -> Int? {
        let letters = ref.prefix { $0.isLetter && $0.isASCII }
        guard !letters.isEmpty else { return nil }
        return letters.uppercased().unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:])
    {
        switch name {
        case "row":
            rowIndex = attributes["r"].flatMap(Int.init) ?? nextRow
            nextRow = rowIndex + 1
            nextColumn = 0
        case "c":
            cellRef = attributes["r"] ?? ""
            cellType = attributes["t"] ?? "n"
            value = ""
        case "v", "t":
            collecting = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if collecting { value += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": collecting = false
        case "c":
            let column = SheetParser.columnIndex(cellRef) ?? nextColumn
            nextColumn = column + 1
            let text: String =
                switch cellType {
                case "s": Int(value).flatMap { $0 < shared.count ? shared[$0] : nil } ?? ""
                case "b": value == "1" ? "TRUE" : "FALSE"
                case "inlineStr", "str", "e": value
                default: XLSX.normalizeNumber(value)
                }
            if !text.isEmpty { rows[rowIndex, default: [:]][column] = text }
            cells += 1
            if cells > XLSX.maxCells {
                failure = .tooLarge("单元格超过 \(XLSX.maxCells) 个")
                parser.abortParsing()
            }
        default: break
        }
    }
}
