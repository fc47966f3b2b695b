import FazhiCore
import Vapor

/// `fazhi deadline --start 2026-02-10 --days 20 --unit workday [--pause FROM:TO]… [--extend N] [--rule NAME]`
/// prints the due date alone on the first line, then how it was reached. `--pause` may repeat,
/// so the arguments are read here rather than through a fixed signature.
struct DeadlineCommand: AnyAsyncCommand {
    var help: String { "Computes a statutory due date and explains it (first line: YYYY-MM-DD)." }

    static let usage = """
        用法:fazhi deadline --start YYYY-MM-DD (--days N [--unit workday|day|month] | --rule 规则编号)
                            [--pause 开始:结束]… [--extend N] [--restart YYYY-MM-DD] [--list-rules]
        """

    func outputHelp(using context: inout CommandContext) throws {
        context.console.output(Self.usage.consoleText())
    }

    func run(using context: inout CommandContext) async throws {
        let app = context.application
        var arguments = context.input.arguments
        context.input.arguments = []
        if arguments.first == "deadline" { arguments.removeFirst() }
        var input = DeadlineInput(start: "")
        var listRules = false
        var i = 0
        func value() throws -> String {
            guard i + 1 < arguments.count, !arguments[i + 1].hasPrefix("--") else {
                throw CommandFailure("参数 \(arguments[i]) 缺少取值\n\(Self.usage)")
            }
            i += 1
            return arguments[i]
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--start": input.start = try value()
            case "--days": input.days = try value()
            case "--unit": input.unit = try value()
            case "--pause": input.pauses.append(try value())
            case "--extend": input.extend = try value()
            case "--rule": input.rule = try value()
            case "--restart": input.restart = try value()
            case "--list-rules": listRules = true
            default: throw CommandFailure("无法识别的参数“\(arguments[i])”\n\(Self.usage)")
            }
            i += 1
        }
        let catalogue = app.deadlineRules
        if listRules {
            for rule in catalogue.rules { print("\(rule.id)\t\(rule.name)\t\(rule.length)\(rule.unit.label)\t\(rule.basis)") }
            return
        }
        try await app.autoMigrate()
        try await CalendarService.seedIfEmpty(app)
        do {
            let request = try input.request(catalogue: catalogue)
            let explanation = try await CalendarService.engine(on: app.db).explain(request)
            // A date past the loaded notices carries the same 暂定 mark as on the pages; the trace's
            // last line says why.
            print(explanation.result.due.description + (explanation.result.provisional == nil ? "" : "(\(ProvisionalMark.label))"))
            for line in explanation.lines { print("  " + line.text) }
        } catch let failure as ValidationFailure {
            throw CommandFailure(failure.errors.map { "--\($0.field.prefix { $0 != "[" }): \($0.message)" }.joined(separator: "\n"))
        } catch let error as DeadlineError {
            throw CommandFailure(error.description)
        }
    }
}

/// `fazhi calendar import FILE` (a year's notice as JSON, like Resources/Calendar/cn-2025-2026.json) and `fazhi calendar show`.
struct CalendarCommands: AsyncCommandGroup {
    var help: String { "Working-day calendar: import a year's holiday notice, show what is loaded." }
    var commands: [String: any AnyAsyncCommand] { ["import": ImportCommand(), "show": ShowCommand()] }

    struct ImportCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "file", help: "Calendar file (JSON).") var file: String
        }

        var help: String { "Imports (or replaces) the years in a calendar file; checked first, all or nothing, audited." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.autoMigrate()
            do {
                let file = try CalendarService.readFile(signature.file)
                try await CalendarService.importFile(
                    file, actor: .system("cli"), catalogue: app.deadlineRules, today: app.clock.today,
                    on: app.db, now: app.clock.now())
                let calendar = try await CalendarService.load(on: app.db)
                for year in file.years {
                    print("已导入 \(year.year) 年工作日历:\(try calendar.workdayCount(year: year.year)) 个工作日(\(year.notice))")
                }
            } catch {
                throw CommandFailure(error)
            }
        }
    }

    struct ShowCommand: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Lists the loaded years with their working-day counts." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.autoMigrate()
            try await CalendarService.seedIfEmpty(app)
            let calendar = try await CalendarService.load(on: app.db)
            for year in calendar.confirmedYears { print("\(year)\t\(try calendar.workdayCount(year: year)) 个工作日") }
            let next = calendar.confirmedYears.upperBound + 1
            print("\(next) 年起\t\(ProvisionalMark.label):\(ProvisionalMark(years: next...next).reason)")
        }
    }
}
