import Foundation
import Testing

@testable import FazhiCore

/// 分段读取上传表单: the same parts however the body is cut into chunks.
struct MultipartScannerTests {
    static let boundary = "----fazhi7MA4YWxkTrZu0gW"

    static func body(file: [UInt8]) -> [UInt8] {
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntoken-1\r\n".utf8)
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"item\"\r\n\r\n自评报告\r\n".utf8)
        body += Array(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"报告.pdf\"\r\nContent-Type: application/pdf\r\n\r\n".utf8)
        body += file
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        return body
    }

    /// Parts as (name, filename, bytes), from the events.
    static func parts(_ body: [UInt8], chunk: Int) throws -> (parts: [(String, String?, [UInt8])], finished: Bool) {
        guard var scanner = MultipartScanner(boundary: boundary) else { throw MultipartScanner.Malformed(description: "boundary") }
        var parts: [(String, String?, [UInt8])] = []
        var start = 0
        while start < body.count {
            let end = min(body.count, start + chunk)
            for event in try scanner.feed(body[start..<end]) {
                switch event {
                case .part(let name, let filename): parts.append((name, filename, []))
                case .bytes(let bytes): parts[parts.count - 1].2 += bytes
                case .partEnd: break
                }
            }
            start = end
        }
        return (parts, scanner.isFinished)
    }

    @Test func anyChunkingGivesTheSameParts() throws {
        // File bytes that contain a CR LF, dashes and most of the delimiter, but never all of it.
        let file = Array("%PDF-1.4\r\n--".utf8) + Array("\r\n--\(Self.boundary.dropLast())X".utf8) + (0..<600).map { UInt8($0 % 256) }
        let body = Self.body(file: file)
        for chunk in [1, 2, 3, 7, 64, 1000, body.count] {
            let (parts, finished) = try Self.parts(body, chunk: chunk)
            #expect(finished, "chunk \(chunk)")
            #expect(parts.map(\.0) == ["_csrf", "item", "file"], "chunk \(chunk)")
            #expect(parts.map(\.1) == [nil, nil, "报告.pdf"], "chunk \(chunk)")
            #expect(String(decoding: parts[1].2, as: UTF8.self) == "自评报告", "chunk \(chunk)")
            #expect(parts[2].2 == file, "chunk \(chunk)")
        }
    }

    @Test func aBodyCutShortIsNotFinished() throws {
        let body = Self.body(file: Array("%PDF-1.4 partial".utf8))
        let (_, finished) = try Self.parts(Array(body.prefix(body.count - 10)), chunk: 5)
        #expect(!finished)
    }

    @Test func malformedBodiesAreErrorsNotTraps() throws {
        for text in [
            "no delimiter at all " + String(repeating: "x", count: MultipartScanner.maxHeaderBytes + 10),
            "--\(Self.boundary)XX",
            "--\(Self.boundary)\r\nContent-Type: text/plain\r\n\r\nvalue\r\n--\(Self.boundary)--",
            "--\(Self.boundary)\r\n" + String(repeating: "H", count: MultipartScanner.maxHeaderBytes + 10),
        ] {
            #expect(throws: MultipartScanner.Malformed.self, "\(text.prefix(40))") { _ = try Self.parts(Array(text.utf8), chunk: 100) }
        }
        #expect(MultipartScanner(boundary: "") == nil)
        #expect(MultipartScanner(boundary: String(repeating: "b", count: 201)) == nil)
    }

    @Test func aPreambleBeforeTheFirstDelimiterIsSkipped() throws {
        let body = Array("This is a preamble.\r\n".utf8) + Self.body(file: Array("%PDF".utf8))
        let (parts, finished) = try Self.parts(body, chunk: 4)
        #expect(finished && parts.count == 3 && parts[2].2 == Array("%PDF".utf8))
    }
}
