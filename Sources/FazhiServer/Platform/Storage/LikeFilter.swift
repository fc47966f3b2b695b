import Fluent
import FluentSQL

extension QueryBuilder {
    /// Rows whose `column` contains `text` literally. Fluent's `~~` passes `%` and `_` in the text
    /// through as LIKE wildcards (a search for "%" matched everything); here they are escaped.
    @discardableResult
    func filter(column: String, containsLiterally text: String) -> Self {
        filter(.sql(embed: "\(ident: column) LIKE \(bind: LikePattern.contains(text)) ESCAPE '\\'"))
    }
}

enum LikePattern {
    /// `%text%` with `\`, `%` and `_` in `text` escaped by `\`.
    static func contains(_ text: String) -> String {
        var escaped = ""
        for c in text {
            if c == "\\" || c == "%" || c == "_" { escaped.append("\\") }
            escaped.append(c)
        }
        return "%" + escaped + "%"
    }
}
