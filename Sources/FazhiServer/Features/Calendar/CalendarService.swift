import FazhiCore
import Fluent
import Vapor

/// The working-day calendar in the database, and the rule catalogue shipped with Fazhi.
enum CalendarService {
    static let shippedFile = "Calendar/cn-2025-2026.json"
    static let rulesFile = "Deadlines/rules.json"

    /// The calendar as stored (built once per revision, `CalendarCache`); an empty table is an error
    /// that says what to do.
    static func load(on db: any Database) async throws -> WorkCalendar {
        try await engine(on: db).calendar
    }

    static func engine(on db: any Database) async throws -> DeadlineEngine {
        try await CalendarCache.engine(on: db) { DeadlineEngine(calendar: try await loadFromDatabase(on: db)) }
    }

    private static func loadFromDatabase(on db: any Database) async throws -> WorkCalendar {
        let years = try await CalendarYear.query(on: db).sort(\.$year).all().map(\.year)
        guard let first = years.first, let last = years.last else {
            throw AppError.conflict("尚未导入工作日历,请执行 fazhi calendar import 或由系统管理员导入")
        }
        guard years == Array(first...last) else {
            throw AppError.conflict("工作日历年度不连续(\(years.map(String.init).joined(separator: "、"))),请补齐缺少的年度")
        }
        let entries = try await CalendarDay.query(on: db).all().compactMap { day -> WorkCalendar.Entry? in
            let date = day.date
            guard let kind = WorkCalendar.DayKind(rawValue: day.kind) else { return nil }
            return WorkCalendar.Entry(date: date, kind: kind, name: day.name)
        }
        do { return try WorkCalendar(years: first...last, entries: entries) } catch let e as DeadlineError {
            throw AppError.conflict(e.description)
        }
    }

