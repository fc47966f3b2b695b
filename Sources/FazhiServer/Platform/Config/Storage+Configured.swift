import Vapor

extension Storage {
    /// A value `configure(_:)` stores before the application serves or runs a command: reading it
    /// earlier is a programming error, not an input error.
    func configured<Key: StorageKey>(_ key: Key.Type) -> Key.Value {
        guard let value = self[key] else { fatalError("configure(_:) sets \(Key.Value.self) first") }
        return value
    }
}
