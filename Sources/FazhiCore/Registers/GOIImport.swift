import Foundation

/// 历史申请导入: the documented column layout of an .xlsx/.csv of past requests. The first row is
/// the header (these labels, in any order); every later row is one request. All rows or none.
public enum GOIImport {
    public typealias Column = ImportColumn

    public static let columns: [Column] = [
        Column(label: "申请编号", required: false, help: "原登记编号;留空时由系统编号"),
        Column(label: "收到日期", required: true, help: "YYYY-MM-DD,按第三十一条确定的收到申请之日"),
        Column(label: "申请渠道", required: true, help: "当面提交 / 邮寄(信函) / 传真 / 互联网(在线申请),也可写 当面、邮寄、传真、网络"),
        Column(label: "申请人类型", required: true, help: "自然人 / 商业企业 / 科研机构 / 社会公益组织 / 法律服务机构 / 其他"),
        Column(label: "申请人", required: true, help: "姓名或单位名称(个人信息,仅承办单位和法治办可见)"),
        Column(label: "申请内容", required: true, help: "所需政府信息的描述"),
        Column(label: "承办单位", required: true, help: "单位名称或代码"),
        Column(label: "延长工作日", required: false, help: "经批准延长的工作日数,0–20"),
        Column(label: "办结日期", required: false, help: "YYYY-MM-DD;留空表示仍在办理(结转)"),
        Column(label: "答复类型", required: false, help: "办结的必填,取值见答复类型表"),
        Column(label: "不予公开理由", required: false, help: "不予公开、部分公开的必填,取值见理由表"),
        Column(label: "信息处理费(元)", required: false, help: "已收取的金额,整数,默认 0"),
    ]

    public struct Row: Equatable, Sendable {
        public let line: Int
        public let number: String?
        public let receivedOn: LocalDate
        public let channel: GOIChannel
        public let applicantType: GOIApplicantType
        public let applicant: String
        public let content: String
        public let unitKey: String
        public let extensionDays: Int
        public let closedOn: LocalDate?
        public let replyType: GOIReplyType?
        public let ground: GOIWithholdingGround?
        public let fee: Int
    }

    /// A date cell: `YYYY-MM-DD`, `YYYY/MM/DD`, or an Excel date serial (days since 1899-12-30),
    /// which is how a spreadsheet stores a cell formatted as a date.
    static func date(_ text: String) -> LocalDate? {
        if let d = LocalDate(text) { return d }
        if let d = LocalDate(text.replacingOccurrences(of: "/", with: "-")) { return d }
        if let serial = Double(text), serial >= 36526, serial < 73051, serial == serial.rounded() {  // 2000-01-01 … 2099-12-31
            return LocalDate(year: 1899, month: 12, day: 30)!.adding(days: Int(serial))
        }
        return nil
    }

    static let channelAliases: [String: GOIChannel] = [
        "当面": .inPerson, "邮寄": .post, "信函": .post, "传真": .fax, "网络": .online, "在线": .online, "互联网": .online,
    ]

    /// Parses every row; any bad row fails the whole file with each bad row's number and reason.
    /// `line` numbers are the spreadsheet's row numbers (the header is row 1).
    public static func parse(_ rows: [[String]], knownUnits: Set<String>, today: LocalDate, maxRows: Int = 50_000) throws -> [Row] {
        var numbers: [String: Int] = [:]
        return try ImportSheet.parse(rows, columns: columns, maxRows: maxRows) { line, cell, why in
            let number = cell("申请编号")
            if !number.isEmpty {
                if number.count > 40 { why.append("申请编号过长") }
                if let first = numbers[number] { why.append("申请编号“\(number)”与第 \(first) 行重复") } else { numbers[number] = line }
            }
            let received = date(cell("收到日期"))
            if received == nil { why.append("收到日期“\(cell("收到日期"))”不是 YYYY-MM-DD 格式的日期") }
            if let received, received > today { why.append("收到日期 \(received) 晚于今天") }
            let channelText = cell("申请渠道")
            let channel = GOIChannel.allCases.first { $0.label == channelText || $0.rawValue == channelText } ?? channelAliases[channelText]
            if channel == nil { why.append("申请渠道“\(channelText)”无法识别") }
            let type = GOIApplicantType.parse(cell("申请人类型"))
            if type == nil { why.append("申请人类型“\(cell("申请人类型"))”无法识别") }
            let applicant = cell("申请人"), content = cell("申请内容"), unit = cell("承办单位")
            if applicant.isEmpty { why.append("申请人为空") } else if applicant.count > 100 { why.append("申请人超过 100 字") }
            if content.isEmpty { why.append("申请内容为空") } else if content.count > 2000 { why.append("申请内容超过 2000 字") }
            if !knownUnits.contains(unit) { why.append("承办单位“\(unit)”不存在") }
            let extText = cell("延长工作日")
            let ext = extText.isEmpty ? 0 : Int(extText)
            if ext == nil || !(0...20).contains(ext ?? -1) { why.append("延长工作日“\(extText)”应为 0 到 20 的整数(第三十三条第二款)") }
            let closedText = cell("办结日期")
            let closed = closedText.isEmpty ? nil : date(closedText)
            if !closedText.isEmpty, closed == nil { why.append("办结日期“\(closedText)”不是 YYYY-MM-DD 格式的日期") }
            if let closed, let received, closed < received { why.append("办结日期 \(closed) 早于收到日期 \(received)") }
            if let closed, closed > today { why.append("办结日期 \(closed) 晚于今天") }
            let typeText = cell("答复类型")
            let reply = typeText.isEmpty ? nil : GOIReplyType.parse(typeText)
            if !typeText.isEmpty, reply == nil { why.append("答复类型“\(typeText)”无法识别") }
            if closedText.isEmpty, !typeText.isEmpty { why.append("有答复类型但没有办结日期") }
            if !closedText.isEmpty, typeText.isEmpty { why.append("已办结的申请须填写答复类型") }
            let groundText = cell("不予公开理由")
            let ground = groundText.isEmpty ? nil : GOIWithholdingGround.allCases.first { $0.label == groundText || $0.rawValue == groundText }
            if !groundText.isEmpty, ground == nil { why.append("不予公开理由“\(groundText)”无法识别") }
            if let reply, reply.needsGround, groundText.isEmpty { why.append("“\(reply.label)”须填写不予公开理由") }
            if let reply, !reply.needsGround, !groundText.isEmpty { why.append("“\(reply.label)”不应填写不予公开理由") }
            let feeText = cell("信息处理费(元)")
            let fee = feeText.isEmpty ? 0 : Int(feeText)
            if fee == nil || (fee ?? -1) < 0 { why.append("信息处理费“\(feeText)”应为不小于 0 的整数") }
            guard why.isEmpty, let received, let channel, let type, let ext, let fee else { return nil }
            return Row(
                line: line, number: number.isEmpty ? nil : number, receivedOn: received, channel: channel, applicantType: type,
                applicant: applicant, content: content, unitKey: unit, extensionDays: ext, closedOn: closed, replyType: reply,
                ground: ground, fee: fee)
        }
    }
}
