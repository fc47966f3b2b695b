/// One rejected field of an input: the path names the field (`title`, `tasks[3].leadUnit`),
/// the message says in Chinese what is wrong with it.
public struct FieldError: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// All the problems found in one input, in the order they were found.
public struct ValidationFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public let errors: [FieldError]

    public init(_ errors: [FieldError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Collects field errors, so one pass over an input reports every problem at once.
public struct Validator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func add(_ field: String, _ message: String) {
        errors.append(FieldError(field, message))
    }

    /// Checks a required text: not blank, and at most `max` characters. Returns the trimmed text
    /// (nil when blank), so a form's fields are checked and read in one pass.
    @discardableResult
    public mutating func text(_ value: String?, field: String, label: String, max: Int, required: Bool = true) -> String? {
        let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if trimmed.isEmpty {
            if required { add(field, "\(label)不能为空") }
        } else if trimmed.count > max {
            add(field, "\(label)不能超过 \(max) 个字符(现为 \(trimmed.count) 个)")
        }
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A date in `YYYY-MM-DD`; nil, with the reason in words (`LocalDate.complaint`: a day the
    /// calendar does not have is told apart from text in the wrong shape), when it is not one.
    public mutating func date(_ text: String, field: String, label: String) -> LocalDate? {
        if let date = LocalDate(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return date }
        add(field, LocalDate.complaint(about: text, label: label))
        return nil
    }

    /// One text field checked on its own (as `text`), thrown at once; the trimmed text, nil when blank.
    public static func text(_ value: String, field: String, label: String, max: Int, required: Bool = true) throws -> String? {
        var v = Validator()
        v.text(value, field: field, label: label, max: max, required: required)
        try v.check()
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    public func check() throws {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}

import Foundation
