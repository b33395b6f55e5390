/// The figures of a public release, counted from the cases it covers. Every
/// label is a key from a staff-kept list (country code, place id, act id,
/// month, service and outcome), never text a documenter typed.
public enum ReleaseFigures {
    /// What a release needs to know of one case.
    public struct Facts: Sendable, Equatable {
        public var country: String
        /// A place id from the staff's list, or nil for "another place in the country".
        public var place: Int64?
        /// "YYYY-MM", or nil when only the year is known.
        public var month: String?
        public var acts: [Int64]
        public var referrals: [(service: String, status: String)]

        public init(country: String, place: Int64?, month: String?, acts: [Int64], referrals: [(service: String, status: String)]) {
            self.country = country
            self.place = place
            self.month = month
            self.acts = acts
            self.referrals = referrals
        }

        public static func == (a: Facts, b: Facts) -> Bool {
            a.country == b.country && a.place == b.place && a.month == b.month && a.acts == b.acts
                && a.referrals.map { "\($0.service)/\($0.status)" } == b.referrals.map { "\($0.service)/\($0.status)" }
        }
    }

    public typealias Cell = Disclosure.Cell

    public static func placeKey(country: String, place: Int64?) -> String {
        country + ":" + (place.map(String.init) ?? "other")
    }

    public static let yearOnly = "year"

    /// The rows every table has whatever the cases: the countries and places on
    /// the staff's list, every act, every month of the period. A row that
    /// appeared only when a case did would tell the reader it is not zero.
    public struct Rows: Sendable, Equatable {
        public var places: [String: [Int64]]
        public var acts: [Int64]
        public var months: [String]

        public init(places: [String: [Int64]], acts: [Int64], months: [String]) {
            self.places = places
            self.acts = acts
            self.months = months
        }
    }

    /// Counts per cell, with a zero for every row of `rows` no case fell in.
    /// (A case in a country with no place on the list still gets its country's
    /// rows, so that the tables add up.)
    public static func count(_ cases: [Facts], rows: Rows) -> [Cell: Int] {
        var values: [Cell: Int] = [.total: cases.count, Cell("act", "total"): 0, Cell("month", yearOnly): 0]
        for (country, places) in rows.places {
            values[Cell("country", country)] = 0
            values[Cell("place", placeKey(country: country, place: nil))] = 0
            for place in places { values[Cell("place", placeKey(country: country, place: place))] = 0 }
        }
        for act in rows.acts { values[Cell("act", String(act))] = 0 }
        for month in rows.months { values[Cell("month", month)] = 0 }
        for service in CaseVocabulary.services + ["total"] {
            for status in CaseVocabulary.referralStatuses + ["total"] { values[Cell("referral", service, status)] = 0 }
        }
        for facts in cases {
            values[Cell("country", facts.country), default: 0] += 1
            values[Cell("place", placeKey(country: facts.country, place: nil)), default: 0] += 0
            values[Cell("place", placeKey(country: facts.country, place: facts.place)), default: 0] += 1
            values[Cell("month", facts.month ?? yearOnly), default: 0] += 1
            for act in Set(facts.acts) {
                values[Cell("act", String(act)), default: 0] += 1
                values[Cell("act", "total"), default: 0] += 1
            }
            for referral in facts.referrals
            where CaseVocabulary.services.contains(referral.service) && CaseVocabulary.referralStatuses.contains(referral.status) {
                for row in [referral.service, "total"] {
                    for column in [referral.status, "total"] { values[Cell("referral", row, column), default: 0] += 1 }
                }
            }
        }
        return values
    }
}

/// The form that prepares a release, as typed.
public struct ReleaseInput: Sendable, Equatable {
    public var from = ""
    public var to = ""
    public var cutoff = ""

    public init(from: String = "", to: String = "", cutoff: String = "") {
        self.from = from
        self.to = to
        self.cutoff = cutoff
    }

    static func month(_ text: String) -> String? {
        let value = text.trimmed
        guard value.count == 7, let date = CalendarDate(iso: value + "-01") else { return nil }
        return String(date.iso.prefix(7))
    }

    /// The scope, once every field is right.
    public var scope: Disclosure.Scope? {
        guard let from = Self.month(from), let to = Self.month(to), let cutoff = CalendarDate(iso: cutoff.trimmed) else { return nil }
        return Disclosure.Scope(from: from, to: to, cutoff: cutoff.iso)
    }

    /// A period of whole months up to the cut-off, which cannot lie in the future
    /// (a release counts only cases already entered).
    public func errors(today: CalendarDate) -> FormErrors {
        var errors = FormErrors()
        let from = Self.month(self.from), to = Self.month(self.to)
        if from == nil { errors.add("from", "validation_month") }
        if to == nil { errors.add("to", "validation_month") }
        if let from, let to, from > to { errors.add("to", "validation_release_order") }
        if let cutoff = CalendarDate(iso: cutoff.trimmed) {
            if cutoff > today { errors.add("cutoff", "validation_future") }
            if let to, String(cutoff.iso.prefix(7)) < to { errors.add("cutoff", "validation_release_cutoff") }
        } else {
            errors.add("cutoff", "validation_date")
        }
        return errors
    }
}
