import FazhiCore

extension AuditEntity {
    static let problem = AuditEntity("problem", "问题")
}

extension AuditAction {
    static let measureDone = AuditAction("measure_done", "整改措施完成")
    static let measureUndone = AuditAction("measure_undone", "整改措施改为未完成")
    static let report = AuditAction("report", "报告整改情况")
}
