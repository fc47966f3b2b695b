import FazhiCore
import FazhiOffice
import Fluent
import FluentSQL
import Vapor

/// 政府信息公开工作年度报告: table 3 aggregated from the register in SQL (one grouped query, so a
/// district of hundreds of thousands of requests builds in well under a second), tables 2 and 4
/// and the narrative sections from the manually kept entries, and the register's indicators.
enum GOIReportService {
    struct Report {
        let year: Int
        /// The unit, or nil for the district.
        let unit: OrgNode?
        let table3: GOITable3
        let entries: [String: String]
        /// 信息处理费 charged on requests concluded in the year (元).
        let fees: Int
        /// The organ the report is of: the unit, or the district's government (某区人民政府), as the
        /// template's title names it.
        let organ: String
        /// Where table 4 was counted from when a register supplies it (nil: the manual entries).
        let table4Source: String?
        /// Table 2's cells a register counted (行政许可、行政处罚、行政强制 decisions) and where from.
        var table2Counted: Set<String> = []
        var table2Source: String? = nil
        var title: String { "\(organ)\(year)年政府信息公开工作年度报告" }
    }

    /// The register's revision, replaced by a trigger whenever a request is written (`AddGOIRevision`).
    static let revisionKey = "goi/revision"

    struct Table3Key: Hashable, Sendable {
        let year: Int
        let scope: RowScope
    }

    struct Table3Figures: Sendable {
        let table: GOITable3
        let fees: Int
    }

    struct IndicatorsKey: Hashable, Sendable {
        let year: Int
        let today: LocalDate
        let scope: RowScope
    }

    /// Table 3 and the indicators grouped over a year of the register, reused until a request
    /// changes: at city scale (hundreds of thousands of requests) they are the report page's cost.
    static let table3Figures = RevisionCache<Table3Key, Table3Figures>(revisionKey: revisionKey, capacity: 256)
    static let indicatorFigures = RevisionCache<IndicatorsKey, [UUID: Indicators]>(revisionKey: revisionKey, capacity: 256)

    /// Table 3 of `year` for one unit or a district's units (see `computeTable3`), cached per revision.
    static func table3(year: Int, scope: RowScope, on db: any Database) async throws -> (GOITable3, fees: Int) {
        let figures = try await table3Figures.value(Table3Key(year: year, scope: scope), on: db) {
            let (table, fees) = try await computeTable3(year: year, scope: scope, on: db)
            return Table3Figures(table: table, fees: fees)
        }
        return (figures.table, figures.fees)
    }

    /// Sums are cast to BIGINT: PostgreSQL sums a BIGINT column into NUMERIC.
    /// Table 3 of `year` for one unit or the district: one query grouped by applicant type and
    /// conclusion, with the year's four questions (new, carried in, concluded, carried out) as sums,
    /// and the information-processing fees paid in the year (a notified fee left unpaid is not income).
    static func computeTable3(year: Int, scope: RowScope, on db: any Database) async throws -> (GOITable3, fees: Int) {
        let first = "\(year)-01-01", last = "\(year)-12-31"
        var query: SQLQueryString = """
            SELECT applicant_type, reply_type, ground,
                   CAST(SUM(CASE WHEN received_on >= \(bind: first) THEN 1 ELSE 0 END) AS BIGINT) AS new_count,
                   CAST(SUM(CASE WHEN received_on < \(bind: first) THEN 1 ELSE 0 END) AS BIGINT) AS carried_in,
                   CAST(SUM(CASE WHEN closed_on <= \(bind: last) THEN 1 ELSE 0 END) AS BIGINT) AS concluded,
                   CAST(SUM(CASE WHEN closed_on IS NULL OR closed_on > \(bind: last) THEN 1 ELSE 0 END) AS BIGINT) AS carried_out,
                   CAST(SUM(CASE WHEN fee_paid_on >= \(bind: first) AND fee_paid_on <= \(bind: last) THEN fee_amount ELSE 0 END) AS BIGINT) AS fees
            FROM goi_requests
            WHERE received_on IS NOT NULL AND received_on <= \(bind: last) AND (closed_on IS NULL OR closed_on >= \(bind: first))
            """
        query += scope.andUnits("unit_id")
        query += " GROUP BY applicant_type, reply_type, ground"
        var table = GOITable3()
        var fees = 0
        for row in try await db.sql().raw(query).all() {
            guard let type = GOIApplicantType(rawValue: try row.decode(column: "applicant_type", as: String.self)) else { continue }
            let reply = try row.decode(column: "reply_type", as: String?.self).flatMap(GOIReplyType.init(rawValue:))
            let ground = try row.decode(column: "ground", as: String?.self).flatMap(GOIWithholdingGround.init(rawValue:))
            let count = { (name: String) in try Int(row.decode(column: name, as: Int64.self)) }
            table.add(.newThisYear, type, try count("new_count"))
            table.add(.carriedIn, type, try count("carried_in"))
            let concluded = try count("concluded")
            if concluded > 0, let reply { table.add(reply.row(ground: ground), type, concluded) }
            table.add(.carriedOut, type, try count("carried_out"))
            fees += try count("fees")
        }
        return (table, fees)
    }

