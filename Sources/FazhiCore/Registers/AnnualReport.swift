import Foundation

/// 法治政府建设年度报告 under 《法治政府建设与责任落实督察工作规定》(中办国办, 2019): every government
/// department reports its year to the district's Party committee and government (and the department
/// above) by 1 March; the district government reports to the district Party committee and the people's
/// congress standing committee by 1 March; the reports are published (报刊、网站) by 1 April, except what
/// is secret. The article numbers are not confirmed (domain-law §9): the rule is kept as text.
public enum AnnualReportPart: String, CaseIterable, Codable, Sendable {
    /// 上一年度推进法治政府建设的主要举措和成效 — drafted from the registers' figures.
    case measures
    /// 存在的不足和原因
    case shortcomings
    /// 党政主要负责人履行推进法治建设第一责任人职责,加强法治政府建设的有关情况
    case leadership
    /// 下一年度推进法治政府建设的主要安排
    case nextYear = "next_year"
    /// 其他需要报告的情况
    case other

    public static let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"]

    /// The part's heading in a report on `year`: `一、2026年推进法治政府建设的主要举措和成效`.
    public func heading(year: Int) -> String {
        let index = Self.allCases.firstIndex(of: self) ?? 0
        return Self.numerals[index] + "、" + title(year: year)
    }

    public func title(year: Int) -> String {
        switch self {
        case .measures: "\(year)年推进法治政府建设的主要举措和成效"
        case .shortcomings: "存在的不足和原因"
        case .leadership: "党政主要负责人履行推进法治建设第一责任人职责情况"
        case .nextYear: "\(year + 1)年推进法治政府建设的主要安排"
        case .other: "其他需要报告的情况"
        }
    }

    /// What the writer is asked for (the form's hint).
    public var hint: String {
        switch self {
        case .measures: "主要举措的文字说明;各项数据由系统按登记簿自动生成,附在本部分之后"
        case .shortcomings: "存在的不足及其原因"
        case .leadership: "党政主要负责人研究部署、带头学法、述法等履行第一责任人职责的情况"
        case .nextYear: "下一年度的主要工作安排"
        case .other: "其他需要报告的情况(没有的可写“无”)"
        }
    }
}

/// Where a report stands.
public enum AnnualReportStatus: String, Codable, CaseIterable, Sendable {
    /// 起草中
    case draft
    /// 已报送 (a unit to the district; the district to the Party committee and the standing committee)
    case submitted
    /// 已公开
    case published

    public var label: String {
        switch self {
        case .draft: "起草中"
        case .submitted: "已报送"
        case .published: "已公开"
        }
    }
}

/// The dates a report on `year` must meet: fixed calendar days of the next year, not periods, so a
/// weekend does not move them.
public struct AnnualReportDates: Equatable, Sendable {
    /// 3月1日前 报送 (departments to the district; the district to the Party committee and the standing committee).
    public let reportBy: LocalDate
    /// 4月1日前 向社会公开.
    public let publishBy: LocalDate

    public init?(year: Int) {
        guard let report = LocalDate(year: year + 1, month: 3, day: 1), let publish = LocalDate(year: year + 1, month: 4, day: 1) else { return nil }
        reportBy = report
        publishBy = publish
    }
}

/// One figure of part one: a register metric's value in the year (and the year before), with the
/// metric it comes from.
public struct ReportFigure: Codable, Equatable, Sendable {
    public let code: String
    public let name: String
    public let value: String
    public let lastYear: String
    /// 口径 in words.
    public let definition: String
    /// The register's page that opens the records behind it.
    public let href: String

    public init(code: String, name: String, value: String, lastYear: String, definition: String, href: String) {
        self.code = code; self.name = name; self.value = value; self.lastYear = lastYear; self.definition = definition; self.href = href
    }
}

/// The figures of one arrangement of the plan (五 推进政府信息公开…) or of 督办.
public struct ReportArea: Codable, Equatable, Sendable {
    public let arrangement: String
    public let title: String
    public let figures: [ReportFigure]

