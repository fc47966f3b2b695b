import Foundation

/// 在线申请 what the public application form sends. No account: everything is checked here.
public struct GOIApplicationInput: Sendable {
    public var applicantType: String
    public var name: String
    /// 证件号码 (自然人) or 统一社会信用代码 (organisations).
    public var idNumber: String
    /// 联系人 for organisations.
    public var contact: String
    public var phone: String
    public var email: String
    public var address: String
    public var content: String
    public var purpose: String
    public var delivery: String
    public var unitCode: String

    public init(
        applicantType: String, name: String, idNumber: String, contact: String, phone: String, email: String, address: String,
        content: String, purpose: String, delivery: String, unitCode: String
    ) {
        self.applicantType = applicantType; self.name = name; self.idNumber = idNumber; self.contact = contact; self.phone = phone
        self.email = email; self.address = address; self.content = content; self.purpose = purpose; self.delivery = delivery
        self.unitCode = unitCode
    }

    public struct Checked: Sendable {
        public let applicantType: GOIApplicantType
        public let delivery: GOIDelivery
    }

    public func check(knownUnits: Set<String>) throws -> Checked {
        var v = Validator()
        let type = GOIApplicantType.parse(applicantType)
        if type == nil { v.add("applicantType", "请选择申请人类型") }
        v.text(name, field: "name", label: type == .naturalPerson || type == nil ? "申请人姓名" : "申请单位名称", max: 100)
        v.text(idNumber, field: "idNumber", label: type == .naturalPerson || type == nil ? "证件号码" : "统一社会信用代码", max: 30)
        if !idNumber.trimmed.isEmpty, idNumber.trimmed.range(of: #"^[0-9A-Za-z\-]{6,30}$"#, options: .regularExpression) == nil {
            v.add("idNumber", "证件号码只能包含数字、字母和连字符(6 到 30 位)")
        }
        if let type, type != .naturalPerson { v.text(contact, field: "contact", label: "联系人", max: 50) }
        v.text(phone, field: "phone", label: "联系电话", max: 20)
        if !phone.trimmed.isEmpty, phone.trimmed.range(of: #"^[0-9+\- ]{7,20}$"#, options: .regularExpression) == nil {
            v.add("phone", "联系电话格式不正确(只能包含数字、空格、+ 和 -)")
        }
        let delivery = GOIDelivery(rawValue: self.delivery)
        if delivery == nil { v.add("delivery", "请选择获取信息的方式") }
        v.text(email, field: "email", label: "电子邮箱", max: 100, required: delivery == .email)
        if !email.trimmed.isEmpty, email.trimmed.range(of: #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#, options: .regularExpression) == nil {
            v.add("email", "电子邮箱格式不正确")
        }
        v.text(address, field: "address", label: "通信地址", max: 200, required: delivery == .post)
        v.text(content, field: "content", label: "所需政府信息的名称、文号或便于查询的其他特征性描述", max: 2000)
        if !content.trimmed.isEmpty, content.trimmed.count < 5 { v.add("content", "请具体描述所需的政府信息(至少 5 个字)") }
        v.text(purpose, field: "purpose", label: "用途说明", max: 500, required: false)
        if !knownUnits.contains(unitCode) { v.add("unit", "请选择受理申请的行政机关") }
        try v.check()
        return Checked(applicantType: type!, delivery: delivery!)
    }
}

/// 登记 a request received in person, by post or fax, entered by the handling unit.
public struct GOIRegisterInput: Sendable {
    public var channel: String
    public var receivedOn: String
    public var application: GOIApplicationInput

    public init(channel: String, receivedOn: String, application: GOIApplicationInput) {
        self.channel = channel; self.receivedOn = receivedOn; self.application = application
    }

    public struct Checked: Sendable {
        public let channel: GOIChannel
        public let receivedOn: LocalDate
        public let application: GOIApplicationInput.Checked
    }

