/// What a conversation is about. Each application, grant and report has one,
/// between the initiative's coordinators and the programme staff.
public enum ConversationTopic: String, Sendable, CaseIterable, Codable {
    case application, grant, report

    /// The page of the record itself.
    public func recordPath(_ id: Int64) -> String { "/\(rawValue)s/\(id)" }

    /// The conversation's page, where its messages are read and written.
    public func path(_ id: Int64) -> String { recordPath(id) + "/messages" }
}

/// Which side of a conversation someone writes for.
public enum ConversationSide: String, Sendable, Codable {
    case staff, initiative

    /// The side that is told of a message.
    public var other: ConversationSide { self == .staff ? .initiative : .staff }
}

/// Who takes part in conversations and what a message may be. Messages are
/// part of the record: written once, never edited or deleted.
public enum ConversationRules {
    /// The longest message, in characters.
    public static let maxLength = 5000
    /// Messages on one page of a conversation.
    public static let perPage = 30

    /// Programme staff and administrators write for the network; the
    /// coordinators of the initiative the record belongs to write for it.
    /// Reviewers, finance, documenters and other initiatives take no part.
    public static func side(of role: Role, initiative: Int64?, recordInitiative: Int64) -> ConversationSide? {
        if role.isProgrammeStaff { return .staff }
        if role == .coordinator, initiative == recordInitiative { return .initiative }
        return nil
    }

    /// The message as typed, checked: required, at most `maxLength` characters.
    public static func body(_ text: String?, into errors: inout FormErrors) -> String {
        Validate.text(text, field: "body", max: maxLength, into: &errors)
    }
}
