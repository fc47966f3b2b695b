extension PlanDocument {
    /// Checks the whole document and reports every problem with its field path
    /// (`units[2].category`, `tasks[14].due`). Nothing is imported unless this passes.
    public func validate() throws {
        var v = Validator()
        if format != PlanDocument.currentFormat {
            v.add("format", "文件格式应为“\(PlanDocument.currentFormat)”,收到“\(format)”")
        }
        if !(2000...2100).contains(year) { v.add("year", "年度必须在 2000 到 2100 之间(收到 \(year))") }
        v.text(district, field: "district", label: "行政区名称", max: 100)
        v.text(title, field: "title", label: "方案标题", max: 200)
        v.text(addressee, field: "addressee", label: "主送单位", max: 200, required: false)
        v.text(preamble, field: "preamble", label: "方案导语", max: 10_000, required: false)
        v.text(guidingThought, field: "guidingThought", label: "指导思想", max: 10_000)
        v.text(unitsIntro, field: "unitsIntro", label: "责任单位说明", max: 10_000, required: false)
        v.text(areasIntro, field: "areasIntro", label: "工作内容说明", max: 10_000, required: false)
        v.text(closing, field: "closing", label: "结束语", max: 10_000, required: false)
        for (i, doc) in basisDocuments.enumerated() {
            v.text(doc, field: "basisDocuments[\(i)]", label: "依据文件", max: 500)
        }

        let categoryCodes = uniqueCodes(categories.map(\.code), path: "categories", into: &v)
        for (i, c) in categories.enumerated() {
            v.text(c.name, field: "categories[\(i)].name", label: "单位类别名称", max: 50)
        }
        let unitCodes = uniqueCodes(units.map(\.code), path: "units", into: &v)
        if units.isEmpty { v.add("units", "方案至少需要一个责任单位") }
        for (i, u) in units.enumerated() {
            v.text(u.name, field: "units[\(i)].name", label: "单位名称", max: 100)
            if !categoryCodes.contains(u.category) {
                v.add("units[\(i)].category", "单位类别“\(u.category)”未在 categories 中定义")
            }
        }
        let areaCodes = uniqueCodes(areas.map(\.code), path: "areas", into: &v)
        for (i, a) in areas.enumerated() {
            v.text(a.title, field: "areas[\(i)].title", label: "工作内容名称", max: 200)
        }
        let arrangementCodes = uniqueCodes(arrangements.map(\.code), path: "arrangements", into: &v)
        for (i, a) in arrangements.enumerated() {
            v.text(a.title, field: "arrangements[\(i)].title", label: "工作安排标题", max: 200)
            v.text(a.text, field: "arrangements[\(i)].text", label: "工作安排全文", max: 10_000)
            if let area = a.area, !areaCodes.contains(area) {
                v.add("arrangements[\(i)].area", "工作内容“\(area)”未在 areas 中定义")
            }
        }
        for (i, task) in tasks.enumerated() {
            let path = "tasks[\(i)]."
            do {
                _ = try TaskRules.validate(
                    task.input, planYear: year, unitCodes: unitCodes,
                    arrangementCodes: arrangementCodes, path: path)
            } catch let failure as ValidationFailure {
                failure.errors.forEach { v.add($0.field, $0.message) }
            }
            if let p = task.progress, !(0...100).contains(p) {
                v.add(path + "progress", "完成进度必须在 0 到 100 之间(收到 \(p))")
            }
            if let done = task.completedOn, LocalDate(done) == nil {
                v.add(path + "completedOn", LocalDate.complaint(about: done, label: "完成日期"))
            }
        }
        try v.check()
    }

    private func uniqueCodes(_ codes: [String], path: String, into v: inout Validator) -> Set<String> {
        var seen = Set<String>()
        for (i, code) in codes.enumerated() {
            let field = "\(path)[\(i)].code"
            if code.trimmed.isEmpty {
                v.add(field, "编码不能为空")
            } else if code.count > 40 {
                v.add(field, "编码不能超过 40 个字符")
            } else if !seen.insert(code).inserted {
                v.add(field, "编码“\(code)”重复")
            }
        }
        return seen
    }

    /// 跨年度复制 year rollover: the same structure and tasks in `newYear`, dates moved to the
    /// same month and day, every trace of progress removed. The year ("2026年度") in the title
    /// and the introductions follows; cited documents keep theirs.
    /// `keepingProgress` keeps progress and completion (dates moved too): for the demo seed only.
    public func copied(to newYear: Int, keepingProgress: Bool = false) -> PlanDocument {
        var copy = self
        copy.year = newYear
        let oldYear = "\(year)年度", newYearText = "\(newYear)年度"
        copy.title = title.replacingOccurrences(of: oldYear, with: newYearText)
        copy.unitsIntro = unitsIntro.replacingOccurrences(of: oldYear, with: newYearText)
        copy.areasIntro = areasIntro.replacingOccurrences(of: oldYear, with: newYearText)
        copy.tasks = tasks.map { task in
            var t = task
            t.start = LocalDate(task.start).map { $0.movedTo(year: newYear).description } ?? task.start
            t.due = LocalDate(task.due).map { $0.movedTo(year: newYear).description } ?? task.due
            if keepingProgress {
                t.completedOn = task.completedOn.flatMap(LocalDate.init).map { $0.movedTo(year: newYear).description }
            } else {
                t.progress = nil
                t.completedOn = nil
                t.cancelled = nil
            }
            return t
        }
        return copy
    }
}

import Foundation
