import FazhiCore
import FazhiOffice
import Fluent
import Vapor

/// 问题池: the list with filters and its Excel export, raising a problem, one problem with its
/// rectification, the unit's report and the office's check (销号) or reopening.
struct ProblemController: RouteCollection {
    let maxUploadMB: Int

    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("problems")
        r.on(.GET, policy: .viewProblems, use: index)
        r.on(.GET, "export.xlsx", policy: .viewProblems, use: export)
        r.on(.GET, "new", policy: .manageProblems, use: new)
        r.on(.POST, policy: .manageProblems, use: create)
        r.on(.GET, ":problemID", policy: .viewProblems, use: show)
        r.on(.POST, ":problemID", "measures", ":measureID", policy: .reportProblem, use: measure)
        r.upload(":problemID", "files", policy: .reportProblem, use: upload)
        r.on(.GET, ":problemID", "files", ":fileID", policy: .viewProblems, use: download)
        r.on(.POST, ":problemID", "report", policy: .reportProblem, use: report)
        r.on(.POST, ":problemID", "close", policy: .manageProblems, use: close)
        r.on(.POST, ":problemID", "reopen", policy: .manageProblems, use: reopen)
    }

    // MARK: list

    struct Filter: Content {
        var status: String?
        var source: String?
        var unit: String?
        var overdue: String?
    }

    /// The caller's filtered problems as an SQL query (`ProblemListQuery`), with the calendar to
    /// count each shown row's working days overdue.
    private func listQuery(_ req: Request) async throws -> (Filter, ProblemListQuery, WorkCalendar) {
        let filter = (try? req.query.decode(Filter.self)) ?? Filter()
        let user = try req.requireUser()
        let calendar = try await CalendarService.load(on: req.db)
        var list = ProblemListQuery(scope: user.scope(.viewProblems), today: req.clock.today, calendar: calendar)
        list.status = filter.status.flatMap(ProblemStatus.init(rawValue:))
        list.source = filter.source.flatMap(ProblemSource.init(rawValue:))
        list.unitCode = filter.unit
        list.overdueOnly = filter.overdue == "1"
        return (filter, list, calendar)
    }

    /// Problems with their unit and measures and each one's working days overdue.
    private func withOverdue(_ problems: [Problem], calendar: WorkCalendar, on req: Request) async throws -> [(Problem, Int)] {
        try await problems.loadChildren(\.$measures, on: req.db)
        let today = req.clock.today
        return try problems.map { ($0, $0.status == .closed ? 0 : try Self.overdue($0, calendar: calendar, today: today)) }
    }

    static let pageSize = 100

    static func overdue(_ problem: Problem, calendar: WorkCalendar, today: LocalDate) throws -> Int {
        problem.measures.map { m in
            let due = m.due
            return (try? ProblemRules.workdaysOverdue(due: due, doneOn: m.doneOn, today: today, calendar: calendar)) ?? 0
        }.max() ?? 0
    }

    @Sendable func index(req: Request) async throws -> View {
        let (filter, list, calendar) = try await listQuery(req)
        let page = try req.pageNumber()
        let counts = try await list.counts(on: req.db)
        let shown = try await list.rows(on: req.db).with(\.$unit).sort(\.$number, .descending)
            .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        let rows = try await withOverdue(shown, calendar: calendar, on: req)
        let user = try req.requireUser()
        let units = try await OrgNode.choices(for: user.scope(.viewProblems), on: req.db)
        let query = req.url.query.map { "?" + $0 } ?? ""
        return try await req.view.render(
            "problems/list",
            ProblemListContext(
                layout: LayoutContext(req, title: "问题池", active: "problems"),
                rows: try rows.map { p, overdue in
                    let open = p.measures.filter { $0.doneOn == nil }
                    return .init(
                        number: p.number, href: "/problems/\(try p.requireID().uuidString)", unit: p.unit.name, source: p.source.label,
                        title: p.title, raisedOn: p.raisedOn.description, status: p.status.label, statusCode: p.status.rawValue,
                        measures: "\(p.measures.count - open.count)/\(p.measures.count)", nextDue: open.map(\.due).min()?.description ?? "—",
                        overdueDays: overdue)
                },
                pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: counts.total),
                units: [OptionContext(value: "", label: "全部单位", selected: (filter.unit ?? "").isEmpty)]
                    + units.map { OptionContext(value: $0.code, label: $0.name, selected: filter.unit == $0.code) },
                sources: [OptionContext(value: "", label: "全部来源", selected: filter.source == nil)]
                    + ProblemSource.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: filter.source == $0.rawValue) },
                statuses: [OptionContext(value: "", label: "全部状态", selected: filter.status == nil)]
                    + ProblemStatus.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: filter.status == $0.rawValue) },
                overdueOnly: filter.overdue == "1", exportHref: "/problems/export.xlsx" + query, canCreate: req.may(.manageProblems),
                counts: ["total": counts.total, "overdue": counts.overdue, "reported": counts.reported, "closed": counts.closed]))
    }

    @Sendable func export(req: Request) async throws -> Response {
        let (_, list, calendar) = try await listQuery(req)
        let rows = try await withOverdue(
            try await list.rows(on: req.db).with(\.$unit).sort(\.$number, .descending).all(), calendar: calendar, on: req)
        let header = ["问题编号", "责任单位", "来源", "问题", "问题描述", "发现日期", "状态", "整改措施", "完成时限", "完成日期", "逾期工作日"]
        var sheet: [[XLSX.Cell]] = [header.map { .text($0) }]
        for (p, overdue) in rows {
            for m in p.measures.sorted(by: { $0.sort < $1.sort }) {
                sheet.append([
                    .text(p.number), .text(p.unit.name), .text(p.source.label), .text(p.title), .text(p.description), .text(p.raisedOn.description),
                    .text(p.status.label), .text(m.text), .text(m.due.description), .text(m.doneOn?.description ?? ""), .number("\(overdue)"),
                ])
            }
        }
        let data = try XLSX.write([XLSX.Sheet(name: "问题池", rows: sheet)])
        return .download(data, name: "问题池.xlsx", type: Response.xlsxType, fallback: "problems.xlsx")
    }

    // MARK: create

    struct ProblemForm: Content {
        var unit: String?, source: String?, title: String?, description: String?, raisedOn: String?
        var measureText: [String]?, measureDue: [String]?
        var formOnce: String?
    }

    @Sendable func new(req: Request) async throws -> View {
        try await renderForm(req, form: ProblemForm(raisedOn: req.clock.today.description), errors: [])
    }

    private func renderForm(_ req: Request, form: ProblemForm, errors: [FieldError]) async throws -> View {
        let units = try await req.nameableUnits()
        let texts = form.measureText ?? [], dues = form.measureDue ?? []
        return try await req.view.render(
            "problems/form",
            ProblemFormContext(
                layout: LayoutContext(req, title: "新建问题", active: "problems"),
                units: [OptionContext(value: "", label: "请选择", selected: form.unit == nil)]
                    + units.map { OptionContext(value: $0.code, label: $0.name, selected: form.unit == $0.code) },
                sources: ProblemSource.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: form.source == $0.rawValue) },
                title: form.title ?? "", description: form.description ?? "", raisedOn: form.raisedOn?.description ?? "",
                measures: (0..<max(3, texts.count)).map { i in
                    .init(index: i + 1, text: i < texts.count ? texts[i] : "", due: i < dues.count ? dues[i] : "")
                },
                errors: .init(errors), once: FormOnce.parse(form.formOnce) ?? FormOnce.token()))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(ProblemForm.self)
        let texts = form.measureText ?? [], dues = form.measureDue ?? []
        let input = ProblemInput(
            unitCode: form.unit ?? "", source: form.source ?? "", title: form.title ?? "", description: form.description ?? "",
            raisedOn: form.raisedOn?.description ?? "",
            measures: (0..<max(texts.count, dues.count)).map {
                MeasureInput(text: $0 < texts.count ? texts[$0] : "", due: $0 < dues.count ? dues[$0] : "")
            })
        do {
            let problem = try await ProblemService.create(
                input, actor: .user(try req.requireUser()), once: FormOnce.parse(form.formOnce), on: req.db, now: req.clock.now())
            return req.redirect(to: "/problems/\(try problem.requireID().uuidString)?notice=created")
        } catch let failure as ValidationFailure {
            let response = try await renderForm(req, form: form, errors: failure.errors).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    // MARK: one problem

    private func load(_ req: Request, _ action: Action) async throws -> Problem {
        let problem = try await ProblemService.find(req.parameters.get("problemID", as: UUID.self), on: req.db)
        try req.authorize(action, .unit(problem.$unit.id))
        return problem
    }

    @Sendable func show(req: Request) async throws -> View {
        try await render(req, try await load(req, .viewProblems), errors: [])
    }

    private func render(_ req: Request, _ p: Problem, errors: [FieldError]) async throws -> View {
        let calendar = try await CalendarService.load(on: req.db)
        let today = req.clock.today
        let files = try await AttachmentService.files(of: .problem, id: p.requireID(), on: req.db)
        let names = try await ActorNames.lookup([p.createdBy, p.closedBy ?? ""] + files.map(\.uploadedBy), on: req.db)
        return try await req.view.render(
            "problems/detail",
            ProblemContext(
                layout: LayoutContext(req, title: "\(p.number) \(p.title)", active: "problems"), id: p.requireID().uuidString, number: p.number,
                unit: p.unit.name, source: p.source.label, title: p.title, description: p.description, raisedOn: p.raisedOn.description,
                status: p.status.label, statusCode: p.status.rawValue, createdBy: ActorNames.display(p.createdBy, known: names),
                reportNote: p.reportNote,
                reportedAt: p.reportedAt.map(TimeText.local), officeNote: p.officeNote,
                closed: p.closedAt.map { "\(TimeText.local($0)) \(ActorNames.display(p.closedBy ?? "", known: names))" },
                measures: p.measures.sorted { $0.sort < $1.sort }.map { m in
                    .init(
                        id: try m.requireID().uuidString, text: m.text, due: m.due.description, doneOn: m.doneOn?.description, note: m.note ?? "",
                        overdueDays: (try? ProblemRules.workdaysOverdue(
                            due: m.due, doneOn: m.doneOn, today: today,
                            calendar: calendar)) ?? 0)
                },
                files: files.map { f in
                    .init(
                        filename: f.filename, size: EvidenceCheck.megabytes(f.size), sha256: f.sha256,
                        uploaded: "\(TimeText.local(f.uploadedAt)) \(ActorNames.display(f.uploadedBy, known: names))",
                        href: "/problems/\(try p.requireID().uuidString)/files/\(try f.requireID().uuidString)")
                },
                canReport: req.may(.reportProblem, .unit(p.$unit.id)) && p.status == .open,
                canDecide: req.may(.manageProblems) && p.status == .reported,
                canReopen: req.may(.manageProblems) && p.status == .closed,
                maxUpload: req.fazhi.maxUploadMB, errors: .init(errors)))
    }

    /// Runs a step; a refusal shows the problem page again (as it now stands) with the reason.
    private func attempt(_ req: Request, _ problem: Problem, notice: String, _ step: () async throws -> Void) async throws -> Response {
        try await req.attempt(
            success: "/problems/\(problem.requireID().uuidString)?notice=\(notice)",
            render: { errors in
                try await render(req, try await ProblemService.find(problem.id, on: req.db), errors: errors)
            }, step)
    }

    struct MeasureForm: Content {
        var done: String?
        var note: String?
    }

    @Sendable func measure(req: Request) async throws -> Response {
        let problem = try await load(req, .reportProblem)
        guard let id = req.parameters.get("measureID", as: UUID.self) else { throw AppError.notFound("整改措施") }
        let form = try req.content.decode(MeasureForm.self)
        return try await attempt(req, problem, notice: "saved") {
            try await ProblemService.setMeasure(
                problem, measureID: id, done: form.done == "1", note: form.note ?? "", actor: .user(try req.requireUser()),
                today: req.clock.today, on: req.db, now: req.clock.now())
        }
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let problem = try await load(req, .reportProblem)
        let maxBytes = req.fazhi.maxUploadMB * 1024 * 1024
        return try await attempt(req, problem, notice: "uploaded") {
            let upload = try await StreamedUpload.receive(req, maxBytes: maxBytes, store: req.application.fileStore)
            defer { upload.file?.discard() }
            guard let file = upload.file, file.size > 0 else { throw AppError.validation([FieldError("file", "请选择要上传的文件")]) }
            try await ProblemService.addFile(
                problem, file: .received(file), actor: .user(try req.requireUser()), store: req.application.fileStore, maxBytes: maxBytes,
                once: FormOnce.parse(upload.fields["formOnce"]), on: req.db, now: req.clock.now())
        }
    }

    @Sendable func download(req: Request) async throws -> Response {
        let problem = try await load(req, .viewProblems)
        let file = try await AttachmentService.file(req.parameters.get("fileID", as: UUID.self), of: .problem, on: req.db)
        guard file.ownerID == problem.id else { throw AppError.notFound("整改材料") }
        return try .attachment(req, file)
    }

    struct NoteForm: Content {
        var note: String?
    }

    @Sendable func report(req: Request) async throws -> Response {
        let problem = try await load(req, .reportProblem)
        let form = try req.content.decode(NoteForm.self)
        return try await attempt(req, problem, notice: "problemReported") {
            try await ProblemService.report(problem, note: form.note ?? "", actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        }
    }

    @Sendable func close(req: Request) async throws -> Response {
        let problem = try await load(req, .manageProblems)
        let form = try req.content.decode(NoteForm.self)
        return try await attempt(req, problem, notice: "problemClosed") {
            try await ProblemService.decide(
                problem, close: true, note: form.note ?? "", actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        }
    }

    @Sendable func reopen(req: Request) async throws -> Response {
        let problem = try await load(req, .manageProblems)
        let form = try req.content.decode(NoteForm.self)
        // Sent back before closing, or opened again after it.
        return try await attempt(req, problem, notice: problem.status == .closed ? "problemReopened" : "problemReturned") {
            try await ProblemService.decide(
                problem, close: false, note: form.note ?? "", actor: .user(try req.requireUser()), on: req.db, now: req.clock.now())
        }
    }
}
