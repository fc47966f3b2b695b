import FazhiCore

extension AuditEntity {
    static let normativeDocument = AuditEntity("normative_document", "行政规范性文件")
    static let normativeCleanup = AuditEntity("normative_cleanup", "规范性文件清理")
}

extension AuditAction {
    static let normativeComment = AuditAction("normative_comment", "征求意见")
    static let normativeReviewSubmit = AuditAction("normative_review_submit", "送请合法性审核")
    static let normativeReview = AuditAction("normative_review", "合法性审核意见")
    static let normativeCollective = AuditAction("normative_collective", "集体审议")
    static let normativeRegister = AuditAction("normative_register", "统一登记编号")
    static let normativeIssue = AuditAction("normative_issue", "统一印发")
    static let normativePublish = AuditAction("normative_publish", "公开发布")
    static let normativeFile = AuditAction("normative_file", "报备")
    static let normativeFilingResult = AuditAction("normative_filing_result", "备案审查结果")
    static let normativeEvaluate = AuditAction("normative_evaluate", "到期前评估")
    static let normativeEnd = AuditAction("normative_end", "废止或宣布失效")
    static let cleanupConclude = AuditAction("cleanup_conclude", "清理结论")
    static let cleanupPublish = AuditAction("cleanup_publish", "公布清理结果")

    static let normative: [AuditAction] = [
        .normativeComment, .normativeReviewSubmit, .normativeReview, .normativeCollective, .normativeRegister, .normativeIssue, .normativePublish,
        .normativeFile, .normativeFilingResult, .normativeEvaluate, .normativeEnd, .cleanupConclude, .cleanupPublish,
    ]
}
