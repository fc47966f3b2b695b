import FazhiCore
import Fluent
import Vapor

/// 督办单: the office issues a supervision notice on an overdue matter; its reply date is counted
/// in working days from the next day by the deadline engine; the unit replies; the office closes
/// it or sends it back; the office may lawfully extend the reply date with a reason. Issuing
/// tells the unit at once (inbox, robot channels, e-mail). Every change is audited.
enum NoticeService {
    static func find(_ id: UUID?, on db: any Database) async throws -> SupervisionNotice {
        guard let id, let notice = try await SupervisionNotice.query(on: db).filter(\.$id == id).with(\.$unit).first() else {
            throw AppError.notFound("督办单")
        }
        return notice
    }

    static func snapshot(_ n: SupervisionNotice) -> [String: String] {
        [
            "number": n.number, "status": n.status.rawValue, "subject": n.subjectTitle, "replyDue": n.replyDue.description,
            "reply": n.replyText ?? "", "note": n.officeNote ?? "",
        ]
    }

    struct IssueInput {
        var unitCode: String
        var subjectKey: String?
        var subjectTitle: String
        var subjectHref: String?
        var matter: String
        var requirement: String
    }

    /// `once`: the form's one-time token; the same form sent again returns the notice it issued.
    static func issue(
        _ input: IssueInput, actor: AuditActor, config: FazhiConfig, today: LocalDate, once: String? = nil, on db: any Database,
        now: Date
    ) async throws -> SupervisionNotice {
        if let once, let earlier = try await FormOnce.earlier(once, kind: "notice", on: db) { return try await issued(earlier, on: db) }
        var v = Validator()
        let unit = try await OrgNode.unit(code: input.unitCode, in: actor.units, on: db)
        if unit == nil { v.add("unit", "请选择督办单位") }
        v.text(input.subjectTitle, field: "subject", label: "督办事项名称", max: 200)
        do { try NoticeRules.check(matter: input.matter, requirement: input.requirement) } catch let f as ValidationFailure {
            for e in f.errors { v.add(e.field, e.message) }
        }
        try v.check()
        guard let unit else { throw AppError.badRequest("请选择督办单位", field: "unit") }
        if let key = input.subjectKey, !key.isEmpty,
            let open = try await SupervisionNotice.query(on: db).filter(\.$subjectKey == key).filter(\.$status != .closed).first()
        {
            throw AppError.conflict("该事项已有未办结的督办单 \(open.number),请在原督办单上跟进")
        }
        let ladder = try await SupervisionScan.ladder(on: db)
        let engine = try await CalendarService.engine(on: db)
        // The reply period runs in working days from the day after issue, like every Fazhi clock.
        let due = try engine.due(DeadlineRequest(start: today, length: ladder.replyWorkdays, unit: .workday)).due
        let notice: SupervisionNotice = try await db.writeTransaction { tx in
            if let once, let earlier = try await FormOnce.claim(once, kind: "notice", on: tx, now: now) {
                return try await issued(earlier, on: tx)
            }
            let last = try await SupervisionNotice.query(on: tx).filter(\.$year == today.year).sort(\.$sequence, .descending).first()?.sequence ?? 0
            let sequence = try await NumberSequence.next("notice/\(today.year)", floor: last, on: tx)
            let n = SupervisionNotice()
            n.year = today.year
            n.sequence = sequence
            n.number = NoticeRules.number(year: today.year, sequence: sequence)
            n.$unit.id = try unit.requireID()
            n.subjectKey = input.subjectKey.flatMap { $0.isEmpty ? nil : $0 }
            n.subjectTitle = input.subjectTitle.trimmed
            n.subjectHref = input.subjectHref.flatMap { $0.hasPrefix("/") ? $0 : nil }
            n.matter = input.matter.trimmed
            n.requirement = input.requirement.trimmed
            n.issuedOn = today
            n.replyDue = due
            n.status = .issued
            n.issuedBy = actor.name
            n.version = 1
            try await n.create(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .issue, entityType: .supervisionNotice, entityID: n.number,
                after: snapshot(n), at: now)
            // Told in the same transaction: a notice is never issued without its announcement.
            try await announce(n, unit: unit, config: config, today: today, on: tx, now: now)
            if let once { try await FormOnce.record(once, result: try n.requireID().uuidString, on: tx) }
            n.$unit.value = unit
            return n
        }
        return notice
    }

    /// The notice an earlier submission of the same form issued.
    private static func issued(_ id: String, on db: any Database) async throws -> SupervisionNotice {
        guard let id = UUID(uuidString: id), let notice = try await SupervisionNotice.query(on: db).filter(\.$id == id).with(\.$unit).first() else {
            throw AppError.conflict("表单已提交过,请到督办列表查看")
        }
        return notice
    }

