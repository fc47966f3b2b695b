import Foundation

/// 比率口径: which outcomes count above and below the line for the rates of the 行政复议·应诉
/// register. Assessors' formulas differ by place (domain-law §5), so the definitions are data —
/// `Resources/Registers/case-rates.json`, read once at start-up; without the file the standard ones
/// below apply.
public struct CaseRateDefinitions: Equatable, Sendable {
    public var correction: RateDefinition<ReconsiderationDecision>
    public var comprehensiveCorrection: RateDefinition<ReconsiderationDecision>
    /// Whether 综合纠错率 also counts the cases ended by 调解, 和解后撤回 or 终止 after the respondent
    /// corrected its own act (recorded on the case).
    public var countsSelfCorrected: Bool
    public var loss: RateDefinition<JudgmentOutcome>

    public init(
        correction: RateDefinition<ReconsiderationDecision>, comprehensiveCorrection: RateDefinition<ReconsiderationDecision>,
        countsSelfCorrected: Bool, loss: RateDefinition<JudgmentOutcome>
    ) {
        self.correction = correction; self.comprehensiveCorrection = comprehensiveCorrection
        self.countsSelfCorrected = countsSelfCorrected; self.loss = loss
    }

    public static let standard = CaseRateDefinitions(
        correction: .correction, comprehensiveCorrection: .comprehensiveCorrection, countsSelfCorrected: true, loss: .loss)

    private struct Entry: Decodable {
        let name: String
        let numerator: [String]
        let denominator: [String]?
        let text: String
        let countsSelfCorrected: Bool?
    }

    private struct File: Decodable {
        let correction: Entry
        let comprehensiveCorrection: Entry
        let loss: Entry
    }

    /// Reads the definitions file; every unknown outcome code and empty numerator is named, in Chinese.
    public static func parse(_ data: Data) throws -> CaseRateDefinitions {
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw ValidationFailure([FieldError("case-rates.json", "比率口径文件不是有效的 JSON,或缺少 correction、comprehensiveCorrection、loss 之一")])
        }
        var v = Validator()
        func outcomes<O: RawRepresentable & CaseIterable & Hashable>(_ codes: [String], _ field: String, _ type: O.Type) -> Set<O>
        where O.RawValue == String {
            let unknown = codes.filter { O(rawValue: $0) == nil }
            if !unknown.isEmpty {
                v.add(field, "\(field) 中的结果代码无法识别:\(unknown.joined(separator: "、"))(可用:\(O.allCases.map(\.rawValue).joined(separator: "、")))")
            }
            return Set(codes.compactMap(O.init(rawValue:)))
        }
        func definition<O: RawRepresentable & CaseIterable & Hashable & Sendable>(_ e: Entry, _ key: String, _ type: O.Type) -> RateDefinition<O>
        where O.RawValue == String {
            if e.numerator.isEmpty { v.add(key, "\(key) 的分子不能为空") }
            if e.name.trimmingCharacters(in: .whitespaces).isEmpty || e.text.trimmingCharacters(in: .whitespaces).isEmpty {
                v.add(key, "\(key) 须写明名称(name)和口径说明(text)")
            }
            return RateDefinition(
                name: e.name, numerator: outcomes(e.numerator, "\(key).numerator", type),
                denominator: e.denominator.map { outcomes($0, "\(key).denominator", type) }, text: e.text)
        }
        let result = CaseRateDefinitions(
            correction: definition(file.correction, "correction", ReconsiderationDecision.self),
            comprehensiveCorrection: definition(file.comprehensiveCorrection, "comprehensiveCorrection", ReconsiderationDecision.self),
            countsSelfCorrected: file.comprehensiveCorrection.countsSelfCorrected ?? false,
            loss: definition(file.loss, "loss", JudgmentOutcome.self))
        try v.check()
        return result
    }
}
