import Foundation

/// 分段读取上传表单: a `multipart/form-data` body (RFC 7578) read as it arrives, chunk by chunk,
/// so a 50 MB upload is never held in memory: each part's headers, then its bytes in pieces, then
/// its end. A delimiter split across two chunks is found all the same (the scanner keeps the few
/// bytes that could begin one). Headers are bounded; anything malformed is an error, never a trap.
public struct MultipartScanner {
    public enum Event: Equatable {
        /// A part begins: its field name, and the file name when it is a file.
        case part(name: String, filename: String?)
        /// Some of the current part's bytes, in order.
        case bytes([UInt8])
        /// The current part is complete.
        case partEnd
    }

    public struct Malformed: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    private enum State { case preamble, headers, body, afterDelimiter, done }

    /// `--boundary` (the first delimiter may start the body) and `\r\n--boundary` (every other).
    private let opening: [UInt8]
    private let delimiter: [UInt8]
    private var state = State.preamble
    private var buffer: [UInt8] = []
    /// The longest a part's header block may be.
    public static let maxHeaderBytes = 16 * 1024

    public init?(boundary: String) {
        guard !boundary.isEmpty, boundary.utf8.count <= 200 else { return nil }
        opening = Array("--\(boundary)".utf8)
        delimiter = Array("\r\n--\(boundary)".utf8)
    }

    /// True once the closing delimiter has been read.
    public var isFinished: Bool { state == .done }

    /// Reads the next chunk; returns what it completed.
    public mutating func feed<Bytes: Collection>(_ chunk: Bytes) throws -> [Event] where Bytes.Element == UInt8 {
        buffer.append(contentsOf: chunk)
        var events: [Event] = []
        while true {
            switch state {
            case .done:
                buffer.removeAll()
                return events
            case .preamble:
                // The body starts with the delimiter, or a preamble line before "\r\n--boundary".
                if buffer.starts(with: opening) {
                    buffer.removeFirst(opening.count)
                    state = .afterDelimiter
                } else if let at = Self.find(delimiter, in: buffer) {
                    buffer.removeFirst(at + delimiter.count)
                    state = .afterDelimiter
                } else {
                    if buffer.count > Self.maxHeaderBytes { throw Malformed(description: "上传内容不是有效的表单(找不到分隔符)") }
                    return events
                }
            case .afterDelimiter:
                guard buffer.count >= 2 else { return events }
                if buffer[0] == UInt8(ascii: "-") && buffer[1] == UInt8(ascii: "-") {
                    state = .done
                } else if buffer[0] == 13 && buffer[1] == 10 {
                    buffer.removeFirst(2)
                    state = .headers
                } else {
                    throw Malformed(description: "上传内容不是有效的表单(分隔符后的格式错误)")
                }
            case .headers:
                guard let end = Self.find([13, 10, 13, 10], in: buffer) else {
                    if buffer.count > Self.maxHeaderBytes { throw Malformed(description: "上传表单的分段头过长") }
                    return events
                }
                guard end <= Self.maxHeaderBytes else { throw Malformed(description: "上传表单的分段头过长") }
                let headers = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                guard let disposition = FormField.dispositionParameters(headers), let name = disposition["name"] else {
                    throw Malformed(description: "上传表单的分段缺少字段名")
                }
                events.append(.part(name: name, filename: disposition["filename"]))
                state = .body
            case .body:
                if let at = Self.find(delimiter, in: buffer) {
                    if at > 0 { events.append(.bytes(Array(buffer[0..<at]))) }
                    events.append(.partEnd)
                    buffer.removeFirst(at + delimiter.count)
                    state = .afterDelimiter
                } else {
                    // Everything except what could be the start of a delimiter is the part's.
                    let safe = buffer.count - (delimiter.count - 1)
                    if safe > 0 {
                        events.append(.bytes(Array(buffer[0..<safe])))
                        buffer.removeFirst(safe)
                    }
                    return events
                }
            }
        }
    }

    /// The first position of `needle` in `haystack`: `memchr` finds each candidate first byte, so
    /// a chunk of file bytes is scanned at memory speed even in a debug build.
    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        return haystack.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress else { return nil }
            var offset = 0
            let last = haystack.count - needle.count
            while offset <= last {
                guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return nil }
                let position = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + position, needle, needle.count) == 0 { return position }
                offset = position + 1
            }
            return nil
        }
    }
}
