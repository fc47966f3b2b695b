import FazhiCore
import Fluent
import FluentSQL
import Foundation
import Vapor

/// 防重复提交: one-time form tokens. A create form carries a random `formOnce` token; the create
/// claims it inside its own write transaction, recording what it created. Submitting the same
/// form again (a refresh, a double click, a retry after a lost response) finds that record and
/// shows the first result instead of creating a second row — which for the public information
/// request form would also inflate the statutory counts.
///
/// Claiming is race-free on both databases: SQLite write transactions start immediate (one writer
/// at a time); on PostgreSQL a second insert of the same primary key waits for the first
/// transaction and then conflicts.
enum FormOnce {
    static let field = "formOnce"

    /// A fresh token for a form.
    static func token() -> String { Tokens.random(bytes: 18) }

    /// A token sent with a form: 16–64 URL-safe characters, or nil (then the create is not
    /// de-duplicated, e.g. an API client or a page served before this existed).
    static func parse(_ text: String?) -> String? {
        guard let text, (16...64).contains(text.count),
            text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return nil }
        return text
    }

    /// Inside the create's transaction: the earlier result for `token`, or nil after claiming it
    /// (the caller then creates, and calls `record`).
    static func claim(_ token: String, kind: String, on tx: any Database, now: Date) async throws -> String? {
        let sql = try tx.sql()
        let inserted = try await sql.raw(
            """
            INSERT INTO form_submissions (token, kind, result, created_at) VALUES (\(bind: token), \(bind: kind), '', \(bind: TimeText.iso(now)))
            ON CONFLICT (token) DO NOTHING RETURNING token
            """
        ).all()
        if !inserted.isEmpty { return nil }
        guard let earlier = try await stored(token, on: tx), earlier.kind == kind else {
            throw AppError.conflict("表单已失效,请刷新页面后重新填写")
        }
        return earlier.result
    }

    /// The stored kind and result of `token`, if any.
    private static func stored(_ token: String, on db: any Database) async throws -> (kind: String, result: String)? {
        guard let row = try await db.sql().raw("SELECT kind, result FROM form_submissions WHERE token = \(bind: token)").first() else {
            return nil
        }
        return (try row.decode(column: "kind", as: String.self), try row.decode(column: "result", as: String.self))
    }

    /// Outside a transaction: what `token` created already, if anything (for a create that checks
    /// other things first and would refuse the second submission for them; it still claims inside).
    static func earlier(_ token: String, kind: String, on db: any Database) async throws -> String? {
        guard let earlier = try await stored(token, on: db), earlier.kind == kind, !earlier.result.isEmpty else { return nil }
        return earlier.result
    }

    /// Records what the claimed token created (an id or number the form's page can show again).
    static func record(_ token: String, result: String, on tx: any Database) async throws {
        try await tx.sql().raw("UPDATE form_submissions SET result = \(bind: result) WHERE token = \(bind: token)").run()
    }

    /// Forgets tokens older than `days` (run with each of the scheduler's scans).
    static func purge(olderThan days: Int, now: Date, on db: any Database) async throws {
        let cutoff = TimeText.iso(now.addingTimeInterval(-Double(days) * 86_400))
        try await db.sql().raw("DELETE FROM form_submissions WHERE created_at < \(bind: cutoff)").run()
    }
}
