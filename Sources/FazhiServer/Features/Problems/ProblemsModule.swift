import FazhiCore
import Fluent
import FluentSQL
import Vapor

/// 问题池 (督察、审计、巡察、考评发现的问题及其整改): the pool as one module — its routes, menu
/// entry, rectification measures on the escalation ladder, and demo problems. Its schema is still
/// in the platform's changelog (migration 010, which 011 indexes), as it shipped before the frame;
/// later changes are the module's own (`migrations`).
struct ProblemsModule: RegisterModule {
    let key = "problems"
    let title = "问题池"
    let auditEntities: [AuditEntity] = [.problem]
    let auditActions: [AuditAction] = [.measureDone, .measureUndone, .report]
    var auditValues: [String: [String: String]] {
        ["\(AuditEntity.problem.code).status": Dictionary(uniqueKeysWithValues: ProblemStatus.allCases.map { ($0.rawValue, $0.label) })]
    }

    func routes(web: any RoutesBuilder, api: any RoutesBuilder, app: Application) throws {
        try web.register(collection: ProblemController(maxUploadMB: app.fazhi.maxUploadMB))
    }

    func menuEntry(_ req: Request) -> MenuEntry? {
        req.may(.viewProblems) ? MenuEntry(key: key, label: title, href: "/problems", after: "assessment") : nil
    }

    var itemKinds: [DatedItem.Kind] { [.problemMeasure] }

    var migrations: [any Migration] { [AddProblemListIndexes(), MoveProblemFilesToAttachments()] }

    /// Open rectification measures of problems not yet reported (`problem_measures_open_due_idx`).
    var datedSources: [DatedSource] {
        [
            DatedSource(
                kind: .problemMeasure,
                select: { horizon, _ in
                    """
                    SELECT m.id AS id, p.id AS ref, p.unit_id AS unit_id, p.number AS label, m.text AS detail, m.due AS due
                    FROM problem_measures m JOIN problems p ON p.id = m.problem_id
                    WHERE m.done_on IS NULL AND m.due <= \(bind: horizon.description) AND p.status = 'open'
                    """
                },
                item: { row in
                    row.dueDate.map {
                        DatedItem(
                            kind: .problemMeasure, key: "measure:\(row.id.uuidString)", unitID: row.unitId, title: "\(row.label) \(row.detail)",
                            due: $0, href: "/problems/\(row.ref.uuidString)")
                    }
                })
        ]
    }

    func showsItems(to req: Request) -> Bool { req.may(.viewProblems) }

    /// The demo district's problems are part of its base data (not register history).
    func seedDemo(_ app: Application, history: Bool) async throws { try await ProblemDemo.seed(app) }
}
