import Fluent
import SQLKit

extension Database {
    /// The SQL interface of the database, for the queries Fluent's builder cannot say (grouped
    /// counts, subqueries, CASE). Both drivers Fazhi runs on are SQL databases, so this fails
    /// only if someone configures another kind.
    func sql() throws -> any SQLDatabase {
        guard let sql = self as? any SQLDatabase else { throw AppError.conflict("此操作需要 SQL 数据库(SQLite 或 PostgreSQL)") }
        return sql
    }
}
