/// The grant agreement: a call's text with the grant's own figures put in,
/// read and accepted by the coordinator before any money moves.
public enum GrantAgreement {
    /// What a call's agreement text may name, as `{name}`.
    public static let placeholders = ["grant", "initiative", "amount", "period_start", "period_end", "tranches", "reports"]

    /// The agreement with its placeholders filled; an unknown `{name}` is left as written.
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        var text = template
        for name in placeholders {
            if let value = values[name] { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        }
        return text
    }

    /// The text in `lang`, or in the first language that has one (`fallback` first).
    public static func text(en: String, ru: String, uk: String, lang: String, fallback: String) -> String? {
        let texts = ["en": en, "ru": ru, "uk": uk]
        for candidate in [lang, fallback, "en", "ru", "uk"] {
            if let text = texts[candidate], !text.trimmed.isEmpty { return text }
        }
        return nil
    }

    /// What was agreed, in no language: the amount, the period, each tranche
    /// and each report. A change to any of them asks for acceptance again.
    public static func terms(
        amount: Money, start: CalendarDate, end: CalendarDate, tranches: [(amount: Money, date: CalendarDate)], reports: [(kind: String, due: CalendarDate)]
    ) -> String {
        var parts = ["\(amount.minorUnits) \(amount.currency.code)", "\(start.iso)..\(end.iso)"]
        parts += tranches.map { "tranche \($0.amount.minorUnits) \($0.date.iso)" }
        parts += reports.map { "report \($0.kind) \($0.due.iso)" }
        return parts.joined(separator: "; ")
    }

    /// Where a grant stands: no agreement asked (its call has none), awaiting
    /// the coordinator (again, if the terms changed since), or accepted.
    public enum Standing: Equatable, Sendable {
        case notRequired
        case awaiting(changedSinceAcceptance: Bool)
        case accepted
    }

    public static func standing(callHasText: Bool, acceptedTerms: String?, currentTerms: String) -> Standing {
        guard callHasText else { return .notRequired }
        guard let acceptedTerms else { return .awaiting(changedSinceAcceptance: false) }
        return acceptedTerms == currentTerms ? .accepted : .awaiting(changedSinceAcceptance: true)
    }

    /// Whether money may be approved: not while an agreement awaits acceptance.
    public static func allowsPayment(_ standing: Standing) -> Bool {
        if case .awaiting = standing { return false }
        return true
    }
}
