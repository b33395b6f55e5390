/// Who may use a route. Every route in the table names one; the authorization
/// matrix test walks the table and fails on a route it has no expectation for.
/// Rules about a particular record (this initiative's, this reviewer's) are
/// checked by the handler, on the server, for every read and write.
public enum Access: Sendable, Equatable {
    /// Anyone, signed in or not.
    case anyone
    /// Any signed-in user.
    case signedIn
    /// Signed-in users with one of these roles. A list, not a set: it is
    /// checked on every request, and a scan of a few roles costs nothing where
    /// hashing the role into a set cost as much as the rest of the check.
    case roles([Role])

    static let staffManagers: Access = .roles([.admin, .programmeOfficer])
    static let administrators: Access = .roles([.admin])
    static let members: Access = .roles([.coordinator, .documenter])
    static let coordinators: Access = .roles([.coordinator])
    /// Cases: programme staff (all) and the initiative's own members; never finance or reviewers.
    static let caseReaders: Access = .roles([.admin, .programmeOfficer, .coordinator, .documenter])
    static let finance: Access = .roles([.financeOfficer])
    static let programmeOfficers: Access = .roles([.programmeOfficer])
    /// A case's narrative: programme officers, and the case's coordinator (the handler checks which).
    static let narrativeReaders: Access = .roles([.programmeOfficer, .coordinator])
    /// Staff who follow the money: every grant.
    static let grantReaders: Access = .roles([.admin, .programmeOfficer, .financeOfficer])
    /// Also the coordinator, for her own initiative's grants (the handler checks which).
    static let grantHolders: Access = .roles([.admin, .programmeOfficer, .financeOfficer, .coordinator])
    static let officerReaders: Access = .roles([.admin, .programmeOfficer, .coordinator])
    static let reviewers: Access = .roles([.reviewer, .programmeOfficer])
    /// Who may be shown an application at all; which one is the handler's check.
    /// Who takes part in conversations: programme staff and coordinators (of the record's initiative, checked in the handler).
    static let correspondents: Access = .roles([.admin, .programmeOfficer, .coordinator])
    static let applicationReaders: Access = .roles([.admin, .programmeOfficer, .coordinator, .reviewer])

    /// `role`: the signed-in user's, nil for a visitor.
    func allows(_ role: Role?) -> Bool {
        switch self {
        case .anyone: true
        case .signedIn: role != nil
        case .roles(let roles): role.map { roles.contains($0) } ?? false
        }
    }
}
