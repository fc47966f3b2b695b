import FazhiCore

// The platform's audit vocabulary; each register declares its own in its folder and lists it in
// its module (`RegisterModule.auditEntities`, `.auditActions`, `.auditFields`).

extension AuditEntity {
    static let plan = AuditEntity("plan", "方案")
    static let user = AuditEntity("user", "用户")
    static let apiToken = AuditEntity("api_token", "API 令牌")
    static let calendar = AuditEntity("calendar", "工作日历")
    static let indicatorTree = AuditEntity("indicator_tree", "指标体系")
    static let indicator = AuditEntity("indicator", "指标")
    static let assessmentCycle = AuditEntity("assessment_cycle", "考评周期")
    static let assessmentUnit = AuditEntity("assessment_unit", "单位考评")
    static let supervisionNotice = AuditEntity("supervision_notice", "督办单")
    static let unitChannel = AuditEntity("unit_channel", "单位推送渠道")
    static let escalationLadder = AuditEntity("escalation_ladder", "督办升级规则")
    static let demo = AuditEntity("demo", "演示数据")
    static let metricTargets = AuditEntity("metric_targets", "指标目标值")
    static let backup = AuditEntity("backup", "备份")
    static let district = AuditEntity("district", "区")

    static let platform: [AuditEntity] = [
        .plan, .user, .apiToken, .calendar, .indicatorTree, .indicator, .assessmentCycle, .assessmentUnit,
        .supervisionNotice, .unitChannel, .escalationLadder, .demo, .metricTargets, .backup, .district,
    ]
}

extension AuditAction {
    static let create = AuditAction("create", "创建")
    static let update = AuditAction("update", "修改")
    static let delete = AuditAction("delete", "删除")
    static let `import` = AuditAction("import", "导入")
    static let copy = AuditAction("copy", "复制")
    static let seed = AuditAction("seed", "初始化演示数据")
    static let grow = AuditAction("grow", "扩充演示数据")
    static let extend = AuditAction("extend", "延期")
    static let reopen = AuditAction("reopen", "重新打开")
    static let close = AuditAction("close", "办结")
    static let sendBack = AuditAction("send_back", "退回")
    static let reply = AuditAction("reply", "答复")
    static let submit = AuditAction("submit", "提交")
    static let configure = AuditAction("configure", "设置")
    static let enable = AuditAction("enable", "启用")
    static let disable = AuditAction("disable", "停用")
    static let recomputeDue = AuditAction("recompute_due", "期限重新计算")
    // Accounts
    static let login = AuditAction("login", "登录")
    static let logout = AuditAction("logout", "退出登录")
    static let loginFailed = AuditAction("login_failed", "登录失败")
    static let passwordChanged = AuditAction("password_changed", "修改密码")
    static let updatePassword = AuditAction("update_password", "重设密码")
    static let unlock = AuditAction("unlock", "解除登录限制")
    static let revoke = AuditAction("revoke", "吊销")
    // Supervision
    static let issue = AuditAction("issue", "下发")
    // Assessment
    static let uploadEvidence = AuditAction("upload_evidence", "上传佐证材料")
    static let withdrawEvidence = AuditAction("withdraw_evidence", "撤回佐证材料")
    static let selfAssess = AuditAction("self_assess", "自评打分")
    static let submitSelfAssessment = AuditAction("submit_self_assessment", "提交自评")
    static let approveSelfAssessment = AuditAction("approve_self_assessment", "自评审核通过")
    static let returnSelfAssessment = AuditAction("return_self_assessment", "退回自评")
    static let requestSupplement = AuditAction("request_supplement", "要求补充材料")
    static let answerSupplement = AuditAction("answer_supplement", "补充说明")
    static let mark = AuditAction("mark", "评分")
    static let reconcile = AuditAction("reconcile", "分歧裁定")
    static let overrideScore = AuditAction("override_score", "改动系统计分")
    static let restoreScore = AuditAction("restore_score", "恢复系统计分")
    static let assignAssessors = AuditAction("assign_assessors", "分配评分人员")
    static let setSurvey = AuditAction("set_survey", "录入满意度测评")
    static let addAdjustment = AuditAction("add_adjustment", "登记加减分")
    static let removeAdjustment = AuditAction("remove_adjustment", "删除加减分")
    static let releasePreliminary = AuditAction("release_preliminary", "发布初评结果")
    static let fileObjection = AuditAction("file_objection", "提出异议")
    static let adjustObjection = AuditAction("adjust_objection", "异议成立并调整")
    static let upholdObjection = AuditAction("uphold_objection", "维持原评分")
    static let confirmResult = AuditAction("confirm_result", "确认结果")
    static let freeze = AuditAction("freeze", "冻结结果")
    static let publish = AuditAction("publish", "公布结果")
    static let refusedFrozen = AuditAction("refused_frozen", "拒绝修改已冻结的考评")
    static let restoreBackup = AuditAction("restore_backup", "从备份恢复")

