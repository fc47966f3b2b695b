import FazhiCore
import Vapor

/// What every page's frame needs: title, navigation, the signed-in user, the CSRF token.
struct LayoutContext: Encodable {
    struct NavItem: Encodable {
        let label: String
        let href: String
        let active: Bool
    }

    struct UserBadge: Encodable {
        let name: String
        let role: String
        let unit: String?
    }

    let title: String
    let csrf: String
    /// A fresh one-time form token (`FormOnce`) for the page's create or upload form; a page with a
    /// form per row makes each row's its own by appending the row's id.
    let once: String
    let user: UserBadge?
    let nav: [NavItem]
    let notice: String?
    let demo: Bool
    /// 我的提醒: unread notifications, shown on every page.
    let unread: Int
    /// 切换区: for the city's office and the public where there are several districts, the districts
    /// to read (the current one selected) and the page to show again.
    let districts: [OptionContext]
    let path: String

    init(_ req: Request, title: String, active: String = "") {
        self.title = title
        self.csrf = CSRFMiddleware.token(for: req)
        self.once = FormOnce.token()
        self.demo = req.fazhi.mode == .demo
        self.unread = req.unreadCount
        self.notice = (try? req.query.get(String.self, at: "notice")).flatMap(Self.noticeText)
        let choice = req.districtChoice
        let current = choice?.chosen?.code ?? choice?.districts.first?.code
        // The public chooses on the public pages; the city's office everywhere.
        let offered = req.currentUser != nil || req.url.path.hasPrefix("/public/") ? choice?.districts ?? [] : []
        self.districts = offered.map { OptionContext(value: $0.code, label: $0.name, selected: $0.code == current) }
        self.path = req.url.path
        if let user = req.currentUser {
            self.user = UserBadge(name: user.displayName, role: user.role.label, unit: user.unitName)
            var items: [(String, String, String)] = [
                ("home", "首页", SiteURL.home), ("plan", "年度方案", SiteURL.plans),
                ("supervision", "督办", "/overdue"), ("units", "责任单位", SiteURL.units),
                ("indicators", "指标体系", "/indicators"), ("assessment", "考评", "/assessment"), ("calendar", "期限与日历", "/deadlines"),
            ]
            // Registers follow the entry they name (a platform entry or an earlier register's), in the
            // order of the module list: several naming one entry line up behind it in that order.
            var lastAfter: [String: String] = [:]
            for entry in RegisterModules.all.compactMap({ $0.menuEntry(req) }) {
                let anchor = lastAfter[entry.after] ?? entry.after
                let at = items.firstIndex { $0.0 == anchor }.map { $0 + 1 } ?? items.count
                items.insert((entry.key, entry.label, entry.href), at: at)
                lastAfter[entry.after] = entry.key
            }
            if req.may(.viewCityAssessment) { items.append(("city-assessment", "市对区考评", "/city/assessment")) }
            if req.may(.viewAudit) { items.append(("audit", "审计日志", SiteURL.audit)) }
            if req.may(.manageUsers) { items.append(("users", "用户管理", SiteURL.users)) }
            self.nav = items.map { NavItem(label: $0.1, href: $0.2, active: $0.0 == active) }
        } else {
            self.user = nil
            self.nav = []
        }
    }

    static func noticeText(_ code: String) -> String? {
        switch code {
        case "created": "已创建。"
        case "saved": "已保存。"
        case "progress": "进展已报送。"
        case "cancelled": "任务已取消。"
        case "reopened": "任务已恢复。"
        case "password": "密码已修改,其他设备上的登录已退出。"
        case "signedOut": "您已安全退出。"
        case "expired": "登录已过期,请重新登录。"
        case "unlocked": "账户已解锁。"
        case "revoked": "令牌已吊销。"
        case "uploaded": "材料已上传,已按内容登记 SHA-256。"
        case "submitted": "自评已提交,等待单位负责人审批。"
        case "districtSubmitted": "自评已提交,市法治办将审核赋分;本区不能再修改。"
        case "approved": "自评已审批,已交考评员审核。"
        case "returned": "已退回补充,单位将在本页看到要求和期限。"
        case "released": "初步结果已发布,申诉期开始。"
        case "confirmed": "已确认初步结果无异议。"
        case "objected": "申诉已提交,法治办处理后将在本页答复。"
        case "frozen": "考评结果已冻结并存档(SHA-256),得分、等次和排名不可再修改;下一步可公布结果。"
        case "published": "考评结果已公布:各单位可查看排名和等次,公开页面已可访问。"
        case "problemReported": "已报送整改完成,等待法治办核查销号。"
        case "problemClosed": "问题已核查销号,整改措施和佐证材料已存档。"
        case "problemReturned": "已退回单位继续整改,单位将在问题页面看到退回理由。"
        case "problemReopened": "问题已重新打开,单位需重新整改并报送。"
        case "goiConfirmed": "已确认收到,答复期限自次日起计算。"
        case "goiClarify": "补正告知已记录,答复期限暂停至收到补正;可下载补正告知书。"
        case "goiClarified": "已收到补正,答复期限重新起算。"
        case "goiConsult": "征求意见已记录,征求意见期间不计入答复期限。"
        case "goiFeeNotice": "收费通知已记录,缴费期间答复期限暂停;可下载收费通知书。"
        case "goiFeePaid": "已记录缴费,答复期限恢复计算。"
        case "goiExtended": "答复期限已延长;可下载延期答复告知书。"
        case "goiDelayed": "已确定延迟答复日期;可下载延迟答复告知书。"
        case "goiAnswered": "申请已答复办结,计入年度报告表三;可下载答复告知书。"
        case "issued": "督办单已下发,单位已收到提醒。"
        case "replied": "答复已提交,等待法治办审核。"
        case "closed": "督办单已办结。"
        case "sentBack": "已退回单位补充答复。"
        case "extended": "已延期并记录理由。"
        case "paused": "任务已暂停,暂停期间不计逾期。"
        case "resumed": "任务已恢复办理。"
        case "reported": "进展报告已报送。"
        case "periods": "报告期已设置。"
        case "deleted": "已删除。"
        case "read": "已全部标为已读。"
        case "ran": "已完成一轮到期扫描;待发消息由调度器发送。"
        default: nil
        }
    }
}

struct ErrorPageContext: Encodable {
    let layout: LayoutContext
    let status: Int
    let message: String
    /// Back to the page the refused step was taken from, when known.
    var back: String? = nil
}

/// One field's error, for forms.
struct FormError: Encodable {
    let field: String
    let message: String
}

extension Array where Element == FormError {
    init(_ errors: [FieldError]) { self = errors.map { FormError(field: $0.field, message: $0.message) } }
}
