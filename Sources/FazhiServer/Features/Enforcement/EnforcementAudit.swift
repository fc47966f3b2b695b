import FazhiCore

extension AuditEntity {
    static let enforcementOfficer = AuditEntity("enforcement_officer", "行政执法人员")
    static let enforcementMatter = AuditEntity("enforcement_matter", "执法事项")
    static let enforcementCase = AuditEntity("enforcement_case", "行政执法案件")
}

extension AuditAction {
    static let officerStatus = AuditAction("officer_status", "变更执法证状态")
    static let officerTraining = AuditAction("officer_training", "登记培训学时")
    static let officerRenew = AuditAction("officer_renew", "换发执法证")
    static let enforcementOfficers = AuditAction("enforcement_officers", "确定承办人员")
    static let enforcementNotice = AuditAction("enforcement_notice", "告知陈述申辩(听证)权利")
    static let enforcementHearingRequest = AuditAction("enforcement_hearing_request", "当事人要求听证")
    static let enforcementHearingSet = AuditAction("enforcement_hearing_set", "通知听证")
    static let enforcementHeard = AuditAction("enforcement_heard", "举行听证")
    static let enforcementReviewSubmit = AuditAction("enforcement_review_submit", "提交法制审核")
    static let enforcementReview = AuditAction("enforcement_review", "法制审核")
    static let enforcementExtend = AuditAction("enforcement_extend", "延长办案期限")
    static let enforcementDecide = AuditAction("enforcement_decide", "作出执法决定")
    static let enforcementServe = AuditAction("enforcement_serve", "送达")
    static let enforcementExecute = AuditAction("enforcement_execute", "执行完毕")
    static let enforcementPublish = AuditAction("enforcement_publish", "公示执法决定")
    static let enforcementRevoke = AuditAction("enforcement_revoke", "决定被变更或撤销")
    static let enforcementWithdraw = AuditAction("enforcement_withdraw", "撤回公示")
    static let enforcementClose = AuditAction("enforcement_close", "结案")
    static let enforcementRecord = AuditAction("enforcement_record", "登记全过程记录")
    static let fileReviewDraw = AuditAction("file_review_draw", "案卷评查抽取案卷")
    static let fileReviewScore = AuditAction("file_review_score", "案卷评查评分")

    static let enforcement: [AuditAction] = [
        .officerStatus, .officerTraining, .officerRenew, .enforcementOfficers, .enforcementNotice, .enforcementHearingRequest, .enforcementHearingSet,
        .enforcementHeard, .enforcementReviewSubmit, .enforcementReview, .enforcementExtend, .enforcementDecide, .enforcementServe,
        .enforcementExecute, .enforcementPublish, .enforcementRevoke, .enforcementWithdraw, .enforcementClose, .enforcementRecord, .fileReviewDraw,
        .fileReviewScore,
    ]

    /// The keys of the register's snapshots (`EnforcementService.snapshot`, officers, matters).
    static let enforcementFields: [String: String] = [
        "name": "姓名或名称", "certificateNumber": "执法证号", "issuer": "发证机关", "certificateType": "证件类型", "issuedOn": "发证日期",
        "validUntil": "有效期至", "status": "状态", "statusSince": "状态生效日期", "legalQualified": "法律职业资格", "heldOn": "培训日期",
        "title": "名称", "hours": "学时", "kind": "类别", "caseType": "执法类别", "basis": "执法依据", "reviewListed": "列入法制审核目录",
        "type": "执法类别", "openedOn": "立案(受理)日期", "matter": "执法事项", "officers": "承办人员", "reviewRequired": "须法制审核",
        "reviewFlag": "法制审核事由", "noticeOn": "告知日期", "hearingOffered": "告知听证权利", "hearingRequestedOn": "要求听证日期",
        "hearingNoticeOn": "听证通知日期", "hearingOn": "听证日期", "heardOn": "举行听证日期", "reviewSubmittedOn": "提交审核日期",
        "reviewedOn": "审核日期", "reviewResult": "审核结论", "reviewer": "审核人员", "extensionDays": "延长天数", "extensionApprover": "延期批准人",
        "decisionOn": "决定日期", "outcome": "决定结果", "fineCents": "罚没款(分)", "servedOn": "送达日期", "executedOn": "执行完毕日期",
        "publishedOn": "公示日期", "revokedOn": "变更撤销日期", "withdrawnOn": "撤回公示日期", "closedOn": "结案日期",
        "decisionDueOn": "办案期限", "publishDueOn": "公示期限", "step": "环节", "avReference": "录音录像编号", "file": "文件",
        "seed": "随机种子", "perUnit": "每单位抽取数", "year": "年度", "drawn": "抽中的案卷", "score": "得分", "deductions": "扣分",
    ]
}
