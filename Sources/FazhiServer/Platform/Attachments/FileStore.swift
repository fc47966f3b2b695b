import Foundation
import Vapor

/// 材料库 the content-addressed file store: each file lives at `evidence/ab/cd/<sha256>`, is
/// written once through a temporary file and a rename, and is never overwritten or deleted.
struct FileStore: Sendable {
    let directory: String

    func path(for sha256: String) -> String {
        "\(directory)/\(sha256.prefix(2))/\(sha256.dropFirst(2).prefix(2))/\(sha256)"
    }

    /// Stores the bytes and returns their SHA-256; storing the same content again changes nothing.
    func put(_ data: Data) throws -> String {
        let hash = Tokens.sha256Hex(data)
        let target = path(for: hash)
        let fm = FileManager.default
        if fm.fileExists(atPath: target) { return hash }
        let folder = (target as NSString).deletingLastPathComponent
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = "\(folder)/.\(hash).\(UUID().uuidString).part"
        guard fm.createFile(atPath: temporary, contents: data) else { throw AppError.badRequest("材料保存失败,请稍后重试") }
        do {
            try fm.moveItem(atPath: temporary, toPath: target)
        } catch {
            try? fm.removeItem(atPath: temporary)
            // Another request stored the same content first: that copy is identical.
            guard fm.fileExists(atPath: target) else { throw error }
        }
        return hash
    }

    /// Where uploads are written while they arrive (`StreamedUpload`), on the same file system as
    /// the store so that adopting one is a rename.
    var temporaryDirectory: String { directory + "/incoming" }

    /// Takes a received file whose SHA-256 is known into the store (a rename); if the same content
    /// is already there, the received copy is removed.
    func adopt(_ temporaryPath: String, sha256: String) throws {
        let target = path(for: sha256)
        let fm = FileManager.default
        if fm.fileExists(atPath: target) {
            try? fm.removeItem(atPath: temporaryPath)
            return
        }
        try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            try fm.moveItem(atPath: temporaryPath, toPath: target)
        } catch {
            try? fm.removeItem(atPath: temporaryPath)
            guard fm.fileExists(atPath: target) else { throw error }
        }
    }

    /// Removes what an interrupted write left behind (a process killed mid-upload): files in the
    /// incoming folder and `.part` files beside the stored ones that have not been written to for
    /// `minutes` (an upload still arriving in another process is younger). Run at start and on
    /// every scheduler tick. Returns how many it removed.
    @discardableResult
    func purgeLeftovers(olderThan minutes: Double = 10, now: Date = Date()) -> Int {
        let fm = FileManager.default
        let cutoff = now.addingTimeInterval(-minutes * 60)
        var removed = 0
        func purge(_ path: String) {
            guard let modified = (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date, modified < cutoff else { return }
            if (try? fm.removeItem(atPath: path)) != nil { removed += 1 }
        }
        for name in (try? fm.contentsOfDirectory(atPath: temporaryDirectory)) ?? [] { purge(temporaryDirectory + "/" + name) }
        if let walker = fm.enumerator(atPath: directory) {
            while let relative = walker.nextObject() as? String {
                if relative.hasSuffix(".part"), !relative.hasPrefix("incoming") { purge(directory + "/" + relative) }
            }
        }
        return removed
    }

    /// The stored bytes, checked against their name: a file that no longer matches its hash is an error.
    func get(_ sha256: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path(for: sha256)) else { throw AppError.notFound("材料文件") }
        guard Tokens.sha256Hex(data) == sha256 else { throw AppError.conflict("材料文件已损坏(内容与登记的 SHA-256 不符),请联系系统管理员") }
        return data
    }
}

extension Application {
    var fileStore: FileStore { FileStore(directory: fazhi.evidenceDirectory) }
}
