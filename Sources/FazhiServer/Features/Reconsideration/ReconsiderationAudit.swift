import FazhiCore

extension AuditEntity {
    static let reconsiderationCase = AuditEntity("reconsideration_case", "行政复议案件")
    static let lawsuitCase = AuditEntity("lawsuit_case", "行政应诉案件")
}

extension AuditAction {
    static let caseAccept = AuditAction("case_accept", "受理")
    static let caseReject = AuditAction("case_reject", "不予受理")
    static let caseClarify = AuditAction("case_clarify", "补正通知")
    static let caseClarifyReceived = AuditAction("case_clarify_received", "申请人收到补正通知")
    static let caseClarified = AuditAction("case_clarified", "收到补正材料")
    static let caseLapse = AuditAction("case_lapse", "逾期未补正视为放弃")
    static let caseConvert = AuditAction("case_convert", "简易程序转为普通程序")
    static let caseCopy = AuditAction("case_copy", "发送申请书副本")
    static let caseCopyReceived = AuditAction("case_copy_received", "被申请人收到副本")
    static let caseAnswer = AuditAction("case_answer", "被申请人提交答复")
    static let caseExtend = AuditAction("case_extend", "延长审理期限")
    static let caseSuspend = AuditAction("case_suspend", "中止审理")
    static let caseResume = AuditAction("case_resume", "恢复审理")
    static let caseDecide = AuditAction("case_decide", "作出决定")
    static let casePublish = AuditAction("case_publish", "公开决定书")
    static let caseOpinion = AuditAction("case_opinion", "制发行政复议意见书")
    static let caseOpinionReply = AuditAction("case_opinion_reply", "报送纠正情况")
    static let lawsuitAnswer = AuditAction("lawsuit_answer", "提交答辩状")
    static let lawsuitHearing = AuditAction("lawsuit_hearing", "登记开庭")
    static let lawsuitAppearance = AuditAction("lawsuit_appearance", "记录出庭情况")
    static let lawsuitJudgment = AuditAction("lawsuit_judgment", "记录一审裁判")
    static let lawsuitAppeal = AuditAction("lawsuit_appeal", "上诉")
    static let lawsuitSecond = AuditAction("lawsuit_second", "记录二审结果")
    static let lawsuitSuggestion = AuditAction("lawsuit_suggestion", "收到司法建议")
    static let lawsuitSuggestionReply = AuditAction("lawsuit_suggestion_reply", "回复司法建议")

    /// 生成文书: a case's letters, by kind (`ReconsiderationLetters`).
    static let reconsiderationLetters: [String: AuditAction] = [
        "acceptance": AuditAction("letter_case_acceptance", "生成受理通知书"),
        "clarify": AuditAction("letter_case_clarify", "生成补正通知书"),
        "answer": AuditAction("letter_case_answer", "生成提出答复通知书"),
        "extension": AuditAction("letter_case_extension", "生成延期审理通知书"),
        "decision": AuditAction("letter_case_decision", "生成行政复议决定书"),
        "opinion": AuditAction("letter_case_opinion", "生成行政复议意见书"),
    ]

    /// The keys of a case's snapshot (`ReconsiderationService.snapshot`, `LawsuitService.snapshot`).
    static let reconsiderationFields: [String: String] = [
        "receivedOn": "收到申请日期", "procedure": "审理程序", "category": "行为类别", "clarifySentOn": "补正通知日期",
        "clarifyReceivedOn": "申请人收到补正通知日期", "clarifiedOn": "收到补正日期", "acceptedOn": "受理日期", "rejectedOn": "不予受理日期",
        "convertedOn": "转普通程序日期", "copySentOn": "发送副本日期", "respondentReceivedOn": "被申请人收到副本日期", "answeredOn": "答复日期",
        "extensionDays": "延长天数", "extensionApprover": "延期批准人", "suspensions": "中止", "closedOn": "审结日期", "decision": "决定类型",
        "selfCorrected": "被申请人自行纠正", "publishedOn": "公开日期", "opinionOn": "意见书送达日期", "opinionRepliedOn": "纠正情况报送日期",
        "organDueOn": "复议机构下一期限", "answerDueOn": "答复期限", "decisionDueOn": "审理期限",
        "complaintReceivedOn": "收到起诉状副本日期", "answerDue": "答辩期限", "court": "法院", "coDefendant": "共同被告",
        "firstOutcome": "一审裁判", "firstServedOn": "一审送达日期", "appealedBy": "上诉人", "appealFiledOn": "上诉日期",
        "secondOutcome": "二审结果", "hearings": "开庭", "suggestionOn": "司法建议收到日期", "suggestionRepliedOn": "司法建议回复日期",
    ]

    static let reconsideration: [AuditAction] =
        [
            .caseAccept, .caseReject, .caseClarify, .caseClarifyReceived, .caseClarified, .caseLapse, .caseConvert, .caseCopy,
            .caseCopyReceived, .caseAnswer, .caseExtend, .caseSuspend, .caseResume, .caseDecide, .casePublish, .caseOpinion,
            .caseOpinionReply, .lawsuitAnswer, .lawsuitHearing, .lawsuitAppearance, .lawsuitJudgment, .lawsuitAppeal, .lawsuitSecond,
            .lawsuitSuggestion, .lawsuitSuggestionReply,
        ] + reconsiderationLetters.values.sorted { $0.code < $1.code }
}
