import FazhiCore

extension AuditEntity {
    static let task = AuditEntity("task", "任务")
    static let reportingPeriod = AuditEntity("reporting_period", "报送周期")
    static let progressReport = AuditEntity("progress_report", "进展报告")
}

extension AuditAction {
    static let progress = AuditAction("progress", "报送进展")
    static let cancel = AuditAction("cancel", "取消任务")
    static let pause = AuditAction("pause", "暂停")
    static let resume = AuditAction("resume", "恢复办理")
}
