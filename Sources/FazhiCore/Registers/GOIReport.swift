import Foundation

/// The rows of table 3 (三、收到和处理政府信息公开申请情况) of the 2021 template
/// (国办公开办函〔2021〕30号), labels verbatim as printed in published reports.
public enum GOITable3Row: String, CaseIterable, Codable, Sendable {
    case newThisYear = "new"
    case carriedIn = "carried_in"
    case disclosed
    case partial
    case withheldSecret = "withheld_secret"
    case withheldLaw = "withheld_law"
    case withheldSecurity = "withheld_security"
    case withheldThirdParty = "withheld_third_party"
    case withheldInternal = "withheld_internal"
    case withheldProcess = "withheld_process"
    case withheldEnforcement = "withheld_enforcement"
    case withheldAdminQuery = "withheld_admin_query"
    case unableNotHeld = "unable_not_held"
    case unableCreation = "unable_creation"
    case unableUnclear = "unable_unclear"
    case refusedPetition = "refused_petition"
    case refusedRepeat = "refused_repeat"
    case refusedPublication = "refused_publication"
    case refusedExcessive = "refused_excessive"
    case refusedConfirmation = "refused_confirmation"
    case otherNoClarification = "other_no_clarification"
    case otherUnpaidFee = "other_unpaid_fee"
    case otherOther = "other_other"
    case resultTotal = "result_total"
    case carriedOut = "carried_out"

    /// The rows a concluded request can count in (everything between 二 and （七）).
    public static let outcomes: [GOITable3Row] = allCases.filter { ![.newThisYear, .carriedIn, .resultTotal, .carriedOut].contains($0) }

    /// 一 … 四 and the group of 三 the row belongs to, for the template's merged cells.
    public var group: String? {
        switch self {
        case .newThisYear, .carriedIn, .carriedOut: nil
        case .disclosed, .partial: nil
        case .withheldSecret, .withheldLaw, .withheldSecurity, .withheldThirdParty, .withheldInternal, .withheldProcess,
            .withheldEnforcement, .withheldAdminQuery:
            "（三）不予公开"
        case .unableNotHeld, .unableCreation, .unableUnclear: "（四）无法提供"
        case .refusedPetition, .refusedRepeat, .refusedPublication, .refusedExcessive, .refusedConfirmation: "（五）不予处理"
        case .otherNoClarification, .otherUnpaidFee, .otherOther: "（六）其他处理"
        case .resultTotal: nil
        }
    }

    public var label: String {
        switch self {
        case .newThisYear: "一、本年新收政府信息公开申请数量"
        case .carriedIn: "二、上年结转政府信息公开申请数量"
        case .disclosed: "（一）予以公开"
        case .partial: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        case .withheldSecret: "1.属于国家秘密"
        case .withheldLaw: "2.其他法律行政法规禁止公开"
        case .withheldSecurity: "3.危及“三安全一稳定”"
        case .withheldThirdParty: "4.保护第三方合法权益"
        case .withheldInternal: "5.属于三类内部事务信息"
        case .withheldProcess: "6.属于四类过程性信息"
        case .withheldEnforcement: "7.属于行政执法案卷"
        case .withheldAdminQuery: "8.属于行政查询事项"
        case .unableNotHeld: "1.本机关不掌握相关政府信息"
        case .unableCreation: "2.没有现成信息需要另行制作"
        case .unableUnclear: "3.补正后申请内容仍不明确"
        case .refusedPetition: "1.信访举报投诉类申请"
        case .refusedRepeat: "2.重复申请"
        case .refusedPublication: "3.要求提供公开出版物"
        case .refusedExcessive: "4.无正当理由大量反复申请"
        case .refusedConfirmation: "5.要求行政机关确认或重新出具已获取信息"
        case .otherNoClarification: "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
        case .otherUnpaidFee: "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
        case .otherOther: "3.其他"
        case .resultTotal: "（七）总计"
        case .carriedOut: "四、结转下年度继续办理"
        }
    }

    /// The full label with its group, for one-dimensional exports (CSV): `（三）不予公开 1.属于国家秘密`.
    public var fullLabel: String { group.map { "\($0) \(label)" } ?? label }
}

/// One concluded or open request as the report needs it: who asked, when, and how it ended.
public struct GOIReportRecord: Equatable, Sendable {
    public var applicant: GOIApplicantType
    public var receivedOn: LocalDate
    public var closedOn: LocalDate?
    public var row: GOITable3Row?

