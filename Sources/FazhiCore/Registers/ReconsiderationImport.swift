import Foundation

/// 申请人类型 of a 行政复议 case (《行政复议法》第二条: 公民、法人或者其他组织).
public enum ReconsiderationApplicantType: String, Codable, CaseIterable, Sendable {
    case naturalPerson = "natural_person"
    case legalPerson = "legal_person"
    case otherOrganisation = "other_organisation"

    public var label: String {
        switch self {
        case .naturalPerson: "自然人"
        case .legalPerson: "法人"
        case .otherOrganisation: "其他组织"
        }
    }

    static let aliases: [String: ReconsiderationApplicantType] = ["公民": .naturalPerson, "个人": .naturalPerson, "企业": .legalPerson]

    public static func parse(_ text: String) -> ReconsiderationApplicantType? {
        allCases.first { $0.label == text || $0.rawValue == text } ?? aliases[text]
    }
}

/// 被申请行政行为的类别, as the register and the rates group cases.
public enum ContestedActCategory: String, Codable, CaseIterable, Sendable {
    case penalty
    case coercion
    case licensing
    case confirmation
    case expropriation
    case disclosure
    case inaction
    case other

    public var label: String {
        switch self {
        case .penalty: "行政处罚"
        case .coercion: "行政强制"
        case .licensing: "行政许可"
        case .confirmation: "行政确认"
        case .expropriation: "行政征收征用及补偿"
        case .disclosure: "政府信息公开"
        case .inaction: "不履行法定职责"
        case .other: "其他"
        }
    }

    public static func parse(_ text: String) -> ContestedActCategory? {
        allCases.first { $0.label == text || $0.rawValue == text } ?? (text == "信息公开" ? .disclosure : nil)
    }
}

/// 历史复议案件导入: the documented column layout of an .xlsx/.csv of past 行政复议 cases. The
/// first row is the header (these labels, in any order); every later row is one case. All rows or none.
public enum ReconsiderationImport {
    public static let columns: [ImportColumn] = [
        .init(label: "案号", required: false, help: "原登记案号;留空时由系统编号"),
        .init(label: "收到日期", required: true, help: "YYYY-MM-DD,收到行政复议申请之日"),
        .init(label: "申请人类型", required: true, help: "自然人 / 法人 / 其他组织"),
        .init(label: "申请人", required: true, help: "姓名或名称(个人信息,仅复议机构和被申请人可见)"),
        .init(label: "被申请人", required: true, help: "被申请的区属部门或办事处,名称或代码"),
        .init(label: "行为类别", required: true, help: "行政处罚 / 行政强制 / 行政许可 / 行政确认 / 行政征收征用及补偿 / 政府信息公开 / 不履行法定职责 / 其他"),
        .init(label: "被申请行政行为", required: true, help: "文书名称和文号"),
        .init(label: "审理程序", required: false, help: "普通程序 / 简易程序,默认普通程序"),
        .init(label: "受理日期", required: false, help: "YYYY-MM-DD;不予受理的留空"),
        .init(label: "不予受理日期", required: false, help: "YYYY-MM-DD"),
        .init(label: "审结日期", required: false, help: "YYYY-MM-DD;留空表示仍在审理"),
        .init(label: "决定类型", required: false, help: "审结的必填:变更、撤销(责令重作)、部分撤销、确认违法、责令履行、确认无效、维持、驳回行政复议请求、驳回行政复议申请、调解、和解后撤回申请、终止"),
    ]

    public struct Row: Equatable, Sendable {
        public let line: Int
        public let number: String?
        public let receivedOn: LocalDate
        public let applicantType: ReconsiderationApplicantType
        public let applicant: String
        public let respondentKey: String
        public let category: ContestedActCategory
        public let act: String
        public let procedure: ReconsiderationProcedure
        public let acceptedOn: LocalDate?
        public let rejectedOn: LocalDate?
        public let closedOn: LocalDate?
        public let decision: ReconsiderationDecision?
    }

