import Foundation

/// Reads just enough of an Office file's container to say what it is, by structure rather than by
/// a substring anywhere in the bytes (a PDF or a text file that merely mentions "WordDocument" or
/// "word/document.xml" is no Word file):
/// - Office Open XML: a ZIP whose central directory lists `[Content_Types].xml` and the main part
///   (`word/document.xml`, `xl/workbook.xml`);
/// - legacy Office 97–2003: an OLE compound file whose directory holds the main stream
///   (`WordDocument`; `Workbook` or `Book`).
/// Every offset is checked against the data; a damaged file is simply not recognised.
enum OfficeStructure {
    // MARK: ZIP (PKWARE APPNOTE 4.3.16 end of central directory, 4.3.12 central directory header)

    /// The entry names of a ZIP's central directory, or nil when there is no readable one.
    static func zipEntryNames(_ data: Data, limit: Int = 10_000) -> [String]? {
        let bytes = [UInt8](data)
        let n = bytes.count
        guard n >= 22 else { return nil }
        // The end record is in the last 22 + 65,535 bytes (its comment is at most 65,535 long).
        var eocd: Int?
        var i = n - 22
        let lowest = max(0, n - 22 - 65_535)
        while i >= lowest {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x05, bytes[i + 3] == 0x06 { eocd = i; break }
            i -= 1
        }
        guard let end = eocd else { return nil }
        let count = Int(u16(bytes, end + 10))
        let offset = Int(u32(bytes, end + 16))
        guard count <= limit, offset < n else { return nil }
        var names: [String] = []
        var p = offset
        for _ in 0..<count {
            guard p + 46 <= n, u32(bytes, p) == 0x0201_4B50 else { return nil }
            let nameLength = Int(u16(bytes, p + 28)), extra = Int(u16(bytes, p + 30)), comment = Int(u16(bytes, p + 32))
            guard p + 46 + nameLength <= n else { return nil }
            names.append(String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self))
            p += 46 + nameLength + extra + comment
        }
        return names
    }

    static func openXMLKind(_ data: Data) -> EvidenceKind? {
        guard let names = zipEntryNames(data), names.contains("[Content_Types].xml") else { return nil }
        if names.contains("word/document.xml") { return .word }
        if names.contains("xl/workbook.xml") { return .excel }
        return nil
    }

    // MARK: OLE compound file ([MS-CFB] 2.2 header, 2.3 FAT, 2.6 directory entries)

    /// The names in a compound file's directory, or nil when it cannot be read.
    static func compoundFileNames(_ data: Data, maxEntries: Int = 4096) -> [String]? {
        let bytes = [UInt8](data)
        let n = bytes.count
        guard n >= 512, Array(bytes[0..<8]) == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] else { return nil }
        let shift = Int(u16(bytes, 30))
        guard shift == 9 || shift == 12 else { return nil }
        let sectorSize = 1 << shift
        func sectorOffset(_ s: UInt32) -> Int? {
            let offset = (Int(s) + 1) * sectorSize
            return offset + sectorSize <= n ? offset : nil
        }
        // FAT sectors from the header's 109 DIFAT entries, then the DIFAT chain.
        var fatSectors: [UInt32] = []
        for k in 0..<109 {
            let s = u32(bytes, 76 + 4 * k)
            if s < 0xFFFF_FFFA { fatSectors.append(s) }
        }
        var difat = u32(bytes, 68)
        var guardCount = 0
        while difat < 0xFFFF_FFFA, guardCount < 1000, let offset = sectorOffset(difat) {
            let perSector = sectorSize / 4 - 1
            for k in 0..<perSector {
                let s = u32(bytes, offset + 4 * k)
                if s < 0xFFFF_FFFA { fatSectors.append(s) }
            }
            difat = u32(bytes, offset + 4 * perSector)
            guardCount += 1
        }
        var fat: [UInt32] = []
        for s in fatSectors {
            guard let offset = sectorOffset(s) else { return nil }
            for k in 0..<(sectorSize / 4) { fat.append(u32(bytes, offset + 4 * k)) }
        }
        // The directory's sector chain, 128 bytes per entry: name in UTF-16LE, its byte length at 64.
        var names: [String] = []
        var sector = u32(bytes, 48)
        var visited = Set<UInt32>()
        while sector < 0xFFFF_FFFA, names.count < maxEntries, !visited.contains(sector) {
            visited.insert(sector)
            guard let offset = sectorOffset(sector) else { return nil }
            for e in 0..<(sectorSize / 128) {
                let base = offset + e * 128
                let length = Int(u16(bytes, base + 64))
                guard length >= 2, length <= 64, bytes[base + 66] != 0 else { continue }  // empty entry
                var units: [UInt16] = []
                for k in 0..<(length / 2 - 1) { units.append(u16(bytes, base + 2 * k)) }
                names.append(String(decoding: units, as: UTF16.self))
            }
            guard Int(sector) < fat.count else { break }
            sector = fat[Int(sector)]
        }
        return names.isEmpty ? nil : names
    }

    static func compoundFileKind(_ data: Data) -> EvidenceKind? {
        guard let names = compoundFileNames(data) else { return nil }
        if names.contains("WordDocument") { return .word }
        if names.contains("Workbook") || names.contains("Book") { return .excel }
        return nil
    }

    private static func u16(_ b: [UInt8], _ i: Int) -> UInt16 {
        guard i + 2 <= b.count else { return 0 }
        return UInt16(b[i]) | UInt16(b[i + 1]) << 8
    }

    private static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        guard i + 4 <= b.count else { return 0xFFFF_FFFF }
        return UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
}
