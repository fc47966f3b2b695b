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
        guard let type, let delivery else { throw ValidationFailure(v.errors) }
        return Checked(applicantType: type, delivery: delivery)
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
        guard let channel, let date, let app else { throw ValidationFailure(errors) }
        return Checked(channel: channel, receivedOn: date, application: app)
    }
}

/// Where a request's fee notice stands when it is answered.
public enum GOIFeeState: Equatable, Sendable {
    case none
    case awaitingPayment
    case lapsed
    case paid(GOIFeeMethod)
}

/// 答复 the handling unit's answer or closure, checked as a whole. A fee is not part of the answer:
/// it is notified beforehand (`GOIFeeNoticeInput`) and paid before the answer is given.
public struct GOIReplyInput: Sendable {
    public var repliedOn: String
    public var replyType: String
    public var grounds: [String]
    public var note: String

    public init(repliedOn: String, replyType: String, grounds: [String], note: String) {
        self.repliedOn = repliedOn; self.replyType = replyType; self.grounds = grounds; self.note = note
    }

    public struct Checked: Sendable {
        public let repliedOn: LocalDate
        public let replyType: GOIReplyType
        public let grounds: [GOIWithholdingGround]
    }

    /// - Parameters:
    ///   - receivedOn: the receipt: no answer before it.
    ///   - clarificationAsked: whether a clarification was asked for (only then can a request be 视为放弃 or 仍不明确).
    ///   - fee: the fee notice's state (国办函〔2020〕109号).
    public func check(
        receivedOn: LocalDate, today: LocalDate, clarificationAsked: Bool, clarificationLapsed: Bool, fee: GOIFeeState = .none
    ) throws -> Checked {
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
            // 国办函〔2020〕109号第七条: unpaid by the deadline ⇒ deemed abandoned, and only then.
            switch fee {
            case .none:
                if type == .unpaidFee { v.add("replyType", "本申请没有发出收费通知,不能按逾期未缴费处理") }
            case .awaitingPayment:
                if type != .other {
                    v.add("replyType", "申请人尚在缴费期限内:缴费后再答复,期满未缴费的按“逾期未缴纳信息处理费”办结;申请人撤回申请的按“其他处理”")
                }
            case .lapsed:
                if type != .unpaidFee, type != .other {
                    v.add("replyType", "缴费期限已过未缴费,视为放弃申请(国办函〔2020〕109号第七条),应按“逾期未缴纳信息处理费”办结")
                }
            case .paid(let method):
                if type == .unpaidFee { v.add("replyType", "申请人已缴纳信息处理费,不能按逾期未缴费办结") }
                // 第五条: 按量 is for information provided on paper, by e-mail or as copies.
                if method == .perPage, type != .disclosed, type != .partial {
                    v.add("replyType", "本申请按量计收了信息处理费,按量计收只适用于提供政府信息的答复(予以公开、部分公开;国办函〔2020〕109号第五条)")
                }
            }
        }
        v.text(note, field: "note", label: "答复内容摘要", max: 2000, required: type == .notOurs || type == .alreadyPublic || type == .other)
        try v.check()
        guard let date, let type else { throw ValidationFailure(v.errors) }
        return Checked(repliedOn: date, replyType: type, grounds: parsed)
    }
}

/// 收费通知 a fee notice (国办函〔2020〕109号): by request (第四条, for every kind of answer, counted by
/// the applicant's requests in the natural month) or by pages (第五条), never both (第三条); sent within
/// the answer period (第七条). A notice for no money is refused: below the bands nothing is charged.
public struct GOIFeeNoticeInput: Sendable {
    public var method: String
    public var pages: String
    public var deliveredOn: String

    public init(method: String, pages: String, deliveredOn: String) { self.method = method; self.pages = pages; self.deliveredOn = deliveredOn }

    public struct Checked: Sendable {
        public let method: GOIFeeMethod
        public let quantity: Int
        public let amount: Int
        public let deliveredOn: LocalDate
    }

