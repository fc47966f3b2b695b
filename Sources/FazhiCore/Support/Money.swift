import Foundation

/// 金额 amounts of money as whole 分 (cents), parsed from what a person types — never through a
/// floating-point number.
public enum Money {
    /// The largest amount accepted: 100 亿元.
    public static let maxCents: Int64 = 1_000_000_000_000

    /// `1234`, `1234.5`, `1,234.56`, `１２３` (full-width digits) → cents; nil for anything else, for
    /// more than two decimals, a negative amount or more than `maxCents`.
    public static func cents(_ text: String) -> Int64? {
        var s = text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: ",", with: "")
            .replacingOccurrences(of: "元", with: "")
        s = String(
            s.unicodeScalars.map { u in
                (0xFF10...0xFF19).contains(u.value) ? Character(Unicode.Scalar(UInt8(u.value - 0xFF10 + 0x30))) : (u == "．" ? "." : Character(u))
            })
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.count <= 13, whole.allSatisfy(\.isASCIIDigitOnly)
        else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 2, fraction.allSatisfy(\.isASCIIDigitOnly), parts.count == 1 || !fraction.isEmpty else { return nil }
        while fraction.count < 2 { fraction += "0" }
        guard let w = Int64(whole), let f = Int64(fraction) else { return nil }
        let (scaled, o1) = w.multipliedReportingOverflow(by: 100)
        let (total, o2) = scaled.addingReportingOverflow(f)
        guard !o1, !o2, total <= maxCents else { return nil }
        return total
    }

    /// `123456` → `1,234.56 元`.
    public static func text(_ cents: Int64) -> String {
        let yuan = cents / 100, fen = cents % 100
        let digits = String(yuan)
        var grouped = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { grouped += "," }
            grouped.append(ch)
        }
        return grouped + "." + (fen < 10 ? "0" : "") + String(fen) + " 元"
    }
}

extension Character {
    fileprivate var isASCIIDigitOnly: Bool { ("0"..."9").contains(self) }
}
