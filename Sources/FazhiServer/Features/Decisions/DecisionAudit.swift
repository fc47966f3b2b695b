import FazhiCore

extension AuditEntity {
    static let decisionCatalogue = AuditEntity("decision_catalogue", "决策事项目录")
    static let decision = AuditEntity("decision", "重大行政决策")
    static let decisionExpert = AuditEntity("decision_expert", "决策咨询专家")
    static let consultationOpinion = AuditEntity("decision_opinion", "公众意见")
}

extension AuditAction {
    static let catalogueItem = AuditAction("catalogue_item", "增加目录事项")
    static let catalogueApprove = AuditAction("catalogue_approve", "目录经党委同意")
    static let cataloguePublish = AuditAction("catalogue_publish", "公布决策事项目录")
    static let decisionExempt = AuditAction("decision_exempt", "说明程序不适用")
    static let decisionComment = AuditAction("decision_comment", "公开征求意见")
    static let decisionHearing = AuditAction("decision_hearing", "听证会")
    static let decisionParticipation = AuditAction("decision_participation", "座谈、走访等公众参与")
    static let decisionExpertOpinion = AuditAction("decision_expert_opinion", "专家论证意见")
    static let decisionRisk = AuditAction("decision_risk", "风险评估")
    static let decisionLegalSubmit = AuditAction("decision_legal_submit", "送请合法性审查")
    static let decisionLegalReview = AuditAction("decision_legal_review", "合法性审查意见")
    static let decisionMeeting = AuditAction("decision_meeting", "集体讨论")
    static let decisionMeetingOpinion = AuditAction("decision_meeting_opinion", "记录会议组成人员意见")
    static let decisionAdopt = AuditAction("decision_adopt", "作出决策")
    static let decisionPartyReport = AuditAction("decision_party_report", "向党委请示报告")
    static let decisionPublish = AuditAction("decision_publish", "公布决策")
    static let decisionFeedback = AuditAction("decision_feedback", "公众意见反馈")
    static let decisionExecution = AuditAction("decision_execution", "执行情况报告")
    static let decisionEvaluate = AuditAction("decision_evaluate", "决策后评估")
    static let decisionArchive = AuditAction("decision_archive", "归档")
    static let decisionFile = AuditAction("decision_file", "上传决策材料")
    static let opinionSubmit = AuditAction("opinion_submit", "提交公众意见")
    static let opinionAnswer = AuditAction("opinion_answer", "归类并答复公众意见")

    static let decisions: [AuditAction] = [
        .catalogueItem, .catalogueApprove, .cataloguePublish, .decisionExempt, .decisionComment, .decisionHearing, .decisionParticipation,
        .decisionExpertOpinion, .decisionRisk, .decisionLegalSubmit, .decisionLegalReview, .decisionMeeting, .decisionMeetingOpinion, .decisionAdopt,
        .decisionPartyReport, .decisionPublish, .decisionFeedback, .decisionExecution, .decisionEvaluate, .decisionArchive, .decisionFile,
        .opinionSubmit, .opinionAnswer,
    ]
}

extension AttachmentOwner {
    /// A decision's document of one kind (`DecisionDocument`): the owner code names the kind, so the
    /// archive check counts a decision's files by kind in one query.
    static func decision(_ document: DecisionDocument) -> AttachmentOwner { AttachmentOwner("decision_\(document.rawValue)") }
}
