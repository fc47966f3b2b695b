import Foundation

// 依申请公开 government-information requests under 《政府信息公开条例》(国务院令第711号, 2019修订).
// The register's vocabulary: how a request arrived, who asked, how it was answered and why
// information was withheld. Every answer maps to exactly one row of the annual report's table 3
// (国办公开办函〔2021〕30号), see `GOIReplyType.row(ground:)`.

/// 申请渠道 how the request reached the organ; decides the receipt date (第三十一条).
public enum GOIChannel: String, CaseIterable, Codable, Sendable {
    case inPerson = "in_person"
    case post
    case fax
    case online

    public var label: String {
        switch self {
        case .inPerson: "当面提交"
        case .post: "邮寄(信函)"
        case .fax: "传真"
        case .online: "互联网(在线申请)"
        }
    }

    /// The art. 31 rule for the receipt date, shown beside the date field.
    public var receiptRule: String {
        switch self {
        case .inPerson: "当面提交的,以提交之日为收到申请之日(第三十一条第一项)"
        case .post: "以邮寄方式提交的,以行政机关签收之日为收到申请之日;以平常信函等无需签收的邮寄方式提交的,政府信息公开工作机构应当于收到申请的当日与申请人确认,确认之日为收到申请之日(第三十一条第二项)"
        case .fax, .online: "通过互联网渠道或者政府信息公开工作机构的传真提交的,以双方确认之日为收到申请之日(第三十一条第三项)"
        }
    }
}

/// 申请人类型: the columns of table 3 (自然人 | 法人或其他组织 ×5).
public enum GOIApplicantType: String, CaseIterable, Codable, Sendable {
    case naturalPerson = "natural_person"
    case business
    case research
    case publicInterest = "public_interest"
    case legalService = "legal_service"
    case other

    public var label: String {
        switch self {
        case .naturalPerson: "自然人"
        case .business: "商业企业"
        case .research: "科研机构"
        case .publicInterest: "社会公益组织"
        case .legalService: "法律服务机构"
        case .other: "其他"
        }
    }

    /// Column index in table 3 (0…5; 6 is 总计).
    public var column: Int { Self.allCases.firstIndex(of: self)! }

    public static func parse(_ text: String) -> GOIApplicantType? {
        let t = text.trimmingCharacters(in: .whitespaces)
        return Self(rawValue: t) ?? allCases.first { $0.label == t }
    }
}

/// 获取信息的方式 how the applicant wants the information delivered.
public enum GOIDelivery: String, CaseIterable, Codable, Sendable {
    case email
    case post
    case pickup
    case fax

    public var label: String {
        switch self {
        case .email: "电子邮件"
        case .post: "邮寄纸质件"
        case .pickup: "当面领取"
        case .fax: "传真"
        }
    }
}

/// 不予公开理由 withholding grounds (第十四条至第十六条).
public enum GOIWithholdingGround: String, CaseIterable, Codable, Sendable {
    case stateSecret = "state_secret"
    case lawForbids = "law_forbids"
    case security
    case thirdParty = "third_party"
    case internalAffairs = "internal_affairs"
    case processInfo = "process_info"
    case enforcementFile = "enforcement_file"

    public var label: String {
        switch self {
        case .stateSecret: "属于国家秘密"
        case .lawForbids: "其他法律行政法规禁止公开"
        case .security: "危及“三安全一稳定”"
        case .thirdParty: "保护第三方合法权益"
        case .internalAffairs: "属于三类内部事务信息"
        case .processInfo: "属于四类过程性信息"
        case .enforcementFile: "属于行政执法案卷"
        }
    }

    /// The article the letter cites.
    public var basis: String {
        switch self {
        case .stateSecret, .lawForbids: "《中华人民共和国政府信息公开条例》第十四条"
        case .security: "《中华人民共和国政府信息公开条例》第十四条"
        case .thirdParty: "《中华人民共和国政府信息公开条例》第十五条"
        case .internalAffairs: "《中华人民共和国政府信息公开条例》第十六条第一款"
        case .processInfo, .enforcementFile: "《中华人民共和国政府信息公开条例》第十六条第二款"
        }
    }

