/// One line of how a due date was reached.
public struct TraceLine: Equatable, Sendable {
    public enum Kind: String, Sendable {
        case start, restart, counted, skipped, paused, rolled, due, provisional
        case extended = "extension"
    }

    public let kind: Kind
    public let text: String
}

public struct DeadlineExplanation: Equatable, Sendable {
    public let result: DeadlineEngine.Result
    public let lines: [TraceLine]
}

extension LocalDate {
    /// 周一 … 周日
    public var weekdayName: String { ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][weekday - 1] }

    var labelled: String { "\(self)(\(weekdayName))" }
}

extension DeadlineEngine {
    /// The due date with every step that led to it: skipped days and why, pauses, roll-forward, extension.
    public func explain(_ request: DeadlineRequest) throws -> DeadlineExplanation {
        let result = try due(request)
        var lines: [TraceLine] = []
        let basis = request.rule.map { "(\($0.basis))" } ?? ""
        if let rule = request.rule {
            let ext = rule.extensionLimit.map { ",经\($0.approver)批准可延长不超过 \($0.max) \(rule.unit.label)" } ?? ""
            lines.append(
                TraceLine(kind: .start, text: "规则:\(rule.name),\(rule.isMinimum ? "不少于" : "")\(rule.length) \(rule.unit.label)\(ext)\(basis)"))
        }
        if let restart = request.restartedOn {
            let event = request.rule?.restartEvent ?? "重新起算事由"
            lines.append(TraceLine(kind: .restart, text: "原起算日 \(request.start.labelled);因\(event),自 \(restart.labelled) 重新起算"))
        }
        let from = result.countedFrom
        if request.direction == .before {
            lines.append(
                TraceLine(kind: .start, text: "以 \(from.labelled) 为基准日向前推算 \(request.length) \(request.unit.label):基准日当日和提交(通知)当日均不计入(民法典第二百零一条)"))
            lines += try walkBackward(from: from, to: result.due, unit: request.unit)
            lines.append(TraceLine(kind: .due, text: "最迟应于 \(result.due.labelled) 完成"))
            if let mark = result.provisional { lines.append(TraceLine(kind: .provisional, text: "\(ProvisionalMark.label):\(mark.reason)")) }
            return DeadlineExplanation(result: result, lines: lines)
        }
        lines.append(TraceLine(kind: .start, text: "起算日 \(from.labelled) 当日不计入,自次日开始计算(民事诉讼法第八十五条;民法典第二百零一条)"))
        let pauses = relevantPauses(request.pauses, after: from)
        lines += try walk(from: from, length: request.length, unit: request.unit, pauses: pauses, firstIndex: 1)
        if request.extensionLength > 0 {
            let approver = request.rule?.extensionLimit.map { ",经\($0.approver)批准" } ?? ""
            lines.append(
                TraceLine(
                    kind: .extended,
                    text: "原届满日 \(result.firstDue.labelled)\(approver)延长 \(request.extensionLength) \(request.unit.label),自原届满日次日起继续计算"))
            lines += try walk(
                from: result.firstDue, length: request.extensionLength, unit: request.unit,
                pauses: relevantPauses(pauses, after: result.firstDue), firstIndex: 1)
        }
        let total = request.rule?.isMinimum == true ? "期间届满,最早可于 \(result.due.labelled) 结束" : "届满日:\(result.due.labelled)"
        lines.append(TraceLine(kind: .due, text: total))
        if let mark = result.provisional { lines.append(TraceLine(kind: .provisional, text: "\(ProvisionalMark.label):\(mark.reason)")) }
        return DeadlineExplanation(result: result, lines: lines)
    }

    private enum DayClass: Equatable {
        case counted, makeUp(String), weekend, holiday(String), paused(String)
    }

    private func classify(_ date: LocalDate, pauses: [DateRange], unit: PeriodUnit) throws -> DayClass {
        if let pause = pauses.first(where: { $0.contains(date) }) { return .paused(pause.reason) }
        if unit != .workday { return .counted }
        switch try inCalendar({ try calendar.reason(date) }) {
        case .workday: return .counted
        case .makeUp(let name): return .makeUp(name)
        case .weekend: return .weekend
        case .holiday(let name): return .holiday(name)
        }
    }

