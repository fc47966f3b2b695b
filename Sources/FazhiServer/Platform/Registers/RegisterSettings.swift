import FazhiCore
import Foundation
import NIOConcurrencyHelpers

/// What a register's settings file holds: its standard values and a parser that checks every value
/// (a `ValidationFailure` in Chinese names what is wrong).
protocol RegisterSettingsFile: Sendable {
    static var standard: Self { get }
    static func parse(_ data: Data) throws -> Self
}

/// A register's settings (`Resources/Registers/<file>`), read once at start-up by its module's
/// `configure`; the standard values until then, or when there is no file. Kept where the scan's SQL
/// sources and the pages can read them without a request. A bad file stops the start with the reason.
final class RegisterSettings<S: RegisterSettingsFile>: Sendable {
    let file: String
    /// What the file is, for the message: `行政执法设置文件`.
    let label: String
    private let current = NIOLockedValueBox<S>(S.standard)

    init(file: String, label: String) {
        self.file = file
        self.label = label
    }

    var active: S { current.withLockedValue { $0 } }

    func load(resources: String) throws {
        let path = resources + "Registers/" + file
        guard let data = FileManager.default.contents(atPath: path) else { return }
        do {
            let settings = try S.parse(data)
            current.withLockedValue { $0 = settings }
        } catch let failure as ValidationFailure {
            throw AppError.conflict("\(label) \(path) 有误:" + failure.errors.map(\.message).joined(separator: ";"))
        }
    }
}