    static let platform: [AuditAction] = [
        .create, .update, .delete, .import, .copy, .seed, .grow, .extend, .reopen, .close, .sendBack, .reply, .submit,
        .configure, .enable, .disable, .recomputeDue, .login, .logout, .loginFailed, .passwordChanged, .updatePassword,
        .unlock, .revoke, .issue, .uploadEvidence, .withdrawEvidence, .selfAssess, .submitSelfAssessment,
        .approveSelfAssessment, .returnSelfAssessment, .requestSupplement, .answerSupplement, .mark, .reconcile, .overrideScore, .restoreScore,
        .assignAssessors, .setSurvey, .addAdjustment, .removeAdjustment, .releasePreliminary, .fileObjection,
        .adjustObjection, .upholdObjection, .confirmResult, .freeze, .publish, .refusedFrozen, .restoreBackup,
    ]
}

extension AuditVocabulary {
    /// The keys of the platform's own snapshots.
    static let platformFields: [String: String] = [
        "title": "名称", "name": "名称", "year": "年度", "status": "状态", "note": "说明", "reason": "理由", "unit": "单位",
        "user": "用户", "username": "账号", "displayName": "姓名", "email": "电子邮箱", "role": "角色", "isActive": "启用",
        "due": "期限", "replyDue": "答复期限", "reply": "答复", "subject": "督办事项", "number": "编号", "code": "编号",
        "kind": "类别", "points": "分值", "text": "内容", "answer": "补充说明", "decision": "处理理由", "item": "事项",
        "file": "文件", "files": "文件", "path": "存储位置", "url": "推送地址", "enabled": "启用", "method": "方式",
        "category": "类别", "nodes": "指标", "rows": "指标行数", "tasks": "任务", "plan": "方案", "span": "报送区间",
        "periods": "报送周期", "progress": "完成进度", "stage": "督办阶段", "lateWorkdays": "逾期工作日",
        "snapshotHash": "结果快照哈希", "createdAt": "备份时间", "database": "数据库", "auditHead": "审计链头", "tableCount": "数据表", "rowCount": "数据行",
        "fileCount": "材料文件", "manifestHash": "清单哈希", "objectionsFrom": "异议期开始", "objectionsUntil": "异议期截止",
        "count": "条数", "entries": "数据项", "factor": "扩充倍数", "numbers": "编号", "prefix": "编号前缀", "measures": "整改措施",
    ]

    /// The codes the platform's snapshots store, in Chinese.
    static let platformValues: [String: [String: String]] = [
        "role": Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0.rawValue, $0.label) }),
        "\(AuditEntity.supervisionNotice.code).status": Dictionary(
            uniqueKeysWithValues: SupervisionNotice.Status.allCases.map { ($0.rawValue, $0.label) }),
        "\(AuditEntity.assessmentCycle.code).status": ["open": "进行中", "frozen": "已冻结", "published": "已发布"],
        "\(AuditEntity.assessmentUnit.code).status": ["draft": "填报中", "submitted": "待审批", "approved": "已审批"],
        "\(AuditEntity.assessmentUnit.code).stage": ["self": "自评", "supplement": "补充材料", "objection": "申诉"],
        "\(AuditEntity.calendar.code).kind": ["holiday": "法定节假日", "makeup": "调休上班"],
    ]

    /// Every name the audit log knows: the platform's and every register's.
    static let all = AuditVocabulary(
        entities: AuditEntity.platform + RegisterModules.all.flatMap(\.auditEntities),
        actions: AuditAction.platform + RegisterModules.all.flatMap(\.auditActions),
        fields: RegisterModules.all.reduce(into: platformFields) { fields, module in
            fields.merge(module.auditFields) { platform, _ in platform }
        },
        values: RegisterModules.all.reduce(into: platformValues) { values, module in
            values.merge(module.auditValues) { platform, _ in platform }
        })
}
