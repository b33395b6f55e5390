/// What a user is in Kalyna. Coordinators and documenters belong to exactly one
/// initiative; everybody else is network staff or an expert.
public enum Role: String, Sendable, CaseIterable, Codable {
    case admin
    case programmeOfficer = "programme_officer"
    case financeOfficer = "finance_officer"
    case reviewer
    case coordinator
    case documenter

    public var isInitiativeMember: Bool { self == .coordinator || self == .documenter }
    /// Administrators and programme officers: every initiative, application
    /// and case (what "staff" means on a page).
    public var isProgrammeStaff: Bool { self == .admin || self == .programmeOfficer }
    /// Those who follow the money: every grant.
    public var followsGrants: Bool { isProgrammeStaff || self == .financeOfficer }

    /// Roles an administrator can give by invitation or change to.
    public static let staffRoles: [Role] = [.admin, .programmeOfficer, .financeOfficer, .reviewer]
}

public enum InitiativeStatus: String, Sendable, CaseIterable, Codable {
    case pending, verified, declined
}

public enum LegalForm: String, Sendable, CaseIterable, Codable {
    case registered, informal
}

/// How an initiative appears in published data (the 360Giving file): by its
/// name and city; as "a community initiative in <country>"; or not at all,
/// which is the default because a group's name and city can identify women.
public enum PublicListing: String, Sendable, CaseIterable, Codable {
    case hidden, anonymous, named
}
