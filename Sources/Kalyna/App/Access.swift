/// Who may use a route. Every route in the table names one; the authorization
/// tests walk the table and fail on a route they do not know.
public enum Access: Sendable, Equatable {
    /// Anyone, signed in or not.
    case anyone
}
