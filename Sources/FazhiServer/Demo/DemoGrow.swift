import FazhiCore
import Fluent
import Foundation
import Vapor

/// `fazhi demo grow --factor N`: multiplies the demo's records of every feature and register so that
/// pages can be measured at city scale. Every copy is a new record — new ids, foreign keys pointing
/// at the copies of its parents, unique numbers — keeping the original's dates, so the clock states
/// stay as varied as in the demo. Each module grows its own rows (`RegisterModule.growDemo`).
enum DemoGrow {
    /// A new model with every stored field of `model` (Fluent models encode their fields by key).
    static func clone<M: Model>(_ model: M) throws -> M {
        let copy = try JSONDecoder().decode(M.self, from: try JSONEncoder().encode(model))
        copy.id = nil
        return copy
    }

    /// Copies of `children` (a parent's, by its old id), each with a new id and pointed at `parent` by `link`.
    static func cloneChildren<C: Model>(_ children: [C]?, to parent: UUID, _ link: (C, UUID) -> Void) throws -> [C] where C.IDValue == UUID {
        try (children ?? []).map { child in
            let copy = try clone(child)
            copy.id = UUID()
            link(copy, parent)
            return copy
        }
    }

    /// Writes `rows` in one write transaction per 2,000 rows, 100 rows per INSERT.
    static func insert<M: Model>(_ rows: [M], on db: any Database) async throws {
        for start in stride(from: 0, to: rows.count, by: 2_000) {
            let chunk = Array(rows[start..<min(rows.count, start + 2_000)])
            try await db.writeTransaction { tx in
                for s in stride(from: 0, to: chunk.count, by: 100) {
                    try await Array(chunk[s..<min(chunk.count, s + 100)]).create(on: tx)
                }
            }
        }
    }
}

/// `fazhi demo grow --factor N`
struct DemoCommands: AsyncCommandGroup {
    var help: String { "Demo data tools." }
    var commands: [String: any AnyAsyncCommand] { ["grow": GrowCommand()] }

    struct GrowCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "factor", help: "How many times the demo's records there should be (2–1000).") var factor: Int?
        }

        var help: String { "Multiplies the demo's records of every feature and register (for measuring pages at scale)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            guard let factor = signature.factor, (2...1000).contains(factor) else { throw CommandFailure("--factor 应为 2 到 1000 的整数") }
            guard app.fazhi.mode == .demo else { throw CommandFailure("只能在演示模式(FAZHI_ENV=demo)下扩充演示数据") }
            try await app.autoMigrate()
            try await CalendarService.seedIfEmpty(app)
            _ = try await DemoSeed.seedIfEmpty(app)
            let started = Date()
            for module in RegisterModules.all {
                let t = Date()
                try await module.growDemo(app, factor: factor)
                printError("\(module.title):已扩充到 \(factor) 倍(\(String(format: "%.1f", Date().timeIntervalSince(t))) 秒)")
            }
            try await AuditService.record(
                on: app.db, actor: DemoSeed.actor, action: .grow, entityType: .demo, entityID: "demo",
                after: ["factor": String(factor)], at: app.clock.now())
            printError("演示数据已扩充到 \(factor) 倍,用时 \(String(format: "%.1f", Date().timeIntervalSince(started))) 秒。")
        }
    }
}
