import Foundation
import Testing
@testable import FazhiCore

@Suite struct ReviewRulesTests {
    static let pdf = Data("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".utf8)

    @Test func evidenceIsRecognisedByContentAndTheNameMustAgree() throws {
        let max = EvidenceCheck.defaultMaxBytes
        #expect(try EvidenceCheck.kind(of: Self.pdf, filename: "通知.pdf", maxBytes: max).get() == .pdf)
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0])
        #expect(try EvidenceCheck.kind(of: png, filename: "现场.PNG", maxBytes: max).get() == .image)
        let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10])
        #expect(try EvidenceCheck.kind(of: jpeg, filename: "现场.jpg", maxBytes: max).get() == .image)
        let docx = OfficeFixtures.zip(["[Content_Types].xml", "_rels/.rels", "word/document.xml"])
        #expect(try EvidenceCheck.kind(of: docx, filename: "报告.docx", maxBytes: max).get() == .word)
        let xlsx = OfficeFixtures.zip(["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"])
        #expect(try EvidenceCheck.kind(of: xlsx, filename: "台账.xlsx", maxBytes: max).get() == .excel)
        let doc = OfficeFixtures.compoundFile(streams: ["WordDocument", "1Table"])
        #expect(try EvidenceCheck.kind(of: doc, filename: "旧报告.doc", maxBytes: max).get() == .word)
        let xls = OfficeFixtures.compoundFile(streams: ["Workbook"])
        #expect(try EvidenceCheck.kind(of: xls, filename: "旧台账.xls", maxBytes: max).get() == .excel)

        func refused(_ data: Data, _ name: String, max: Int = EvidenceCheck.defaultMaxBytes) -> String? {
            if case .failure(let r) = EvidenceCheck.kind(of: data, filename: name, maxBytes: max) { return r.message }
            return nil
        }
        #expect(refused(Data([0x7F, 0x45, 0x4C, 0x46]), "程序.pdf")?.contains("不是可接受的文件类型") == true, "an executable")
        #expect(refused(Data([0x50, 0x4B, 0x03, 0x04, 1, 2]), "压缩包.docx")?.contains("不是可接受的文件类型") == true, "a plain ZIP")
        // Structure, not substrings: part names mentioned in the bytes of a ZIP that does not hold them,
        // a ZIP without the content types, a compound file that merely contains the stream's name.
        var mention = Data([0x50, 0x4B, 0x03, 0x04]); mention.append(Data("....[Content_Types].xml word/document.xml".utf8))
        #expect(refused(mention, "伪装.docx")?.contains("不是可接受的文件类型") == true, "names in the bytes, no central directory")
        #expect(refused(OfficeFixtures.zip(["word/document.xml"]), "缺类型.docx")?.contains("不是可接受的文件类型") == true)
        #expect(
            refused(OfficeFixtures.zip(["[Content_Types].xml", "readme.txt"], payload: "word/document.xml"), "包.docx")?
                .contains("不是可接受的文件类型") == true, "the part's name only inside a file's content")
        var fakeDoc = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]); fakeDoc.append(Data("W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0".utf8))
        #expect(refused(fakeDoc, "旧报告.doc")?.contains("不是可接受的文件类型") == true, "a compound-file header and a name, no directory")
        #expect(refused(OfficeFixtures.compoundFile(streams: ["Contents"]), "其他.doc")?.contains("不是可接受的文件类型") == true)
        #expect(refused(Self.pdf, "通知.docx")?.contains("扩展名与内容不符") == true)
        #expect(refused(jpeg, "现场.png")?.contains("扩展名与内容不符") == true)
        #expect(refused(Data(), "空.pdf")?.contains("文件为空") == true)
        #expect(refused(Self.pdf, "大.pdf", max: 10)?.contains("超过 10 字节") == true)
    }

    @Test func aMarkIsHalfPointsUpToTheMaximumWithAReasonBelowIt() throws {
        let max = Points(3)
        #expect(try ReviewRules.mark("3", reason: nil, max: max, field: "s").get() == (Points(3), ""))
        #expect(try ReviewRules.mark(" 2.5 ", reason: "缺一份", max: max, field: "s").get().0 == Points(halves: 5))
        for (text, message) in [
            ("", "请填写得分"), ("2.3", "0.5 的整数倍"), ("3.5", "0 到 3 之间"), ("-1", "0 到 3 之间"), ("二", "0.5 的整数倍"),
            ("2", "必须写明扣分理由"),
        ] {
            guard case .failure(let error) = ReviewRules.mark(text, reason: "  ", max: max, field: "s") else {
                Issue.record("\(text) accepted"); continue
            }
            #expect(error.message.contains(message), "\(text): \(error.message)")
        }
    }

    @Test func blindMarksAgreeWithinTheThresholdOnTheLowerMarkAndOtherwiseGoToReconciliation() {
        let threshold = Points(1)
        #expect(ReviewRules.combine(Points(3), Points(3), threshold: threshold) == .agreed(Points(3)))
        #expect(ReviewRules.combine(Points(3), Points(2), threshold: threshold) == .agreed(Points(2)))
        #expect(ReviewRules.combine(Points(halves: 3), Points(halves: 5), threshold: threshold) == .agreed(Points(halves: 3)))
        #expect(ReviewRules.combine(Points(3), Points(halves: 3), threshold: threshold) == .reconcile(difference: Points(halves: 3)))
        #expect(ReviewRules.combine(Points(2), Points(3), threshold: .zero) == .reconcile(difference: Points(1)))
    }

    @Test func missingScoresAndRequiredEvidenceAreListedPerLeaf() {
        let tree = IndicatorTree(
            year: 2026, category: "x", title: "t", version: 1, total: Points(5),
            nodes: [
                IndicatorNode(code: "1", title: "领域", points: Points(5)),
                IndicatorNode(
                    code: "1-1", title: "甲", points: Points(3), rule: "r",
                    evidence: [EvidenceItem(name: "文件", required: true), EvidenceItem(name: "照片", required: false)]),
                IndicatorNode(code: "1-2", title: "乙", points: Points(2), rule: "r", evidence: [EvidenceItem(name: "台账", required: true)]),
            ])
        let missing = ReviewRules.missing(tree: tree, scored: ["1-1"], files: ["1-1": ["照片"]])
        #expect(missing.map(\.code) == ["1-1", "1-2"])
        #expect(missing[0].text == "1-1 甲:缺少必备材料:文件")
        #expect(missing[1].text == "1-2 乙:未填自评分;缺少必备材料:台账")
        #expect(ReviewRules.missing(tree: tree, scored: ["1-1", "1-2"], files: ["1-1": ["文件"], "1-2": ["台账"]]).isEmpty)
    }

    @Test func lateDeductionCountsWorkingDaysUpToTheCap() {
        let half = Points(halves: 1)
        #expect(ReviewRules.lateDeduction(workdaysLate: 0, perWorkday: half, cap: Points(2)) == .zero)
        #expect(ReviewRules.lateDeduction(workdaysLate: 3, perWorkday: half, cap: Points(2)) == Points(halves: 3))
        #expect(ReviewRules.lateDeduction(workdaysLate: 9, perWorkday: half, cap: Points(2)) == Points(2))
        #expect(ReviewRules.lateDeduction(workdaysLate: 9, perWorkday: .zero, cap: Points(2)) == .zero)
    }

    @Test func surveyImportIsAllOrNothingWithRowNumbers() throws {
        let units: Set<String> = ["城市管理局", "csjsj"]
        let rows = try SurveyImport.parse([["单位", "满意度得分"], ["城市管理局", "91.5"], ["", ""], ["csjsj", "88"]], knownUnits: units)
        #expect(rows == [SurveyImport.Row(unit: "城市管理局", score: Score(units: 915_000)), SurveyImport.Row(unit: "csjsj", score: Score(88))])
        #expect(throws: ValidationFailure.self) { try SurveyImport.parse([["名称", "分"]], knownUnits: units) }
        do {
            _ = try SurveyImport.parse(
                [["单位", "满意度得分"], ["城市管理局", "91.555"], ["无此单位", "80"], ["csjsj", "100.5"], ["csjsj", "90"]], knownUnits: units)
            Issue.record("bad rows accepted")
        } catch let failure as ValidationFailure {
            #expect(failure.errors.map(\.field) == ["row[2]", "row[3]", "row[4]", "row[5]"], "row 5 repeats a unit")
        }
    }

    @Test func cycleSettingsAreCheckedAsAWhole() throws {
        let tree = IndicatorTree(
            year: 2026, category: "d", title: "t", version: 1, total: Points(100),
            nodes: [
                IndicatorNode(code: "1", title: "甲", goal: "g", points: Points(60)),
                IndicatorNode(code: "1-1", title: "a", points: Points(60), rule: "r"),
                IndicatorNode(code: "2", title: "乙", goal: "g", points: Points(40)),
                IndicatorNode(code: "2-1", title: "b", points: Points(40), rule: "r"),
            ])
        var form = CycleSettings.Form()
        form.selfFrom = "2026-11-02"; form.selfUntil = "2026-11-20"; form.reviewUntil = "2026-12-11"; form.objectionWorkdays = "5"
        form.deskWeight = "80"; form.markThreshold = "1"; form.latePerWorkday = "0.5"; form.tieBreakers = "2、1"
        form.bands = ["d": "优秀 90\n良好 80\n合格 60\n不合格"]; form.quotaGrade = ["d": "优秀"]; form.quotaPercent = ["d": "30"]; form.vetoGrade = ["d": "不合格"]
        let settings = try CycleSettings.parse(form, trees: ["d": tree], categoryNames: ["d": "部门"])
        #expect(settings.surveyWeight == 20 && settings.tieBreakers == ["2", "1"] && settings.latePerWorkday == Points(halves: 1))
        #expect(settings.grades["d"]?.quota == GradeScheme.Quota(grade: "优秀", maxPercent: 30))
        #expect(CycleSettings.bandsText(settings.grades["d"]!) == "优秀 90\n良好 80\n合格 60\n不合格")
        form.bands = ["d": "优秀 80\n良好 90\n不合格 0"]; form.quotaPercent = ["d": ""]; form.deskWeight = "120"
        do {
            _ = try CycleSettings.parse(form, trees: ["d": tree], categoryNames: ["d": "部门"])
            Issue.record("accepted")
        } catch let failure as ValidationFailure {
            let text = failure.errors.map(\.message).joined(separator: "|")
            #expect(text.contains("书面审核权重"))
            #expect(text.contains("最后一档不设分数线") && text.contains("从高到低"))
            #expect(text.contains("请填写限额比例"))
        }
    }

    @Test func heatmapIsPlainSVGWithEscapedText() {
        let svg = Heatmap.svg(
            title: "2026 <部门>", columns: [(code: "1", title: "甲"), (code: "2", title: "乙")],
            rows: [
                Heatmap.Row(label: "A&B", cells: [(earned: Points(9), max: Points(10)), nil])
            ])
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
        #expect(svg.contains("2026 &lt;部门&gt;") && svg.contains("A&amp;B"))
        #expect(svg.contains(">90</text>"), "90 % in the cell")
        #expect(svg.contains("尚未评完"))
        #expect(!svg.contains("<script"))
        #expect(Heatmap.band(earned: Points(10), max: Points(10)).fill == "#1b5e20")
        #expect(Heatmap.band(earned: Points(5), max: Points(10)).fill == "#e57373")
    }
}

