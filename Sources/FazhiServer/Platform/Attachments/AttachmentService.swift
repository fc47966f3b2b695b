import FazhiCore
import Fluent
import Foundation
import Vapor

/// 上传材料: the one way a file gets in. `check` reads the content (never the name alone) and the
/// size before anything is written; `store` puts the bytes into the content-addressed store (safe to
/// repeat: the same content is stored once); `attach` writes the row in the caller's transaction,
/// so a refused change leaves no row behind (the stored bytes are harmless and shared).
enum AttachmentService {
    /// A file on its way in: bytes in memory (the demo, imports, tests) or an upload received by
    /// streaming (`StreamedUpload`), already hashed and on disk.
    enum Incoming: Sendable {
        case bytes(filename: String, data: Data)
        case received(StreamedUpload.ReceivedFile)

        var filename: String {
            switch self {
            case .bytes(let filename, _): filename
            case .received(let file): file.filename
            }
        }
    }

    /// A file whose content and size passed the checks, not yet stored.
    struct Accepted: Sendable {
        let incoming: Incoming
        let filename: String
        let kind: EvidenceKind
    }

    /// A file in the store.
    struct Stored: Sendable {
        let filename: String
        let sha256: String
        let size: Int
        let kind: EvidenceKind
    }

    /// The file's kind by its structure (a received file is mapped, not read into memory), or the
    /// reason it is refused, as the form's `field` error.
    static func check(_ incoming: Incoming, maxBytes: Int, field: String = "file") -> Result<Accepted, FieldError> {
        let data: Data
        switch incoming {
        case .bytes(_, let bytes): data = bytes
        case .received(let file):
            guard let mapped = try? Data(contentsOf: URL(fileURLWithPath: file.temporaryPath), options: .alwaysMapped) else {
                return .failure(FieldError(field, "上传的文件已无法读取,未保存,请重新上传"))
            }
            data = mapped
        }
        switch EvidenceCheck.kind(of: data, filename: incoming.filename, maxBytes: maxBytes) {
        case .success(let kind):
            let name = incoming.filename.trimmingCharacters(in: .whitespacesAndNewlines)
            // Keep the end of an overlong name: it carries the extension.
            return .success(Accepted(incoming: incoming, filename: String(name.suffix(200)), kind: kind))
        case .failure(let rejection): return .failure(FieldError(field, rejection.message + ",未保存"))
        }
    }

    /// `check`, throwing the refusal as a validation error.
    static func checked(_ incoming: Incoming, maxBytes: Int, field: String = "file") throws -> Accepted {
        switch check(incoming, maxBytes: maxBytes, field: field) {
        case .success(let file): return file
        case .failure(let error): throw AppError.validation([error])
        }
    }

    /// Puts an accepted file into the store: bytes are written once, a received file is renamed in.
    static func store(_ file: Accepted, in store: FileStore) throws -> Stored {
        switch file.incoming {
        case .bytes(_, let data):
            return Stored(filename: file.filename, sha256: try store.put(data), size: data.count, kind: file.kind)
        case .received(let received):
            try store.adopt(received.temporaryPath, sha256: received.sha256)
            return Stored(filename: file.filename, sha256: received.sha256, size: received.size, kind: file.kind)
        }
    }

    /// `checked` and `store` in one step.
    static func accept(_ incoming: Incoming, maxBytes: Int, into store: FileStore) throws -> Stored {
        try self.store(checked(incoming, maxBytes: maxBytes), in: store)
    }

    /// The row that makes a stored file `owner`'s, written in the caller's transaction.
    @discardableResult
    static func attach(_ file: Stored, to owner: AttachmentOwner, id ownerID: UUID, by uploader: String, at now: Date, on tx: any Database)
        async throws -> Attachment
    {
        let row = Attachment()
        row.ownerType = owner.code
        row.ownerID = ownerID
        row.sha256 = file.sha256
        row.filename = file.filename
        row.kind = file.kind.rawValue
        row.size = file.size
        row.uploadedBy = uploader
        row.uploadedAt = now
        try await row.create(on: tx)
        return row
    }

    /// One owner's files, oldest first.
    static func files(of owner: AttachmentOwner, id: UUID, on db: any Database) async throws -> [Attachment] {
        try await Attachment.query(on: db).filter(\.$ownerType == owner.code).filter(\.$ownerID == id).sort(\.$uploadedAt).all()
    }

    /// Several owners' files, one query per 1,000 owners, oldest first (for a page of rows).
    static func files(of owner: AttachmentOwner, ids: [UUID], on db: any Database) async throws -> [UUID: [Attachment]] {
        var grouped: [UUID: [Attachment]] = [:]
        for start in stride(from: 0, to: ids.count, by: 1_000) {
            let chunk = Array(ids[start..<min(ids.count, start + 1_000)])
            for row in try await Attachment.query(on: db).filter(\.$ownerType == owner.code).filter(\.$ownerID ~~ chunk).sort(\.$uploadedAt).all() {
                grouped[row.ownerID, default: []].append(row)
            }
        }
        return grouped
    }

    static func count(of owner: AttachmentOwner, id: UUID, on db: any Database) async throws -> Int {
        try await Attachment.query(on: db).filter(\.$ownerType == owner.code).filter(\.$ownerID == id).count()
    }

    /// The file `id` if it is `owner`'s; a file of another kind of owner is not found under this one's address.
    static func file(_ id: UUID?, of owner: AttachmentOwner, on db: any Database) async throws -> Attachment {
        guard let id, let row = try await Attachment.find(id, on: db), row.ownerType == owner.code else { throw AppError.notFound("材料") }
        return row
    }
}

extension Response {
    /// An attachment for download from the content-addressed store, its SHA-256 in
    /// `X-Content-SHA256` so whoever downloads it can check it is the version that was submitted.
    static func attachment(_ req: Request, _ file: Attachment) throws -> Response {
        let response = download(
            try req.application.fileStore.get(file.sha256), name: file.filename, type: mediaType(file.filename), fallback: "attachment")
        response.headers.replaceOrAdd(name: "X-Content-SHA256", value: file.sha256)
        return response
    }

    /// The media type of a stored file, from its name (already checked against the content).
    static func mediaType(_ filename: String) -> HTTPMediaType {
        let parts = EvidenceKind.mediaType(filename: filename).split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return .binary }
        return HTTPMediaType(type: parts[0], subType: parts[1])
    }
}
