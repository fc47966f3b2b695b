import Fluent
import FluentSQL
import Foundation

/// 乐观锁 a write that checked a row as it was read claims that row's version as its first
/// statement inside the write transaction: `UPDATE … SET version = version + 1 WHERE id = ? AND
/// version = ?`. The first writer's update takes the row (PostgreSQL's row lock, SQLite's write
/// lock); a second writer who read the same version waits, then matches nothing and is refused with
/// a message to reload — never applied on top of a state it did not see.
enum VersionClaim {
    static func claim(table: String, id: UUID, version: Int, on tx: any Database) async throws {
        let rows = try await tx.sql().raw(
            """
            UPDATE \(ident: table) SET version = version + 1 WHERE id = \(bind: id) AND version = \(bind: version) RETURNING id
            """
        ).all()
        guard !rows.isEmpty else { throw AppError.conflict("该记录已被他人修改,请刷新页面后重新办理") }
    }
}