    /// Parses every row; any bad row fails the whole file with each bad row's number and reasons.
    /// `line` numbers are the spreadsheet's (the header is row 1). `knownUnits` holds the names and
    /// codes of the units that may be respondents.
    public static func parse(_ rows: [[String]], knownUnits: Set<String>, today: LocalDate, maxRows: Int = 50_000) throws -> [Row] {
        var numbers: [String: Int] = [:]
        return try ImportSheet.parse(rows, columns: columns, maxRows: maxRows) { line, cell, why in
            /// An optional date cell: nil when empty; a reason when not a date or after today.
            func optionalDate(_ label: String) -> LocalDate? {
                let text = cell(label)
                guard !text.isEmpty else { return nil }
                guard let date = GOIImport.date(text) else {
                    why.append("\(label)“\(text)”不是 YYYY-MM-DD 格式的日期")
                    return nil
                }
                if date > today { why.append("\(label) \(date) 晚于今天") }
                return date
            }
            let number = cell("案号")
            if !number.isEmpty {
                if number.count > 60 { why.append("案号过长") }
                if let first = numbers[number] { why.append("案号“\(number)”与第 \(first) 行重复") } else { numbers[number] = line }
            }
            let received = optionalDate("收到日期")
            if cell("收到日期").isEmpty { why.append("收到日期为空") }
            let type = ReconsiderationApplicantType.parse(cell("申请人类型"))
            if type == nil { why.append("申请人类型“\(cell("申请人类型"))”无法识别") }
            let applicant = cell("申请人"), respondent = cell("被申请人"), act = cell("被申请行政行为")
            if applicant.isEmpty { why.append("申请人为空") } else if applicant.count > 100 { why.append("申请人超过 100 字") }
            if !knownUnits.contains(respondent) { why.append("被申请人“\(respondent)”不是本区的部门或办事处") }
            let category = ContestedActCategory.parse(cell("行为类别"))
            if category == nil { why.append("行为类别“\(cell("行为类别"))”无法识别") }
            if act.isEmpty { why.append("被申请行政行为为空") } else if act.count > 500 { why.append("被申请行政行为超过 500 字") }
            let procedureText = cell("审理程序")
            let procedure =
                procedureText.isEmpty
                ? .normal : ReconsiderationProcedure.allCases.first { $0.label == procedureText || $0.rawValue == procedureText }
            if procedure == nil { why.append("审理程序“\(procedureText)”应为普通程序或简易程序") }
            let accepted = optionalDate("受理日期"), rejected = optionalDate("不予受理日期"), closed = optionalDate("审结日期")
            if let received {
                for (label, date) in [("受理日期", accepted), ("不予受理日期", rejected), ("审结日期", closed)] {
                    if let date, date < received { why.append("\(label) \(date) 早于收到日期 \(received)") }
                }
            }
            if accepted != nil, rejected != nil { why.append("受理日期和不予受理日期只能填一个") }
            if let accepted, let closed, closed < accepted { why.append("审结日期 \(closed) 早于受理日期 \(accepted)") }
            let decisionText = cell("决定类型")
            let decision =
                decisionText.isEmpty ? nil : ReconsiderationDecision.allCases.first { $0.label == decisionText || $0.rawValue == decisionText }
            if !decisionText.isEmpty, decision == nil { why.append("决定类型“\(decisionText)”无法识别") }
            if closed != nil, decisionText.isEmpty { why.append("已审结的案件须填写决定类型") }
            if closed == nil, !decisionText.isEmpty { why.append("有决定类型但没有审结日期") }
            if rejected != nil, closed != nil { why.append("不予受理的案件没有审结日期和决定类型") }
            guard why.isEmpty, let received, let type, let category, let procedure else { return nil }
            return Row(
                line: line, number: number.isEmpty ? nil : number, receivedOn: received, applicantType: type, applicant: applicant,
                respondentKey: respondent, category: category, act: act, procedure: procedure, acceptedOn: accepted,
                rejectedOn: rejected, closedOn: closed, decision: decision)
        }
    }
}