    static func readFile(_ path: String) throws -> CalendarFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw AppError.badRequest("无法读取日历文件 \(path)") }
        do { return try JSONDecoder().decode(CalendarFile.self, from: data) } catch let error as DecodingError {
            let e = FazhiErrorMiddleware.appError(from: error)
            throw AppError.badRequest("日历文件格式有误:\(e?.message ?? "\(error)")", field: e?.field)
        }
    }

    /// Loads the shipped 2025–2026 calendar into an empty database.
    static func seedIfEmpty(_ app: Application) async throws {
        guard try await CalendarYear.query(on: app.db).count() == 0 else { return }
        let file = try readFile(app.directory.resourcesDirectory + shippedFile)
        try await importFile(
            file, actor: .system("calendar-seed"), catalogue: app.deadlineRules, today: app.clock.today, on: app.db,
            now: app.clock.now())
    }

    /// At start: every stored date past the loaded notices (or left empty by an older version that
    /// refused to count past them) is computed again, so what is on the pages matches the calendar.
    static func recomputeProvisional(_ app: Application) async throws {
        guard let engine = try? await self.engine(on: app.db) else { return }
        let context = StoredDeadlines.Context(catalogue: app.deadlineRules, today: app.clock.today, actor: .system("calendar"), now: app.clock.now())
        try await app.db.writeTransaction { tx in
            try await StoredDeadlines.recompute(from: engine.calendar.confirmedEnd.adding(days: 1), old: engine, context: context, on: tx)
        }
    }

    /// After the calendar changed: stored dates that may depend on days from 1 January of the
    /// earliest changed year on are recomputed in the same transaction.
    @discardableResult
    private static func recomputeAfterChange(
        firstYear: Int, old: DeadlineEngine?, actor: AuditActor, catalogue: DeadlineCatalogue,
        today: LocalDate, on tx: any Database, now: Date
    ) async throws -> [StoredDeadlines.Change] {
        // A new revision first: the engine the recomputation builds is the changed calendar's.
        try await CalendarCache.bump(on: tx)
        guard let first = LocalDate(year: firstYear, month: 1, day: 1) else { return [] }
        return try await StoredDeadlines.recompute(
            from: first, old: old, context: .init(catalogue: catalogue, today: today, actor: actor, now: now), on: tx)
    }

    /// Imports (or replaces) whole years: checked first, then written together with their audit
    /// events and with every stored date recomputed that depends on them (暂定 dates become final).
    @discardableResult
    static func importFile(
        _ file: CalendarFile, actor: AuditActor, catalogue: DeadlineCatalogue, today: LocalDate,
        on db: any Database, now: Date
    ) async throws -> [StoredDeadlines.Change] {
        let entries: [WorkCalendar.Entry]
        do {
            entries = try file.entries()
            _ = try WorkCalendar(years: (file.years.map(\.year).min() ?? 2000)...(file.years.map(\.year).max() ?? 2000), entries: entries)
        } catch let e as DeadlineError {
            throw ValidationFailure([FieldError(e.field ?? "years", e.description)])
        }
        return try await db.writeTransaction { tx in
            let old = try? await engine(on: tx)
            for year in file.years {
                let before = try await CalendarDay.query(on: tx).filter(\.$year == year.year).sort(\.$date).all().map(snapshot)
                try await CalendarDay.query(on: tx).filter(\.$year == year.year).delete()
                try await CalendarYear.query(on: tx).filter(\.$year == year.year).delete()
                try await CalendarYear(year: year.year, notice: year.notice).create(on: tx)
                let days = entries.filter { $0.date.year == year.year }
                for day in days {
                    try await CalendarDay(date: day.date, year: year.year, kind: day.kind.rawValue, name: day.name).create(on: tx)
                }
                try await AuditService.record(
                    on: tx, actor: actor, action: .import, entityType: .calendar, entityID: "\(year.year)",
                    before: before.isEmpty ? nil : before,
                    after: days.map { "\($0.date) \($0.kind.rawValue) \($0.name)" }, at: now)
            }
            guard let first = file.years.map(\.year).min() else { return [] }
            return try await recomputeAfterChange(firstYear: first, old: old, actor: actor, catalogue: catalogue, today: today, on: tx, now: now)
        }
    }

    /// Reads an uploaded calendar file (the JSON the CLI imports), with a Chinese message for anything wrong.
    static func decode(_ data: Data) throws -> CalendarFile {
        guard !data.isEmpty else { throw ValidationFailure([FieldError("file", "请选择日历文件(JSON)")]) }
        do { return try JSONDecoder().decode(CalendarFile.self, from: data) } catch let error as DecodingError {
            let e = FazhiErrorMiddleware.appError(from: error)
            throw ValidationFailure([FieldError("file", "日历文件格式有误:\(e?.message ?? "不是有效的 JSON")")])
        } catch {
            throw ValidationFailure([FieldError("file", "日历文件不是有效的 JSON")])
        }
    }

    /// Adds or changes one dated entry of a loaded year (administrator's page).
    static func setDay(
        date text: String, kind: String, name: String, actor: AuditActor, catalogue: DeadlineCatalogue, today: LocalDate,
        on db: any Database, now: Date
    ) async throws {
        var v = Validator()
        let date = LocalDate(text.trimmed)
        if date == nil { v.add("date", LocalDate.complaint(about: text, label: "日期")) }
        guard let dayKind = WorkCalendar.DayKind(rawValue: kind) else {
            v.add("kind", "请选择“法定节假日”或“调休上班”")
            try v.check()
            return
        }
        v.text(name, field: "name", label: "节日名称", max: 20)
        if let date, dayKind == .makeUp, date.weekday < 6 { v.add("kind", "\(date) 是周\(date.weekdayName.suffix(1)),只有周六、周日可以登记为调休上班") }
        if let date, try await CalendarYear.query(on: db).filter(\.$year == date.year).first() == nil {
            v.add("date", "\(date.year) 年的日历尚未导入,请先导入该年度节假日安排")
        }
        try v.check()
        guard let date else { return }
        try await db.writeTransaction { tx in
            let old = try? await engine(on: tx)
            let existing = try await CalendarDay.query(on: tx).filter(\.$date == date).first()
            let before = existing.map(snapshot)
            try await existing?.delete(on: tx)
            let day = CalendarDay(date: date, year: date.year, kind: dayKind.rawValue, name: name.trimmed)
            try await day.create(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: existing == nil ? .create : .update, entityType: .calendar,
                entityID: day.date.description, before: before, after: snapshot(day), at: now)
            try await recomputeAfterChange(firstYear: date.year, old: old, actor: actor, catalogue: catalogue, today: today, on: tx, now: now)
        }
    }

    static func removeDay(
        _ day: CalendarDay, actor: AuditActor, catalogue: DeadlineCatalogue, today: LocalDate,
        on db: any Database, now: Date
    ) async throws {
        try await db.writeTransaction { tx in
            let old = try? await engine(on: tx)
            try await day.delete(on: tx)
            try await AuditService.record(
                on: tx, actor: actor, action: .delete, entityType: .calendar, entityID: day.date.description,
                before: snapshot(day), at: now)
            try await recomputeAfterChange(firstYear: day.year, old: old, actor: actor, catalogue: catalogue, today: today, on: tx, now: now)
        }
    }

    static func snapshot(_ day: CalendarDay) -> String { "\(day.date) \(day.kind) \(day.name)" }

    /// The rule catalogue, read once at start-up.
    static func loadRules(resources: String) throws -> DeadlineCatalogue {
        let data = try Data(contentsOf: URL(fileURLWithPath: resources + rulesFile))
        return try JSONDecoder().decode(DeadlineCatalogue.self, from: data)
    }
}

extension Application {
    private struct RulesKey: StorageKey { typealias Value = DeadlineCatalogue }

    /// 期限规则目录 loaded at start-up.
    var deadlineRules: DeadlineCatalogue {
        get { storage[RulesKey.self] ?? DeadlineCatalogue(rules: []) }
        set { storage[RulesKey.self] = newValue }
    }
}
