import FazhiCore
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The settings in force (`Resources/Registers/enforcement.json`), read once at start-up by
/// `EnforcementModule.configure`; the standard ones until then (or without the file). Kept where the
/// scan's SQL sources can read them, as the rate definitions are (`CaseRateConfig`).
enum EnforcementConfig {
    private static let current = NIOLockedValueBox<EnforcementSettings>(.standard)

    static var active: EnforcementSettings { current.withLockedValue { $0 } }

    static func load(resources: String) throws {
        let path = resources + "Registers/enforcement.json"
        guard let data = FileManager.default.contents(atPath: path) else { return }
        do {
            let settings = try EnforcementSettings.parse(data)
            current.withLockedValue { $0 = settings }
        } catch let failure as ValidationFailure {
            throw AppError.conflict("行政执法设置文件 \(path) 有误:" + failure.errors.map(\.message).joined(separator: ";"))
        }
    }
}
