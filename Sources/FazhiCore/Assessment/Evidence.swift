import Foundation

/// 佐证材料 the kinds of evidence file Fazhi accepts, recognised by their content, never by the
/// name alone: a renamed executable or a ZIP that calls itself `.pdf` is refused.
public enum EvidenceKind: String, Codable, CaseIterable, Sendable {
    case pdf
    case word
    case excel
    case image

    public var label: String {
        switch self {
        case .pdf: "PDF"
        case .word: "Word"
        case .excel: "Excel"
        case .image: "图片"
        }
    }

    /// The file-name extensions that may carry this kind.
    public var extensions: Set<String> {
        switch self {
        case .pdf: ["pdf"]
        case .word: ["doc", "docx"]
        case .excel: ["xls", "xlsx"]
        case .image: ["png", "jpg", "jpeg"]
        }
    }

    /// The media type to serve a stored file with, from its name (already checked against the content).
    public static func mediaType(filename: String) -> String {
        switch (filename as NSString).pathExtension.lowercased() {
        case "pdf": "application/pdf"
        case "doc": "application/msword"
        case "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "xls": "application/vnd.ms-excel"
        case "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        default: "application/octet-stream"
        }
    }
}

/// Why an upload was refused; every message is meant for the user.
public struct EvidenceRejection: Error, Equatable, Sendable {
    public let message: String
}

public enum EvidenceCheck {
    /// The default size limit: 50 MB.
    public static let defaultMaxBytes = 50 * 1024 * 1024

    /// Recognises the file by its first bytes (and, for Office Open XML, its part names) and
    /// checks that the name's extension agrees with the content.
    public static func kind(of data: Data, filename: String, maxBytes: Int) -> Result<EvidenceKind, EvidenceRejection> {
        let name = filename.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, !data.isEmpty else { return .failure(.init(message: "请选择要上传的文件(文件为空)")) }
        guard data.count <= maxBytes else {
            return .failure(.init(message: "“\(name)” 为 \(megabytes(data.count)),超过 \(megabytes(maxBytes)) 的上限"))
        }
        let ext = (name as NSString).pathExtension.lowercased()
        let allowed = "只接受 PDF、Word、Excel 和图片(PNG、JPEG)"
        guard let kind = sniff(data) else {
            return .failure(.init(message: "“\(name)” 的内容不是可接受的文件类型;\(allowed)"))
        }
        let isPNG = data.first == 0x89
        let extensions: Set<String> = kind == .image ? (isPNG ? ["png"] : ["jpg", "jpeg"]) : kind.extensions
        guard extensions.contains(ext) else {
            return .failure(.init(message: "“\(name)” 的扩展名与内容不符(内容是 \(kind.label) 文件);\(allowed)"))
        }
        return .success(kind)
    }

    /// The content's kind, or nil for anything else.
    static func sniff(_ data: Data) -> EvidenceKind? {
        let head = [UInt8](data.prefix(8))
        func starts(_ magic: [UInt8]) -> Bool { head.count >= magic.count && Array(head.prefix(magic.count)) == magic }
        if starts([0x25, 0x50, 0x44, 0x46, 0x2D]) { return .pdf }  // %PDF-
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) || starts([0xFF, 0xD8, 0xFF]) { return .image }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            // Legacy Office 97–2003: a compound file whose directory names the main stream.
            return OfficeStructure.compoundFileKind(data)
        }
        if starts([0x50, 0x4B, 0x03, 0x04]) {
            // Office Open XML: a ZIP whose central directory lists the content types and the main part.
            return OfficeStructure.openXMLKind(data)
        }
        return nil
    }

    public static func megabytes(_ bytes: Int) -> String {
        bytes >= 1024 * 1024 ? "\(bytes / (1024 * 1024)) MB" : bytes >= 1024 ? "\(bytes / 1024) KB" : "\(bytes) 字节"
    }
}
