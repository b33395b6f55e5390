/// Why a record is not this user's to read or change, thrown by the Store's
/// user-scoped loaders (`ApplicationAccess`, `CaseAccess`, …) inside the
/// transaction that uses the record; the app answers 404, 403 or 409.
public enum RecordRefusal: Error, Equatable {
    /// No such record (or one this user may not know exists).
    case missing
    case forbidden
    /// The record is not in a state that allows this (a submitted draft, a closed grant).
    case wrongState
}