    /// Walks one counting run and groups consecutive days of the same kind into one line each.
    private func walk(from start: LocalDate, length: Int, unit: PeriodUnit, pauses: [DateRange], firstIndex: Int) throws -> [TraceLine] {
        let end = try forward(from: start, length, unit: unit, pauses: pauses)
        let rawEnd: LocalDate =
            switch unit {
            case .workday: end
            case .day: forwardDays(from: start, length, pauses: pauses)
            case .month: forwardDays(from: start, start.days(until: Self.addingMonths(length, to: start)), pauses: pauses)
            }
        var lines: [TraceLine] = []
        if unit == .month {
            let target = Self.addingMonths(length, to: start)
            let note = target.day == start.day ? "到期月的对应日 \(target)" : "到期月没有对应日,以月末日 \(target)"
            lines.append(TraceLine(kind: .counted, text: "\(length) 个月:\(note)为期间最后一日(民法典第二百零二条)"))
        }
        var counted = firstIndex - 1
        var runStart = start.adding(days: 1)
        var runClass = try classify(runStart, pauses: pauses, unit: unit)
        var runFirstCount = counted + 1
        func close(_ last: LocalDate) {
            let span = runStart == last ? runStart.labelled : "\(runStart.labelled) 至 \(last.labelled)"
            let days = runStart.days(until: last) + 1
            switch runClass {
            case .counted where unit == .month: lines.append(TraceLine(kind: .counted, text: "\(span) 计入期间(\(days) 日)"))
            case .counted:
                let range = runFirstCount == counted ? "第 \(counted)" : "第 \(runFirstCount)–\(counted)"
                let assumed = unit == .workday && calendar.isProvisional(last) ? "(暂定)" : ""
                lines.append(TraceLine(kind: .counted, text: "\(span) 计入,\(range) \(unit == .workday ? "个工作日" : "日")\(assumed)"))
            case .makeUp(let name): lines.append(TraceLine(kind: .counted, text: "\(span) 调休上班(\(name)),计第 \(counted) 个工作日"))
            case .weekend: lines.append(TraceLine(kind: .skipped, text: "\(span) 周末,不计" + (calendar.isProvisional(last) ? "(暂定)" : "")))
            case .holiday(let name): lines.append(TraceLine(kind: .skipped, text: "\(span) \(name)假期,不计"))
            case .paused(let reason): lines.append(TraceLine(kind: .paused, text: "\(span) \(reason),暂停计算 \(days) 日,不计"))
            }
        }
        var day = runStart
        while day <= rawEnd {
            let kind = try classify(day, pauses: pauses, unit: unit)
            if kind != runClass {
                close(day.adding(days: -1))
                runStart = day
                runClass = kind
                runFirstCount = counted + 1
            }
            if kind == .counted || { if case .makeUp = kind { return true } else { return false } }() { counted += 1 }
            day = day.adding(days: 1)
        }
        close(rawEnd)
        if end != rawEnd {
            let why: String =
                switch try inCalendar({ try calendar.reason(rawEnd) }) {
                case .holiday(let name): "\(name)假期"
                default: "休息日"
                }
            lines.append(TraceLine(kind: .rolled, text: "期间最后一日 \(rawEnd.labelled) 为\(why),顺延至其后第一个工作日 \(end.labelled)(民事诉讼法第八十五条)"))
        }
        return lines
    }

    private func walkBackward(from event: LocalDate, to due: LocalDate, unit: PeriodUnit) throws -> [TraceLine] {
        let first = due.adding(days: 1), last = event.adding(days: -1)
        guard unit == .workday else {
            return [TraceLine(kind: .counted, text: "\(first.labelled) 至 \(last.labelled) 共 \(first.days(until: event)) 日")]
        }
        let count = try calendar.workdays(from: first, to: last)
        return [TraceLine(kind: .counted, text: "\(first.labelled) 至 \(last.labelled) 含 \(count) 个工作日(节假日、周末不计)")]
    }
}
