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

/// An organisation's identifier in the org-id.guide scheme, for a registered
/// initiative whose registration number has the shape of its country's
/// register; else nil (the file then uses Kalyna's own `360G-` identifier).
/// Only registers whose numbers can be told apart by shape are listed.
public enum OrgIdentifier {
    /// Country → (org-id list prefix, digits in a number).
    static let registers: [String: (prefix: String, digits: Int)] = [
        "UA": ("UA-EDR", 8),    // Unified State Register (ЄДРПОУ code)
        "MD": ("MD-IDNO", 13),  // State Register of legal entities (IDNO)
        "KZ": ("KZ-BIN", 12),   // Business identification number
        "GE": ("GE-NAPR", 9),   // National Agency of Public Registry (identification code)
    ]

    public static func of(country: String, registrationNumber: String) -> String? {
        guard let register = registers[country] else { return nil }
        // People type spaces and dashes into long numbers; the register has none.
        let digits = registrationNumber.filter { !$0.isWhitespace && $0 != "-" }
        guard digits.count == register.digits, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return "\(register.prefix)-\(digits)"
    }
}
