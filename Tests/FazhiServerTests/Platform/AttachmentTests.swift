import FazhiCore
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// 附件: every uploaded file is one `Attachment`; the migrations that moved the three old file
    /// tables into it keep every file's id, bytes and link, and can be undone and redone.
    @Suite struct AttachmentTests {
        @Test func movingTheOldFileTablesKeepsEveryFileReachable() async throws {
            try await withTestDistrict(units: try TestDistrict.assessed(), [.assessment, .supervision, .problems]) { app, _, _ in
                let sql = try #require(app.db as? any SQLDatabase)
                // A progress report's file besides the demo's evidence and rectification files.
                let report = try #require(try await ProgressReport.query(on: app.db).first())
                let pdf = AssessmentDemo.demoPDF("report file")
                let stored = try AttachmentService.accept(.bytes(filename: "进展.pdf", data: pdf), maxBytes: 1 << 20, into: app.fileStore)
                let reportFile = try await AttachmentService.attach(
                    stored, to: .progressReport, id: try report.requireID(), by: "office", at: fixedNow, on: app.db)

                func count(_ owner: AttachmentOwner) async throws -> Int {
                    try await Attachment.query(on: app.db).filter(\.$ownerType == owner.code).count()
                }
                func rows(_ table: String) async throws -> Int {
                    let row = try #require(try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first())
                    return Int(try row.decode(column: "n", as: Int64.self))
                }
                let evidence = try #require(try await EvidenceFile.query(on: app.db).with(\.$attachment).first())
                let cycle = try #require(try await AssessmentCycle.find(evidence.$cycle.id, on: app.db))
                let problemFile = try #require(try await Attachment.query(on: app.db).filter(\.$ownerType == AttachmentOwner.problem.code).first())
                let links = [
                    ("/assessment/\(cycle.year)/evidence/\(try evidence.requireID().uuidString)", try evidence.sha256),
                    ("/problems/\(problemFile.ownerID.uuidString)/files/\(try problemFile.requireID().uuidString)", problemFile.sha256),
                    ("/reports/files/\(try reportFile.requireID().uuidString)", reportFile.sha256),
                ]
                let before = (try await count(.evidence), try await count(.problem), try await count(.progressReport))
                #expect(before.0 > 0 && before.1 > 0 && before.2 == 1)

                var office = try await Browser.signedIn(app, as: "office")
                func reachable() async throws {
                    for (path, sha256) in links {
                        let response = try await office.get(path)
                        #expect(response.status == .ok, "\(path)")
                        #expect(response.headers.first(name: "X-Content-SHA256") == sha256, "\(path)")
                        #expect(Tokens.sha256Hex(Data(response.body.readableBytesView)) == sha256, "\(path)")
                    }
                }
                try await reachable()

                // Undone: the rows are back in their old tables, none left in attachments.
                try await MoveProblemFilesToAttachments().revert(on: app.db)
                try await MoveReportFilesToAttachments().revert(on: app.db)
                try await MoveEvidenceToAttachments().revert(on: app.db)
                #expect(try await rows("evidence_files") == before.0)
                #expect(try await rows("problem_files") == before.1)
                #expect(try await rows("progress_report_files") == 1)
                #expect(try await Attachment.query(on: app.db).count() == 0)

                // Redone: the same files under the same ids and links.
                try await MoveEvidenceToAttachments().prepare(on: app.db)
                try await MoveReportFilesToAttachments().prepare(on: app.db)
                try await MoveProblemFilesToAttachments().prepare(on: app.db)
                #expect(try await count(.evidence) == before.0)
                #expect(try await count(.problem) == before.1)
                #expect(try await count(.progressReport) == 1)
                let moved = try #require(try await Attachment.find(reportFile.id, on: app.db))
                #expect(moved.ownerID == report.id && moved.kind == "pdf" && moved.filename == "进展.pdf" && moved.size == pdf.count)
                try await reachable()
            }
        }

        /// A file is found only under its own owner's address: a problem's file id under the
        /// progress reports' address is not found.
        @Test func aFileIsNotFoundUnderAnotherOwnersAddress() async throws {
            try await withTestDistrict(units: try TestDistrict.assessed(), .problems) { app, _, _ in
                let problemFile = try #require(try await Attachment.query(on: app.db).filter(\.$ownerType == AttachmentOwner.problem.code).first())
                var office = try await Browser.signedIn(app, as: "office")
                #expect(try await office.get("/reports/files/\(try problemFile.requireID().uuidString)").status == .notFound)
                #expect(try await office.get("/reports/files/not-a-uuid").status == .notFound)
            }
        }
    }
}