    public init(applicant: GOIApplicantType, receivedOn: LocalDate, closedOn: LocalDate?, row: GOITable3Row?) {
        self.applicant = applicant; self.receivedOn = receivedOn; self.closedOn = closedOn; self.row = row
    }
}

/// 表三 one year's table of requests received and handled, 7 columns (six applicant types and 总计).
public struct GOITable3: Equatable, Sendable {
    public static let columnCount = 7
    public static let columnLabels = GOIApplicantType.allCases.map(\.label) + ["总计"]
    public static let cornerNote = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

    /// Counts by row, each of 7 columns (the 总计 column and the （七）总计 row are derived).
    public private(set) var cells: [GOITable3Row: [Int]]

    public init() {
        cells = Dictionary(uniqueKeysWithValues: GOITable3Row.allCases.map { ($0, Array(repeating: 0, count: Self.columnCount)) })
    }

    /// Adds `count` requests of one applicant type to a row; totals follow.
    public mutating func add(_ row: GOITable3Row, _ applicant: GOIApplicantType, _ count: Int = 1) {
        precondition(row != .resultTotal, "（七）总计 is derived")
        cells[row]![applicant.column] += count
        cells[row]![6] += count
        if GOITable3Row.outcomes.contains(row) {
            cells[.resultTotal]![applicant.column] += count
            cells[.resultTotal]![6] += count
        }
    }

    public func value(_ row: GOITable3Row, _ column: Int) -> Int { cells[row]![column] }

    /// Builds the table of `year` from register records: 一 received in the year; 二 received
    /// before it and still open on 1 January; 三 concluded in the year, each in its one row;
    /// 四 received by 31 December and still open after it.
    public static func build(year: Int, records: [GOIReportRecord]) -> GOITable3 {
        var table = GOITable3()
        let first = LocalDate(year: year, month: 1, day: 1)!, last = LocalDate(year: year, month: 12, day: 31)!
        for r in records {
            table.count(r.applicant, receivedOn: r.receivedOn, closedOn: r.closedOn, row: r.row, first: first, last: last)
        }
        return table
    }

    mutating func count(
        _ applicant: GOIApplicantType, receivedOn: LocalDate, closedOn: LocalDate?, row: GOITable3Row?,
        first: LocalDate, last: LocalDate, times: Int = 1
    ) {
        guard receivedOn <= last, closedOn.map({ $0 >= first }) ?? true else { return }
        if receivedOn >= first { add(.newThisYear, applicant, times) } else { add(.carriedIn, applicant, times) }
        if let closedOn, closedOn <= last, let row { add(row, applicant, times) } else { add(.carriedOut, applicant, times) }
    }

    /// One balance check per column: 一 + 二 = 三(七) + 四.
    public struct Balance: Equatable, Sendable {
        public let column: String
        public let received: Int
        public let accounted: Int
        public var holds: Bool { received == accounted }
    }

    /// 勾稽关系 the template's rule, for every column; also checks that 总计 sums the six columns.
    public var balances: [Balance] {
        (0..<Self.columnCount).map { c in
            Balance(
                column: Self.columnLabels[c], received: value(.newThisYear, c) + value(.carriedIn, c),
                accounted: value(.resultTotal, c) + value(.carriedOut, c))
        }
    }

    public var totalsAddUp: Bool {
        GOITable3Row.allCases.allSatisfy { row in (0..<6).reduce(0) { $0 + value(row, $1) } == value(row, 6) }
    }

    public var isBalanced: Bool { balances.allSatisfy(\.holds) && totalsAddUp }

    /// Sets a whole table from stored counts (e.g. an imported or manually kept table), for checking.
    public init(cells: [GOITable3Row: [Int]]) {
        self.init()
        for (row, values) in cells where values.count == Self.columnCount { self.cells[row] = values }
    }

