/// 热力图 a server-rendered SVG grid of units × level-1 areas: each cell is the share of the area's
/// points the unit earned. Pure text generation, no script, so it passes the strict CSP.
public enum Heatmap {
    public struct Row: Equatable, Sendable {
        public let label: String
        /// One cell per column: (points, maximum), or nil when the area is not fully scored yet.
        public let cells: [(earned: Points, max: Points)?]

        public init(label: String, cells: [(earned: Points, max: Points)?]) {
            self.label = label
            self.cells = cells
        }

        public static func == (a: Row, b: Row) -> Bool {
            a.label == b.label && a.cells.map { $0.map { [$0.earned, $0.max] } } == b.cells.map { $0.map { [$0.earned, $0.max] } }
        }
    }

    /// The colour band of a share in percent: full marks, ≥ 90, ≥ 80, ≥ 60, below, or unscored.
    public static func band(earned: Points, max: Points) -> (fill: String, ink: String) {
        guard max.halves > 0 else { return ("#e4e7eb", "#52606d") }
        let permille = earned.halves * 1000 / max.halves
        switch permille {
        case 1000...: return ("#1b5e20", "#ffffff")
        case 900..<1000: return ("#43a047", "#ffffff")
        case 800..<900: return ("#c5e1a5", "#1f2933")
        case 600..<800: return ("#ffcc80", "#1f2933")
        default: return ("#e57373", "#1f2933")
        }
    }

    public static func svg(title: String, columns: [(code: String, title: String)], rows: [Row]) -> String {
        let labelWidth = 150, cell = 44, header = 40, top = 24
        let width = labelWidth + cell * columns.count + 2, height = top + header + cell * rows.count + 30
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" font-family=\"sans-serif\" font-size=\"12\">"
        out += "<title>\(escape(title))</title>"
        out += "<text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"bold\">\(escape(title))</text>"
        for (i, column) in columns.enumerated() {
            let x = labelWidth + i * cell + cell / 2
            out +=
                "<text x=\"\(x)\" y=\"\(top + header - 8)\" text-anchor=\"middle\"><title>\(escape(column.code + " " + column.title))</title>\(escape(column.code))</text>"
        }
        for (r, row) in rows.enumerated() {
            let y = top + header + r * cell
            out += "<text x=\"\(labelWidth - 6)\" y=\"\(y + cell / 2 + 4)\" text-anchor=\"end\">\(escape(row.label))</text>"
            for (c, value) in row.cells.enumerated() {
                let x = labelWidth + c * cell
                let column = c < columns.count ? columns[c] : (code: "", title: "")
                if let value {
                    let (fill, ink) = band(earned: value.earned, max: value.max)
                    let percent = value.max.halves > 0 ? value.earned.halves * 100 / value.max.halves : 0
                    out += "<rect x=\"\(x + 1)\" y=\"\(y + 1)\" width=\"\(cell - 2)\" height=\"\(cell - 2)\" fill=\"\(fill)\">"
                    out += "<title>\(escape("\(row.label) · \(column.code) \(column.title):\(value.earned)/\(value.max) 分"))</title></rect>"
                    out += "<text x=\"\(x + cell / 2)\" y=\"\(y + cell / 2 + 4)\" text-anchor=\"middle\" fill=\"\(ink)\">\(percent)</text>"
                } else {
                    out += "<rect x=\"\(x + 1)\" y=\"\(y + 1)\" width=\"\(cell - 2)\" height=\"\(cell - 2)\" fill=\"#f5f7fa\" stroke=\"#e4e7eb\">"
                    out += "<title>\(escape("\(row.label) · \(column.code) \(column.title):尚未评完"))</title></rect>"
                }
            }
        }
        let legendY = top + header + cell * rows.count + 20
        out += "<text x=\"0\" y=\"\(legendY)\" fill=\"#52606d\">格内数字为得分率(%);空白为尚未评完</text>"
        return out + "</svg>"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
