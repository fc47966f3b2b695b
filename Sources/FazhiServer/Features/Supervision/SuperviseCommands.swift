import FazhiCore
import Vapor

/// `fazhi supervise run`: one round of the scheduler (scan, inbox, digests, sending) and what it
/// did — for cron on a deployment that runs the web processes with FAZHI_SCHEDULER=off.
struct SuperviseCommands: AsyncCommandGroup {
    var help: String { "Supervision scheduler tools." }
    var commands: [String: any AnyAsyncCommand] { ["run": RunCommand()] }

    struct RunCommand: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Runs one round: scan dated items, make notifications, enqueue digests, send what is due." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.autoMigrate()
            try await CalendarService.seedIfEmpty(app)
            let result = try await SupervisionScheduler.tick(
                app, worker: DeliveryWorker(app: app, instance: "cli-" + DeliveryWorker.instanceName()),
                sendLimit: 10_000)
            print("到期或逾期事项 \(result.signals) 项;提醒 \(result.notifications) 条(已有的不重复);新汇总 \(result.digests) 份;发送 \(result.sent) 条。")
        }
    }
}
