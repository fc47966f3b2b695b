import FazhiCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import FazhiServer

extension ServerTests {
    /// 流式上传: an upload is read once, straight to a temporary file; a refused one (wrong token,
    /// too large, wrong type, cut short) stores nothing and leaves no temporary file behind.
    @Suite struct UploadTests {
        /// An open problem and its unit's liaison, signed in, on the problem's page.
        static func openProblem(_ app: Application) async throws -> (Browser, String) {
            let problem = try #require(try await Problem.query(on: app.db).filter(\.$status == .open).with(\.$unit).first())
            var liaison = try await Browser.signedIn(app, as: "\(problem.unit.code)-liaison")
            let base = "/problems/\(try problem.requireID().uuidString)"
            #expect(try await liaison.get(base).status == .ok)
            return (liaison, base)
        }

        static func multipart(_ fields: [(String, String)], file: (filename: String, data: Data)?, boundary: String) -> Data {
            var body = Data()
            for (name, value) in fields {
                body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
            }
            if let file {
                body += Data(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.filename)\"\r\nContent-Type: application/pdf\r\n\r\n"
                        .utf8)
                body += file.data + Data("\r\n".utf8)
            }
            return body + Data("--\(boundary)--\r\n".utf8)
        }

        static func incoming(_ app: Application) -> [String] {
            (try? FileManager.default.contentsOfDirectory(atPath: app.fileStore.temporaryDirectory)) ?? []
        }

        static func problemFiles(_ app: Application) async throws -> Int {
            try await Attachment.query(on: app.db).filter(\.$ownerType == AttachmentOwner.problem.code).count()
        }

        @Test func refusedUploadsStoreNothingAndLeaveNoTemporaryFile() async throws {
            try await withTestDistrict(units: try TestDistrict.assessed(), .problems, adjust: { $0.maxUploadMB = 1 }) { app, _, _ in
                let (liaison, base) = try await Self.openProblem(app)
                let before = try await Self.problemFiles(app)
                let pdf = AssessmentDemo.demoPDF("upload")
                func send(_ body: Data, boundary: String = "b0undary") async throws -> TestingHTTPResponse {
                    var headers = liaison.headers
                    headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
                    return try await app.testing().sendRequest(.POST, base + "/files", headers: headers, body: ByteBuffer(data: body))
                }
                // A forged form: the page's token is missing or wrong.
                var response = try await send(Self.multipart([("_csrf", "forged")], file: ("证明.pdf", pdf), boundary: "b0undary"))
                #expect(response.status == .badRequest && response.body.string.contains("CSRF 校验失败"))
                response = try await send(Self.multipart([], file: ("证明.pdf", pdf), boundary: "b0undary"))
                #expect(response.status == .badRequest)
                // Over the limit (1 MB here), refused while it arrives.
                var big = pdf
                big += Data(count: 1_200_000)
                response = try await send(Self.multipart([("_csrf", liaison.csrf)], file: ("大文件.pdf", big), boundary: "b0undary"))
                #expect(response.status == .unprocessableEntity && response.body.string.contains("超过 1 MB 的上限"))
                // Not what its name says.
                response = try await send(
                    Self.multipart([("_csrf", liaison.csrf)], file: ("证明.pdf", Data("MZ\u{0}\u{0}".utf8)), boundary: "b0undary"))
                #expect(response.status == .unprocessableEntity && response.body.string.contains("不是可接受的文件类型"))
                // Cut short: the closing delimiter never came.
                let whole = Self.multipart([("_csrf", liaison.csrf)], file: ("证明.pdf", pdf), boundary: "b0undary")
                response = try await send(whole.prefix(whole.count - 30))
                #expect(response.status == .unprocessableEntity && response.body.string.contains("上传没有完成"))
                // No form at all.
                response = try await send(Data("file=x".utf8), boundary: "")
                #expect(response.status.code >= 400 && response.status.code < 500)
                #expect(try await Self.problemFiles(app) == before)
                #expect(Self.incoming(app).isEmpty, "no temporary file left: \(Self.incoming(app))")

                // The same form, correct: stored once, under its SHA-256; sent twice (a double
                // click), still one file.
                let once = FormOnce.token()
                let form = Self.multipart([("_csrf", liaison.csrf), ("formOnce", once)], file: ("证明.pdf", pdf), boundary: "b0undary")
                response = try await send(form)
                #expect(response.status == .seeOther)
                response = try await send(form)
                #expect(response.status == .seeOther)
                #expect(try await Self.problemFiles(app) == before + 1)
                #expect(Self.incoming(app).isEmpty)
                #expect(FileManager.default.fileExists(atPath: app.fileStore.path(for: Tokens.sha256Hex(pdf))))
            }
        }

        @Test func leftoversOfAKilledUploadAreRemovedWhenOld() async throws {
            try await withFazhiApp(seed: false) { app, _ in
                let store = app.fileStore
                try FileManager.default.createDirectory(atPath: store.temporaryDirectory, withIntermediateDirectories: true)
                let old = store.temporaryDirectory + "/killed.part", young = store.temporaryDirectory + "/arriving.part"
                let stray = store.directory + "/ab/.abc.part"
                try FileManager.default.createDirectory(atPath: store.directory + "/ab", withIntermediateDirectories: true)
                for path in [old, young, stray] { #expect(FileManager.default.createFile(atPath: path, contents: Data(count: 1024))) }
                let hourAgo = Date().addingTimeInterval(-3600)
                for path in [old, stray] { try FileManager.default.setAttributes([.modificationDate: hourAgo], ofItemAtPath: path) }
                #expect(store.purgeLeftovers() == 2)
                #expect(!FileManager.default.fileExists(atPath: old) && !FileManager.default.fileExists(atPath: stray))
                #expect(FileManager.default.fileExists(atPath: young), "an upload still arriving is kept")
            }
        }
    }
}