    public init(arrangement: String, title: String, figures: [ReportFigure]) {
        self.arrangement = arrangement; self.title = title; self.figures = figures
    }

    /// The sentence part one prints for the area: `依申请公开按时答复率 12/15(80.0%),上年 10/10(100.0%);…。`
    /// Figures with nothing counted (`—`) stay in the table, not in the sentence.
    public var sentence: String {
        figures.filter { $0.value != "—" }.map { f in
            "\(f.name)\(f.value)" + (f.lastYear.isEmpty || f.lastYear == "—" ? "" : "(上年\(f.lastYear))")
        }.joined(separator: ";") + "。"
    }
}

/// A report as a document: the blocks both the .docx and the Markdown are made from.
public struct AnnualReportDocument: Equatable, Sendable {
    public enum Block: Equatable, Sendable {
        /// 一、… (黑体)
        case heading(String)
        /// (一)… (楷体), with the text that follows on the same line.
        case subheading(String, text: String)
        case paragraph(String)
        /// A table: the header row first.
        case table(caption: String, rows: [[String]])
        /// The issuer and the date, right-aligned at the end.
        case signature(issuer: String, date: String)
    }

    public let title: String
    /// 主送 the addressees.
    public let addressee: String
    public let blocks: [Block]

    /// Part one's figures, the five parts' texts (empty parts say so), and the issuer's signature.
    public init(
        title: String, addressee: String, year: Int, preamble: String, areas: [ReportArea], asOf: LocalDate, parts: [AnnualReportPart: String],
        issuer: String, date: LocalDate?
    ) {
        self.title = title
        self.addressee = addressee
        var blocks: [Block] = Self.paragraphs(preamble).map(Block.paragraph)
        for part in AnnualReportPart.allCases {
            blocks.append(.heading(part.heading(year: year)))
            let text = Self.paragraphs(parts[part] ?? "")
            if part == .measures {
                blocks += text.map(Block.paragraph)
                let counted = areas.filter { !$0.figures.isEmpty }
                for (i, area) in counted.enumerated() {
                    blocks.append(
                        .subheading("(\(AnnualReportPart.numerals[min(i, AnnualReportPart.numerals.count - 1)]))\(area.title)。", text: area.sentence))
                }
                if !counted.isEmpty {
                    var rows = [["工作安排", "指标", "\(year)年", "\(year - 1)年"]]
                    for area in counted {
                        for f in area.figures { rows.append([area.arrangement, f.name, f.value, f.lastYear]) }
                    }
                    blocks.append(.table(caption: "表1  \(year)年法治政府建设主要指标(数据截至\(asOf.chinese))", rows: rows))
                }
                if text.isEmpty && counted.isEmpty { blocks.append(.paragraph("(尚未填写)")) }
            } else {
                blocks += text.isEmpty ? [.paragraph("(尚未填写)")] : text.map(Block.paragraph)
            }
        }
        blocks.append(.signature(issuer: issuer, date: date?.chinese ?? ""))
        self.blocks = blocks
    }

    /// Paragraphs of a text: one per non-empty line.
    static func paragraphs(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { String($0).trimmed }.filter { !$0.isEmpty }
    }

    /// The report as Markdown (for the web export and review by mail).
    public var markdown: String {
        var out = "# \(title)\n\n"
        if !addressee.isEmpty { out += "\(addressee):\n\n" }
        for block in blocks {
            switch block {
            case .heading(let h): out += "## \(h)\n\n"
            case .subheading(let h, let text): out += "**\(h)**\(text)\n\n"
            case .paragraph(let p): out += "\(p)\n\n"
            case .table(let caption, let rows):
                out += "\(caption)\n\n"
                for (i, row) in rows.enumerated() {
                    out += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
                    if i == 0 { out += "|" + String(repeating: " --- |", count: row.count) + "\n" }
                }
                out += "\n"
            case .signature(let issuer, let date): out += "\(issuer)\n\n\(date)\n"
            }
        }
        return out
    }
}

extension LocalDate {
    /// `2026年12月31日`, as official documents date themselves.
    public var chinese: String { "\(year)年\(month)月\(day)日" }
}
