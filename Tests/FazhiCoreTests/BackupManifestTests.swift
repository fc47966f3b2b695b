import Foundation
import Testing
@testable import FazhiCore

@Suite struct BackupManifestTests {
    static let sum = String(repeating: "ab", count: 32)

    /// What `sha256sum` writes is read back exactly, and what we write `sha256sum -c` can check.
    @Test func checksumsRoundTripInTheFormatOfSha256sum() throws {
        var sums = BackupChecksums()
        sums.add("database.sqlite", sha256: Self.sum.uppercased())
        sums.add(BackupManifest.evidencePath(Self.sum), sha256: Self.sum)
        #expect(sums.text == "\(Self.sum)  database.sqlite\n\(Self.sum)  evidence/ab/ab/\(Self.sum)\n")
        #expect(try BackupChecksums.parse(sums.text) == sums)
        // Binary-mode lines (`*`) and CRLF endings, as other tools write them.
        let other = try BackupChecksums.parse("\(Self.sum) *manifest.json\r\n")
        #expect(other.entries.map(\.path) == ["manifest.json"])
    }

    /// A line that could point outside the folder, or is not a sum, is refused with its line number.
    @Test func unsafePathsAndBadLinesAreRefusedWithTheirLine() {
        for (text, words) in [
            ("\(Self.sum)  ../etc/passwd\n", "第 1 行"), ("\(Self.sum)  /etc/passwd\n", "第 1 行"),
            ("\(Self.sum)  a\n\(Self.sum)  evidence//x\n", "第 2 行"), ("\(Self.sum)  ./a\n", "第 1 行"),
            ("xyz  a\n", "第 1 行"), ("\(Self.sum) a\n", "第 1 行"), ("\(Self.sum)  a\n\(Self.sum)  a\n", "重复"),
            ("\(Self.sum)  a\\b\n", "第 1 行"),
        ] {
            #expect(throws: BackupError.self, "\(text)") { try BackupChecksums.parse(text) }
            do {
                _ = try BackupChecksums.parse(text)
            } catch let error as BackupError {
                #expect(error.message.contains(words), "\(error.message)")
            } catch { Issue.record("\(error)") }
        }
    }

    /// The manifest carries the snapshot's moment in UTC and in Beijing time, and sums its rows.
    @Test func theManifestSaysWhenInBeijingTime() throws {
        let moment = try #require(ISO8601DateFormatter().date(from: "2026-12-01T16:30:00Z"))
        let manifest = BackupManifest(
            createdAt: moment, database: .sqlite, tables: ["a": 2, "b": 3], auditHead: "5:\(Self.sum)", evidence: [],
            auditKeyIncluded: false, auditKeyCheck: Self.sum)
        #expect(manifest.createdAt == "2026-12-01T16:30:00Z")
        #expect(manifest.createdAtLocal.hasPrefix("2026-12-02 00:30:00"))
        #expect(manifest.totalRows == 5)
        let decoded = try JSONDecoder().decode(BackupManifest.self, from: JSONEncoder().encode(manifest))
        #expect(decoded == manifest)
    }
}