    /// Tells the unit at once: inbox of its liaisons and heads, its robot channels, their e-mail.
    static func announce(_ n: SupervisionNotice, unit: OrgNode, config: FazhiConfig, today: LocalDate, on db: any Database, now: Date) async throws {
        let people = try await User.query(on: db).filter(\.$unit.$id == unit.requireID()).filter(\.$role ~~ [.liaison, .head])
            .filter(\.$isActive == true).all()
        let title = "督办单 \(n.number):\(n.subjectTitle)"
        let body = "区法治办对“\(n.subjectTitle)”下发督办单,请于 \(n.replyDue) 前书面答复办理情况。督办事项:\(n.matter)"
        let href = "/supervision/\(try n.requireID().uuidString)"
        try await NotificationService.notify(
            userIDs: people.map { try $0.requireID() }, key: "notice:\(n.requireID().uuidString):issued", kind: DatedItem.Kind.notice.rawValue,
            title: title, body: body, href: href, on: db, today: today, now: now)
        for channel in try await UnitChannel.query(on: db).filter(\.$unit.$id == unit.requireID()).filter(\.$enabled == true).all() {
            let json = RobotMessage.body(
                channel.kind, title: "【督办】\(unit.name) \(n.number)",
                lines: ["**\(n.subjectTitle)**", n.matter, "请于 **\(n.replyDue)** 前答复。[查看督办单](\(config.publicURL)\(href))"])
            try await DigestService.enqueue(
                key: "notice:\(n.requireID().uuidString):robot:\(channel.requireID().uuidString)", channel: channel.kind,
                target: channel.requireID().uuidString, label: unit.name, subject: title,
                body: String(decoding: json, as: UTF8.self), on: db, now: now)
        }
        if config.smtp != nil {
            for person in people {
                guard let email = person.email, MailMessage.isAddress(email) else { continue }
                try await DigestService.enqueue(
                    key: "notice:\(n.requireID().uuidString):email:\(person.requireID().uuidString)", channel: .email, target: email,
                    label: person.displayName, subject: title,
                    body: Digest.mailText(
                        name: person.displayName, date: today,
                        entries: [.init(title: title, body: body, href: href)], baseURL: config.publicURL),
                    on: db, now: now)
            }
        }
    }

    /// The unit answers; a late answer is taken and shown as late.
    static func reply(_ n: SupervisionNotice, text: String, actor: AuditActor, today: LocalDate, on db: any Database, now: Date) async throws {
        guard n.status == .issued else {
            throw AppError.conflict(n.status == .closed ? "督办单已办结,不能再答复" : "已答复,等待法治办审核;如需补充请联系法治办退回")
        }
        try NoticeRules.checkReply(text)
        let before = snapshot(n)
        n.replyText = text.trimmed
        n.repliedOn = today
        n.repliedBy = actor.name
        n.status = .replied
        try await save(n, action: .reply, before: before, actor: actor, on: db, now: now)
    }

    /// The office closes a replied notice (办结) or sends it back for more.
    static func decide(_ n: SupervisionNotice, close: Bool, note: String, actor: AuditActor, today: LocalDate, on db: any Database, now: Date)
        async throws
    {
        guard n.status == .replied else { throw AppError.conflict(n.status == .closed ? "督办单已办结" : "单位尚未答复,不能办结或退回") }
        var v = Validator()
        v.text(note, field: "note", label: close ? "审核意见" : "退回理由", max: 1000)
        try v.check()
        let before = snapshot(n)
        n.officeNote = note.trimmed
        if close {
            n.status = .closed
            n.closedOn = today
        } else {
            n.status = .issued
        }
        try await save(n, action: close ? .close : .sendBack, before: before, actor: actor, on: db, now: now)
    }

    /// 延期: the office moves the reply date later, with the reason; the first date is kept.
    static func extend(_ n: SupervisionNotice, to raw: String, reason: String, actor: AuditActor, on db: any Database, now: Date) async throws {
        guard n.status == .issued else { throw AppError.conflict("只有待答复的督办单可以延期") }
        var v = Validator()
        let date = v.date(raw, field: "due", label: "新的答复期限")
        if let date, date <= n.replyDue { v.add("due", "新的答复期限应晚于现期限 \(n.replyDue)") }
        v.text(reason, field: "reason", label: "延期理由", max: 500)
        try v.check()
        let before = snapshot(n)
        if n.originalReplyDue == nil { n.originalReplyDue = n.replyDue }
        n.replyDue = date!
        n.extensionReason = reason.trimmed
        try await save(n, action: .extend, before: before, actor: actor, on: db, now: now)
    }

    private static func save(_ n: SupervisionNotice, action: AuditAction, before: [String: String], actor: AuditActor, on db: any Database, now: Date)
        async throws
    {
        let expected = n.version
        n.version += 1
        try await db.writeTransaction { tx in
            let current = try await SupervisionNotice.query(on: tx).filter(\.$id == n.requireID()).first()
            guard current?.version == expected else { throw AppError.conflict("督办单已被他人修改,请刷新后重试") }
            try await n.update(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: action, entityType: .supervisionNotice, entityID: n.number,
                before: before, after: snapshot(n), at: now)
        }
    }
}