    /// The sentence of the reply letter.
    public var reason: String {
        switch self {
        case .stateSecret: "您申请获取的信息属于国家秘密"
        case .lawForbids: "您申请获取的信息属于法律、行政法规禁止公开的信息"
        case .security: "您申请获取的信息公开后可能危及国家安全、公共安全、经济安全、社会稳定"
        case .thirdParty: "您申请获取的信息涉及商业秘密、个人隐私等,公开会对第三方合法权益造成损害,且第三方不同意公开"
        case .internalAffairs: "您申请获取的信息属于人事管理、后勤管理、内部工作流程等内部事务信息"
        case .processInfo: "您申请获取的信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息"
        case .enforcementFile: "您申请获取的信息属于行政执法案卷信息"
        }
    }

    /// The table 3 row under （三）不予公开.
    public var row: GOITable3Row {
        switch self {
        case .stateSecret: .withheldSecret
        case .lawForbids: .withheldLaw
        case .security: .withheldSecurity
        case .thirdParty: .withheldThirdParty
        case .internalAffairs: .withheldInternal
        case .processInfo: .withheldProcess
        case .enforcementFile: .withheldEnforcement
        }
    }
}

/// 答复类型 how a request was concluded (第三十六条至第三十九条, and closures without an answer).
public enum GOIReplyType: String, CaseIterable, Codable, Sendable {
    /// 已主动公开,告知获取方式和途径 (第三十六条第一项).
    case alreadyPublic = "already_public"
    /// 予以公开 (第三十六条第二项).
    case disclosed
    /// 部分公开(区分处理) (第三十七条): counted only here, whatever the withheld part's grounds.
    case partial
    /// 不予公开 with a ground (第三十六条第三项).
    case withheld
    /// 属于工商、不动产登记等行政查询事项,告知依照有关法律、行政法规办理 (第三十六条第（七）项).
    case adminQuery = "admin_query"
    /// 经检索没有所申请公开信息 (第三十六条第四项).
    case notHeld = "not_held"
    /// 不属于本机关负责公开,告知负责机关 (第三十六条第五项).
    case notOurs = "not_ours"
    /// 需要另行制作、加工分析 (第三十八条).
    case needsCreation = "needs_creation"
    /// 补正后申请内容仍不明确 (第三十条).
    case stillUnclear = "still_unclear"
    /// 信访、举报、投诉类申请 (第三十九条第一款).
    case petition
    /// 重复申请 (第三十六条第六项).
    case repeatRequest = "repeat"
    /// 要求提供公开出版物 (第三十九条第二款).
    case publication
    /// 无正当理由大量、反复申请 (第三十五条).
    case excessive
    /// 要求确认或重新出具已获取信息: a category of the 2021 report template (国办公开办函〔2021〕30号),
    /// not a rule of the 条例 — 第三十九条 covers petitions and publications only, so no article is cited.
    case confirmation
    /// 逾期不补正,视为放弃申请 (第三十条).
    case noClarification = "no_clarification"
    /// 逾期未按收费通知缴费,视为放弃申请,不再处理 (国办函〔2020〕109号第七条).
    case unpaidFee = "unpaid_fee"
    /// 其他处理(如申请人撤回申请).
    case other

    public var label: String {
        switch self {
        case .alreadyPublic: "已主动公开(告知获取途径)"
        case .disclosed: "予以公开"
        case .partial: "部分公开(区分处理)"
        case .withheld: "不予公开"
        case .adminQuery: "属于行政查询事项"
        case .notHeld: "本机关不掌握相关政府信息"
        case .notOurs: "不属于本机关负责公开"
        case .needsCreation: "没有现成信息需要另行制作"
        case .stillUnclear: "补正后申请内容仍不明确"
        case .petition: "信访举报投诉类申请"
        case .repeatRequest: "重复申请"
        case .publication: "要求提供公开出版物"
        case .excessive: "无正当理由大量反复申请"
        case .confirmation: "要求确认或重新出具已获取信息"
        case .noClarification: "逾期不补正,视为放弃申请"
        case .unpaidFee: "逾期未缴纳信息处理费,不再处理"
        case .other: "其他处理"
        }
    }

