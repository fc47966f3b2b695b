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
        var docx = Data([0x50, 0x4B, 0x03, 0x04]); docx.append(Data("....[Content_Types].xml word/document.xml".utf8))
        #expect(try EvidenceCheck.kind(of: docx, filename: "报告.docx", maxBytes: max).get() == .word)
        var xlsx = Data([0x50, 0x4B, 0x03, 0x04]); xlsx.append(Data("xl/workbook.xml".utf8))
        #expect(try EvidenceCheck.kind(of: xlsx, filename: "台账.xlsx", maxBytes: max).get() == .excel)
        var doc = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]); doc.append(Data("W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0".utf8))
        #expect(try EvidenceCheck.kind(of: doc, filename: "旧报告.doc", maxBytes: max).get() == .word)

        func refused(_ data: Data, _ name: String, max: Int = EvidenceCheck.defaultMaxBytes) -> String? {
            if case .failure(let r) = EvidenceCheck.kind(of: data, filename: name, maxBytes: max) { return r.message }
            return nil
        }
        #expect(refused(Data([0x7F, 0x45, 0x4C, 0x46]), "程序.pdf")?.contains("不是可接受的文件类型") == true, "an executable")
        #expect(refused(Data([0x50, 0x4B, 0x03, 0x04, 1, 2]), "压缩包.docx")?.contains("不是可接受的文件类型") == true, "a plain ZIP")
        #expect(refused(Self.pdf, "通知.docx")?.contains("扩展名与内容不符") == true)
        #expect(refused(jpeg, "现场.png")?.contains("扩展名与内容不符") == true)
        #expect(refused(Data(), "空.pdf")?.contains("文件为空") == true)
        #expect(refused(Self.pdf, "大.pdf", max: 10)?.contains("超过 10 字节") == true)
    }

    @Test func aMarkIsHalfPointsUpToTheMaximumWithAReasonBelowIt() throws {
        let max = Points(3)
        #expect(try ReviewRules.mark("3", reason: nil, max: max, field: "s").get() == (Points(3), "") )
        #expect(try ReviewRules.mark(" 2.5 ", reason: "缺一份", max: max, field: "s").get().0 == Points(halves: 5))
        for (text, message) in [("", "请填写得分"), ("2.3", "0.5 的整数倍"), ("3.5", "0 到 3 之间"), ("-1", "0 到 3 之间"), ("二", "0.5 的整数倍"),
                                ("2", "必须写明扣分理由")] {
            guard case .failure(let error) = ReviewRules.mark(text, reason: "  ", max: max, field: "s") else { Issue.record("\(text) accepted"); continue }
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
        let tree = IndicatorTree(year: 2026, category: "x", title: "t", version: 1, total: Points(5), nodes: [
            IndicatorNode(code: "1", title: "领域", points: Points(5)),
            IndicatorNode(code: "1-1", title: "甲", points: Points(3), rule: "r", evidence: [EvidenceItem(name: "文件", required: true), EvidenceItem(name: "照片", required: false)]),
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
            _ = try SurveyImport.parse([["单位", "满意度得分"], ["城市管理局", "91.555"], ["无此单位", "80"], ["csjsj", "100.5"], ["csjsj", "90"]], knownUnits: units)
            Issue.record("bad rows accepted")
        } catch let failure as ValidationFailure {
            #expect(failure.errors.map(\.field) == ["row[2]", "row[3]", "row[4]", "row[5]"], "row 5 repeats a unit")
        }
    }

    @Test func cycleSettingsAreCheckedAsAWhole() throws {
        let tree = IndicatorTree(year: 2026, category: "d", title: "t", version: 1, total: Points(100), nodes: [
            IndicatorNode(code: "1", title: "甲", goal: "g", points: Points(60)), IndicatorNode(code: "1-1", title: "a", points: Points(60), rule: "r"),
            IndicatorNode(code: "2", title: "乙", goal: "g", points: Points(40)), IndicatorNode(code: "2-1", title: "b", points: Points(40), rule: "r"),
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
        let svg = Heatmap.svg(title: "2026 <部门>", columns: [(code: "1", title: "甲"), (code: "2", title: "乙")], rows: [
            Heatmap.Row(label: "A&B", cells: [(earned: Points(9), max: Points(10)), nil]),
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
