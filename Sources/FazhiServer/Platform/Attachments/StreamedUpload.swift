import Crypto
import FazhiCore
import Foundation
import Vapor

/// 流式上传: an upload form read as it arrives. The file part goes straight to a temporary file in
/// the store's incoming folder while its SHA-256 is computed, so a 50 MB file is never held in
/// memory (nor read twice: the CSRF token is checked here, from the same pass — see
/// `CSRFMiddleware`); the small text fields are kept. Nothing is stored until the caller adopts
/// the file (`AttachmentService.store(_:in:)`); every failure removes the temporary file.
struct StreamedUpload: Sendable {
    /// The form's text fields (each at most 64 KB).
    var fields: [String: String] = [:]
    /// The file, when one was chosen.
    var file: ReceivedFile?

    /// A file received into the incoming folder.
    struct ReceivedFile: Sendable {
        let filename: String
        let temporaryPath: String
        let size: Int
        let sha256: String

        /// Removes the temporary file (a refused upload).
        func discard() { try? FileManager.default.removeItem(atPath: temporaryPath) }
    }

    static let maxFieldBytes = 64 * 1024

    /// Routes registered with this body strategy are read by `receive` (marked for the CSRF check).
    static let userInfoKey = "fazhi.streamedUpload"

    /// Reads the request's multipart body: the part named `fileField` to a temporary file (at most
    /// `maxBytes`), every other part as text.
    static func receive(_ req: Request, fileField: String = "file", maxBytes: Int, store: FileStore) async throws -> StreamedUpload {
        guard let type = req.headers.contentType, type == .formData, let boundary = type.parameters["boundary"],
            var scanner = MultipartScanner(boundary: boundary)
        else { throw AppError.validation([FieldError(fileField, "请通过页面上的表单选择文件上传")]) }
        var upload = StreamedUpload()
        var receiving = Receiving()
        do {
            if Self.hasBody(req) {
                for try await chunk in req.body {
                    for event in try scanner.feed(chunk.readableBytesView) {
                        try receiving.handle(event, fileField: fileField, maxBytes: maxBytes, store: store, into: &upload)
                    }
                }
            }
            guard scanner.isFinished else { throw AppError.validation([FieldError(fileField, "上传没有完成(连接中断或表单不完整),未保存,请重新上传")]) }
            if let expected = req.storage[CSRFMiddleware.StreamedTokenKey.self] {
                // The token is checked from the same pass over the body (CSRFMiddleware left it here).
                guard let sent = upload.fields[CSRFMiddleware.field], Tokens.constantTimeEquals(expected, sent) else {
                    throw AppError.badRequest("页面已过期或请求来源无效(CSRF 校验失败),请刷新页面后重试")
                }
            }
        } catch let malformed as MultipartScanner.Malformed {
            receiving.abandon()
            upload.file?.discard()
            throw AppError.validation([FieldError(fileField, malformed.description)])
        } catch {
            receiving.abandon()
            upload.file?.discard()
            throw error
        }
        return upload
    }

    /// Whether the request carries a body at all (one without is not streamed: there is nothing to read).
    private static func hasBody(_ req: Request) -> Bool {
        if req.body.data != nil { return true }
        if let length = req.headers.first(name: .contentLength).flatMap(Int.init) { return length > 0 }
        return req.headers.contains(name: .transferEncoding)
    }

    /// The part being read.
    private struct Receiving {
        var name: String?
        var isFile = false
        var filename = ""
        var text: [UInt8] = []
        var handle: FileHandle?
        var path: String?
        var hasher = SHA256()
        var size = 0
        var parts = 0

        mutating func handle(_ event: MultipartScanner.Event, fileField: String, maxBytes: Int, store: FileStore, into upload: inout StreamedUpload)
            throws
        {
            switch event {
            case .part(let field, let filename):
                parts += 1
                guard parts <= 100 else { throw AppError.validation([FieldError(fileField, "上传表单的字段过多")]) }
                name = field
                text = []
                isFile = false
                if let filename, field == fileField, upload.file == nil, !filename.isEmpty {
                    isFile = true
                    self.filename = filename
                    let folder = store.temporaryDirectory
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    let path = folder + "/" + UUID().uuidString + ".part"
                    guard FileManager.default.createFile(atPath: path, contents: nil) else {
                        throw AppError.badRequest("材料保存失败(无法写入临时文件),请稍后重试")
                    }
                    self.path = path
                    handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                    hasher = SHA256()
                    size = 0
                }
            case .bytes(let bytes):
                if isFile {
                    let (total, overflow) = size.addingReportingOverflow(bytes.count)
                    guard !overflow, total <= maxBytes else {
                        throw AppError.validation([
                            FieldError(fileField, "“\(filename)” 超过 \(EvidenceCheck.megabytes(maxBytes)) 的上限,未保存")
                        ])
                    }
                    size = total
                    hasher.update(data: bytes)
                    try handle?.write(contentsOf: bytes)
                } else {
                    guard text.count + bytes.count <= StreamedUpload.maxFieldBytes else {
                        throw AppError.validation([FieldError(name ?? fileField, "表单字段过长")])
                    }
                    text += bytes
                }
            case .partEnd:
                if isFile, let path {
                    try handle?.close()
                    handle = nil
                    let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
                    upload.file = ReceivedFile(filename: filename, temporaryPath: path, size: size, sha256: digest)
                    self.path = nil
                } else if let name, upload.fields[name] == nil {
                    // A file part that is not the upload (a second file, an empty choice) is ignored.
                    if !isFile, let value = String(validating: text, as: UTF8.self) { upload.fields[name] = value }
                }
                name = nil
                isFile = false
            }
        }

        /// Closes and removes a file left half-written by a failure.
        mutating func abandon() {
            try? handle?.close()
            handle = nil
            if let path { try? FileManager.default.removeItem(atPath: path) }
            path = nil
        }
    }
}