    /// Partial and full withholding need a ground; nothing else takes one.
    public var needsGround: Bool { self == .withheld || self == .partial }

    /// Whether the applicant receives an answer letter (告知书); the closures of （六） do not answer the request.
    public var isAnswer: Bool { ![.noClarification, .unpaidFee, .other].contains(self) }

    /// The one row of table 3 this conclusion counts in. Partial disclosure wins over any ground;
    /// a withheld request counts under its (first, principal) ground.
    public func row(ground: GOIWithholdingGround?) -> GOITable3Row {
        switch self {
        case .alreadyPublic, .disclosed: .disclosed
        case .partial: .partial
        case .withheld: (ground ?? .lawForbids).row
        case .adminQuery: .withheldAdminQuery
        case .notHeld, .notOurs: .unableNotHeld
        case .needsCreation: .unableCreation
        case .stillUnclear: .unableUnclear
        case .petition: .refusedPetition
        case .repeatRequest: .refusedRepeat
        case .publication: .refusedPublication
        case .excessive: .refusedExcessive
        case .confirmation: .refusedConfirmation
        case .noClarification: .otherNoClarification
        case .unpaidFee: .otherUnpaidFee
        case .other: .otherOther
        }
    }

    /// The legal basis cited in the reply letter.
    public var basis: String {
        switch self {
        case .alreadyPublic: "《中华人民共和国政府信息公开条例》第三十六条第一项"
        case .disclosed: "《中华人民共和国政府信息公开条例》第三十六条第二项"
        case .partial: "《中华人民共和国政府信息公开条例》第三十七条"
        case .withheld: "《中华人民共和国政府信息公开条例》第三十六条第三项"
        case .adminQuery: "《中华人民共和国政府信息公开条例》第三十六条第（七）项"
        case .notHeld: "《中华人民共和国政府信息公开条例》第三十六条第四项"
        case .notOurs: "《中华人民共和国政府信息公开条例》第三十六条第五项"
        case .needsCreation: "《中华人民共和国政府信息公开条例》第三十八条"
        case .stillUnclear: "《中华人民共和国政府信息公开条例》第三十条"
        case .petition: "《中华人民共和国政府信息公开条例》第三十九条第一款"
        case .publication: "《中华人民共和国政府信息公开条例》第三十九条第二款"
        case .confirmation: "《中华人民共和国政府信息公开条例》"
        case .repeatRequest: "《中华人民共和国政府信息公开条例》第三十六条第六项"
        case .excessive: "《中华人民共和国政府信息公开条例》第三十五条"
        case .noClarification: "《中华人民共和国政府信息公开条例》第三十条"
        case .unpaidFee: "《政府信息公开信息处理费管理办法》(国办函〔2020〕109号)第七条"
        case .other: "《中华人民共和国政府信息公开条例》"
        }
    }

    /// Whether the applicant must apply for reconsideration before suing: a refusal to disclose
    /// (行政复议法 (2023) 第二十三条第一款第（四）项), also for the refused part of a partial disclosure.
    public var requiresReconsiderationFirst: Bool { self == .withheld || self == .partial }

    /// 救济途径 the remedy clause of the reply letter. Where the law requires reconsideration first,
    /// the organ must say so (行政复议法第二十三条第二款); otherwise the applicant may apply for
    /// reconsideration within 60 days (第二十条) or sue within 6 months (行政诉讼法第四十六条).
    public var remedy: String {
        let either =
            "可以自收到本告知书之日起六十日内依法申请行政复议(《中华人民共和国行政复议法》第二十条),"
            + "或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼(《中华人民共和国行政诉讼法》第四十六条)"
        let first =
            "根据《中华人民共和国行政复议法》第二十三条第一款第（四）项和第二款的规定,应当先自收到本告知书之日起六十日内"
            + "向行政复议机关申请行政复议(第二十条);对行政复议决定不服的,可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼"
            + "(《中华人民共和国行政诉讼法》第四十五条)"
        switch self {
        case .withheld: return "如对本答复不予公开的决定不服,\(first)。"
        case .partial: return "如对本答复中不予公开部分的决定不服,\(first);对其余部分不服的,\(either)。"
        default: return "如对本答复不服,\(either)。"
        }
    }

