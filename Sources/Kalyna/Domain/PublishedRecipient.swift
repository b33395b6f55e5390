/// How a grant's recipient appears in published data, by the initiative's own
/// choice (`PublicListing`). Nothing written by the initiative (the
/// application's title and summary, which can name people or places) goes out
/// for an anonymous one, and its identifier is per grant, so that its grants
/// cannot be joined up into a profile.
public enum PublishedRecipient: Equatable, Sendable {
    case named(name: String, city: String, country: String)
    case anonymous(country: String)

    /// nil: the grant is left out of the published file altogether.
    public static func of(_ listing: PublicListing, name: String, city: String, country: String) -> PublishedRecipient? {
        switch listing {
        case .hidden: return nil
        case .anonymous: return .anonymous(country: country)
        case .named: return .named(name: name, city: city, country: country)
        }
    }

    public var country: String {
        switch self {
        case .named(_, _, let country), .anonymous(let country): return country
        }
    }
}
