import Foundation
import Fluent
import SQLKit

/// The records behind a metric (`RegisterModule.metricRecords`), from one query that selects `id`,
/// `label` and `counted` (1 when the record is in the numerator); `page` is the record's page path,
/// the id appended.
enum MetricRecordQuery {
    static func run(_ query: SQLQueryString, page: String, on db: any Database) async throws -> [MetricRecord] {
        try await db.sql().raw(query).all().map { row in
            let id = try row.decode(column: "id", as: UUID.self).uuidString
            return MetricRecord(
                id: id, label: try row.decode(column: "label", as: String?.self) ?? id, href: page + id,
                counted: try row.decode(column: "counted", as: Int64.self) != 0)
        }
    }
}
