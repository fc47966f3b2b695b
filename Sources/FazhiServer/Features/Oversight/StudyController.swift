import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 学法用法: a unit's plan and sessions for a year, per-person hours, the exam's results and import.
struct StudyController: RouteCollection {
    let maxUploadMB: Int

    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("oversight", "study")
        r.on(.GET, policy: .viewOversight, use: page)
        r.on(.GET, "people", policy: .viewOversight, use: people)
        r.on(.POST, "plan", policy: .handleOversight, use: savePlan)
        r.on(.POST, "sessions", policy: .handleOversight, use: addSession)
        let body = HTTPBodyStreamStrategy.collect(maxSize: ByteCount(value: (maxUploadMB + 1) * 1024 * 1024))
        r.on(.POST, "exam", policy: .manageOversight, body: body, use: importExam)
    }

    static let pageSize = 50

    /// The year and unit the page shows: a unit's own; the office and leaders any (`unit=` code) or all.
    static func selection(_ req: Request) async throws -> (year: Int, scope: RowScope, unit: OrgNode?) {
        let year = try req.queryYear() ?? req.clock.today.year
        let scope = try req.requireUser().scope(.viewOversight)
        if let own = scope.ownUnit { return (year, scope, try await OrgNode.find(own, on: req.db)) }
        let code: String? = req.query["unit"]
        guard let code, !code.isEmpty else { return (year, scope, nil) }
        guard let unit = try await OrgNode.unit(code: code, in: scope, on: req.db) else {
            throw AppError.badRequest("单位无效", field: "unit")
        }
        return (year, .unit(try unit.requireID()), unit)
    }

    @Sendable func page(req: Request) async throws -> View { try await render(req, errors: [], notice: nil) }

    private func render(_ req: Request, errors: [FieldError], notice: String?) async throws -> View {
        let (year, scope, unit) = try await Self.selection(req)
        let page = try req.pageNumber()
        var q = StudySession.query(on: req.db).filter(\.$year == year)
        q = q.scoped(scope, unit: \.$unit.$id)
        let total = try await q.copy().count()
        let sessions = try await q.with(\.$unit).sort(\.$heldOn, .descending).range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        var plan: StudyPlan?
        if let id = unit?.id { plan = try await StudyPlan.query(on: req.db).filter(\.$unit.$id == id).filter(\.$year == year).first() }
        let only = scope.andUnits("unit_id")
        let sql = try req.db.sql()
        let hours = try await sql.raw(
            "SELECT COUNT(DISTINCT person) AS people, CAST(COALESCE(SUM(hours_tenths), 0) AS BIGINT) AS tenths FROM study_attendances WHERE year = \(bind: year)\(only)"
        ).first()
        let exam = try await sql.raw(
            """
            SELECT COUNT(*) AS listed, CAST(COALESCE(SUM(CASE WHEN score IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS sat,
                   CAST(COALESCE(SUM(CASE WHEN passed = \(bind: true) THEN 1 ELSE 0 END), 0) AS BIGINT) AS passed
            FROM exam_results WHERE year = \(bind: year)\(only)
            """
        ).first()
        func n(_ row: (any SQLRow)?, _ c: String) throws -> Int { Int(try row?.decode(column: c, as: Int64?.self) ?? 0) }
        let units =
            try await OrgNode.choices(for: try req.requireUser().scope(.viewOversight), on: req.db)
        let handles = unit.map { req.may(.handleOversight, .unit($0.id ?? RowScope.noUnit)) } ?? false
        let today = req.clock.today.description
        return try await req.view.render(
            "oversight/study",
            StudyContext(
                layout: LayoutContext(req, title: "学法用法", active: "oversight"), tabs: OversightController.tabs(req, "study"), year: year,
                years: (2024...req.clock.today.year).reversed().map { OptionContext(value: String($0), label: "\($0) 年度", selected: $0 == year) },
                units: [OptionContext(value: "", label: "全区", selected: unit == nil)]
                    + units.map { OptionContext(value: $0.code, label: $0.name, selected: $0.id == unit?.id) },
                unitName: unit?.name ?? "全区", unitCode: unit?.code ?? "",
                plan: plan.map { .init(staffCount: $0.staffCount, plannedSessions: $0.plannedSessions, content: $0.content) },
                sessions: sessions.map {
                    .init(
                        unit: $0.unit.name, kind: $0.kind.label, heldOn: $0.heldOn.description, topic: $0.topic, speaker: $0.speaker,
                        hours: StudyHours.text($0.hoursTenths), attendees: $0.attendeeCount)
                }, total: total, pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: total),
                people: try n(hours, "people"), hoursTotal: StudyHours.text(try n(hours, "tenths")),
                examListed: try n(exam, "listed"), examSat: try n(exam, "sat"), examPassed: try n(exam, "passed"),
                passMark: OversightConfig.active.examPassMark,
                canHandle: handles, canImport: req.may(.manageOversight),
                kinds: StudyKind.allCases.map { OptionContext(value: $0.rawValue, label: $0.label, selected: $0 == .preMeeting) }, today: today,
                errors: .init(errors), notice: notice))
    }

    /// 人均学时 drill-down: every person's hours in the year, summed and paged in SQL.
    @Sendable func people(req: Request) async throws -> View {
        let (year, scope, unit) = try await Self.selection(req)
        let page = try req.pageNumber()
        let only = scope.andUnits("a.unit_id")
        let sql = try req.db.sql()
        let total = Int(
            try await sql.raw(
                "SELECT COUNT(*) AS n FROM (SELECT 1 AS x FROM study_attendances a WHERE a.year = \(bind: year)\(only) GROUP BY a.unit_id, a.person) t"
            )
            .first()?.decode(column: "n", as: Int64.self) ?? 0)
        let rows = try await sql.raw(
            """
            SELECT o.name AS unit, a.person AS person, CAST(SUM(a.hours_tenths) AS BIGINT) AS tenths, COUNT(*) AS sessions
            FROM study_attendances a JOIN org_nodes o ON o.id = a.unit_id
            WHERE a.year = \(bind: year)\(only)
            GROUP BY o.name, o.sort, a.person ORDER BY o.sort, tenths DESC, a.person
            LIMIT \(bind: Self.pageSize) OFFSET \(bind: (page - 1) * Self.pageSize)
            """
        ).all()
        return try await req.view.render(
            "oversight/study-people",
            StudyPeopleContext(
                layout: LayoutContext(req, title: "参学人员学时", active: "oversight"), tabs: OversightController.tabs(req, "study"), year: year,
                unitName: unit?.name ?? "全区",
                rows: try rows.map {
                    .init(
                        unit: try $0.decode(column: "unit", as: String.self), person: try $0.decode(column: "person", as: String.self),
                        hours: StudyHours.text(Int(try $0.decode(column: "tenths", as: Int64.self))),
                        sessions: Int(try $0.decode(column: "sessions", as: Int64.self)))
                }, total: total, pages: PageLinks(req, page: page, pageSize: Self.pageSize, total: total)))
    }

    struct PlanForm: Content { var year: String?, staffCount: String?, plannedSessions: String?, content: String?, unit: String? }
    struct SessionForm: Content {
        var kind: String?, heldOn: String?, topic: String?, speaker: String?, hours: String?, attendees: String?, unit: String?
    }

    private func target(_ req: Request, code: String?) async throws -> OrgNode {
        guard let unit = try await req.targetUnit(.handleOversight, code: code) else { throw ValidationFailure([FieldError("unit", "请选择单位")]) }
        try req.authorize(.handleOversight, .unit(try unit.requireID()))
        return unit
    }

    /// Back to the page the form was on: its year and unit (a code is letters, digits and dashes).
    private func back(_ req: Request, year: String?, unit: String?) -> String {
        let y = Int(year ?? "").flatMap { LocalDate.plausibleYears.contains($0) ? $0 : nil } ?? req.clock.today.year
        let code = (unit ?? "").allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } ? unit ?? "" : ""
        return "/oversight/study?year=\(y)" + (code.isEmpty ? "" : "&unit=\(code)")
    }

    @Sendable func savePlan(req: Request) async throws -> Response {
        let form = try req.content.decode(PlanForm.self)
        return try await req.attempt(
            success: back(req, year: form.year, unit: form.unit), render: { errors in try await render(req, errors: errors, notice: nil) }
        ) {
            let unit = try await target(req, code: form.unit)
            try await StudyService.savePlan(
                .init(
                    year: form.year ?? "", staffCount: form.staffCount ?? "", plannedSessions: form.plannedSessions ?? "", content: form.content ?? ""
                ),
                unit: unit, try await StepContext.of(req), on: req.db)
        }
    }

    @Sendable func addSession(req: Request) async throws -> Response {
        let form = try req.content.decode(SessionForm.self)
        return try await req.attempt(
            success: back(req, year: form.heldOn.map { String($0.prefix(4)) }, unit: form.unit),
            render: { errors in try await render(req, errors: errors, notice: nil) }
        ) {
            let unit = try await target(req, code: form.unit)
            try await StudyService.addSession(
                .init(
                    kind: form.kind ?? "", heldOn: form.heldOn ?? "", topic: form.topic ?? "", speaker: form.speaker ?? "", hours: form.hours ?? "",
                    attendees: form.attendees ?? ""), unit: unit, try await StepContext.of(req), on: req.db)
        }
    }

    struct ExamForm: Content { var year: String?, file: File? }

    @Sendable func importExam(req: Request) async throws -> Response {
        let form = try req.content.decode(ExamForm.self)
        do {
            guard let year = Int(form.year ?? ""), LocalDate.plausibleYears.contains(year) else {
                throw ValidationFailure([FieldError("year", "年度无效")])
            }
            guard let file = form.file, file.data.readableBytes > 0 else { throw ValidationFailure([FieldError("file", "请选择考试成绩文件(.xlsx 或 .csv)")]) }
            let table = try UploadedTable.rows(Data(file.data.readableBytesView), filename: file.filename)
            let units = try await req.nameableUnits()
            let rows = try OversightImport.parseExam(table, knownUnits: Set(units.map(\.code) + units.map(\.name)))
            let n = try await StudyService.importExam(rows, year: year, try await StepContext.of(req), on: req.db)
            return try await render(req, errors: [], notice: "已导入 \(year) 年度学法考试成绩 \(n) 人(替换该年度此前导入的成绩)。").encodeResponse(for: req)
        } catch let failure as ValidationFailure {
            let response = try await render(req, errors: failure.errors, notice: nil).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }
}

struct StudyContext: Encodable {
    struct Plan: Encodable {
        let staffCount: Int
        let plannedSessions: Int
        let content: String
    }

    struct Session: Encodable {
        let unit: String
        let kind: String
        let heldOn: String
        let topic: String
        let speaker: String
        let hours: String
        let attendees: Int
    }

    let layout: LayoutContext
    let tabs: OversightTabs
    let year: Int
    let years: [OptionContext]
    let units: [OptionContext]
    let unitName: String
    let unitCode: String
    let plan: Plan?
    let sessions: [Session]
    let total: Int
    let pages: PageLinks
    let people: Int
    let hoursTotal: String
    let examListed: Int
    let examSat: Int
    let examPassed: Int
    let passMark: Int
    let canHandle: Bool
    let canImport: Bool
    let kinds: [OptionContext]
    let today: String
    let errors: [FormError]
    let notice: String?
}

struct StudyPeopleContext: Encodable {
    struct Row: Encodable {
        let unit: String
        let person: String
        let hours: String
        let sessions: Int
    }

    let layout: LayoutContext
    let tabs: OversightTabs
    let year: Int
    let unitName: String
    let rows: [Row]
    let total: Int
    let pages: PageLinks
}
