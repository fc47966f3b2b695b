import FazhiCore
import Fluent
import Vapor

/// 调度器: inside every `fazhi serve` process, every FAZHI_SCHEDULER_SECONDS it sends what is due;
/// on the first round of a day and then every `scanInterval` it also scans the dated items, makes
/// the inbox notifications and enqueues the day's digests (from FAZHI_DIGEST_HOUR). The ladder
/// moves by the day, so scanning each round would only re-offer the same notifications; a notice
/// issued is announced at once anyway. Every step is safe with several processes on one database
/// (unique keys for what is made, row claims for what is sent), so nothing needs a leader.
enum SupervisionScheduler {
    struct TickResult {
        let signals: Int
        let notifications: Int
        let digests: Int
        let sent: Int
    }

    /// How often a process scans within a day: a task created or moved mid-day is noticed within this.
    static let scanInterval: TimeInterval = 15 * 60

    /// One round of the scheduler's work; `scan: false` only sends.
    @discardableResult
    static func tick(_ app: Application, worker: DeliveryWorker, sendLimit: Int = 200, scan shouldScan: Bool = true) async throws -> TickResult {
        guard shouldScan else { return TickResult(signals: 0, notifications: 0, digests: 0, sent: await worker.drain(limit: sendLimit)) }
        let now = app.clock.now()
        let today = LocalDate.today(at: now)
        let calendar = try await CalendarService.load(on: app.db)
        let ladder = try await SupervisionScan.ladder(on: app.db)
        let scan = try await SupervisionScan.run(on: app.db, today: today, calendar: calendar, ladder: ladder)
        let made = try await NotificationService.generate(on: app.db, signals: scan.signals, today: today, now: now)
        var digests = 0
        if localHour(now) >= app.fazhi.scheduler.digestHour {
            digests = try await DigestService.enqueueDaily(on: app.db, config: app.fazhi, signals: scan.signals, today: today, now: now)
        }
        let sent = await worker.drain(limit: sendLimit)
        // One-time form tokens only matter while someone might resubmit the same page.
        try await FormOnce.purge(olderThan: 7, now: now, on: app.db)
        try await ThrottleCounters.purge(now: now, on: app.db)
        app.fileStore.purgeLeftovers()
        return TickResult(signals: scan.signals.count, notifications: made, digests: digests, sent: sent)
    }

    static func localHour(_ date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = LocalDate.legalTimeZone
        return calendar.component(.hour, from: date)
    }

    /// Starts the loop for `fazhi serve`; it stops when the application shuts down.
    static func start(_ app: Application) {
        let worker = DeliveryWorker(app: app, instance: DeliveryWorker.instanceName())
        let interval = app.fazhi.scheduler.intervalSeconds
        let task = Task {
            app.logger.notice("督办调度器已启动(\(worker.instance),每 \(interval) 秒)")
            var lastScan: (day: LocalDate, at: Date)?
            while !Task.isCancelled {
                let now = app.clock.now()
                let scan = lastScan.map { $0.day != LocalDate.today(at: now) || now.timeIntervalSince($0.at) >= scanInterval } ?? true
                do {
                    try await tick(app, worker: worker, scan: scan)
                    if scan { lastScan = (LocalDate.today(at: now), now) }
                } catch {
                    app.logger.warning("督办调度失败,下一轮重试:\(String(reflecting: error))")
                }
                try? await Task.sleep(for: .seconds(interval))
            }
        }
        app.lifecycle.use(Stopper(task: task))
    }

    private struct Stopper: LifecycleHandler {
        let task: Task<Void, Never>
        func shutdownAsync(_ application: Application) async {
            task.cancel()
            await task.value
        }
    }
}
