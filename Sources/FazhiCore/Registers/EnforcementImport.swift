import Foundation

/// 行政执法导入: the documented column layouts of an .xlsx/.csv of officers and of historical cases.
/// The first row is the header (these labels, in any order); every later row is one officer or
/// case. All rows or none: any bad row fails the file with each bad row's number and reasons.
public enum EnforcementImport {
    public static let officerColumns: [ImportColumn] = [
        .init(label: "单位", required: true, help: "执法单位的名称或代码"),
        .init(label: "姓名", required: true, help: "执法人员姓名"),
        .init(label: "执法证号", required: true, help: "行政执法证号,全区唯一"),
        .init(label: "发证机关", required: true, help: "如:省人民政府"),
        .init(label: "证件类型", required: false, help: "默认“行政执法证”"),
        .init(label: "发证日期", required: false, help: "YYYY-MM-DD"),
        .init(label: "有效期至", required: true, help: "YYYY-MM-DD"),
        .init(label: "状态", required: false, help: "在岗 / 暂扣 / 注销,默认在岗"),
        .init(label: "法律职业资格", required: false, help: "是 / 否,默认否"),
    ]

    public static let caseColumns: [ImportColumn] = [
        .init(label: "案号", required: false, help: "原案号;留空时由系统编号"),
        .init(label: "单位", required: true, help: "执法单位的名称或代码"),
        .init(label: "执法类别", required: true, help: "行政处罚 / 行政许可 / 行政强制 / 行政检查 / 行政征收 / 其他"),
        .init(label: "案由", required: true, help: "案由或申请事项"),
        .init(label: "当事人类型", required: true, help: "自然人 / 法人或其他组织"),
        .init(label: "当事人", required: true, help: "姓名或名称(公示时自然人姓名自动隐去)"),
        .init(label: "立案日期", required: true, help: "YYYY-MM-DD,立案(许可为受理)日期"),
        .init(label: "须法制审核", required: false, help: "是 / 否,默认否"),
        .init(label: "法制审核通过日期", required: false, help: "YYYY-MM-DD"),
        .init(label: "决定日期", required: false, help: "YYYY-MM-DD;留空表示尚未决定"),
        .init(label: "决定结果", required: false, help: "作出 / 不予 / 终止(撤销立案);有决定日期的必填"),
        .init(label: "决定内容", required: false, help: "公示的决定内容,勿写个人信息"),
        .init(label: "罚没款(元)", required: false, help: "数字,最多两位小数"),
        .init(label: "公示日期", required: false, help: "YYYY-MM-DD"),
        .init(label: "结案日期", required: false, help: "YYYY-MM-DD"),
    ]

    public struct OfficerRow: Equatable, Sendable {
        public let line: Int
        public let unitKey: String
        public let name: String
        public let certificateNumber: String
        public let issuer: String
        public let certificateType: String
        public let issuedOn: LocalDate?
        public let validUntil: LocalDate
        public let status: OfficerStatus
        public let legalQualified: Bool
    }

    public struct CaseRow: Equatable, Sendable {
        public let line: Int
        public let number: String?
        public let unitKey: String
        public let type: EnforcementCaseType
        public let title: String
        public let isPerson: Bool
        public let party: String
        public let openedOn: LocalDate
        public let reviewRequired: Bool
        public let reviewPassedOn: LocalDate?
        public let decisionOn: LocalDate?
        /// `taken`, `not_taken`, `terminated`.
        public let outcome: String?
        public let summary: String
        public let fineCents: Int64?
        public let publishedOn: LocalDate?
        public let closedOn: LocalDate?
    }

    static func yes(_ text: String, _ label: String, _ why: inout [String]) -> Bool {
        switch text {
        case "", "否", "无", "N", "n", "no", "false": return false
        case "是", "有", "Y", "y", "yes", "true": return true
        default:
            why.append("\(label)“\(text)”应为是或否")
            return false
        }
    }

    public static func parseOfficers(_ rows: [[String]], knownUnits: Set<String>, today: LocalDate, maxRows: Int = 20_000) throws -> [OfficerRow] {
        var numbers: [String: Int] = [:]
        return try ImportSheet.parse(rows, columns: officerColumns, maxRows: maxRows) { line, cell, why in
            let unit = cell("单位"), name = cell("姓名"), number = cell("执法证号"), issuer = cell("发证机关")
            if !knownUnits.contains(unit) { why.append("单位“\(unit)”不是本区的部门或办事处") }
            if name.isEmpty { why.append("姓名为空") } else if name.count > 50 { why.append("姓名超过 50 字") }
            if number.isEmpty { why.append("执法证号为空") } else if number.count > 40 { why.append("执法证号超过 40 字") }
            if let first = numbers[number], !number.isEmpty { why.append("执法证号“\(number)”与第 \(first) 行重复") } else { numbers[number] = line }
            if issuer.isEmpty { why.append("发证机关为空") } else if issuer.count > 60 { why.append("发证机关超过 60 字") }
            let type = cell("证件类型")
            if type.count > 30 { why.append("证件类型超过 30 字") }
            let issued = cell("发证日期").isEmpty ? nil : GOIImport.date(cell("发证日期"))
            if !cell("发证日期").isEmpty, issued == nil { why.append("发证日期“\(cell("发证日期"))”不是 YYYY-MM-DD 格式的日期") }
            if let issued, issued > today { why.append("发证日期 \(issued) 晚于今天") }
            let until = GOIImport.date(cell("有效期至"))
            if until == nil { why.append("有效期至“\(cell("有效期至"))”不是 YYYY-MM-DD 格式的日期") }
            if let issued, let until, until < issued { why.append("有效期至 \(until) 早于发证日期 \(issued)") }
            let statusText = cell("状态")
            let status = statusText.isEmpty ? .active : OfficerStatus.allCases.first { $0.label == statusText || $0.rawValue == statusText }
            if status == nil { why.append("状态“\(statusText)”应为在岗、暂扣或注销") }
            let legal = yes(cell("法律职业资格"), "法律职业资格", &why)
            guard why.isEmpty, let until, let status else { return nil }
            return OfficerRow(
                line: line, unitKey: unit, name: name, certificateNumber: number, issuer: issuer, certificateType: type.isEmpty ? "行政执法证" : type,
                issuedOn: issued, validUntil: until, status: status, legalQualified: legal)
        }
    }

