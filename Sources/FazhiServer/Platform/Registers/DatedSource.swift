import FazhiCore
import Fluent
import FluentSQL
import Foundation

/// One kind of dated item as SQL. The supervision scan runs each source's query; the overdue board
/// and `GET /api/v1/overdue` put every visible source into one `UNION ALL` and let the database
/// count, order and page it, so a city's tens of thousands of overdue items are never read whole
/// for a page of 100 (issue 21).
///
/// `select` returns the open items due on or before `horizon` (using the source's partial index on
/// open rows), with exactly these columns:
///
/// | column | type | meaning |
/// |---|---|---|
/// | `id` | uuid | the item (a task, a measure, a request; for a report the task, for a window the unit) |
/// | `ref` | uuid | what the key and link also need (a report's period, a window's cycle; else `id` again) |
/// | `unit_id` | uuid | the responsible unit |
/// | `label` | text | the item's name (a title, a number) |
/// | `detail` | text | a second text the title is made of (the period's name, the year), or `''` |
/// | `due` | text | `YYYY-MM-DD` |
struct DatedSource: Sendable {
    let kind: DatedItem.Kind
    let select: @Sendable (_ horizon: LocalDate, _ today: LocalDate) -> SQLQueryString
    /// The item from one row; nil leaves the row out (a date that does not parse).
    let item: @Sendable (DatedRow) -> DatedItem?
}

/// One row of a `DatedSource` query.
struct DatedRow: Decodable, Sendable {
    let id: UUID
    let ref: UUID
    let unitId: UUID
    let label: String
    let detail: String
    let due: String

    var dueDate: LocalDate? { LocalDate(due) }
}

enum DatedSources {
    /// The platform's own sources (assessment windows, supervision notices) and every register's.
    static var all: [DatedSource] { SupervisionScan.platformSources + RegisterModules.all.flatMap(\.datedSources) }

    /// Items of `sources` due by the horizon, one query per source, optionally of one unit.
    static func items(
        _ sources: [DatedSource], on db: any Database, horizon: LocalDate, today: LocalDate, unit: UUID? = nil
    ) async throws -> [DatedItem] {
        var items: [DatedItem] = []
        for source in sources {
            var query: SQLQueryString = "SELECT s.id, s.ref, s.unit_id, s.label, s.detail, s.due FROM (\(source.select(horizon, today))) s"
            if let unit { query += " WHERE s.unit_id = \(bind: unit)" }
            let rows = try await db.sql().raw(query).all(decoding: DatedRow.self, keyDecodingStrategy: .convertFromSnakeCase)
            items += rows.compactMap(source.item)
        }
        return items
    }

    /// Every source as one relation `items(src, id, ref, unit_id, label, detail, due)`, `src` the
    /// source's position in `sources`.
    static func union(_ sources: [DatedSource], horizon: LocalDate, today: LocalDate) -> SQLQueryString? {
        guard !sources.isEmpty else { return nil }
        let parts: [SQLQueryString] = sources.enumerated().map { index, source in
            "SELECT \(unsafeRaw: String(index)) AS src, s.id, s.ref, s.unit_id, s.label, s.detail, s.due FROM (\(source.select(horizon, today))) s"
        }
        return parts.dropFirst().reduce(parts[0]) { "\($0) UNION ALL \($1)" }
    }
}
