import FazhiCore
import Fluent
import FluentSQL
import Vapor

extension DatedItem.Kind {
    /// 依申请公开 a request's statutory answer date (政府信息公开条例第三十三条).
    static let goiRequest = DatedItem.Kind(rawValue: "goi_request", label: "依申请公开答复")
}

/// 依申请公开 (政府信息公开条例 第四章): the register as one module — its routes, menu entry, home
/// prompts, answer dates on the escalation ladder, figures on the assessment page, stored answer
/// dates, demo history, annual-report command and schema.
struct InformationRequestsModule: RegisterModule {
    let key = "goi"
    let title = "依申请公开"
    let auditEntities: [AuditEntity] = [.goiRequest, .goiReport]
    let auditActions: [AuditAction] = AuditAction.goi
    let auditFields = AuditAction.goiFields
    var auditValues: [String: [String: String]] {
        func labels<E: RawRepresentable & CaseIterable>(_ type: E.Type, _ label: (E) -> String) -> [String: String] where E.RawValue == String {
            Dictionary(uniqueKeysWithValues: E.allCases.map { ($0.rawValue, label($0)) })
        }
        let goi = AuditEntity.goiRequest.code
        return [
            "\(goi).replyType": labels(GOIReplyType.self, \.label), "\(goi).feeMethod": labels(GOIFeeMethod.self, \.label),
            "\(goi).channel": labels(GOIChannel.self, \.label), "\(goi).applicantType": labels(GOIApplicantType.self, \.label),
        ]
    }

    var migrations: [any Migration] {
        [CreateGOIRequests(), AddGOIFeeNoticeAndDelay(), MoveGOICoUnitsToRelation(), AddGOIRevision(), KeyGOIReportEntriesByDistrict()]
    }

    func routes(web: any RoutesBuilder, api: any RoutesBuilder, app: Application) throws {
        try web.register(collection: GOIPublicController())
        try web.register(collection: GOIReportController())
        try web.register(collection: GOIController(maxUploadMB: app.fazhi.maxUploadMB))
        try api.register(collection: APIGOIController())
    }

    /// Handlers open the register; those who only read the report (leaders, assessors) open that.
    func menuEntry(_ req: Request) -> MenuEntry? {
        if req.may(.viewGOI) { return MenuEntry(key: key, label: title, href: "/goi", after: "supervision") }
        if req.may(.viewGOIReport) { return MenuEntry(key: key, label: title, href: "/goi/report", after: "supervision") }
        return nil
    }

    /// A unit: its overdue, due-soon and unconfirmed requests. The office and leaders: the district's overdue ones.
    func homePrompts(_ req: Request, user: CurrentUser, today: LocalDate, calendar: WorkCalendar) async throws -> [HomePrompt] {
        let soon = req.fazhi.dueSoonWorkdays
        let scope = user.scope(.viewGOI)
        guard case .unit = scope else {
            guard scope.spansUnits else { return [] }
            let goi = try await GOIService.workload(scope: scope, today: today, soon: soon, calendar: calendar, on: req.db)
            var prompts: [HomePrompt] = []
            if goi.overdue > 0 {
                prompts.append(.init(text: "全区有 \(goi.overdue) 件政府信息公开申请已超过法定答复期限仍未答复。", href: "/goi?state=overdue", urgent: true))
            }
            if goi.unconfirmed > 0 {
                prompts.append(
                    .init(
                        text: "全区有 \(goi.unconfirmed) 件在线申请待承办单位确认收到(确认前不计算答复期限)。", href: "/goi?state=awaiting_confirmation",
                        urgent: false))
            }
            return prompts
        }
        var prompts: [HomePrompt] = []
        let goi = try await GOIService.workload(scope: scope, today: today, soon: soon, calendar: calendar, on: req.db)
        if goi.overdue > 0 {
            prompts.append(.init(text: "本单位有 \(goi.overdue) 件政府信息公开申请已超过法定答复期限,请立即答复。", href: "/goi?state=overdue", urgent: true))
        }
        if goi.dueSoon > 0 {
            prompts.append(.init(text: "本单位有 \(goi.dueSoon) 件政府信息公开申请即将到期。", href: "/goi?state=due_soon", urgent: false))
        }
        if goi.unconfirmed > 0 {
            prompts.append(.init(text: "本单位有 \(goi.unconfirmed) 件在线申请待确认收到(确认之日为收到申请之日)。", href: "/goi?state=awaiting_confirmation", urgent: false))
        }
        return prompts
    }

    var itemKinds: [DatedItem.Kind] { [.goiRequest] }

    /// Requests not yet answered whose answer date is by the horizon (`goi_requests_open_due_idx`).
    /// The title names the request by number only: the applicant's data never leaves the register.
    /// A request waiting for clarification or confirmation has no running period (`due_on` is empty);
    /// one under consultation carries the latest date its consultation allows, so it is never early.
    var datedSources: [DatedSource] {
        [
            DatedSource(
                kind: .goiRequest,
                select: { horizon, _ in
                    """
                    SELECT id, id AS ref, unit_id, number AS label, '' AS detail, due_on AS due FROM goi_requests
                    WHERE closed_on IS NULL AND due_on <= \(bind: horizon.description)
                    """
                },
                item: { row in
                    row.dueDate.map {
                        DatedItem(
                            kind: .goiRequest, key: "goi:\(row.id.uuidString)", unitID: row.unitId, title: "依申请公开 \(row.label) 答复", due: $0,
                            href: "/goi/\(row.id.uuidString)")
                    }
                })
        ]
    }

    /// Assessors and leaders without the register do not see its requests on the overdue board.
    func showsItems(to req: Request) -> Bool { req.may(.viewGOI) }

    func assessmentFacts(year: Int, unit: OrgNode, today: LocalDate, on db: any Database) async throws -> AssessmentFact? {
        let unitID = try unit.requireID()
        guard let i = try await GOIReportService.indicators(year: year, today: today, scope: .unit(unitID), on: db)[unitID] else { return nil }
        return AssessmentFact(
            text: "依申请公开:本年新收 \(i.received) 件,作出答复 \(i.answered) 件,按时答复率 \(GOIReportController.rate(i.onTimeRate)),"
                + "延期率 \(GOIReportController.rate(i.extensionRate)),当前逾期未办结 \(i.overdue) 件。",
            href: "/goi/report?year=\(year)&unit=\(unit.code)")
    }

    var storedDeadlines: [any StoredDeadlineKeeper.Type] { [GOIDueDates.self] }

    /// This year's open requests, one in every clock state; with the history also last year's
    /// and this year's concluded ones (the demo server, the tests that read a year of the register).
    func seedDemo(_ app: Application, history: Bool) async throws {
        try await GOIDemo.seed(app, history: history)
    }

    var reportCommands: [String: any AnyAsyncCommand] { ["goi": GOICommand()] }
}