    /// - Parameters:
    ///   - nthInMonth: this request's place among the same applicant's requests in its natural month.
    ///   - dueOn: the current answer date: the notice is sent within it.
    public func check(receivedOn: LocalDate, today: LocalDate, dueOn: LocalDate?, nthInMonth: Int) throws -> Checked {
        var v = Validator()
        let m = GOIFeeMethod(rawValue: method)
        if m == nil || m == GOIFeeMethod.none { v.add("method", "请选择收费方式:按件计收或按量计收(二者择一,国办函〔2020〕109号第三条)") }
        var quantity = 0
        if m == .perPage {
            if let p = Int(pages.trimmed), (1...100_000).contains(p) { quantity = p } else { v.add("pages", "按量计收须填写页数(1 到 100000 的整数)") }
        } else if m == .perRequest {
            quantity = max(1, nthInMonth)
        }
        let amount = m.map { GOIFees.fee($0, quantity: quantity) } ?? 0
        if m == .perRequest, amount == 0 {
            v.add("method", "本申请是该申请人本自然月第 \(quantity) 件申请,10 件以内不收费(第四条),无需发出收费通知")
        }
        if m == .perPage, quantity > 0, amount == 0 { v.add("pages", "\(quantity) 页在 30 页以内,不收费(第五条),无需发出收费通知") }
        let date = LocalDate(deliveredOn.trimmed)
        if date == nil { v.add("deliveredOn", LocalDate.complaint(about: deliveredOn, label: "收费通知送达日期")) }
        if let date, date < receivedOn { v.add("deliveredOn", "送达日期 \(date) 不能早于收到申请日期 \(receivedOn)") }
        if let date, date > today { v.add("deliveredOn", "送达日期 \(date) 不能晚于今天 \(today)") }
        if let date, let dueOn, date > dueOn {
            v.add("deliveredOn", "收费通知应当在答复期限(\(dueOn))内发出(国办函〔2020〕109号第七条)")
        }
        try v.check()
        guard let m, let date else { throw ValidationFailure(v.errors) }
        return Checked(method: m, quantity: quantity, amount: amount, deliveredOn: date)
    }
}

/// 延迟答复 (第三十五条): the applicant has given reasons for an evidently excessive number or frequency
/// of requests, the reasons are reasonable, but the answer cannot be given within 第三十三条's period:
/// the organ fixes a reasonable later date — decided before the current date ends, on a working day
/// after it — and tells the applicant (the 延迟答复告知书).
public struct GOIDelayInput: Sendable {
    public var decidedOn: String
    public var answerBy: String
    public var reason: String

    public init(decidedOn: String, answerBy: String, reason: String) { self.decidedOn = decidedOn; self.answerBy = answerBy; self.reason = reason }

    public struct Checked: Sendable {
        public let decidedOn: LocalDate
        public let answerBy: LocalDate
        public let reason: String
    }

    public func check(receivedOn: LocalDate, today: LocalDate, currentDue: LocalDate, calendar: WorkCalendar) throws -> Checked {
        var v = Validator()
        let decided = LocalDate(decidedOn.trimmed)
        if decided == nil { v.add("date", LocalDate.complaint(about: decidedOn, label: "决定日期")) }
        if let decided, decided < receivedOn { v.add("date", "决定日期 \(decided) 不能早于收到申请日期 \(receivedOn)") }
        if let decided, decided > today { v.add("date", "决定日期 \(decided) 不能晚于今天 \(today)") }
        if let decided, decided > currentDue { v.add("date", "延迟答复须在答复期限 \(currentDue) 届满前决定并告知申请人(第三十五条)") }
        let by = LocalDate(answerBy.trimmed)
        if by == nil { v.add("answerBy", LocalDate.complaint(about: answerBy, label: "延迟后的答复日期")) }
        if let by, by <= currentDue { v.add("answerBy", "延迟后的答复日期应晚于现答复期限 \(currentDue)") }
        if let by, by > currentDue.adding(days: 366) { v.add("answerBy", "延迟后的答复日期应为合理期限,不能超过现答复期限后一年") }
        if let by, by > currentDue, by <= currentDue.adding(days: 366), (try? calendar.isWorkday(by)) == false {
            v.add("answerBy", "延迟后的答复日期 \(by) 不是工作日,请选择工作日")
        }
        v.text(reason, field: "reason", label: "延迟理由(申请人说明的理由及无法按期答复的原因)", max: 500)
        try v.check()
        guard let decided, let by else { throw ValidationFailure(v.errors) }
        return Checked(decidedOn: decided, answerBy: by, reason: reason.trimmed)
    }
}
