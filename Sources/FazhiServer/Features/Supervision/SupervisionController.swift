import FazhiCore
import FazhiOffice
import Fluent
import Vapor

/// 督办: supervision notices (list, issue from an overdue item, reply, close or send back, extend,
/// Excel export) and the office's settings page (escalation ladder, robot channels, outbox).
struct SupervisionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("supervision")
        r.on(.GET, policy: .viewNotices, use: index)
        r.on(.GET, "export.xlsx", policy: .viewNotices, use: export)
        r.on(.GET, "new", policy: .manageSupervision, use: new)
        r.on(.POST, policy: .manageSupervision, use: create)
        r.on(.GET, "settings", policy: .manageSupervision, use: settings)
        r.on(.POST, "settings", policy: .manageSupervision, use: saveLadder)
        r.on(.POST, "channels", policy: .manageSupervision, use: addChannel)
        r.on(.POST, "channels", ":channelID", "toggle", policy: .manageSupervision, use: toggleChannel)
        r.on(.POST, "channels", ":channelID", "delete", policy: .manageSupervision, use: deleteChannel)
        r.on(.POST, "run", policy: .manageSupervision, use: runOnce)
        r.on(.GET, ":noticeID", policy: .viewNotices, use: show)
        r.on(.POST, ":noticeID", "reply", policy: .replyNotice, use: reply)
        r.on(.POST, ":noticeID", "close", policy: .manageSupervision) { try await decide($0, close: true) }
        r.on(.POST, ":noticeID", "send-back", policy: .manageSupervision) { try await decide($0, close: false) }
        r.on(.POST, ":noticeID", "extend", policy: .manageSupervision, use: extend)
    }

    // MARK: list

    struct Filter: Content {
        var status: String?
        var unit: String?
    }

    /// The notices the filter and the caller's scope select, filtered in SQL (the unit by its code
    /// through a join), newest first.
    private func notices(_ req: Request, filter: Filter) throws -> QueryBuilder<SupervisionNotice> {
        let user = try req.requireUser()
        var query = SupervisionNotice.query(on: req.db).join(OrgNode.self, on: \SupervisionNotice.$unit.$id == \OrgNode.$id)
        query = query.scoped(user.scope(.viewNotices), unit: \.$unit.$id)
        if let s = filter.status.flatMap(SupervisionNotice.Status.init(rawValue:)) { query = query.filter(\.$status == s) }
        if let code = filter.unit, !code.isEmpty { query = query.filter(OrgNode.self, \.$code == code) }
        return query
    }

    static let pageSize = 100

    @Sendable func index(req: Request) async throws -> View {
        let filter = (try? req.query.decode(Filter.self)) ?? Filter()
        let page = try req.pageNumber()
        let query = try notices(req, filter: filter)
        let total = try await query.copy().count()
        let list = try await query.with(\.$unit).sort(\.$year, .descending).sort(\.$sequence, .descending)
            .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        let counter = try await WorkdayCounter.load(req)
        let user = try req.requireUser()
        let units = try await OrgNode.choices(for: user.scope(.viewNotices), on: req.db)
        return try await req.view.render(
            "supervision/notices",
            NoticeListContext(
                layout: LayoutContext(req, title: "督办单", active: "supervision"),
                rows: try list.map { n in
                    .init(
                        number: n.number, href: "/supervision/\(try n.requireID().uuidString)", unit: n.unit.name, subject: n.subjectTitle,
                        issuedOn: n.issuedOn.description, replyDue: n.replyDue.description, status: n.status.label, statusCode: n.status.rawValue,
                        overdueDays: n.status == .issued ? counter.overdue(n.replyDue) : 0, repliedOn: n.repliedOn?.description)
                },
                pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: total),
                statuses: [OptionContext(value: "", label: "全部状态", selected: filter.status == nil)]
                    + SupervisionNotice.Status.allCases.map {
                        OptionContext(value: $0.rawValue, label: $0.label, selected: filter.status == $0.rawValue)
                    },
                units: [OptionContext(value: "", label: "全部单位", selected: (filter.unit ?? "").isEmpty)]
                    + units.map { OptionContext(value: $0.code, label: $0.name, selected: filter.unit == $0.code) },
                exportHref: "/supervision/export.xlsx" + (req.url.query.map { "?" + $0 } ?? ""), canIssue: req.may(.manageSupervision)))
    }

    @Sendable func export(req: Request) async throws -> Response {
        let filter = (try? req.query.decode(Filter.self)) ?? Filter()
        let list = try await notices(req, filter: filter).with(\.$unit).sort(\.$year, .descending).sort(\.$sequence, .descending).all()
        let counter = try await WorkdayCounter.load(req)
        let header = [
            "督办单编号", "督办单位", "督办事项", "督办内容", "督办要求", "下发日期", "答复期限", "原答复期限", "状态", "逾期工作日",
            "答复日期", "答复内容", "审核意见", "办结日期",
        ]
        let rows: [[XLSX.Cell]] =
            [header.map { .text($0) }]
            + list.map { n in
                [
                    .text(n.number), .text(n.unit.name), .text(n.subjectTitle), .text(n.matter), .text(n.requirement), .text(n.issuedOn.description),
                    .text(n.replyDue.description),
                    .text(n.originalReplyDue?.description ?? ""), .text(n.status.label),
                    .number("\(n.status == .issued ? counter.overdue(n.replyDue) : 0)"),
                    .text(n.repliedOn?.description ?? ""), .text(n.replyText ?? ""), .text(n.officeNote ?? ""), .text(n.closedOn?.description ?? ""),
                ]
            }
        return .download(
            try XLSX.write([XLSX.Sheet(name: "督办单", rows: rows)]), name: "督办单(\(req.clock.today)).xlsx",
            type: Response.xlsxType, fallback: "supervision-notices.xlsx")
    }

    // MARK: issue

    struct NoticeForm: Content {
        var unit: String?, subjectKey: String?, subject: String?, subjectHref: String?, matter: String?, requirement: String?
        var formOnce: String?
    }

    @Sendable func new(req: Request) async throws -> View {
        var form = NoticeForm()
        if let key = try? req.query.get(String.self, at: "subject"),
            let item = try await OverdueService.board(req).item(key: key)
        {
            form = NoticeForm(
                unit: item.unitCode, subjectKey: item.key, subject: item.title, subjectHref: item.href,
                matter: "\(item.title)(到期日 \(item.due))已逾期 \(item.workdaysOverdue) 个工作日,经提醒仍未完成。",
                requirement: "请于答复期限前完成并书面报告办理情况、逾期原因和整改措施。")
        }
        return try await renderForm(req, form, errors: [])
    }

    private func renderForm(_ req: Request, _ form: NoticeForm, errors: [FieldError]) async throws -> View {
        let units = try await req.nameableUnits()
        return try await req.view.render(
            "supervision/notice-form",
            NoticeFormContext(
                layout: LayoutContext(req, title: "下发督办单", active: "supervision"),
                units: [OptionContext(value: "", label: "请选择", selected: form.unit == nil)]
                    + units.map { OptionContext(value: $0.code, label: $0.name, selected: form.unit == $0.code) },
                subjectKey: form.subjectKey ?? "", subjectTitle: form.subject ?? "", subjectHref: form.subjectHref ?? "",
                matter: form.matter ?? "", requirement: form.requirement ?? "",
                replyWorkdays: try await SupervisionScan.ladder(on: req.db).replyWorkdays, errors: .init(errors),
                once: FormOnce.parse(form.formOnce) ?? FormOnce.token()))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(NoticeForm.self)
        var created: SupervisionNotice?
        let response = try await req.attempt(success: "/supervision", render: { try await renderForm(req, form, errors: $0) }) {
            created = try await NoticeService.issue(
                .init(
                    unitCode: form.unit ?? "", subjectKey: form.subjectKey, subjectTitle: form.subject ?? "", subjectHref: form.subjectHref,
                    matter: form.matter ?? "", requirement: form.requirement ?? ""),
                actor: .user(try req.requireUser()), config: req.fazhi, today: req.clock.today, once: FormOnce.parse(form.formOnce),
                on: req.db, now: req.clock.now())
        }
        if let created { return req.redirect(to: "/supervision/\(try created.requireID().uuidString)?notice=issued") }
        return response
    }

    // MARK: one notice

    private func load(_ req: Request, _ action: Action) async throws -> SupervisionNotice {
        let notice = try await NoticeService.find(req.parameters.get("noticeID", as: UUID.self), on: req.db)
        try req.authorize(action, .unit(notice.$unit.id))
        return notice
    }

    private func page(_ req: Request, _ n: SupervisionNotice, errors: [FieldError], draft: String = "") async throws -> View {
        let counter = try await WorkdayCounter.load(req)
        let unit = Resource.unit(n.$unit.id)
        let names = try await ActorNames.lookup([n.issuedBy, n.repliedBy ?? ""], on: req.db)
        return try await req.view.render(
            "supervision/notice",
            SupervisionNoticeContext(
                layout: LayoutContext(req, title: n.number, active: "supervision"), id: n.requireID().uuidString, number: n.number, unit: n.unit.name,
                subject: n.subjectTitle, subjectHref: n.subjectHref, matter: n.matter, requirement: n.requirement, issuedOn: n.issuedOn.description,
                issuedBy: ActorNames.display(n.issuedBy, known: names), replyDue: n.replyDue.description,
                originalReplyDue: n.originalReplyDue?.description,
                extensionReason: n.extensionReason,
                overdueDays: n.status == .issued ? counter.overdue(n.replyDue) : 0, status: n.status.label, statusCode: n.status.rawValue,
                replyText: n.replyText, repliedOn: n.repliedOn?.description, repliedBy: n.repliedBy.map { ActorNames.display($0, known: names) },
                lateReply: n.repliedOn.map { $0 > n.replyDue } ?? false, officeNote: n.officeNote, closedOn: n.closedOn?.description,
                canReply: n.status == .issued && req.may(.replyNotice, unit), canDecide: n.status == .replied && req.may(.manageSupervision),
                canExtend: n.status == .issued && req.may(.manageSupervision), errors: .init(errors), draft: draft))
    }

    @Sendable func show(req: Request) async throws -> View {
        try await page(req, try await load(req, .viewNotices), errors: [])
    }

    struct TextForm: Content {
        var reply: String?, note: String?, due: String?, reason: String?
    }

    private func step(
        _ req: Request, _ n: SupervisionNotice, notice: String, draft: String = "",
        _ body: @escaping () async throws -> Void
    ) async throws -> Response {
        try await req.attempt(
            success: "/supervision/\(n.requireID().uuidString)?notice=\(notice)",
            render: { try await page(req, n, errors: $0, draft: draft) }, body)
    }

    @Sendable func reply(req: Request) async throws -> Response {
        let n = try await load(req, .replyNotice)
        let form = try req.content.decode(TextForm.self)
        return try await step(req, n, notice: "replied", draft: form.reply ?? "") {
            try await NoticeService.reply(
                n, text: form.reply ?? "", actor: .user(try req.requireUser()), today: req.clock.today, on: req.db, now: req.clock.now())
        }
    }

    @Sendable func decide(_ req: Request, close: Bool) async throws -> Response {
        let n = try await load(req, .manageSupervision)
        let form = try req.content.decode(TextForm.self)
        return try await step(req, n, notice: close ? "closed" : "sentBack") {
            try await NoticeService.decide(
                n, close: close, note: form.note ?? "", actor: .user(try req.requireUser()), today: req.clock.today,
                on: req.db, now: req.clock.now())
        }
    }

    @Sendable func extend(req: Request) async throws -> Response {
        let n = try await load(req, .manageSupervision)
        let form = try req.content.decode(TextForm.self)
        return try await step(req, n, notice: "extended") {
            try await NoticeService.extend(
                n, to: form.due?.description ?? "", reason: form.reason ?? "", actor: .user(try req.requireUser()), on: req.db,
                now: req.clock.now())
        }
    }

    // MARK: settings

    struct LadderForm: Content {
        var dueSoon: String?, headAfter: String?, noticeAfter: String?, reply: String?
    }

    private func renderSettings(_ req: Request, ladder form: LadderForm? = nil, errors: [FieldError]) async throws -> View {
        let ladder = try await SupervisionScan.ladder(on: req.db)
        let channels = try await UnitChannel.query(on: req.db).scoped(try req.requireUser().jurisdiction.wholeScope, unit: \.$unit.$id).with(\.$unit)
            .all().sorted {
                ($0.unit.sort, $0.kind.rawValue) < ($1.unit.sort, $1.kind.rawValue)
            }
        let units = try await req.nameableUnits()
        let deliveries = try await Delivery.query(on: req.db).sort(\.$createdAtMS, .descending).limit(50).all()
        var counts: [String: Int] = [:]
        for status in Delivery.Status.allCases {
            counts[status.rawValue] = try await Delivery.query(on: req.db).filter(\.$status == status).count()
        }
        func time(_ ms: Int64?) -> String { ms.map { TimeText.local(Date(timeIntervalSince1970: Double($0) / 1000)) } ?? "" }
        let config = req.fazhi
        return try await req.view.render(
            "supervision/settings",
            SupervisionSettingsContext(
                layout: LayoutContext(req, title: "督办设置", active: "supervision"),
                dueSoon: form?.dueSoon ?? "\(ladder.dueSoonWorkdays)", headAfter: form?.headAfter ?? "\(ladder.headAfterWorkdays)",
                noticeAfter: form?.noticeAfter ?? "\(ladder.noticeAfterWorkdays)", reply: form?.reply ?? "\(ladder.replyWorkdays)",
                channels: channels.map {
                    .init(
                        id: try $0.requireID().uuidString, unit: $0.unit.name, kind: $0.kind.label, url: Self.masked($0.url),
                        signed: $0.secret != nil, enabled: $0.enabled)
                },
                units: units.map { OptionContext(value: $0.code, label: $0.name, selected: false) },
                kinds: [ChannelKind.wecom, .dingtalk].map { OptionContext(value: $0.rawValue, label: $0.label, selected: false) },
                deliveries: deliveries.map {
                    .init(
                        label: $0.label, channel: $0.channel.label, subject: $0.subject, status: $0.status.label,
                        statusCode: $0.status.rawValue, attempts: $0.attempts, created: time($0.createdAtMS),
                        sent: time($0.sentAtMS), error: $0.lastError)
                },
                counts: counts,
                smtp: config.smtp.map { "已配置:\($0.host):\($0.port),发件人 \($0.from)" } ?? "未配置(设置 FAZHI_SMTP_HOST 等环境变量后启用邮件汇总)",
                scheduler: config.scheduler.enabled
                    ? "运行中:每 \(config.scheduler.intervalSeconds) 秒扫描一次,每日 \(config.scheduler.digestHour) 点起发送每日汇总"
                    : "已关闭(FAZHI_SCHEDULER=off),可用下方按钮或 fazhi supervise run 手动运行",
                errors: .init(errors)))
    }

    /// A webhook address with its key hidden: the key is a credential.
    static func masked(_ url: String) -> String {
        guard let range = url.range(of: "(key|access_token)=", options: .regularExpression) else { return url }
        let value = url[range.upperBound...]
        return String(url[..<range.upperBound]) + (value.count >= 12 ? String(value.prefix(4)) : "") + "…"
    }

    @Sendable func settings(req: Request) async throws -> View { try await renderSettings(req, errors: []) }

    @Sendable func saveLadder(req: Request) async throws -> Response {
        let form = try req.content.decode(LadderForm.self)
        return try await req.attempt(
            success: "/supervision/settings?notice=saved", render: { try await renderSettings(req, ladder: form, errors: $0) }
        ) {
            let ladder = try EscalationLadder.parse(
                dueSoon: form.dueSoon ?? "", headAfter: form.headAfter ?? "", noticeAfter: form.noticeAfter ?? "",
                reply: form.reply ?? "")
            let user = try req.requireUser()
            let now = req.clock.now()
            try await req.db.writeTransaction { tx in
                let row = try await EscalationSettings.query(on: tx).first() ?? EscalationSettings()
                let before = row.id == nil ? EscalationLadder.standard : row.ladder
                row.dueSoonWorkdays = ladder.dueSoonWorkdays
                row.headAfterWorkdays = ladder.headAfterWorkdays
                row.noticeAfterWorkdays = ladder.noticeAfterWorkdays
                row.replyWorkdays = ladder.replyWorkdays
                row.updatedBy = user.username
                try await row.save(on: tx)
                try await AuditService.record(
                    on: tx, actor: .user(user), action: .update, entityType: .escalationLadder, entityID: "ladder",
                    before: before, after: ladder, at: now)
            }
        }
    }

    struct ChannelForm: Content {
        var unit: String?, kind: String?, url: String?, secret: String?
    }

    @Sendable func addChannel(req: Request) async throws -> Response {
        let form = try req.content.decode(ChannelForm.self)
        return try await req.attempt(success: "/supervision/settings?notice=saved", render: { try await renderSettings(req, errors: $0) }) {
            var errors: [FieldError] = []
            let unit = try await OrgNode.unit(code: form.unit ?? "", in: try req.requireUser().jurisdiction.wholeScope, on: req.db)
            if unit == nil { errors.append(FieldError("unit", "请选择单位")) }
            var checked: (ChannelKind, String, String?)?
            do { checked = try ChannelInput.check(kind: form.kind ?? "", url: form.url ?? "", secret: form.secret ?? "") } catch let f
                as ValidationFailure
            {
                errors += f.errors
            }
            guard errors.isEmpty, let unit, let checked else { throw ValidationFailure(errors) }
            let channel = UnitChannel()
            channel.$unit.id = try unit.requireID()
            channel.kind = checked.0
            channel.url = checked.1
            channel.secret = checked.2
            channel.enabled = true
            let user = try req.requireUser()
            channel.createdBy = user.username
            let now = req.clock.now()
            try await req.db.writeTransaction { tx in
                try await channel.create(on: tx)
                try await AuditService.record(
                    on: tx, actor: .user(user), action: .create, entityType: .unitChannel, entityID: channel.requireID().uuidString,
                    after: ["unit": unit.code, "kind": channel.kind.rawValue, "url": Self.masked(channel.url)], at: now)
            }
        }
    }

    private func channel(_ req: Request) async throws -> UnitChannel {
        guard let id = req.parameters.get("channelID", as: UUID.self), let channel = try await UnitChannel.find(id, on: req.db) else {
            throw AppError.notFound("推送渠道")
        }
        return channel
    }

    @Sendable func toggleChannel(req: Request) async throws -> Response {
        let channel = try await channel(req)
        let user = try req.requireUser(), now = req.clock.now()
        channel.enabled.toggle()
        try await req.db.writeTransaction { tx in
            try await channel.update(on: tx)
            try await AuditService.record(
                on: tx, actor: .user(user), action: channel.enabled ? .enable : .disable, entityType: .unitChannel,
                entityID: channel.requireID().uuidString, after: ["enabled": channel.enabled], at: now)
        }
        return req.redirect(to: "/supervision/settings?notice=saved")
    }

    @Sendable func deleteChannel(req: Request) async throws -> Response {
        let channel = try await channel(req)
        let user = try req.requireUser(), now = req.clock.now()
        try await req.db.writeTransaction { tx in
            try await channel.delete(on: tx)
            try await AuditService.record(
                on: tx, actor: .user(user), action: .delete, entityType: .unitChannel, entityID: channel.requireID().uuidString,
                before: ["kind": channel.kind.rawValue, "url": Self.masked(channel.url)], at: now)
        }
        return req.redirect(to: "/supervision/settings?notice=deleted")
    }

    /// Runs one scan now (inbox, digests), for the office. Sending stays with the scheduler, so a
    /// slow robot or mail server never holds up the page; without a scheduler a few go at once.
    @Sendable func runOnce(req: Request) async throws -> Response {
        try await SupervisionScheduler.tick(
            req.application, worker: DeliveryWorker(app: req.application, instance: "web-\(DeliveryWorker.instanceName())"),
            sendLimit: req.fazhi.scheduler.enabled ? 0 : 10)
        return req.redirect(to: "/supervision/settings?notice=ran")
    }
}