    public static func parseCases(_ rows: [[String]], knownUnits: Set<String>, today: LocalDate, maxRows: Int = 50_000) throws -> [CaseRow] {
        var numbers: [String: Int] = [:]
        return try ImportSheet.parse(rows, columns: caseColumns, maxRows: maxRows) { line, cell, why in
            func date(_ label: String, required: Bool = false) -> LocalDate? {
                let text = cell(label)
                if text.isEmpty {
                    if required { why.append("\(label)为空") }
                    return nil
                }
                guard let d = GOIImport.date(text) else {
                    why.append("\(label)“\(text)”不是 YYYY-MM-DD 格式的日期")
                    return nil
                }
                if d > today { why.append("\(label) \(d) 晚于今天") }
                return d
            }
            let number = cell("案号")
            if !number.isEmpty {
                if number.count > 60 { why.append("案号过长") }
                if let first = numbers[number] { why.append("案号“\(number)”与第 \(first) 行重复") } else { numbers[number] = line }
            }
            let unit = cell("单位")
            if !knownUnits.contains(unit) { why.append("单位“\(unit)”不是本区的部门或办事处") }
            let type =
                EnforcementCaseType.allCases.first { $0.label == cell("执法类别") || $0.rawValue == cell("执法类别") }
                ?? (cell("执法类别") == "其他" ? .other : nil)
            if type == nil { why.append("执法类别“\(cell("执法类别"))”无法识别") }
            let title = cell("案由"), party = cell("当事人")
            if title.isEmpty { why.append("案由为空") } else if title.count > 200 { why.append("案由超过 200 字") }
            if party.isEmpty { why.append("当事人为空") } else if party.count > 100 { why.append("当事人超过 100 字") }
            let partyType = cell("当事人类型")
            let isPerson = partyType == "自然人" || partyType == "个人" || partyType == "公民"
            if !isPerson, !["法人或其他组织", "法人", "其他组织", "单位"].contains(partyType) { why.append("当事人类型“\(partyType)”应为自然人或法人或其他组织") }
            let opened = date("立案日期", required: true)
            let review = yes(cell("须法制审核"), "须法制审核", &why)
            let passed = date("法制审核通过日期"), decided = date("决定日期"), published = date("公示日期"), closed = date("结案日期")
            let outcomeText = cell("决定结果")
            let outcome: String? =
                switch outcomeText {
                case "": nil
                case "作出", "作出决定", "准予", "处罚": "taken"
                case "不予", "不予处罚", "不予许可": "not_taken"
                case "终止", "撤销立案": "terminated"
                default: "?"
                }
            if outcome == "?" { why.append("决定结果“\(outcomeText)”应为作出、不予或终止") }
            if decided != nil, outcome == nil { why.append("有决定日期的须填写决定结果") }
            if decided == nil, outcome != nil { why.append("有决定结果但没有决定日期") }
            let summary = cell("决定内容")
            if summary.count > 2000 { why.append("决定内容超过 2000 字") }
            let fineText = cell("罚没款(元)")
            let fine = fineText.isEmpty ? nil : Money.cents(fineText)
            if !fineText.isEmpty, fine == nil { why.append("罚没款“\(fineText)”应为不超过 100 亿元、最多两位小数的数字") }
            if let opened {
                for (label, d) in [("法制审核通过日期", passed), ("决定日期", decided), ("公示日期", published), ("结案日期", closed)] {
                    if let d, d < opened { why.append("\(label) \(d) 早于立案日期 \(opened)") }
                }
            }
            if let decided {
                if let published, published < decided { why.append("公示日期 \(published) 早于决定日期 \(decided)") }
                if let closed, closed < decided { why.append("结案日期 \(closed) 早于决定日期 \(decided)") }
            } else {
                if published != nil { why.append("没有决定日期的案件不能有公示日期") }
                if closed != nil { why.append("没有决定日期的案件不能有结案日期") }
            }
            if passed != nil, !review { why.append("填写了法制审核通过日期,须法制审核应为是") }
            guard why.isEmpty, let type, let opened else { return nil }
            return CaseRow(
                line: line, number: number.isEmpty ? nil : number, unitKey: unit, type: type, title: title, isPerson: isPerson, party: party,
                openedOn: opened, reviewRequired: review, reviewPassedOn: passed, decisionOn: decided, outcome: outcome, summary: summary,
                fineCents: fine, publishedOn: published, closedOn: closed)
        }
    }
}
