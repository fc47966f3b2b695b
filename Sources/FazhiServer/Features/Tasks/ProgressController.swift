import FazhiCore
import FazhiOffice
import Fluent
import Vapor

/// 进展报告: the plan's reporting periods (the office sets them), each period's reports by task
/// with missing ones marked, the lead unit's report form with evidence, and Excel export.
struct ProgressController: RouteCollection {
    let maxUploadMB: Int

    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("reports")
        r.on(.GET, policy: .viewTasks, use: index)
        r.on(.POST, policy: .manageSupervision, use: addPeriod)
        r.on(.POST, "quarters", policy: .manageSupervision, use: addQuarters)
        r.on(.GET, "files", ":fileID", policy: .viewTasks, use: download)
        r.on(.GET, ":periodID", policy: .viewTasks, use: show)
        r.on(.GET, ":periodID", "export.xlsx", policy: .viewTasks, use: export)
        r.on(.POST, ":periodID", "delete", policy: .manageSupervision, use: deletePeriod)
        r.upload(":periodID", "tasks", ":taskID", policy: .reportProgress, use: submit)
    }

    private func plan(_ req: Request) async throws -> Plan {
        guard let plan = try await req.districtPlan(year: nil) else {
            throw AppError.notFound("年度方案")
        }
        return plan
    }

    // MARK: periods

    @Sendable func index(req: Request) async throws -> View { try await renderIndex(req, form: [:], errors: []) }

    private func renderIndex(_ req: Request, form: [String: String], errors: [FieldError]) async throws -> View {
        let plan = try await plan(req)
        let user = try req.requireUser()
        // The office and leaders count every task; a unit the tasks it leads (as `reportingTasks`).
        // A plan is one district's: its tasks need no narrowing by district.
        let leadUnit = user.scope(.viewTasks).ownUnit
        let summaries = try await ProgressService.summaries(of: plan, leadUnit: leadUnit, on: req.db)
        let today = req.clock.today
        var periods: [PeriodListContext.Period] = []
        for p in try await ProgressService.periods(of: plan, on: req.db) {
            let id = try p.requireID()
            let (expected, submitted) = summaries[id] ?? (0, 0)
            let overdue = today > p.due
            periods.append(
                .init(
                    name: p.name, href: "/reports/\(id.uuidString)", span: "\(p.startsOn) 至 \(p.endsOn)", due: p.due.description,
                    expected: expected, submitted: submitted, missing: overdue ? expected - submitted : 0,
                    // The office sees every task; the service refuses a period with any report anyway.
                    deleteHref: req.may(.manageSupervision) && submitted == 0 ? "/reports/\(try p.requireID().uuidString)/delete" : nil))
        }
        return try await req.view.render(
            "tasks/reports",
            PeriodListContext(
                layout: LayoutContext(req, title: "进展报告", active: "supervision"), planTitle: plan.title, periods: periods,
                canManage: req.may(.manageSupervision), form: form, errors: .init(errors)))
    }

    struct PeriodForm: Content {
        var name: String?, starts: String?, ends: String?, due: String?
    }

    @Sendable func addPeriod(req: Request) async throws -> Response {
        let form = try req.content.decode(PeriodForm.self)
        let values = ["name": form.name ?? "", "starts": form.starts ?? "", "ends": form.ends ?? "", "due": form.due?.description ?? ""]
        return try await req.attempt(success: "/reports?notice=periods", render: { try await renderIndex(req, form: values, errors: $0) }) {
            try await ProgressService.addPeriods(
                [PeriodInput(name: values["name"]!, starts: values["starts"]!, ends: values["ends"]!, due: values["due"]!)],
                to: try await plan(req), actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        }
    }

    @Sendable func addQuarters(req: Request) async throws -> Response {
        try await req.attempt(success: "/reports?notice=periods", render: { try await renderIndex(req, form: [:], errors: $0) }) {
            let plan = try await plan(req)
            try await ProgressService.addPeriods(
                PeriodInput.quarters(year: plan.year), to: plan, actor: .user(try req.requireUser()),
                on: req.db, now: req.clock.now())
        }
    }

    @Sendable func deletePeriod(req: Request) async throws -> Response {
        let period = try await ProgressService.findPeriod(req.parameters.get("periodID", as: UUID.self), on: req.db)
        try await ProgressService.deletePeriod(period, actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        return req.redirect(to: "/reports?notice=deleted")
    }

    // MARK: one period

    /// The period's tasks the caller reports or reads reports on: all for the office and leaders; for
    /// a unit the tasks it leads (co-handled ones are reported by their lead unit).
    private func periodQuery(_ req: Request, _ period: ReportingPeriod) throws -> ProgressService.PeriodQuery {
        let user = try req.requireUser()
        let leadUnit: UUID?
        switch user.scope(.viewTasks) {
        case .all, .district: leadUnit = nil  // a period is one plan's, a plan one district's
        case .unit(let unit): leadUnit = unit
        case .nothing: throw AppError.forbidden
        }
        return ProgressService.PeriodQuery(period: period, leadUnit: leadUnit, today: req.clock.today)
    }

    private func refs(_ req: Request, _ period: ReportingPeriod) async throws -> TaskService.PlanRefs {
        guard let plan = try await Plan.find(period.$plan.id, on: req.db) else { throw AppError.notFound("年度方案") }
        return try await TaskService.refs(for: plan, on: req.db)
    }

    static let pageSize = 100

    private func page(_ req: Request, _ period: ReportingPeriod, errors: [FieldError]) async throws -> View {
        let query = try periodQuery(req, period)
        let refs = try await refs(req, period)
        let missingOnly = (try? req.query.get(String.self, at: "missing")) == "1"
        let page = try req.pageNumber()
        let counts = try await query.counts(on: req.db)
        let tasks = query.tasks(unreportedOnly: missingOnly, on: req.db)
        let shownTotal = missingOnly ? counts.expected - counts.submitted : counts.expected
        let shown = try await tasks.range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        try await shown.loadChildren(\.$coUnits, on: req.db)
        let list = try await query.rows(shown, on: req.db)
        return try await req.view.render(
            "tasks/report-period",
            PeriodContext(
                layout: LayoutContext(req, title: period.name + "进展报告", active: "supervision"), id: period.requireID().uuidString, name: period.name,
                span: "\(period.startsOn) 至 \(period.endsOn)", due: period.due.description,
                rows: list.map { row in
                    .init(
                        taskID: try row.task.requireID().uuidString, taskTitle: row.task.title, taskHref: SiteURL.task(try row.task.requireID()),
                        unit: refs.unitName(row.task.$leadUnit.id), state: row.state.label, stateCode: row.state.rawValue,
                        progress: row.report?.progress ?? row.task.progress, text: row.report?.text,
                        submitted: row.report.map { "\($0.submittedOn) · \($0.submittedBy)" },
                        files: try row.report?.files.map { .init(name: $0.filename, href: "/reports/files/\(try $0.requireID().uuidString)") } ?? [],
                        canReport: req.may(.reportProgress, TaskService.resource(row.task)) && row.task.completedOn == nil)
                },
                pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: shownTotal),
                counts: ["expected": counts.expected, "submitted": counts.submitted, "missing": counts.missing, "late": counts.late],
                missingOnly: missingOnly, exportHref: "/reports/\(period.requireID().uuidString)/export.xlsx", maxUpload: maxUploadMB,
                errors: .init(errors)))
    }

    @Sendable func show(req: Request) async throws -> View {
        try await page(req, try await ProgressService.findPeriod(req.parameters.get("periodID", as: UUID.self), on: req.db), errors: [])
    }

    @Sendable func export(req: Request) async throws -> Response {
        let period = try await ProgressService.findPeriod(req.parameters.get("periodID", as: UUID.self), on: req.db)
        let query = try periodQuery(req, period)
        let refs = try await refs(req, period)
        let rows = try await query.rows(try await query.tasks(unreportedOnly: false, on: req.db).all(), on: req.db)
        let sheet: [[XLSX.Cell]] =
            [["任务", "牵头单位", "报送状态", "完成进度(%)", "进展情况", "报送日期", "报送人", "佐证材料"].map { .text($0) }]
            + rows.map { r in
                [
                    .text(r.task.title), .text(refs.unitName(r.task.$leadUnit.id)), .text(r.state.label),
                    .number("\(r.report?.progress ?? r.task.progress)"),
                    .text(r.report?.text ?? ""), .text(r.report?.submittedOn.description ?? ""), .text(r.report?.submittedBy ?? ""),
                    .text(r.report?.files.map(\.filename).joined(separator: "、") ?? ""),
                ]
            }
        return .download(
            try XLSX.write([XLSX.Sheet(name: "进展报告", rows: sheet, widths: [40, 18, 10, 10, 60, 12, 20, 30])]),
            name: "\(period.name)进展报告.xlsx", type: Response.xlsxType, fallback: "progress-reports.xlsx")
    }

    @Sendable func submit(req: Request) async throws -> Response {
        let period = try await ProgressService.findPeriod(req.parameters.get("periodID", as: UUID.self), on: req.db)
        guard let taskID = req.parameters.get("taskID", as: UUID.self),
            let task = try await PlanTask.query(on: req.db).filter(\.$id == taskID).with(\.$coUnits).first(),
            task.$plan.id == period.$plan.id
        else { throw AppError.notFound("任务") }
        try req.authorize(.reportProgress, TaskService.resource(task))
        return try await req.attempt(
            success: "/reports/\(period.requireID().uuidString)?notice=reported#task-\(taskID.uuidString)",
            render: { try await page(req, period, errors: $0) }
        ) {
            let upload = try await StreamedUpload.receive(req, maxBytes: maxUploadMB * 1024 * 1024, store: req.application.fileStore)
            defer { upload.file?.discard() }
            try await ProgressService.submit(
                period, task: task, progress: upload.fields["progress"] ?? "", text: upload.fields["text"] ?? "",
                file: upload.file.flatMap { $0.size > 0 ? .received($0) : nil },
                user: try req.requireUser(), store: req.application.fileStore,
                maxBytes: maxUploadMB * 1024 * 1024, once: FormOnce.parse(upload.fields["formOnce"]), today: req.clock.today, on: req.db,
                now: req.clock.now())
        }
    }

    @Sendable func download(req: Request) async throws -> Response {
        let file = try await AttachmentService.file(req.parameters.get("fileID", as: UUID.self), of: .progressReport, on: req.db)
        guard let report = try await ProgressReport.find(file.ownerID, on: req.db),
            let task = try await PlanTask.query(on: req.db).filter(\.$id == report.$task.id).with(\.$coUnits).first()
        else {
            throw AppError.notFound("佐证材料")
        }
        try req.authorize(.viewTask, TaskService.resource(task))
        return try .attachment(req, file)
    }
}
