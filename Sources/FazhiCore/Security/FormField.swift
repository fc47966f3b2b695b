/// One field of a submitted form, read straight from the body's bytes without decoding the
/// rest: the CSRF check needs only the `_csrf` token, and decoding a whole form (or a whole
/// multipart upload) just to find it doubled the cost of every POST — for a hostile 1 MB form
/// it was most of the request's time.
public enum FormField {
    /// The value of `name` in an `application/x-www-form-urlencoded` body (the first pair with
    /// that name, the name itself possibly percent-encoded), percent-decoded with `+` as a space;
    /// nil when absent or not valid UTF-8.
    public static func urlEncoded<Bytes: Collection>(_ name: String, in body: Bytes) -> String?
    where Bytes.Element == UInt8 {
        var start = body.startIndex
        while start != body.endIndex {
            let end = body[start...].firstIndex(of: UInt8(ascii: "&")) ?? body.endIndex
            let pair = body[start..<end]
            let equals = pair.firstIndex(of: UInt8(ascii: "=")) ?? pair.endIndex
            // A name is short; a long one is some other field (and is not decoded at all).
            if pair.distance(from: pair.startIndex, to: equals) <= 3 * name.utf8.count,
                percentDecoded(pair[pair.startIndex..<equals]) == name
            {
                return equals == pair.endIndex ? "" : percentDecoded(pair[pair.index(after: equals)...])
            }
            start = end == body.endIndex ? end : body.index(after: end)
        }
        return nil
    }

    /// The value of the text part `name` in a `multipart/form-data` body with `boundary` (RFC 7578):
    /// the parts are walked boundary by boundary, so a file's bytes are never read as headers. Nil
    /// when absent, when that part is a file, or when its value is longer than `maxLength` bytes.
    public static func multipart<Bytes: Collection>(
        _ name: String, boundary: String, in body: Bytes, maxLength: Int = 1024
    ) -> String? where Bytes.Element == UInt8 {
        let bytes = Array(body)
        let delimiter = Array("--\(boundary)".utf8)
        let crlf: [UInt8] = [13, 10]
        // The first delimiter starts the body or follows a preamble line.
        guard var at = find(delimiter, in: bytes, from: 0) else { return nil }
        while true {
            var position = at + delimiter.count
            // "--" after a delimiter closes the body.
            if bytes[position...].starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")]) { return nil }
            guard let lineEnd = find(crlf, in: bytes, from: position) else { return nil }
            position = lineEnd + 2
            guard let headerEnd = find(crlf + crlf, in: bytes, from: position - 2) else { return nil }
            let headers = String(decoding: bytes[position..<max(position, headerEnd)], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = find(crlf + delimiter, in: bytes, from: contentStart) else { return nil }
            if let disposition = dispositionParameters(headers), disposition["name"] == name,
                disposition["filename"] == nil
            {
                guard next - contentStart <= maxLength else { return nil }
                return String(validating: bytes[contentStart..<next], as: UTF8.self)
            }
            at = next + 2
        }
    }

    /// The parameters of a part's `Content-Disposition: form-data; name="…"; filename="…"` header.
    static func dispositionParameters(_ headers: String) -> [String: String]? {
        for line in headers.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":"),
                line[..<colon].trimmingSpaces.lowercased() == "content-disposition"
            else { continue }
            var parameters: [String: String] = [:]
            for item in line[line.index(after: colon)...].split(separator: ";").dropFirst() {
                guard let equals = item.firstIndex(of: "=") else { continue }
                var value = item[item.index(after: equals)...].trimmingSpaces
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                parameters[item[..<equals].trimmingSpaces.lowercased()] = value
            }
            return parameters
        }
        return nil
    }

    /// `%XX` escapes and `+` decoded; nil on a broken escape or invalid UTF-8.
    static func percentDecoded<Bytes: Collection>(_ raw: Bytes) -> String? where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = raw.startIndex
        while i != raw.endIndex {
            let byte = raw[i]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                let h = raw.index(after: i)
                guard h != raw.endIndex, raw.index(after: h) != raw.endIndex,
                    let high = hex(raw[h]), let low = hex(raw[raw.index(after: h)])
                else { return nil }
                out.append(high << 4 | low)
                i = raw.index(after: h)
            } else {
                out.append(byte)
            }
            i = raw.index(after: i)
        }
        return String(validating: out, as: UTF8.self)
    }

    static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The first index of `needle` in `haystack` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        var i = from
        let last = haystack.count - needle.count
        while i <= last {
            guard let hit = haystack[i...last].firstIndex(of: first) else { return nil }
            if haystack[hit..<hit + needle.count].elementsEqual(needle) { return hit }
            i = hit + 1
        }
        return nil
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