    /// Table 3 as CSV: the template's row labels (with their group) and column labels.
    public func csv() -> String {
        var lines = [(["项目"] + Self.columnLabels).map(CSV.field).joined(separator: ",")]
        for row in GOITable3Row.allCases {
            lines.append(([row.fullLabel] + (0..<Self.columnCount).map { String(value(row, $0)) }).map(CSV.field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

/// 表二 主动公开 and 表四 复议诉讼: counts kept by hand until their registers exist.
public enum GOIManualTables {
    public struct Cell: Equatable, Sendable {
        public let key: String
        public let block: String
        public let row: String
        public let column: String
        /// 行政事业性收费 is an amount in 万元 with decimals; everything else is a whole count.
        public let decimal: Bool
    }

    public static let table2: [Cell] = {
        var cells: [Cell] = []
        for (key, row) in [("rules", "规章"), ("normative", "行政规范性文件")] {
            for (ck, column) in [("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("valid", "现行有效件数")] {
                cells.append(Cell(key: "t2.\(key).\(ck)", block: "第二十条第（一）项", row: row, column: column, decimal: false))
            }
        }
        cells.append(Cell(key: "t2.licensing.decisions", block: "第二十条第（五）项", row: "行政许可", column: "本年处理决定数量", decimal: false))
        cells.append(Cell(key: "t2.penalty.decisions", block: "第二十条第（六）项", row: "行政处罚", column: "本年处理决定数量", decimal: false))
        cells.append(Cell(key: "t2.coercion.decisions", block: "第二十条第（六）项", row: "行政强制", column: "本年处理决定数量", decimal: false))
        cells.append(Cell(key: "t2.fees.amount", block: "第二十条第（八）项", row: "行政事业性收费", column: "本年收费金额（单位：万元）", decimal: true))
        return cells
    }()

    public static let table4Groups = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
    public static let table4Columns = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

    /// 15 cells; each group's 总计 is derived from its four results and not entered.
    public static let table4: [Cell] = table4Groups.enumerated().flatMap { g, group in
        table4Columns.enumerated().map { c, column in
            Cell(key: "t4.\(g).\(c)", block: group, row: "", column: column, decimal: false)
        }
    }

    public static var enteredKeys: Set<String> {
        Set(table2.map(\.key) + table4.filter { $0.column != "总计" }.map(\.key))
    }

    /// The narrative sections of the report (一、五、六).
    public static let texts: [(key: String, label: String)] = [
        ("text.overview", "一、总体情况"),
        ("text.problems", "五、存在的主要问题及改进情况"),
        ("text.other", "六、其他需要报告的事项"),
    ]

    /// Checks a form of entered values: counts are whole numbers ≥ 0, the fee amount a number ≥ 0
    /// with at most 4 decimals, texts at most 5000 characters. Returns the normalised values.
    public static func check(_ values: [String: String]) throws -> [String: String] {
        var v = Validator()
        var out: [String: String] = [:]
        for cell in table2 + table4 where enteredKeys.contains(cell.key) {
            let raw = (values[cell.key] ?? "").trimmingCharacters(in: .whitespaces)
            let label = "\(cell.block)\(cell.row.isEmpty ? "" : "·" + cell.row)·\(cell.column)"
            if raw.isEmpty { out[cell.key] = "0"; continue }
            if cell.decimal {
                guard let d = Decimal(string: raw), d >= 0, raw.range(of: #"^\d+(\.\d{1,4})?$"#, options: .regularExpression) != nil else {
                    v.add(cell.key, "\(label)应为不小于 0 的金额(万元,最多 4 位小数),收到“\(raw)”"); continue
                }
                out[cell.key] = "\(d)"
            } else {
                guard let n = Int(raw), n >= 0, n <= 10_000_000 else { v.add(cell.key, "\(label)应为不小于 0 的整数,收到“\(raw)”"); continue }
                out[cell.key] = String(n)
            }
        }
        for (key, label) in texts {
            let text = (values[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if text.count > 5000 { v.add(key, "\(label)不能超过 5000 字(现为 \(text.count) 字)") }
            out[key] = text
        }
        try v.check()
        return out
    }

    /// Table 4's value of a cell, the 总计 columns summed from their group.
    /// A form shown again after a refusal holds what was typed: anything that is not a count in
    /// range counts as 0 here, so the sum cannot overflow.
    public static func table4Value(_ values: [String: String], group: Int, column: Int) -> Int {
        func count(_ key: String) -> Int {
            guard let n = Int((values[key] ?? "").trimmingCharacters(in: .whitespaces)), (0...10_000_000).contains(n) else { return 0 }
            return n
        }
        if column == 4 { return (0..<4).reduce(0) { $0 + count("t4.\(group).\($1)") } }
        return count("t4.\(group).\(column)")
    }
}
