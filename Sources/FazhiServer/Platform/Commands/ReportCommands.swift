import Vapor

/// `fazhi report <register> …`: each register's statutory reports (see `RegisterModule.reportCommands`).
struct ReportCommands: AsyncCommandGroup {
    var help: String { "Statutory reports." }
    var commands: [String: any AnyAsyncCommand] {
        RegisterModules.all.reduce(into: [:]) { all, module in all.merge(module.reportCommands) { first, _ in first } }
    }
}
