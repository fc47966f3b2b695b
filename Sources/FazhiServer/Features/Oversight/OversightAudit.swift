import FazhiCore

extension AuditEntity {
    static let oversightItem = AuditEntity("oversight_item", "督办件")
    static let studySession = AuditEntity("study_session", "学法活动")
    static let studyPlan = AuditEntity("study_plan", "学法计划")
    static let examResults = AuditEntity("exam_results", "学法考试成绩")
    static let legalAdviser = AuditEntity("legal_adviser", "法律顾问")
    static let adviserConsultation = AuditEntity("adviser_consultation", "法律顾问意见")
    static let contractReview = AuditEntity("contract_review", "合同审查")
    static let pufaList = AuditEntity("pufa_list", "普法责任清单")
    static let pufaActivity = AuditEntity("pufa_activity", "普法活动")
}

extension AuditAction {
    static let oversightAccept = AuditAction("oversight_accept", "受理")
    static let oversightExtend = AuditAction("oversight_extend", "延长办理期限")
    static let oversightReply = AuditAction("oversight_reply", "答复")
    static let oversightRate = AuditAction("oversight_rate", "满意度评价")
    static let oversightFinding = AuditAction("oversight_finding", "登记审计发现问题")
    static let oversightPublish = AuditAction("oversight_publish", "答复公开")
    static let oversightReviewRequest = AuditAction("oversight_review_request", "请求复查(复核)")
    static let oversightReviewAnswer = AuditAction("oversight_review_answer", "复查(复核)意见")
    static let examImport = AuditAction("exam_import", "导入考试成绩")
    static let pufaRate = AuditAction("pufa_rate", "履职评议")

    static let oversight: [AuditAction] = [
        .oversightAccept, .oversightExtend, .oversightReply, .oversightRate, .oversightFinding, .oversightPublish, .oversightReviewRequest,
        .oversightReviewAnswer, .examImport, .pufaRate,
    ]
}
