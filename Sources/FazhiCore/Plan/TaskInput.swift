/// What a user submits to create or change a task (任务分解), before it is checked.
/// Units and arrangements are named by code, so the same input serves forms, the API and plan files.
public struct TaskInput: Codable, Equatable, Sendable {
    public var title: String
    public var description: String
    public var arrangementCode: String
    public var leadUnitCode: String
    public var coUnitCodes: [String]
    public var start: String
    public var due: String
    public var deliverable: String

    public init(
        title: String, description: String, arrangementCode: String, leadUnitCode: String,
        coUnitCodes: [String], start: String, due: String, deliverable: String
    ) {
        self.title = title
        self.description = description
        self.arrangementCode = arrangementCode
        self.leadUnitCode = leadUnitCode
        self.coUnitCodes = coUnitCodes
        self.start = start
        self.due = due
        self.deliverable = deliverable
    }
}

/// A task input that passed every check: dates parsed, references known.
public struct ValidTask: Equatable, Sendable {
    public let title: String
    public let description: String
    public let arrangementCode: String
    public let leadUnitCode: String
    public let coUnitCodes: [String]
    public let start: LocalDate
    public let due: LocalDate
    public let deliverable: String
}

public enum TaskRules {
    public static let maxTitle = 200
    public static let maxDescription = 4000
    public static let maxDeliverable = 500
    public static let maxNote = 2000

    /// Checks a task against the plan it belongs to. Field paths are prefixed with `path`
    /// (e.g. `tasks[3].`) so plan-file imports can name the failing field.
    public static func validate(
        _ input: TaskInput, planYear: Int, unitCodes: Set<String>,
        arrangementCodes: Set<String>, path: String = ""
    ) throws -> ValidTask {
        var v = Validator()
        v.text(input.title, field: path + "title", label: "任务名称", max: maxTitle)
        v.text(
            input.description, field: path + "description", label: "任务内容", max: maxDescription,
            required: false)
        v.text(
            input.deliverable, field: path + "deliverable", label: "成果形式", max: maxDeliverable,
            required: false)
        if !arrangementCodes.contains(input.arrangementCode) {
            v.add(path + "arrangement", "工作安排“\(input.arrangementCode)”不在本年度方案中")
        }
        if input.leadUnitCode.isEmpty {
            v.add(path + "leadUnit", "请选择牵头单位")
        } else if !unitCodes.contains(input.leadUnitCode) {
            v.add(path + "leadUnit", "牵头单位“\(input.leadUnitCode)”不是本年度方案的责任单位")
        }
        for (i, code) in input.coUnitCodes.enumerated() where !unitCodes.contains(code) {
            v.add(path + "coUnits[\(i)]", "配合单位“\(code)”不是本年度方案的责任单位")
        }
        if input.coUnitCodes.contains(input.leadUnitCode) {
            v.add(path + "coUnits", "牵头单位不能同时作为配合单位")
        }
        if Set(input.coUnitCodes).count != input.coUnitCodes.count {
            v.add(path + "coUnits", "配合单位有重复")
        }
        let start = date(input.start, field: path + "start", label: "开始日期", year: planYear, into: &v)
        let due = date(input.due, field: path + "due", label: "完成时限", year: planYear, into: &v)
        if let start, let due, due < start {
            v.add(path + "due", "完成时限(\(due))不能早于开始日期(\(start))")
        }
        try v.check()
        guard let start, let due else { throw ValidationFailure(v.errors) }
        return ValidTask(
            title: input.title.trimmed, description: input.description.trimmed,
            arrangementCode: input.arrangementCode, leadUnitCode: input.leadUnitCode,
            coUnitCodes: input.coUnitCodes, start: start, due: due,
            deliverable: input.deliverable.trimmed)
    }

    private static func date(
        _ text: String, field: String, label: String, year: Int,
        into v: inout Validator
    ) -> LocalDate? {
        let trimmed = text.trimmed
        guard !trimmed.isEmpty else { v.add(field, "\(label)不能为空"); return nil }
        guard let date = LocalDate(trimmed) else {
            v.add(field, LocalDate.complaint(about: trimmed, label: label))
            return nil
        }
        guard date.year == year else {
            v.add(field, "\(label)(\(date))不在方案年度 \(year) 年内")
            return nil
        }
        return date
    }

    /// Checks a progress report: 0–100 and a note of bounded length.
    public static func validateProgress(percent: Int?, note: String) throws -> Int {
        var v = Validator()
        v.text(note, field: "note", label: "进展说明", max: maxNote)
        if percent == nil {
            v.add("progress", "完成进度必须是 0 到 100 之间的整数")
        } else if let p = percent, !(0...100).contains(p) {
            v.add("progress", "完成进度必须是 0 到 100 之间的整数(收到 \(p))")
        }
        try v.check()
        guard let percent else { throw ValidationFailure(v.errors) }
        return percent
    }
}

extension String {
    /// The text without leading and trailing white space.
    public var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

import Foundation
