/// What a call's outcome indicator is counted from: typed by the initiative,
/// or pre-filled from Kalyna's own records of the report's period.
public enum IndicatorSource: String, Sendable, CaseIterable, Codable {
    case none, cases, referralsMade = "referrals_made", referralsProvided = "referrals_provided", officersRecognised = "officers_recognised"
}

/// An outcome indicator of a call: the application sets a target, each report an actual.
public struct CallIndicator: Sendable, Equatable {
    public var id: Int64?
    public var callId: Int64
    public var position: Int
    public var name: String
    public var nameRu = ""
    public var nameUk = ""
    public var unit = ""
    public var source: IndicatorSource

    public init(id: Int64? = nil, callId: Int64, position: Int, name: String, source: IndicatorSource) {
        (self.id, self.callId, self.position, self.name, self.source) = (id, callId, position, name, source)
    }

    public func name(_ lang: String) -> String { Translated.pick(name, ru: nameRu, uk: nameUk, lang: lang) }
}

/// Kalyna's own counts of a report's period, as indicators read them.
public struct PeriodCounts: Sendable, Equatable {
    public var cases = 0
    public var referralsMade = 0
    public var referralsProvided = 0
    public var officersRecognised = 0

    public init(cases: Int = 0, referralsMade: Int = 0, referralsProvided: Int = 0, officersRecognised: Int = 0) {
        (self.cases, self.referralsMade, self.referralsProvided, self.officersRecognised) = (cases, referralsMade, referralsProvided, officersRecognised)
    }

    /// The count an indicator takes from Kalyna's records, or nil when it is typed.
    public func value(for source: IndicatorSource) -> Int? {
        switch source {
        case .none: nil
        case .cases: cases
        case .referralsMade: referralsMade
        case .referralsProvided: referralsProvided
        case .officersRecognised: officersRecognised
        }
    }
}

public enum IndicatorRules {
    /// A target or an actual: a whole number, 0 or more (spaces between thousands allowed).
    public static func amount(_ text: String) -> Int? {
        let digits = text.filter { !$0.isWhitespace && $0 != "\u{00A0}" && $0 != "\u{202F}" }
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    /// The catalog key of what is wrong with a typed value for submission, or nil.
    public static func problem(_ text: String) -> String? {
        if text.trimmed.isEmpty { return "validation_required" }
        return amount(text) == nil ? "indicator_whole_number" : nil
    }
}
