/// What was wrong with a form: for each field, the catalog key of the message to
/// show beside it.
public struct FormErrors: Sendable, Equatable {
    public private(set) var fields: [String: String] = [:]

    public init() {}

    public var isEmpty: Bool { fields.isEmpty }

    public subscript(field: String) -> String? { fields[field] }

    public mutating func add(_ field: String, _ messageKey: String) {
        if fields[field] == nil { fields[field] = messageKey }
    }
}

/// Checks on what people type, shared by every form.
public enum Validate {
    /// Trimmed text; an error when required and empty or when longer than `max`.
    public static func text(_ value: String?, field: String, required: Bool = true, max: Int = 200, into errors: inout FormErrors) -> String {
        let text = (value ?? "").trimmed
        if required && text.isEmpty {
            errors.add(field, "validation_required")
        } else if text.count > max {
            errors.add(field, "validation_too_long")
        }
        return text
    }

    /// A plausible email address, lower-cased (it is the sign-in name).
    public static func email(_ value: String?, field: String = "email", into errors: inout FormErrors) -> String {
        let email = (value ?? "").trimmed.lowercased()
        if email.isEmpty {
            errors.add(field, "validation_required")
            return email
        }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        let valid = email.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
            && !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" })
        if !valid { errors.add(field, "validation_email") }
        return email
    }

    public static let minimumPasswordLength = 10

    /// A new password: long enough, not absurdly long, typed twice the same.
    public static func newPassword(_ value: String?, confirmation: String?, field: String = "password", into errors: inout FormErrors) -> String {
        let password = value ?? ""
        if password.count < minimumPasswordLength {
            errors.add(field, "validation_password_short")
        } else if password.utf8.count > 512 {
            errors.add(field, "validation_too_long")
        } else if let confirmation, confirmation != password {
            errors.add(field + "_confirmation", "validation_password_mismatch")
        }
        return password
    }

    /// One of a fixed set of values.
    public static func choice<T: RawRepresentable>(_ value: String?, as type: T.Type, field: String, into errors: inout FormErrors) -> T? where T.RawValue == String {
        guard let value, let choice = T(rawValue: value) else {
            errors.add(field, "validation_choose")
            return nil
        }
        return choice
    }
}

extension String {
    /// Without white space or line breaks at either end.
    public var trimmed: String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace || first.isNewline { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace || last.isNewline { slice.removeLast() }
        return String(slice)
    }
}