/// Real containers, built byte by byte: a stored ZIP with its central directory, and a one-sector
/// OLE compound file with a FAT and a directory.
enum OfficeFixtures {
    static func zip(_ names: [String], payload: String = "x") -> Data {
        var out = Data(), central = Data()
        func le16(_ v: Int) -> Data { Data([UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)]) }
        func le32(_ v: Int) -> Data { Data([UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24 & 0xFF)]) }
        func join(_ parts: [Data]) -> Data { parts.reduce(into: Data()) { $0.append($1) } }
        for name in names {
            let offset = out.count, n = Data(name.utf8), body = Data(payload.utf8)
            out.append(
                join([
                    le32(0x0403_4B50), le16(20), le16(0), le16(0), le16(0), le16(0), le32(0), le32(body.count), le32(body.count),
                    le16(n.count), le16(0), n, body,
                ]))
            central.append(
                join([
                    le32(0x0201_4B50), le16(20), le16(20), le16(0), le16(0), le16(0), le16(0), le32(0), le32(body.count),
                    le32(body.count), le16(n.count), le16(0), le16(0), le16(0), le16(0), le32(0), le32(offset), n,
                ]))
        }
        let start = out.count
        out += central
        out.append(join([le32(0x0605_4B50), le16(0), le16(0), le16(names.count), le16(names.count), le32(central.count), le32(start), le16(0)]))
        return out
    }

    static func compoundFile(streams: [String]) -> Data {
        var bytes = [UInt8](repeating: 0, count: 512 * 3)
        func put16(_ v: Int, _ at: Int) { bytes[at] = UInt8(v & 0xFF); bytes[at + 1] = UInt8(v >> 8 & 0xFF) }
        func put32(_ v: UInt32, _ at: Int) { for k in 0..<4 { bytes[at + k] = UInt8(v >> (8 * UInt32(k)) & 0xFF) } }
        bytes.replaceSubrange(0..<8, with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        put16(0x3E, 24); put16(3, 26); put16(0xFFFE, 28); put16(9, 30); put16(6, 32)
        put32(1, 44)  // one FAT sector
        put32(1, 48)  // directory starts in sector 1
        put32(0xFFFF_FFFE, 68)  // no further DIFAT sectors
        put32(0, 76)  // the FAT is sector 0
        for k in 1..<109 { put32(0xFFFF_FFFF, 76 + 4 * k) }
        for k in 0..<128 { put32(0xFFFF_FFFF, 512 + 4 * k) }
        put32(0xFFFF_FFFD, 512)  // sector 0: the FAT itself
        put32(0xFFFF_FFFE, 516)  // sector 1: the directory, one sector long
        for (i, name) in (["Root Entry"] + streams).prefix(4).enumerated() {
            let base = 1024 + i * 128
            let units = Array(name.utf16)
            for (k, u) in units.enumerated() { put16(Int(u), base + 2 * k) }
            put16((units.count + 1) * 2, base + 64)
            bytes[base + 66] = i == 0 ? 5 : 2
        }
        return Data(bytes)
    }
}
