import FazhiCore
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The rate definitions in force: `Resources/Registers/case-rates.json`, read once at start-up by
/// `ReconsiderationModule.configure`; the standard definitions until then (or without the file).
enum CaseRateConfig {
    private static let current = NIOLockedValueBox<CaseRateDefinitions>(.standard)

    static var active: CaseRateDefinitions { current.withLockedValue { $0 } }

    static func load(resources: String) throws {
        let path = resources + "Registers/case-rates.json"
        guard let data = FileManager.default.contents(atPath: path) else { return }
        do {
            let definitions = try CaseRateDefinitions.parse(data)
            current.withLockedValue { $0 = definitions }
        } catch let failure as ValidationFailure {
            throw AppError.conflict("比率口径文件 \(path) 有误:" + failure.errors.map(\.message).joined(separator: ";"))
        }
    }
}