    /// Whose entries a row holds: a unit's (its id), or the district's own texts (the district's id).
    static func scope(_ unit: UUID?, district: UUID) -> String { (unit ?? district).uuidString }

    /// The kept entries of one report; the district's counts of tables 2 and 4 sum its units'.
    static func entries(year: Int, unit: UUID?, district: UUID, on db: any Database) async throws -> [String: String] {
        let units = unit == nil ? try await Districts.unitIDs(of: district, on: db).map(\.uuidString) : []
        let scopes = [scope(unit, district: district)] + units
        let rows = try await GOIReportEntry.query(on: db).filter(\.$year == year).filter(\.$scope ~~ scopes).all()
        let own = rows.filter { $0.scope == scope(unit, district: district) }
        var values = Dictionary(own.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        if unit == nil {
            let unitScopes = Set(units)
            for cell in GOIManualTables.table2 + GOIManualTables.table4 where GOIManualTables.enteredKeys.contains(cell.key) {
                let parts = rows.filter { $0.key == cell.key && unitScopes.contains($0.scope) }.map(\.value)
                values[cell.key] =
                    cell.decimal
                    ? "\(parts.compactMap { Decimal(string: $0) }.reduce(0, +))"
                    : String(parts.compactMap { Int($0) }.reduce(0, +))
            }
        }
        return values
    }

    /// One unit's report, or (`unit` nil) the district's over its units.
    static func build(year: Int, unit: OrgNode?, district: OrgNode, on db: any Database) async throws -> Report {
        let scope: RowScope = if let id = unit?.id { .unit(id) } else { try await Districts.scope(of: district.requireID(), on: db) }
        let (table, fees) = try await table3(year: year, scope: scope, on: db)
        let organ = unit?.name ?? (district.name.hasSuffix("人民政府") ? district.name : district.name + "人民政府")
        var entries = try await entries(year: year, unit: unit?.id, district: district.requireID(), on: db)
        let table4 = try await RegisterModules.reportCells(.goiTable4, year: year, scope: scope, on: db)
        if let table4 { entries.merge(table4.values) { _, counted in counted } }
        // Table 2's rows another register counts: decisions (行政执法) and 规范性文件, each when it has data.
        var table2Counted: Set<String> = []
        var table2Sources: [String] = []
        for part in [ReportPart.goiTable2Normative, .goiTable2Decisions] {
            guard let cells = try await RegisterModules.reportCells(part, year: year, scope: scope, on: db) else { continue }
            entries.merge(cells.values) { _, counted in counted }
            table2Counted.formUnion(cells.values.keys)
            table2Sources.append(cells.source)
        }
        var report = Report(year: year, unit: unit, table3: table, entries: entries, fees: fees, organ: organ, table4Source: table4?.source)
        report.table2Counted = table2Counted
        report.table2Source = table2Sources.isEmpty ? nil : table2Sources.joined(separator: "、")
        return report
    }

    /// Saves a report's manual counts (a unit's) or texts (a unit's or the district's), checked as a whole.
    static func save(
        year: Int, unit: UUID?, district: UUID, values: [String: String], actor: AuditActor, on db: any Database, now: Date
    ) async throws {
        var checked = try GOIManualTables.check(values)
        if unit == nil { checked = checked.filter { $0.key.hasPrefix("text.") } }
        let before = try await entries(year: year, unit: unit, district: district, on: db)
        let scope = scope(unit, district: district)
        let finalValues = checked
        try await db.writeTransaction { tx in
            try await GOIReportEntry.query(on: tx).filter(\.$year == year).filter(\.$scope == scope)
                .filter(\.$key ~~ Array(finalValues.keys)).delete()
            for (key, value) in finalValues {
                let e = GOIReportEntry()
                e.year = year; e.scope = scope; e.key = key; e.value = value
                try await e.create(on: tx)
            }
            try await AuditService.record(
                on: tx, actor: actor, action: .reportEntries, entityType: .goiReport,
                entityID: "\(year):\(scope)", before: before, after: finalValues, at: now)
        }
    }

    // MARK: indicators

    struct Indicators: Sendable, Equatable {
        var received = 0
        var answered = 0
        var onTime = 0
        var late = 0
        var extended = 0
        var overdue = 0
        var open = 0

        var onTimeRate: Double? { answered == 0 ? nil : Double(onTime) / Double(answered) }
        var extensionRate: Double? { received == 0 ? nil : Double(extended) / Double(received) }
    }

    /// 按时答复率 = answers given by the due date / answers given in the year (closures without an
    /// answer period — withdrawn, unpaid — are not answers); 延期率 = requests received in the year
    /// whose period was extended / requests received; 逾期 = open requests past their due date today.
    static func indicators(year: Int, today: LocalDate, scope: RowScope, on db: any Database) async throws -> [UUID: Indicators] {
        try await indicatorFigures.value(IndicatorsKey(year: year, today: today, scope: scope), on: db) {
            try await computeIndicators(year: year, today: today, scope: scope, on: db)
        }
    }

    /// The indicators of `indicators`, counted in one grouped query.
    static func computeIndicators(year: Int, today: LocalDate, scope: RowScope, on db: any Database) async throws -> [UUID: Indicators] {
        let first = "\(year)-01-01", last = "\(year)-12-31", now = today.description
        let answers = GOIReplyType.allCases.filter(\.isAnswer).map { "'\($0.rawValue)'" }.joined(separator: ",")
        var query: SQLQueryString = """
            SELECT unit_id,
                   CAST(SUM(CASE WHEN received_on >= \(bind: first) AND received_on <= \(bind: last) THEN 1 ELSE 0 END) AS BIGINT) AS received,
                   CAST(SUM(CASE WHEN closed_on >= \(bind: first) AND closed_on <= \(bind: last) AND due_on IS NOT NULL AND reply_type IN (\(unsafeRaw: answers)) THEN 1 ELSE 0 END) AS BIGINT) AS answered,
                   CAST(SUM(CASE WHEN closed_on >= \(bind: first) AND closed_on <= \(bind: last) AND due_on IS NOT NULL AND reply_type IN (\(unsafeRaw: answers)) AND closed_on <= due_on THEN 1 ELSE 0 END) AS BIGINT) AS on_time,
                   CAST(SUM(CASE WHEN received_on >= \(bind: first) AND received_on <= \(bind: last) AND extension_days > 0 THEN 1 ELSE 0 END) AS BIGINT) AS extended,
                   CAST(SUM(CASE WHEN closed_on IS NULL AND due_on < \(bind: now) THEN 1 ELSE 0 END) AS BIGINT) AS overdue,
                   CAST(SUM(CASE WHEN closed_on IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS open
            FROM goi_requests
            WHERE ((received_on >= \(bind: first) AND received_on <= \(bind: last)) OR (closed_on >= \(bind: first) AND closed_on <= \(bind: last))
               OR closed_on IS NULL)
            """
        query += scope.andUnits("unit_id")
        query += " GROUP BY unit_id"
        let rows = try await db.sql().raw(query).all()
        var out: [UUID: Indicators] = [:]
        for row in rows {
            let n = { (name: String) in try Int(row.decode(column: name, as: Int64?.self) ?? 0) }
            var i = Indicators()
            i.received = try n("received"); i.answered = try n("answered"); i.onTime = try n("on_time")
            i.late = i.answered - i.onTime; i.extended = try n("extended"); i.overdue = try n("overdue"); i.open = try n("open")
            out[try row.decode(column: "unit_id", as: UUID.self)] = i
        }
        return out
    }

    static func total(_ all: [Indicators]) -> Indicators {
        all.reduce(into: Indicators()) { t, i in
            t.received += i.received; t.answered += i.answered; t.onTime += i.onTime; t.late += i.late
            t.extended += i.extended; t.overdue += i.overdue; t.open += i.open
        }
    }

    // MARK: exports

    /// The report as a workbook: one sheet per table in the template's layout (merged group cells).
    static func xlsx(_ r: Report) throws -> Data {
        let t2 = GOIManualTables.table2
        var s2: [[XLSX.Cell]] = [
            [.text("第二十条第（一）项"), .text(""), .text(""), .text("")],
            [.text("信息内容"), .text("本年制发件数"), .text("本年废止件数"), .text("现行有效件数")],
        ]
        for row in ["规章", "行政规范性文件"] {
            s2.append([.text(row)] + t2.filter { $0.row == row }.map { .number(r.entries[$0.key] ?? "0") })
        }
        for (block, row, key, head) in [
            ("第二十条第（五）项", "行政许可", "t2.licensing.decisions", "本年处理决定数量"),
            ("第二十条第（六）项", "行政处罚", "t2.penalty.decisions", "本年处理决定数量"),
            ("", "行政强制", "t2.coercion.decisions", ""),
            ("第二十条第（八）项", "行政事业性收费", "t2.fees.amount", "本年收费金额（单位：万元）"),
        ] {
            if !block.isEmpty {
                s2.append([.text(block), .text(""), .text(""), .text("")])
                s2.append([.text("信息内容"), .text(head), .text(""), .text("")])
            }
            s2.append([.text(row), .number(r.entries[key] ?? "0"), .text(""), .text("")])
        }
        var sheet2 = XLSX.Sheet(name: "二、主动公开", rows: s2, widths: [24, 16, 16, 16])
        sheet2.merges = s2.enumerated().filter { $0.element.first.map { if case .text(let t) = $0 { t.hasPrefix("第二十条") } else { false } } ?? false }
            .map { "A\($0.offset + 1):D\($0.offset + 1)" }

        // Table 3: rows 1–3 header, then the template's rows.
        var s3: [[XLSX.Cell]] = [
            [.text(GOITable3.cornerNote), .text(""), .text(""), .text("申请人情况")] + Array(repeating: .text(""), count: 6),
            [.text(""), .text(""), .text(""), .text("自然人"), .text("法人或其他组织")] + Array(repeating: .text(""), count: 4) + [.text("总计")],
            [.text(""), .text(""), .text(""), .text("")] + GOIApplicantType.allCases.dropFirst().map { .text($0.label) } + [.text("")],
        ]
        var merges = ["A1:C3", "D1:J1", "D2:D3", "E2:I2", "J2:J3"]
        for row in GOITable3Row.allCases {
            let values = (0..<7).map { XLSX.Cell.number(String(r.table3.value(row, $0))) }
            let line = s3.count + 1
            switch row {
            case .newThisYear, .carriedIn, .carriedOut:
                s3.append([.text(row.label), .text(""), .text("")] + values); merges.append("A\(line):C\(line)")
            case .disclosed, .partial, .resultTotal:
                s3.append([.text("三、本年度办理结果"), .text(row.label), .text("")] + values); merges.append("B\(line):C\(line)")
            default:
                s3.append([.text("三、本年度办理结果"), .text(row.group ?? ""), .text(row.label)] + values)
            }
        }
        let firstResult = 3 + 3, lastResult = 3 + 2 + GOITable3Row.outcomes.count + 1
        merges.append("A\(firstResult):A\(lastResult)")
        var groupStart: (String, Int)?
        for (i, row) in s3.enumerated() where i >= 3 {
            let g: String? = {
                if case .text(let t) = row[1], t.hasPrefix("（") && !t.hasPrefix("（一）") && !t.hasPrefix("（二）") && !t.hasPrefix("（七）") {
                    return t
                } else {
                    return nil
                }
            }()
            if let g, groupStart?.0 != g {
                if let (_, start) = groupStart { merges.append("B\(start):B\(i)") }
                groupStart = (g, i + 1)
            } else if g == nil, let (_, start) = groupStart {
                merges.append("B\(start):B\(i)"); groupStart = nil
            }
        }
        var sheet3 = XLSX.Sheet(name: "三、依申请公开", rows: s3, widths: [14, 16, 40] + Array(repeating: 10, count: 7), header: false)
        sheet3.merges = merges
        var s4: [[XLSX.Cell]] = [
            [.text("行政复议")] + Array(repeating: .text(""), count: 4) + [.text("行政诉讼")] + Array(repeating: .text(""), count: 9),
            Array(repeating: .text(""), count: 5) + [.text("未经复议直接起诉")] + Array(repeating: .text(""), count: 4) + [.text("复议后起诉")]
                + Array(repeating: .text(""), count: 4),
            (0..<3).flatMap { _ in GOIManualTables.table4Columns.map { XLSX.Cell.text($0) } },
        ]
        s4.append((0..<3).flatMap { g in (0..<5).map { XLSX.Cell.number(String(GOIManualTables.table4Value(r.entries, group: g, column: $0))) } })
        var sheet4 = XLSX.Sheet(name: "四、复议诉讼", rows: s4, widths: Array(repeating: 9, count: 15))
        sheet4.merges = ["A1:E2", "F1:O1", "F2:J2", "K2:O2"]
        let texts = GOIManualTables.texts.map { [XLSX.Cell.text($0.label), .text(r.entries[$0.key] ?? "")] }
        return try XLSX.write([XLSX.Sheet(name: "一五六、文字部分", rows: texts, widths: [30, 100]), sheet2, sheet3, sheet4])
    }

    /// The report as a Word document: the six sections with the tables in the template's layout.
    static func docx(_ r: Report) throws -> Data {
        typealias C = DOCX.Cell
        var blocks: [DOCX.Block] = [.paragraph(.title(r.title))]
        /// A section not written yet is marked 待填写 in the document, never left silently empty.
        func text(_ key: String, placeholder: String) {
            let value = (r.entries[key] ?? "").trimmed
            for line in (value.isEmpty ? placeholder : value).components(separatedBy: "\n") where !line.trimmed.isEmpty {
                blocks.append(.paragraph(DOCX.Paragraph(line.trimmed)))
            }
        }
        blocks.append(.paragraph(.heading("一、总体情况")))
        text("text.overview", placeholder: "(待填写:主动公开、依申请公开、政府信息管理、平台建设、监督保障等情况。)")
        blocks.append(.paragraph(.heading("二、主动公开政府信息情况")))
        let t2 = GOIManualTables.table2
        var rows2: [[C]] = [
            [C("第二十条第（一）项", span: 4, bold: true)],
            [C("信息内容", bold: true), C("本年制发件数", bold: true), C("本年废止件数", bold: true), C("现行有效件数", bold: true)],
        ]
        for row in ["规章", "行政规范性文件"] { rows2.append([C(row)] + t2.filter { $0.row == row }.map { C(r.entries[$0.key] ?? "0") }) }
        rows2 += [
            [C("第二十条第（五）项", span: 4, bold: true)], [C("信息内容", bold: true), C("本年处理决定数量", span: 3, bold: true)],
            [C("行政许可"), C(r.entries["t2.licensing.decisions"] ?? "0", span: 3)],
            [C("第二十条第（六）项", span: 4, bold: true)], [C("信息内容", bold: true), C("本年处理决定数量", span: 3, bold: true)],
            [C("行政处罚"), C(r.entries["t2.penalty.decisions"] ?? "0", span: 3)], [C("行政强制"), C(r.entries["t2.coercion.decisions"] ?? "0", span: 3)],
            [C("第二十条第（八）项", span: 4, bold: true)], [C("信息内容", bold: true), C("本年收费金额（单位：万元）", span: 3, bold: true)],
            [C("行政事业性收费"), C(r.entries["t2.fees.amount"] ?? "0", span: 3)],
        ]
        blocks.append(.table(DOCX.Table(rows: rows2, widths: [3, 2, 2, 2])))
        blocks.append(.paragraph(.heading("三、收到和处理政府信息公开申请情况")))
        var rows3: [[C]] = [
            [C(GOITable3.cornerNote, span: 3, vertical: .start), C("申请人情况", span: 7, bold: true)],
            [
                C("", span: 3, vertical: .continue), C("自然人", vertical: .start, bold: true), C("法人或其他组织", span: 5, bold: true),
                C("总计", vertical: .start, bold: true),
            ],
            [C("", span: 3, vertical: .continue), C("", vertical: .continue)] + GOIApplicantType.allCases.dropFirst().map { C($0.label, bold: true) }
                + [C("", vertical: .continue)],
        ]
        var lastGroup: String?
        var firstResult = true
        for row in GOITable3Row.allCases {
            let values = (0..<7).map { C(String(r.table3.value(row, $0))) }
            switch row {
            case .newThisYear, .carriedIn, .carriedOut:
                rows3.append([C(row.label, span: 3, alignment: .left)] + values)
            case .disclosed, .partial, .resultTotal:
                rows3.append([C("三、本年度办理结果", vertical: firstResult ? .start : .continue), C(row.label, span: 2, alignment: .left)] + values)
                firstResult = false
                lastGroup = nil
            default:
                let g = row.group!
                rows3.append(
                    [C("", vertical: .continue), C(g, vertical: lastGroup == g ? .continue : .start), C(row.label, alignment: .left)] + values)
                lastGroup = g
            }
        }
        blocks.append(.table(DOCX.Table(rows: rows3, widths: [3, 3, 8, 2, 2, 2, 2, 2, 2, 2])))
        // The balancing check (勾稽关系) is the office's control, shown on the page and by the CLI on
        // standard error; the published report carries only the template's tables.
        blocks.append(.paragraph(.heading("四、政府信息公开行政复议、行政诉讼情况")))
        var rows4: [[C]] = [
            [C("行政复议", span: 5, vertical: .start, bold: true), C("行政诉讼", span: 10, bold: true)],
            [C("", span: 5, vertical: .continue), C("未经复议直接起诉", span: 5, bold: true), C("复议后起诉", span: 5, bold: true)],
            (0..<3).flatMap { _ in GOIManualTables.table4Columns.map { C($0, bold: true) } },
        ]
        rows4.append((0..<3).flatMap { g in (0..<5).map { C(String(GOIManualTables.table4Value(r.entries, group: g, column: $0))) } })
        blocks.append(.table(DOCX.Table(rows: rows4, widths: Array(repeating: 1, count: 15))))
        blocks.append(.paragraph(.heading("五、存在的主要问题及改进情况")))
        text("text.problems", placeholder: "(待填写。)")
        blocks.append(.paragraph(.heading("六、其他需要报告的事项")))
        text("text.other", placeholder: "(待填写。)")
        blocks.append(.paragraph(DOCX.Paragraph("本年度收取信息处理费 \(r.fees) 元(按《政府信息公开信息处理费管理办法》国办函〔2020〕109号计收)。")))
        return try DOCX.write(blocks, title: r.title)
    }
}

extension ReportPart {
    /// 表四 政府信息公开行政复议、行政诉讼情况: filled by the register of those cases when it has them.
    static let goiTable4 = ReportPart("goi.table4")
    /// 表二's 行政许可、行政处罚、行政强制 rows (本年处理决定数量, 第二十条第（五）（六）项): filled by the
    /// enforcement register when it holds decisions of the year (keys `t2.licensing.decisions`,
    /// `t2.penalty.decisions`, `t2.coercion.decisions`).
    static let goiTable2Decisions = ReportPart("goi.table2.decisions")
    /// 表二's 行政规范性文件 row (第二十条第（一）项: 本年制发, 本年废止, 现行有效): filled by the
    /// normative-documents register when it holds documents (keys `t2.normative.issued`,
    /// `t2.normative.repealed`, `t2.normative.valid`).
    static let goiTable2Normative = ReportPart("goi.table2.normative")
}