    public func check(knownUnits: Set<String>, today: LocalDate, calendar: WorkCalendar) throws -> Checked {
        var errors: [FieldError] = []
        let channel = GOIChannel(rawValue: self.channel)
        if channel == nil { errors.append(FieldError("channel", "请选择申请渠道")) }
        let date = LocalDate(receivedOn.trimmed)
        if date == nil { errors.append(FieldError("receivedOn", LocalDate.complaint(about: receivedOn, label: "收到申请日期"))) }
        if let date, date > today { errors.append(FieldError("receivedOn", "收到申请日期 \(date) 不能晚于今天 \(today)")) }
        if let date, !calendar.contains(date) {
            errors.append(
                FieldError("receivedOn", "收到申请日期 \(date) 不在已导入的工作日历内(\(calendar.years.lowerBound)–\(calendar.years.upperBound) 年),无法计算答复期限"))
        }
        var app: GOIApplicationInput.Checked?
        do { app = try application.check(knownUnits: knownUnits) } catch let f as ValidationFailure { errors += f.errors }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return Checked(channel: channel!, receivedOn: date!, application: app!)
    }
}

/// 答复 the handling unit's answer or closure, checked as a whole.
public struct GOIReplyInput: Sendable {
    public var repliedOn: String
    public var replyType: String
    public var grounds: [String]
    public var note: String
    public var feeMethod: String
    public var feeQuantity: String

    public init(repliedOn: String, replyType: String, grounds: [String], note: String, feeMethod: String, feeQuantity: String) {
        self.repliedOn = repliedOn; self.replyType = replyType; self.grounds = grounds; self.note = note
        self.feeMethod = feeMethod; self.feeQuantity = feeQuantity
    }

    public struct Checked: Sendable {
        public let repliedOn: LocalDate
        public let replyType: GOIReplyType
        public let grounds: [GOIWithholdingGround]
        public let feeMethod: GOIFeeMethod
        public let feeQuantity: Int
    }

    /// - Parameters:
    ///   - countedFrom: the receipt (or receipt of the clarified request): no answer before it.
    ///   - clarified: whether a clarification was asked for (only then can a request be 视为放弃 or 仍不明确).
    public func check(receivedOn: LocalDate, today: LocalDate, clarificationAsked: Bool, clarificationLapsed: Bool) throws -> Checked {
        var v = Validator()
        let date = LocalDate(repliedOn.trimmed)
        if date == nil { v.add("repliedOn", LocalDate.complaint(about: repliedOn, label: "答复日期")) }
        if let date, date < receivedOn { v.add("repliedOn", "答复日期 \(date) 不能早于收到申请日期 \(receivedOn)") }
        if let date, date > today { v.add("repliedOn", "答复日期 \(date) 不能晚于今天 \(today)") }
        let type = GOIReplyType(rawValue: replyType)
        if type == nil { v.add("replyType", "请选择答复类型") }
        let picked = grounds.filter { !$0.isEmpty }
        let parsed = picked.compactMap(GOIWithholdingGround.init(rawValue:))
        if parsed.count != picked.count { v.add("grounds", "不予公开理由有误") }
        if Set(parsed).count != parsed.count { v.add("grounds", "不予公开理由重复") }
        if let type {
            if type.needsGround, parsed.isEmpty {
                v.add("grounds", type == .partial ? "部分公开须说明不予公开部分的理由(第三十七条)" : "不予公开须说明理由(第三十六条第三项)")
            }
            if !type.needsGround, !parsed.isEmpty { v.add("grounds", "只有不予公开或部分公开才填写不予公开理由") }
            if type == .noClarification, !clarificationLapsed {
                v.add("replyType", clarificationAsked ? "申请人的补正期限尚未届满,不能视为放弃申请" : "未发出补正告知,不能按逾期不补正处理")
            }
            if type == .stillUnclear, !clarificationAsked { v.add("replyType", "“补正后申请内容仍不明确”须先发出补正告知(第三十条)") }
        }
        v.text(note, field: "note", label: "答复内容摘要", max: 2000, required: type == .notOurs || type == .alreadyPublic || type == .other)
        let method = GOIFeeMethod(rawValue: feeMethod.isEmpty ? "none" : feeMethod)
        if method == nil { v.add("feeMethod", "请选择收费方式") }
        var quantity = 0
        if let method, method != .none {
            if let q = Int(feeQuantity.trimmed), q > 0, q <= 100_000 {
                quantity = q
            } else {
                v.add("feeQuantity", method == .perPage ? "按量计收须填写页数(正整数)" : "按件计收须填写该申请人本自然月内的申请件数序号(正整数)")
            }
            if let type, type != .disclosed, type != .partial {
                v.add("feeMethod", "只有提供信息(予以公开、部分公开)的答复才可以收取信息处理费")
            }
        }
        try v.check()
        return Checked(repliedOn: date!, replyType: type!, grounds: parsed, feeMethod: method!, feeQuantity: quantity)
    }
}
