import Foundation

/// 变更内容: what an audit event changed, field by field, read from its before/after snapshots
/// (JSON objects). Values are shown as text: lists joined with 、, nested objects as compact JSON.
public enum AuditDiff {
    public struct Change: Equatable, Sendable {
        /// The snapshot's key ("" when a snapshot is not an object).
        public let field: String
        public let before: String?
        public let after: String?
    }

    /// The fields that differ between `before` and `after`, in key order; for an event with only
    /// one snapshot, every field of it.
    public static func changes(before: String?, after: String?) -> [Change] {
        let old = before.map(parse), new = after.map(parse)
        guard (old ?? nil) != nil || (new ?? nil) != nil else {
            // Neither is a JSON object: one unnamed change, if any.
            if before == nil && after == nil { return [] }
            return before == after ? [] : [Change(field: "", before: before, after: after)]
        }
        let a = (old ?? nil) ?? [:], b = (new ?? nil) ?? [:]
        return Set(a.keys).union(b.keys).sorted().compactMap { key in
            let x = a[key], y = b[key]
            if x == y { return nil }
            return Change(field: key, before: x, after: y)
        }
    }

    /// A JSON object's fields as display text; nil when the text is not a JSON object.
    static func parse(_ text: String) -> [String: String]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        return object.mapValues(display)
    }

    static func display(_ value: Any) -> String {
        switch value {
        case is NSNull: return ""
        case let s as String: return s
        case let n as NSNumber:
            // JSON booleans arrive as NSNumber too; their Objective-C type is `c` (char).
            if String(cString: n.objCType) == "c" { return n.boolValue ? "是" : "否" }
            return n.stringValue
        case let list as [Any]: return list.map(display).joined(separator: "、")
        default:
            guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else { return "" }
            return String(decoding: data, as: UTF8.self)
        }
    }
}
