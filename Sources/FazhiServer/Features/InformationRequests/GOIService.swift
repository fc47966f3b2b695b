import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 依申请公开: the register's writes. Each step checks the request's state and the statute's
/// rules, recomputes the clock (kept in `due_on`), and is audited in the same transaction. Audit
/// snapshots carry the handling facts, never the applicant's personal data.
enum GOIService {
    static let ruleID = "goi.reply"

    static func rule(_ catalogue: DeadlineCatalogue) throws -> DeadlineRule {
        guard let rule = catalogue.rule(ruleID) else { throw AppError.conflict("期限规则库缺少 \(ruleID)") }
        return rule
    }

    static func find(_ id: UUID?, on db: any Database) async throws -> GOIRequest {
        guard let id,
            let request = try await GOIRequest.query(on: db).filter(\.$id == id).with(\.$unit).with(\.$consultations).with(
                \.$coUnitLinks, { $0.with(\.$unit) }
            ).first()
        else {
            throw AppError.notFound("申请")
        }
        return request
    }

    /// What the audit trail keeps of a request: the handling facts only.
    static func snapshot(_ r: GOIRequest) -> [String: String] {
        var s = [
            "number": r.number, "unit": r.$unit.id.uuidString, "channel": r.channel.rawValue,
            "applicantType": r.applicantType.rawValue, "extensionDays": String(r.extensionDays), "fee": String(r.feeAmount),
        ]
        s["receivedOn"] = r.receivedOn?.description
        s["clarifySentOn"] = r.clarifySentOn?.description
        s["clarifyDueOn"] = r.clarifyDueOn?.description
        s["clarifiedOn"] = r.clarifiedOn?.description
        s["extensionApprover"] = r.extensionApprover
        s["extensionReason"] = r.extensionReason
        s["dueOn"] = r.dueOn?.description
        s["closedOn"] = r.closedOn?.description
        s["feeNoticeOn"] = r.feeNoticeOn?.description
        s["feePaidOn"] = r.feePaidOn?.description
        s["feeMethod"] = r.feeNoticeOn == nil ? nil : r.feeMethod.rawValue
        s["delayAnswerBy"] = r.delayAnswerBy?.description
        s["delayDecidedOn"] = r.delayDecidedOn?.description
        s["delayReason"] = r.delayReason
        s["replyType"] = r.replyType?.rawValue
        s["grounds"] = r.grounds.isEmpty ? nil : r.grounds
        if let links = r.$coUnitLinks.value, !links.isEmpty {
            s["coUnits"] = links.map { $0.$unit.value?.name ?? $0.$unit.id.uuidString }.sorted().joined(separator: "、")
        }
        if let c = r.$consultations.value, !c.isEmpty {
            s["consultations"] = c.sorted { $0.sentOn < $1.sentOn }.map {
                "\($0.kind.rawValue)|\($0.sentOn)|\($0.receivedOn?.description ?? "")|\($0.repliedOn?.description ?? "")"
            }.joined(
                separator: ";")
        }
        return s
    }

    // MARK: numbers and codes

    /// `YSQ-2026-00012`: the next number of the year, from the year's number sequence (inside the
    /// caller's write transaction; above every number already in the register, e.g. imported ones).
    static func nextNumber(year: Int, on db: any Database) async throws -> String {
        let prefix = "YSQ-\(year)-"
        let last = try await GOIRequest.query(on: db).filter(\.$number =~ prefix).sort(\.$number, .descending).first()
        let floor = last.flatMap { Int($0.number.dropFirst(prefix.count)) } ?? 0
        let n = try await NumberSequence.next("goi/\(year)", floor: floor, on: db)
        return prefix + String(format: "%05d", n)
    }