    /// The letter's answer sentence.
    public var answer: String {
        switch self {
        case .alreadyPublic: "您申请获取的政府信息已经主动公开,现告知您获取该政府信息的方式和途径。"
        case .disclosed: "您申请获取的政府信息属于公开范围,现向您提供该政府信息。"
        case .partial: "您申请获取的政府信息中含有不应当公开的内容,但能够作区分处理,现向您提供可以公开的政府信息内容,并说明理由。"
        case .withheld: "经审查,您申请获取的政府信息依法不予公开。"
        case .adminQuery: "您申请获取的信息属于工商、不动产登记资料等行政查询事项,请依照有关法律、行政法规的规定办理。"
        case .notHeld: "经检索,本机关没有您申请公开的政府信息。"
        case .notOurs: "您申请获取的信息不属于本机关负责公开,现告知您负责公开该政府信息的机关及其联系方式。"
        case .needsCreation: "您申请获取的信息需要本机关对现有政府信息进行加工、分析,本机关可以不予提供。"
        case .stillUnclear: "经补正,您的申请内容仍不明确,本机关无法提供。"
        case .petition: "您提出的申请实为信访、投诉、举报等诉求,本机关不作为政府信息公开申请处理,请通过相应渠道提出。"
        case .repeatRequest: "本机关已就您提出的相同政府信息公开申请作出答复,您重复申请公开相同政府信息,本机关不予重复处理。"
        case .publication: "您申请获取的是公开出版物,请通过相应的出版发行渠道获取,本机关不作为政府信息公开申请处理。"
        case .excessive: "您申请公开政府信息的数量、频次明显超过合理范围,且未能说明理由或理由不合理,本机关不予处理。"
        case .confirmation: "您要求本机关确认或者重新出具已获取的信息,本机关不作为政府信息公开申请处理。"
        case .noClarification: "您未在补正期限内补正,视为放弃申请,本机关不再处理该政府信息公开申请。"
        case .unpaidFee: "您未在收费通知要求的期限内缴纳信息处理费,本机关不再处理该政府信息公开申请。"
        case .other: "本机关已对您的申请作出其他处理。"
        }
    }

    public static func parse(_ text: String) -> GOIReplyType? {
        let t = text.trimmingCharacters(in: .whitespaces)
        return Self(rawValue: t) ?? allCases.first { $0.label == t }
    }
}

/// 信息处理费 (国办函〔2020〕109号): per request or per page, progressive, never both on one request.
public enum GOIFeeMethod: String, CaseIterable, Codable, Sendable {
    case none
    /// 按件计收: by the number of requests the same applicant filed in the natural month.
    case perRequest = "per_request"
    /// 按量计收: by pages (paper, e-mail attachments or copies).
    case perPage = "per_page"

    public var label: String {
        switch self {
        case .none: "不收费"
        case .perRequest: "按件计收"
        case .perPage: "按量计收"
        }
    }
}

public enum GOIFees {
    /// 按件: the fee for the `n`-th request of the same applicant in a natural month.
    /// 1–10 free; 11–30 100 元/件; from the 31st each further band of 10 adds 100 元 (31–40: 200, 41–50: 300, …).
    public static func perRequest(nthInMonth n: Int) -> Int {
        if n <= 10 { return 0 }
        if n <= 30 { return 100 }
        return 100 + 100 * ((n - 31) / 10 + 1)
    }

    /// 按量: progressive by page bands: 1–30 free; 31–100 10 元/页; 101–200 20 元/页; from 201 40 元/页.
    public static func perPage(pages: Int) -> Int {
        let p = max(0, pages)
        return 10 * min(max(p - 30, 0), 70) + 20 * min(max(p - 100, 0), 100) + 40 * max(p - 200, 0)
    }

    /// The fee of one request under one method; `quantity` is the month's request count for 按件 or pages for 按量.
    public static func fee(_ method: GOIFeeMethod, quantity: Int) -> Int {
        switch method {
        case .none: 0
        case .perRequest: perRequest(nthInMonth: quantity)
        case .perPage: perPage(pages: quantity)
        }
    }
}
