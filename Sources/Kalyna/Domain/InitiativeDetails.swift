/// What an initiative's coordinator may change about it, and what a change
/// means for its standing with the network.
public struct InitiativeDetails: Sendable, Equatable {
    public var name: String
    public var country: String
    public var city: String
    public var legalForm: LegalForm
    public var description: String
    public var contact: String
    public var publicListing: PublicListing
    public var legalName: String
    public var registrationNumber: String
    public var bankDetails: String

    public init(
        name: String, country: String, city: String, legalForm: LegalForm, description: String, contact: String,
        publicListing: PublicListing, legalName: String, registrationNumber: String, bankDetails: String
    ) {
        self.name = name
        self.country = country
        self.city = city
        self.legalForm = legalForm
        self.description = description
        self.contact = contact
        self.publicListing = publicListing
        self.legalName = legalName
        self.registrationNumber = registrationNumber
        self.bankDetails = bankDetails
    }

    /// What staff checked when they verified the initiative: who it is, where,
    /// and, for a registered organisation, its registration.
    public func keyFieldsDiffer(from other: InitiativeDetails) -> Bool {
        name != other.name || country != other.country || legalForm != other.legalForm
            || registrationNumber != other.registrationNumber || legalName != other.legalName
    }

    public func payeeDiffers(from other: InitiativeDetails) -> Bool {
        legalName != other.legalName || registrationNumber != other.registrationNumber || bankDetails != other.bankDetails
    }

    /// What saving these details does to an initiative in `status`: a declined
    /// registration goes back to staff; a verified one whose key details
    /// changed is marked for staff to verify again (it keeps working meanwhile,
    /// so that documenting cases never stops on a changed phone number or name).
    public enum Effect: Equatable, Sendable {
        case saved, resubmitted, toReverify
    }

    public func effect(replacing old: InitiativeDetails, status: InitiativeStatus) -> Effect {
        switch status {
        case .declined: return .resubmitted
        case .verified: return keyFieldsDiffer(from: old) ? .toReverify : .saved
        case .pending: return .saved
        }
    }
}
