import FazhiCore

extension AuditEntity {
    static let goiRequest = AuditEntity("goi_request", "政府信息公开申请")
    static let goiReport = AuditEntity("goi_report", "政府信息公开年度报告")
}

extension AuditAction {
    static let confirm = AuditAction("confirm", "确认收到申请")
    static let clarify = AuditAction("clarify", "告知补正")
    static let clarified = AuditAction("clarified", "补正完成")
    static let consult = AuditAction("consult", "征求第三方意见")
    static let consultReceived = AuditAction("consult_received", "第三方收到征求意见")
    static let consultReplied = AuditAction("consult_replied", "第三方答复意见")
    static let feeNotice = AuditAction("fee_notice", "发出收费通知")
    static let feePaid = AuditAction("fee_paid", "缴费完成")
    static let delay = AuditAction("delay", "延迟答复")
    static let coUnits = AuditAction("co_units", "调整协办单位")
    static let reportEntries = AuditAction("report_entries", "录入年度报告数据")

    /// 生成文书: the request's letters, by kind (`GOILetters`).
    static let goiLetters: [String: AuditAction] = [
        "clarify": AuditAction("letter_clarify", "生成补正告知书"),
        "extension": AuditAction("letter_extension", "生成延期答复告知书"),
        "fee": AuditAction("letter_fee", "生成收费通知书"),
        "delay": AuditAction("letter_delay", "生成延迟答复告知书"),
        "reply": AuditAction("letter_reply", "生成答复书"),
    ]

    /// The keys of a request's snapshot (`GOIService.snapshot`).
    static let goiFields: [String: String] = [
        "receivedOn": "收到申请日期", "dueOn": "答复期限", "closedOn": "办结日期", "clarifySentOn": "补正告知日期",
        "clarifyDueOn": "补正期限", "clarifiedOn": "补正完成日期", "consultations": "征求意见", "extensionApprover": "延期批准人",
        "extensionReason": "延期理由", "delayAnswerBy": "延迟答复日期", "delayDecidedOn": "延迟决定日期", "delayReason": "延迟理由",
        "feeMethod": "收费方式", "feeNoticeOn": "收费通知日期", "feePaidOn": "缴费日期", "grounds": "答复依据", "replyType": "答复类型", "coUnits": "协办单位",
    ]

    static let goi: [AuditAction] =
        [
            .confirm, .clarify, .clarified, .consult, .consultReceived, .consultReplied, .feeNotice, .feePaid, .delay,
            .coUnits, .reportEntries,
        ] + goiLetters.values.sorted { $0.code < $1.code }
}
