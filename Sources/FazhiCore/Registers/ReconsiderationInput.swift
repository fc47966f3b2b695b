import Foundation

/// 登记行政复议申请: what the office enters when an application arrives, checked as a whole.
public struct ReconsiderationCaseInput: Sendable {
    public var receivedOn: String
    public var unitCode: String
    public var applicantType: String
    public var applicant: String
    public var idNumber: String
    public var contact: String
    public var category: String
    public var act: String
    public var claim: String
    public var procedure: String

    public init(
        receivedOn: String, unitCode: String, applicantType: String, applicant: String, idNumber: String, contact: String, category: String,
        act: String, claim: String, procedure: String
    ) {
        self.receivedOn = receivedOn; self.unitCode = unitCode; self.applicantType = applicantType; self.applicant = applicant
        self.idNumber = idNumber; self.contact = contact; self.category = category; self.act = act; self.claim = claim
        self.procedure = procedure
    }

    public struct Checked: Sendable {
        public let receivedOn: LocalDate
        public let unitCode: String
        public let applicantType: ReconsiderationApplicantType
        public let applicant: String
        public let idNumber: String
        public let contact: String
        public let category: ContestedActCategory
        public let act: String
        public let claim: String
        public let procedure: ReconsiderationProcedure
    }

    /// Every problem at once, in Chinese, by field. The receipt date is a real day, not after
    /// today, inside the loaded calendar (its periods must be countable).
    public func check(today: LocalDate, calendar: WorkCalendar) throws -> Checked {
        var v = Validator()
        let received = v.date(receivedOn, field: "receivedOn", label: "收到申请日期")
        if let received, received > today { v.add("receivedOn", "收到申请日期 \(received) 不能晚于今天 \(today)") }
        if let received, !calendar.contains(received) { v.add("receivedOn", "收到申请日期 \(received) 不在已导入的工作日历内,无法计算期限") }
        if unitCode.trimmed.isEmpty { v.add("unit", "请选择被申请人") }
        let type = ReconsiderationApplicantType(rawValue: applicantType)
        if type == nil { v.add("applicantType", "请选择申请人类型") }
        v.text(applicant, field: "applicant", label: "申请人姓名或名称", max: 100)
        v.text(idNumber, field: "idNumber", label: "证件号码或统一社会信用代码", max: 30, required: false)
        v.text(contact, field: "contact", label: "联系方式", max: 200, required: false)
        let category = ContestedActCategory(rawValue: self.category)
        if category == nil { v.add("category", "请选择被申请行政行为的类别") }
        v.text(act, field: "act", label: "被申请行政行为(文书名称和文号)", max: 500)
        v.text(claim, field: "claim", label: "行政复议请求", max: 2000)
        let procedure = ReconsiderationProcedure(rawValue: self.procedure.isEmpty ? "normal" : self.procedure)
        if procedure == nil { v.add("procedure", "审理程序应为普通程序或简易程序") }
        try v.check()
        guard let received, let type, let category, let procedure else { throw ValidationFailure(v.errors) }
        return Checked(
            receivedOn: received, unitCode: unitCode.trimmed, applicantType: type, applicant: applicant.trimmed, idNumber: idNumber.trimmed,
            contact: contact.trimmed, category: category, act: act.trimmed, claim: claim.trimmed, procedure: procedure)
    }
}

/// 登记行政应诉案件: a lawsuit against a unit, from the complaint's copy.
public struct LawsuitInput: Sendable {
    public var number: String
    public var unitCode: String
    public var court: String
    public var plaintiffType: String
    public var plaintiff: String
    public var category: String
    public var act: String
    public var complaintReceivedOn: String
    public var coDefendant: Bool

    public init(
        number: String, unitCode: String, court: String, plaintiffType: String, plaintiff: String, category: String, act: String,
        complaintReceivedOn: String, coDefendant: Bool
    ) {
        self.number = number; self.unitCode = unitCode; self.court = court; self.plaintiffType = plaintiffType; self.plaintiff = plaintiff
        self.category = category; self.act = act; self.complaintReceivedOn = complaintReceivedOn; self.coDefendant = coDefendant
    }

    public struct Checked: Sendable {
        public let number: String
        public let unitCode: String
        public let court: String
        public let plaintiffType: ReconsiderationApplicantType
        public let plaintiff: String
        public let category: ContestedActCategory
        public let act: String
        public let complaintReceivedOn: LocalDate
    }

    public func check(today: LocalDate, calendar: WorkCalendar) throws -> Checked {
        var v = Validator()
        v.text(number, field: "number", label: "案号", max: 60)
        if unitCode.trimmed.isEmpty { v.add("unit", "请选择被告单位") }
        v.text(court, field: "court", label: "受理法院", max: 100)
        let type = ReconsiderationApplicantType(rawValue: plaintiffType)
        if type == nil { v.add("plaintiffType", "请选择原告类型") }
        v.text(plaintiff, field: "plaintiff", label: "原告", max: 100)
        let category = ContestedActCategory(rawValue: self.category)
        if category == nil { v.add("category", "请选择被诉行政行为的类别") }
        v.text(act, field: "act", label: "被诉行政行为", max: 500)
        let received = v.date(complaintReceivedOn, field: "complaintReceivedOn", label: "收到起诉状副本日期")
        if let received, received > today { v.add("complaintReceivedOn", "收到起诉状副本日期 \(received) 不能晚于今天 \(today)") }
        if let received, !calendar.contains(received) { v.add("complaintReceivedOn", "收到日期 \(received) 不在已导入的工作日历内,无法计算期限") }
        try v.check()
        guard let type, let category, let received else { throw ValidationFailure(v.errors) }
        return Checked(
            number: number.trimmed, unitCode: unitCode.trimmed, court: court.trimmed, plaintiffType: type, plaintiff: plaintiff.trimmed,
            category: category, act: act.trimmed, complaintReceivedOn: received)
    }
}