    /// 查询码: 8 characters without look-alikes (0/O, 1/I/L), about 40 bits.
    static func verificationCode() -> String {
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<8).map { _ in alphabet.randomElement(using: &generator)! })
    }

    static func normalise(code: String) -> String { code.uppercased().filter { !$0.isWhitespace && $0 != "-" } }

    // MARK: clock

    static func clock(_ r: GOIRequest, today: LocalDate, engine: DeadlineEngine, rule: DeadlineRule) throws -> GOIClock {
        try GOIClock.compute(r.clockFacts, today: today, engine: engine, rule: rule)
    }

    /// Recomputes and keeps the due date after a change. A due date in a year whose holiday notice
    /// is not imported yet is counted with Monday–Friday as working days and shown 暂定; importing
    /// the notice recomputes it (`GOIDueDates`). Only a date past every computable year stays empty.
    static func refreshDue(_ r: GOIRequest, today: LocalDate, engine: DeadlineEngine, rule: DeadlineRule) throws {
        do { r.dueOn = try clock(r, today: today, engine: engine, rule: rule).due } catch DeadlineError.beyondCalendar {
            r.dueOn = nil
        } catch let e as DeadlineError {
            throw AppError.conflict("无法计算答复期限:\(e.description)")
        }
    }

    /// 待办 what the register asks of a unit (or of a district, or the city) today: online requests to confirm,
    /// requests past their answer date, and those due within `soon` working days.
    static func workload(scope: RowScope, today: LocalDate, soon: Int, calendar: WorkCalendar, on db: any Database) async throws
        -> (unconfirmed: Int, overdue: Int, dueSoon: Int)
    {
        let horizon = (try? calendar.adding(workdays: soon, to: today)) ?? today.adding(days: soon)
        let t = today.description, h = horizon.description
        // One pass over the open requests (the home page asks on every visit).
        var query: SQLQueryString = """
            SELECT CAST(COALESCE(SUM(CASE WHEN received_on IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS unconfirmed,
                   CAST(COALESCE(SUM(CASE WHEN due_on < \(bind: t) THEN 1 ELSE 0 END), 0) AS BIGINT) AS overdue,
                   CAST(COALESCE(SUM(CASE WHEN due_on >= \(bind: t) AND due_on <= \(bind: h) THEN 1 ELSE 0 END), 0) AS BIGINT) AS soon
            FROM goi_requests WHERE closed_on IS NULL
            """
        query += scope.andUnits("unit_id")
        guard let row = try await db.sql().raw(query).first() else { return (0, 0, 0) }
        func n(_ column: String) throws -> Int { Int(try row.decode(column: column, as: Int64.self)) }
        return (try n("unconfirmed"), try n("overdue"), try n("soon"))
    }

    // MARK: creating

    /// The applicant fields of a new request.
    private static func fill(_ r: GOIRequest, _ input: GOIApplicationInput, _ checked: GOIApplicationInput.Checked, unit: OrgNode) throws {
        r.$unit.id = try unit.requireID()
        r.applicantType = checked.applicantType
        r.applicantName = input.name.trimmed
        r.applicantIDNumber = input.idNumber.trimmed
        r.applicantContact = input.contact.trimmed
        r.applicantPhone = input.phone.trimmed
        r.applicantEmail = input.email.trimmed
        r.applicantAddress = input.address.trimmed
        r.content = input.content.trimmed
        r.purpose = input.purpose.trimmed
        r.delivery = checked.delivery
        r.extensionDays = 0
        r.grounds = ""
        r.feeMethod = .none
        r.feeQuantity = 0
        r.feeAmount = 0
        r.version = 1
    }

    /// Saves a new request with the year's next number and its audit event, together or not at all.
    /// Numbers and stores a new request. With a one-time form token (`FormOnce`), a form
    /// submitted again stores nothing and returns the request the first submission created.
    private static func insert(
        _ r: GOIRequest, year: Int, actor: AuditActor, once: String?, on db: any Database, now: Date
    ) async throws -> GOIRequest {
        let earlier: String? = try await db.writeTransaction { tx in
            if let once, let number = try await FormOnce.claim(once, kind: "goi_request", on: tx, now: now) { return number }
            r.id = nil
            r.number = try await nextNumber(year: year, on: tx)
            try await r.create(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .create, entityType: .goiRequest, entityID: r.number,
                after: snapshot(r), at: now)
            if let once { try await FormOnce.record(once, result: r.number, on: tx) }
            return nil
        }
        guard let earlier else { return r }
        guard let first = try await GOIRequest.query(on: db).filter(\.$number == earlier).with(\.$unit).first() else {
            throw AppError.conflict("表单已提交过,但未找到当时登记的申请,请刷新页面后重新填写")
        }
        return first
    }

    /// The query code of a request filed with one-time form token `once`: derived from the token
    /// with the server's key, so submitting the same form again shows the same code while only its
    /// hash is stored.
    static func verificationCode(once: String) throws -> String {
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        let mac = try AuditKey.active.mac("fazhi/goi-query-code/v1:" + once)
        let bytes = stride(from: 0, to: 16, by: 2).compactMap { UInt8(mac.dropFirst($0).prefix(2), radix: 16) }
        return String(bytes.map { alphabet[Int($0) % alphabet.count] })
    }

    /// 在线申请 from the public form: numbered at once; received only once the unit confirms it (第三十一条第三项).
    /// `once`: the form's one-time token; the same form submitted again returns the first request.
    static func submitOnline(
        _ input: GOIApplicationInput, once: String? = nil, on db: any Database, now: Date
    ) async throws -> (GOIRequest, String) {
        let units = try await OrgNode.query(on: db).filter(\.$kind == .unit).all()
        let checked = try input.check(knownUnits: Set(units.map(\.code)))
        let code = try once.map(verificationCode(once:)) ?? verificationCode()
        let r = GOIRequest()
        try fill(r, input, checked, unit: units.first { $0.code == input.unitCode }!)
        r.channel = .online
        r.source = "online"
        r.submittedAt = now
        r.verifyHash = Tokens.sha256Hex(code)
        r.createdBy = "public"
        let filed = try await insert(r, year: LocalDate.today(at: now).year, actor: .system("在线申请"), once: once, on: db, now: now)
        return (filed, code)
    }

    /// 登记 a request received in person, by post or by fax (or an online one taken down by phone).
    static func register(
        _ input: GOIRegisterInput, actor: AuditActor, engine: DeadlineEngine, rule: DeadlineRule, today: LocalDate,
        once: String? = nil, on db: any Database, now: Date
    ) async throws -> (GOIRequest, String) {
        let units = try await OrgNode.units(in: actor.units, on: db)
        let checked = try input.check(knownUnits: Set(units.map(\.code)), today: today, calendar: engine.calendar)
        let code = try once.map(verificationCode(once:)) ?? verificationCode()
        let r = GOIRequest()
        try fill(r, input.application, checked.application, unit: units.first { $0.code == input.application.unitCode }!)
        r.channel = checked.channel
        r.source = "register"
        r.submittedAt = now
        r.receivedOn = checked.receivedOn
        r.verifyHash = Tokens.sha256Hex(code)
        r.createdBy = actor.name
        r.$consultations.value = []
        try refreshDue(r, today: today, engine: engine, rule: rule)
        let filed = try await insert(r, year: checked.receivedOn.year, actor: actor, once: once, on: db, now: now)
        return (filed, code)
    }

    // MARK: steps

    struct Context {
        let actor: AuditActor
        let engine: DeadlineEngine
        let rule: DeadlineRule
        let today: LocalDate
        let now: Date
    }

    /// Runs one change on an open request: checks, mutates, recomputes the clock, audits.
    private static func change(
        _ r: GOIRequest, action: AuditAction, _ c: Context, on db: any Database,
        _ body: @escaping @Sendable (GOIRequest, any Database) async throws -> Void
    ) async throws {
        guard r.closedOn == nil else { throw AppError.conflict("申请 \(r.number) 已办结,不能再修改") }
        let before = snapshot(r)
        try await db.writeTransaction { tx in
            // The checks were made on the request as read: a second writer who read the same version is refused.
            try await VersionClaim.claim(table: GOIRequest.schema, id: try r.requireID(), version: r.version, on: tx)
            try await body(r, tx)
            try await r.$consultations.load(on: tx)
            try refreshDue(r, today: c.today, engine: c.engine, rule: c.rule)
            r.version += 1
            try await r.update(on: tx)
            try await AuditService.record(
                on: tx, actor: c.actor, action: action, entityType: .goiRequest, entityID: r.number,
                before: before, after: snapshot(r), at: c.now)
        }
    }

    static func date(
        _ text: String, field: String, label: String, notBefore: LocalDate? = nil, notBeforeLabel: String = "",
        today: LocalDate, calendar: WorkCalendar
    ) throws -> LocalDate {
        try StepDate.check(
            text, field: field, label: label, notBefore: notBefore, notBeforeLabel: notBeforeLabel, today: today, calendar: calendar)
    }

    /// 确认收到 an online/fax request: the day both sides confirmed is the receipt date (第三十一条第三项).
    static func confirm(_ r: GOIRequest, on text: String, _ c: Context, on db: any Database) async throws {
        if let on = r.receivedOn { throw AppError.conflict("申请 \(r.number) 已确认收到(\(on))") }
        let submitted = LocalDate.today(at: r.submittedAt)
        let d = try date(
            text, field: "receivedOn", label: "双方确认日期", notBefore: submitted, notBeforeLabel: "提交日期", today: c.today, calendar: c.engine.calendar)
        try await change(r, action: .confirm, c, on: db) { r, _ in r.receivedOn = d }
    }

    static func requireReceived(_ r: GOIRequest) throws -> LocalDate {
        guard let d = r.receivedOn else { throw AppError.conflict("请先确认收到申请(第三十一条)") }
        return d
    }

    /// 补正告知: once, within 7 working days of receipt, with the items and a reasonable period (第三十条).
    static func clarify(_ r: GOIRequest, items: String, sentOn: String, dueOn: String, _ c: Context, on db: any Database) async throws {
        let received = try requireReceived(r)
        if let on = r.clarifySentOn { throw AppError.conflict("补正告知应当一次性发出(第三十条),本申请已于 \(on) 告知过") }
        var v = Validator()
        v.text(items, field: "items", label: "需要补正的事项", max: 1000)
        try v.check()
        let sent = try date(
            sentOn, field: "sentOn", label: "补正告知日期", notBefore: received, notBeforeLabel: "收到申请日期", today: c.today, calendar: c.engine.calendar)
        // A limit past the loaded calendar lies after every day that can be entered, so nothing is late.
        if let limit = try? c.engine.calendar.adding(workdays: 7, to: received), sent > limit {
            throw ValidationFailure([FieldError("sentOn", "补正告知须在收到申请之日起 7 个工作日内发出(第三十条),本申请最迟 \(limit);已超过的,应当依据现有申请内容答复")])
        }
        guard let due = LocalDate(dueOn.trimmed), due > sent else {
            throw ValidationFailure([FieldError("dueOn", "补正期限应为补正告知日期之后的日期(YYYY-MM-DD)")])
        }
        guard c.engine.calendar.contains(due) else { throw ValidationFailure([FieldError("dueOn", "补正期限 \(due) 不在已导入的工作日历内")]) }
        try await change(r, action: .clarify, c, on: db) { r, _ in
            r.clarifySentOn = sent
            r.clarifyDueOn = due
            r.clarifyItems = items.trimmed
        }
    }

    /// 收到补正: the answer period restarts from this day (第三十条).
    static func clarified(_ r: GOIRequest, on text: String, _ c: Context, on db: any Database) async throws {
        guard let sent = r.clarifySentOn else { throw AppError.conflict("本申请没有发出补正告知") }
        if let on = r.clarifiedOn { throw AppError.conflict("已于 \(on) 收到补正") }
        let d = try date(
            text, field: "clarifiedOn", label: "收到补正日期", notBefore: sent, notBeforeLabel: "补正告知日期", today: c.today, calendar: c.engine.calendar)
        try await change(r, action: .clarified, c, on: db) { r, _ in r.clarifiedOn = d }
    }

    /// 征求意见: the time is not counted (第三十三条第三款). The party's 15 working days run from its
    /// receipt of the letter (第三十二条、第三十四条): given with the letter when it is known (delivered by
    /// hand or e-mail), or recorded later (`consultReceived`).
    static func consult(
        _ r: GOIRequest, kind: String, party: String, sentOn: String, receivedOn: String, _ c: Context, on db: any Database
    ) async throws {
        let received = try requireReceived(r)
        if r.clarifySentOn != nil, r.clarifiedOn == nil { throw AppError.conflict("申请人尚未补正,期限未起算,无需征求意见暂停") }
        var v = Validator()
        let k = GOIConsultationRecord.Kind(rawValue: kind)
        if k == nil { v.add("kind", "请选择征求意见的对象类型") }
        v.text(party, field: "party", label: "征求意见对象", max: 100)
        try v.check()
        guard let k else { throw ValidationFailure(v.errors) }
        let sent = try date(
            sentOn, field: "sentOn", label: "发出征求意见日期", notBefore: r.clarifiedOn ?? received,
            notBeforeLabel: "起算日期", today: c.today, calendar: c.engine.calendar)
        let delivered =
            receivedOn.trimmed.isEmpty
            ? nil
            : try date(
                receivedOn, field: "receivedOn", label: "对方收到征求意见书日期", notBefore: sent, notBeforeLabel: "发出日期", today: c.today,
                calendar: c.engine.calendar)
        try await change(r, action: .consult, c, on: db) { r, tx in
            let record = GOIConsultationRecord()
            record.$request.id = try r.requireID()
            record.kind = k
            record.party = party.trimmed
            record.sentOn = sent
            record.receivedOn = delivered
            try await record.create(on: tx)
        }
    }

    /// 对方收到征求意见书: its 15 working days start the next day.
    static func consultReceived(_ r: GOIRequest, consultation id: UUID?, on text: String, _ c: Context, on db: any Database) async throws {
        guard let record = r.consultations.first(where: { $0.id == id }) else { throw AppError.notFound("征求意见记录") }
        if let known = record.receivedOn { throw AppError.conflict("已记录对方于 \(known) 收到征求意见书") }
        let d = try date(
            text, field: "receivedOn", label: "对方收到征求意见书日期", notBefore: record.sentOn, notBeforeLabel: "发出日期",
            today: c.today, calendar: c.engine.calendar)
        if let replied = record.repliedOn, d > replied {
            throw ValidationFailure([FieldError("receivedOn", "收到日期 \(d) 不能晚于收到意见的日期 \(replied)")])
        }
        try await change(r, action: .consultReceived, c, on: db) { _, tx in
            record.receivedOn = d
            try await record.update(on: tx)
        }
    }

    static func consultReplied(_ r: GOIRequest, consultation id: UUID?, on text: String, note: String, _ c: Context, on db: any Database) async throws
    {
        guard let record = r.consultations.first(where: { $0.id == id }) else { throw AppError.notFound("征求意见记录") }
        if let on = record.repliedOn { throw AppError.conflict("已记录 \(on) 收到意见") }
        var v = Validator()
        v.text(note, field: "note", label: "意见摘要", max: 500, required: false)
        try v.check()
        let d = try date(
            text, field: "repliedOn", label: "收到意见日期", notBefore: record.sentOn, notBeforeLabel: "发出日期",
            today: c.today, calendar: c.engine.calendar)
        try await change(r, action: .consultReplied, c, on: db) { _, tx in
            record.repliedOn = d
            record.note = note.trimmed.isEmpty ? nil : note.trimmed
            try await record.update(on: tx)
        }
    }

    /// 延长答复期限: approved by the head of the work organ, at most 20 working days, once, before the
    /// period ends; the applicant is told by the extension notice (第三十三条第二款).
    static func extend(
        _ r: GOIRequest, days: String, approver: String, approvedOn: String, reason: String, _ c: Context,
        on db: any Database
    ) async throws {
        let received = try requireReceived(r)
        guard r.extensionDays == 0 else { throw AppError.conflict("本申请已延长 \(r.extensionDays) 个工作日;答复期限最多延长 20 个工作日(第三十三条第二款)") }
        let clock: GOIClock
        do { clock = try self.clock(r, today: c.today, engine: c.engine, rule: c.rule) } catch let e as DeadlineError {
            throw AppError.conflict("无法计算原答复期限:\(e.description)")
        }
        guard let firstDue = clock.firstDue else { throw AppError.conflict("答复期限尚未起算(待确认或待补正),不能延长") }
        var v = Validator()
        let n = Int(days.trimmed).flatMap { (1...20).contains($0) ? $0 : nil }
        if n == nil { v.add("days", "延长期限应为 1 到 20 个工作日(第三十三条第二款)") }
        v.text(approver, field: "approver", label: "批准人(政府信息公开工作机构负责人)", max: 50)
        v.text(reason, field: "reason", label: "延长理由", max: 500)
        try v.check()
        guard let n else { throw ValidationFailure(v.errors) }
        let d = try date(
            approvedOn, field: "approvedOn", label: "批准日期", notBefore: received, notBeforeLabel: "收到申请日期",
            today: c.today, calendar: c.engine.calendar)
        if d > firstDue {
            throw ValidationFailure([FieldError("approvedOn", "延长须在答复期限 \(firstDue) 届满前批准并告知申请人(第三十三条第二款)")])
        }
        try await change(r, action: .extend, c, on: db) { r, _ in
            r.extensionDays = n
            r.extensionOn = d
            r.extensionApprover = approver.trimmed
            r.extensionReason = reason.trimmed
        }
    }

    /// 答复 / 办结: the answer (or closure) with its type and grounds. The fee, if any, was notified
    /// and paid before (`feeNotice`, `feePaid`); an unpaid one closes the request as abandoned.
    static func reply(_ r: GOIRequest, _ input: GOIReplyInput, _ c: Context, on db: any Database) async throws {
        let received = try requireReceived(r)
        let state = try? clock(r, today: c.today, engine: c.engine, rule: c.rule).state
        var lapsed = false
        if case .clarificationLapsed? = state { lapsed = true }
        let checked = try input.check(
            receivedOn: received, today: c.today, clarificationAsked: r.clarifySentOn != nil, clarificationLapsed: lapsed,
            fee: r.feeState(state))
        if r.clarifySentOn != nil, r.clarifiedOn == nil, !lapsed, checked.replyType != .other {
            throw ValidationFailure([FieldError("replyType", "申请人尚在补正期限内;收到补正后再答复,或期满后按视为放弃办结")])
        }
        if let notice = r.feeNoticeOn, checked.repliedOn < (r.feePaidOn ?? notice) {
            throw ValidationFailure([FieldError("repliedOn", "答复日期不能早于\(r.feePaidOn == nil ? "收费通知送达日期" : "缴费日期") \(r.feePaidOn ?? notice)")])
        }
        try await change(r, action: .reply, c, on: db) { r, _ in
            r.closedOn = checked.repliedOn
            r.replyType = checked.replyType
            r.ground = checked.replyType == .withheld ? checked.grounds.first : nil
            r.grounds = checked.grounds.map(\.rawValue).joined(separator: ",")
            r.replyNote = input.note.trimmed.isEmpty ? nil : input.note.trimmed
        }
    }

    /// The request's place among the same applicant's requests received in its natural month, from the
    /// register (109号第四条: 按件 counts the applicant's requests in the month).
    static func placeInMonth(_ r: GOIRequest, received: LocalDate, on db: any Database) async throws -> Int {
        let first = received.adding(days: 1 - received.day)
        return try await GOIRequest.query(on: db).filter(\.$applicantIDNumber == r.applicantIDNumber)
            .filter(\.$receivedOn >= first).filter(\.$receivedOn <= received).count()
    }

    /// 收费通知 (国办函〔2020〕109号第七条): once, within the answer period, by request or by pages; the
    /// clock stops from its delivery until payment, and an unpaid notice lapses after 20 working days.
    static func feeNotice(_ r: GOIRequest, method: String, pages: String, deliveredOn: String, _ c: Context, on db: any Database) async throws {
        let received = try requireReceived(r)
        if let sent = r.feeNoticeOn { throw AppError.conflict("本申请已于 \(sent) 送达收费通知,每件申请只发一次") }
        if r.clarifySentOn != nil, r.clarifiedOn == nil { throw AppError.conflict("申请人尚未补正,答复期限未起算,不能发出收费通知") }
        let due: LocalDate?
        do { due = try clock(r, today: c.today, engine: c.engine, rule: c.rule).due } catch let e as DeadlineError {
            throw AppError.conflict("无法计算答复期限:\(e.description)")
        }
        let nth = try await placeInMonth(r, received: received, on: db)
        let checked = try GOIFeeNoticeInput(method: method, pages: pages, deliveredOn: deliveredOn)
            .check(receivedOn: received, today: c.today, dueOn: due, nthInMonth: nth)
        guard c.engine.calendar.contains(checked.deliveredOn) else {
            throw ValidationFailure([FieldError("deliveredOn", "送达日期 \(checked.deliveredOn) 不在工作日历内")])
        }
        try await change(r, action: .feeNotice, c, on: db) { r, _ in
            r.feeMethod = checked.method
            r.feeQuantity = checked.quantity
            r.feeAmount = checked.amount
            r.feeNoticeOn = checked.deliveredOn
        }
    }

    /// 缴费: the applicant paid within the payment period; the clock runs again from the next day.
    static func feePaid(_ r: GOIRequest, on text: String, _ c: Context, on db: any Database) async throws {
        guard let notice = r.feeNotice else { throw AppError.conflict("本申请没有发出收费通知") }
        if let paid = notice.paidOn { throw AppError.conflict("已记录于 \(paid) 缴费") }
        let d = try date(
            text, field: "paidOn", label: "缴费日期", notBefore: notice.deliveredOn, notBeforeLabel: "收费通知送达日期", today: c.today,
            calendar: c.engine.calendar)
        if let payBy = try? notice.payBy(c.engine), d > payBy {
            throw ValidationFailure([
                FieldError("paidOn", "缴费期限为 \(payBy),逾期未缴纳的视为放弃申请(国办函〔2020〕109号第七条),应按“逾期未缴纳信息处理费”办结")
            ])
        }
        try await change(r, action: .feePaid, c, on: db) { r, _ in r.feePaidOn = d }
    }

    /// 延迟答复 (第三十五条): the organ's reasonable later date for an excessive but reasonable request.
    static func delay(_ r: GOIRequest, answerBy: String, decidedOn: String, reason: String, _ c: Context, on db: any Database) async throws {
        let received = try requireReceived(r)
        if let by = r.delayAnswerBy { throw AppError.conflict("本申请已确定延迟至 \(by) 答复") }
        let due: LocalDate
        do {
            guard let d = try clock(r, today: c.today, engine: c.engine, rule: c.rule).due else {
                throw AppError.conflict("答复期限尚未起算(待确认或待补正),不能延迟答复")
            }
            due = d
        } catch let e as DeadlineError {
            throw AppError.conflict("无法计算答复期限:\(e.description)")
        }
        let checked = try GOIDelayInput(decidedOn: decidedOn, answerBy: answerBy, reason: reason)
            .check(receivedOn: received, today: c.today, currentDue: due, calendar: c.engine.calendar)
        try await change(r, action: .delay, c, on: db) { r, _ in
            r.delayDecidedOn = checked.decidedOn
            r.delayAnswerBy = checked.answerBy
            r.delayReason = checked.reason
        }
    }

    /// 协办单位: the office or the handling unit names the units that help.
    static func setCoUnits(_ r: GOIRequest, codes: [String], _ c: Context, on db: any Database) async throws {
        let units = try await OrgNode.units(in: c.actor.units, on: db)
        let picked = codes.filter { !$0.isEmpty }
        let unknown = picked.filter { code in !units.contains { $0.code == code } }
        if !unknown.isEmpty { throw ValidationFailure([FieldError("coUnits", "协办单位不存在:\(unknown.joined(separator: "、"))")]) }
        let helping = units.filter { picked.contains($0.code) && $0.id != r.$unit.id }
        let requestID = try r.requireID()
        try await change(r, action: .coUnits, c, on: db) { r, tx in
            try await GOICoUnit.query(on: tx).filter(\.$request.$id == requestID).delete()
            let links = try helping.map { unit in
                let link = GOICoUnit(request: requestID, unit: try unit.requireID())
                link.$unit.value = unit
                return link
            }
            try await links.create(on: tx)
            r.$coUnitLinks.value = links
        }
    }
}
