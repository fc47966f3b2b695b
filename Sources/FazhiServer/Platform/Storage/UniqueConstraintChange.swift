import Fluent
import Foundation
import SQLKit

/// Replaces a table's unique constraint (made by Fluent's `.unique(on:)`) with one over other
/// columns — what a district-level table needs when "one per year" becomes "one per district and
/// year".
///
/// PostgreSQL drops and adds the constraint. SQLite cannot drop a table constraint, so the table
/// is rebuilt the way SQLite documents it ("Making Other Kinds Of Table Schema Changes", steps
/// 1–12): on one connection with foreign keys off (so dropping the old table deletes no child row
/// through `ON DELETE CASCADE`), in one transaction: create the new table from the stored
/// definition with the constraint replaced, copy every row, drop the old table, rename the new one,
/// make its indexes and triggers again, and check every foreign key before committing.
enum UniqueConstraintChange {
    static func replace(
        table: String, from old: [String], to new: [String], on database: any Database
    ) async throws {
        let oldName = name(table, old), newName = name(table, new)
        let sql = try database.sql()
        guard sql.dialect.name == "sqlite" else {
            try await sql.raw("ALTER TABLE \(ident: table) DROP CONSTRAINT \(ident: oldName)").run()
            try await sql.raw("ALTER TABLE \(ident: table) ADD CONSTRAINT \(ident: newName) UNIQUE (\(unsafeRaw: quoted(new)))").run()
            return
        }
        try await database.withConnection { connection in
            let sql = try connection.sql()
            try await sql.raw("PRAGMA foreign_keys = OFF").run()
            do {
                try await rebuild(table, oldClause: clause(oldName, old), newClause: clause(newName, new), on: sql)
            } catch {
                try? await sql.raw("ROLLBACK").run()
                try? await sql.raw("PRAGMA foreign_keys = ON").run()
                throw error
            }
            try await sql.raw("PRAGMA foreign_keys = ON").run()
        }
    }

    private static func rebuild(_ table: String, oldClause: String, newClause: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("BEGIN IMMEDIATE").run()
        guard
            let create = try await sql.raw("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = \(bind: table)")
                .first(decodingColumn: "sql", as: String.self),
            create.contains(oldClause)
        else { throw AppError.conflict("迁移失败:表 \(table) 中没有约束 \(oldClause)") }
        let temporary = table + "_rebuild"
        let header = "CREATE TABLE \"\(table)\""
        guard create.hasPrefix(header) else { throw AppError.conflict("迁移失败:无法识别表 \(table) 的定义") }
        let definition = "CREATE TABLE \"\(temporary)\"" + create.dropFirst(header.count).replacingOccurrences(of: oldClause, with: newClause)
        let others = try await sql.raw(
            "SELECT sql FROM sqlite_master WHERE tbl_name = \(bind: table) AND type IN ('index', 'trigger') AND sql IS NOT NULL"
        ).all(decodingColumn: "sql", as: String.self)
        try await sql.raw(SQLQueryString(definition)).run()
        try await sql.raw("INSERT INTO \(ident: temporary) SELECT * FROM \(ident: table)").run()
        try await sql.raw("DROP TABLE \(ident: table)").run()
        try await sql.raw("ALTER TABLE \(ident: temporary) RENAME TO \(ident: table)").run()
        for statement in others { try await sql.raw(SQLQueryString(statement)).run() }
        let broken = try await sql.raw("PRAGMA foreign_key_check").all()
        guard broken.isEmpty else { throw AppError.conflict("迁移失败:重建表 \(table) 后有 \(broken.count) 个外键不成立") }
        try await sql.raw("COMMIT").run()
    }

    /// Fluent's name for a unique constraint: `uq:<table>.<column>+<table>.<column>`.
    static func name(_ table: String, _ columns: [String]) -> String {
        "uq:" + columns.map { "\(table).\($0)" }.joined(separator: "+")
    }

    private static func quoted(_ columns: [String]) -> String {
        columns.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    /// The clause as Fluent writes it into SQLite's stored `CREATE TABLE`.
    private static func clause(_ name: String, _ columns: [String]) -> String {
        "CONSTRAINT \"\(name)\" UNIQUE (\(quoted(columns)))"
    }
}
