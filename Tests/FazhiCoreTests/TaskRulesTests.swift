import Testing
@testable import FazhiCore

@Suite struct TaskRulesTests {
    let units: Set<String> = ["csglj", "ghtdjcdd", "zhbgs"]
    let arrangements: Set<String> = ["一", "六"]

    func input(
        title: String = "落实行政执法三项制度", lead: String = "csglj", co: [String] = ["ghtdjcdd"],
        start: String = "2026-01-15", due: String = "2026-06-30"
    ) -> TaskInput {
        TaskInput(
            title: title, description: "", arrangementCode: "六", leadUnitCode: lead, coUnitCodes: co,
            start: start, due: due, deliverable: "实施细则")
    }

    @Test func acceptsAValidTask() throws {
        let valid = try TaskRules.validate(input(), planYear: 2026, unitCodes: units, arrangementCodes: arrangements)
        #expect(valid.start == LocalDate("2026-01-15"))
        #expect(valid.coUnitCodes == ["ghtdjcdd"])
    }

    @Test func reportsEveryProblemWithItsField() {
        let bad = TaskInput(
            title: "  ", description: String(repeating: "长", count: 4001), arrangementCode: "九",
            leadUnitCode: "nobody", coUnitCodes: ["csglj", "csglj", "ghost"], start: "2026-06-31",
            due: "2025-12-31", deliverable: "")
        do {
            _ = try TaskRules.validate(bad, planYear: 2026, unitCodes: units, arrangementCodes: arrangements, path: "tasks[3].")
            Issue.record("expected a validation failure")
        } catch let failure as ValidationFailure {
            let fields = failure.errors.map(\.field)
            #expect(fields.contains("tasks[3].title"))
            #expect(fields.contains("tasks[3].description"))
            #expect(fields.contains("tasks[3].arrangement"))
            #expect(fields.contains("tasks[3].leadUnit"))
            #expect(fields.contains("tasks[3].coUnits[2]"))
            #expect(fields.contains("tasks[3].coUnits"))
            #expect(fields.contains("tasks[3].start"))
            #expect(fields.contains("tasks[3].due"))
            #expect(failure.errors.first { $0.field == "tasks[3].due" }!.message.contains("不在方案年度 2026 年内"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func dueBeforeStartIsRefused() {
        #expect(throws: ValidationFailure.self) {
            try TaskRules.validate(
                input(start: "2026-07-01", due: "2026-06-30"), planYear: 2026, unitCodes: units,
                arrangementCodes: arrangements)
        }
    }

    @Test func leadUnitCannotAlsoBeACoUnit() {
        #expect(throws: ValidationFailure([FieldError("coUnits", "牵头单位不能同时作为配合单位")])) {
            try TaskRules.validate(input(co: ["csglj"]), planYear: 2026, unitCodes: units, arrangementCodes: arrangements)
        }
    }

    @Test func progressMustBeAPercentageWithANote() throws {
        #expect(try TaskRules.validateProgress(percent: 40, note: "完成两期培训") == 40)
        #expect(throws: ValidationFailure.self) { try TaskRules.validateProgress(percent: 101, note: "x") }
        #expect(throws: ValidationFailure.self) { try TaskRules.validateProgress(percent: nil, note: "x") }
        #expect(throws: ValidationFailure.self) { try TaskRules.validateProgress(percent: 10, note: "   ") }
    }

    @Test func statusFollowsDatesAndCompletion() {
        let start = LocalDate("2026-03-01")!, due = LocalDate("2026-09-30")!
        func status(today: String, done: String? = nil, cancelled: Bool = false, progress: Int = 0) -> TaskStatus {
            TaskStatus.derive(
                start: start, due: due, completedOn: done.flatMap(LocalDate.init), cancelled: cancelled,
                progress: progress, today: LocalDate(today)!)
        }
        #expect(status(today: "2026-02-28") == .notStarted)
        #expect(status(today: "2026-02-28", progress: 5) == .inProgress)
        #expect(status(today: "2026-03-01") == .inProgress)
        #expect(status(today: "2026-09-30") == .inProgress, "the due day itself is not overdue")
        #expect(status(today: "2026-10-01") == .overdue)
        #expect(status(today: "2026-10-01", done: "2026-10-01") == .completed)
        #expect(status(today: "2026-10-01", cancelled: true) == .cancelled)
    }
}
