import Foundation

/// 审核赋分 the rules of one leaf score, of self-assessment completeness and of blind second
/// marking. Pure, so the server only stores what these functions decide.
public enum ReviewRules {
    /// A score typed by a person: a number from 0 to the leaf's maximum in steps of 0.5, and a
    /// reason whenever it is below the maximum (the unit must learn why it lost points).
    public static func mark(_ text: String?, reason: String?, max: Points, field: String) -> Result<(Points, String), FieldError> {
        let raw = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !raw.isEmpty else { return .failure(FieldError(field, "请填写得分")) }
        guard let points = Points(raw) else { return .failure(FieldError(field, "得分“\(raw)”无效:只能是 0.5 的整数倍,如 2 或 2.5")) }
        guard points >= .zero, points <= max else { return .failure(FieldError(field, "得分应在 0 到 \(max) 之间,收到 \(points)")) }
        let why = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if points < max, why.isEmpty { return .failure(FieldError(field, "得分低于满分 \(max) 时必须写明扣分理由")) }
        guard why.count <= 500 else { return .failure(FieldError(field, "扣分理由不能超过 500 个字符")) }
        return .success((points, why))
    }

    /// Blind second marking: equal marks stand; marks that differ by at most `threshold` settle on
    /// the lower one (the benefit of doubt goes to the evidence, not the unit); larger differences
    /// go to the office's reconciliation queue (复核).
    public enum Outcome: Equatable, Sendable {
        case agreed(Points)
        case reconcile(difference: Points)
    }

    public static func combine(_ first: Points, _ second: Points, threshold: Points) -> Outcome {
        let difference = Points(halves: abs(first.halves - second.halves))
        return difference <= threshold ? .agreed(min(first, second)) : .reconcile(difference: difference)
    }

    /// What one leaf of a self-assessment lacks before it can be submitted.
    public struct Missing: Equatable, Sendable {
        public let code: String
        public let title: String
        /// True when the self-score is not filled in.
        public let noScore: Bool
        /// Required evidence items with no file.
        public let evidence: [String]

        public var text: String {
            var parts: [String] = []
            if noScore { parts.append("未填自评分") }
            if !evidence.isEmpty { parts.append("缺少必备材料:" + evidence.joined(separator: "、")) }
            return "\(code) \(title):" + parts.joined(separator: ";")
        }
    }

    /// Every leaf missing a self-score or a required evidence item (`files` maps a leaf code to
    /// the checklist item names that have at least one file).
    public static func missing(tree: IndicatorTree, scored: Set<String>, files: [String: Set<String>]) -> [Missing] {
        tree.leaves.compactMap { leaf in
            let absent = leaf.evidence.filter { $0.required && !(files[leaf.code] ?? []).contains($0.name) }.map(\.name)
            // A leaf the system scores (关联指标) needs no self-score.
            let noScore = leaf.metric == nil && !scored.contains(leaf.code)
            return noScore || !absent.isEmpty ? Missing(code: leaf.code, title: leaf.title, noScore: noScore, evidence: absent) : nil
        }
    }

    /// A late submission's deduction: `perWorkday` for each working day late, at most `cap`.
    public static func lateDeduction(workdaysLate: Int, perWorkday: Points, cap: Points) -> Points {
        guard workdaysLate > 0, perWorkday > .zero else { return .zero }
        return min(Points(halves: perWorkday.halves * workdaysLate), cap)
    }
}
