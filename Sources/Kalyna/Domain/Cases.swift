/// The fixed vocabularies of a case. Each value's name is in the catalogs as
/// `<vocabulary>_<value>`; none of them can identify a woman.
public enum CaseVocabulary {
    public static let placeTypes = ["street", "police", "home", "harm_reduction", "medical", "other"]
    public static let ageBands = ["under_18", "18_24", "25_34", "35_44", "45_plus", "unknown"]
    public static let policeUnits = ["patrol", "criminal_investigation", "drug_control", "district", "special", "other", "unknown"]
    public static let officerCounts = ["1", "2-3", "4+", "unknown"]
    public static let statuses = ["open", "in_progress", "closed"]
    public static let precisions = ["month", "day", "year"]
    public static let services = ["medical", "hiv", "ost", "psychological", "social", "legal"]
    public static let referralStatuses = ["pending", "provided", "refused", "unavailable"]
}

/// Where a case happened, as the form and the import choose it: a place of
/// the staff's list, or "another place" in a country. Written "UA:12" or
/// "UA:other" in forms.
public struct PlaceChoice: Sendable, Equatable, Hashable {
    public var country: String
    public var place: Int64?

    public init(country: String, place: Int64?) {
        self.country = country
        self.place = place
    }

    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, Countries.isKnown(String(parts[0])) else { return nil }
        country = String(parts[0])
        if parts[1] == "other" {
            place = nil
        } else if let id = Int64(parts[1]), id > 0 {
            place = id
        } else {
            return nil
        }
    }

    public var key: String { country + ":" + (place.map(String.init) ?? "other") }
}

/// The case form as typed. Nothing in it is free text but the narrative,
/// which is sealed before it is stored.
public struct CaseInput: Sendable, Equatable {
    public var registeredOn = ""
    public var incidentDate = ""
    public var precision = "month"
    /// "UA:12" or "UA:other" (see `PlaceChoice`).
    public var place = ""
    public var placeType = ""
    public var ageBand = ""
    public var acts: [Int64] = []
    public var policeUnit = ""
    public var officersCount = ""
    public var consequences: [Int64] = []
    public var complaintFiled = false
    public var complaintBody: Int64?
    public var complaintOutcome: Int64?
    public var status = "open"
    public var consentRecord = false
    public var consentStatistics = false
    public var narrative = ""

    public init() {}

    public var placeChoice: PlaceChoice? { PlaceChoice(place) }

    /// The incident date as stored: "YYYY-MM-DD", "YYYY-MM" or "YYYY" by precision.
    public var normalizedIncident: String? {
        let text = incidentDate.trimmed
        switch precision {
        case "day": return CalendarDate(iso: text)?.iso
        case "month":
            // A month input sends "2026-11"; a date input may send a full date.
            if let date = CalendarDate(iso: text) { return String(date.iso.prefix(7)) }
            let parts = text.split(separator: "-")
            guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
                CalendarDate(year: year, month: month, day: 1) != nil
            else { return nil }
            return text
        case "year":
            guard text.count == 4, let year = Int(text), (1990...9999).contains(year) else {
                return CalendarDate(iso: text).map { String($0.year) }
            }
            return String(year)
        default: return nil
        }
    }

    /// What the checks compare against: the terms and places that may be chosen.
    public struct Choices: Sendable {
        public var acts: Set<Int64>
        /// Active places by id, with their country.
        public var places: [Int64: String]
        public var terms: [String: Set<Int64>]

        public init(acts: Set<Int64>, places: [Int64: String], terms: [String: Set<Int64>]) {
            self.acts = acts
            self.places = places
            self.terms = terms
        }
    }

    /// Checks everything against what may be chosen.
    public func errors(today: CalendarDate, choices: Choices) -> FormErrors {
        var errors = FormErrors()
        if let registered = CalendarDate(iso: registeredOn.trimmed) {
            if registered > today { errors.add("registered_on", "validation_future") }
        } else {
            errors.add("registered_on", "validation_date")
        }
        if !CaseVocabulary.precisions.contains(precision) { errors.add("precision", "validation_choose") }
        if let incident = normalizedIncident {
            // The incident cannot lie in the future, at whatever precision it is given.
            if incident > String(today.iso.prefix(incident.count)) { errors.add("incident_date", "validation_future") }
            if incident < "1990" { errors.add("incident_date", "validation_date_range") }
        } else {
            errors.add("incident_date", incidentDate.trimmed.isEmpty ? "validation_required" : "validation_incident_date")
        }
        if let choice = placeChoice {
            if let id = choice.place, choices.places[id] != choice.country { errors.add("place", "validation_choose") }
        } else {
            errors.add("place", "validation_choose")
        }
        for (field, value, allowed) in [
            ("place_type", placeType, CaseVocabulary.placeTypes), ("age_band", ageBand, CaseVocabulary.ageBands),
            ("police_unit", policeUnit, CaseVocabulary.policeUnits), ("officers_count", officersCount, CaseVocabulary.officerCounts),
            ("status", status, CaseVocabulary.statuses),
        ] where !allowed.contains(value) {
            errors.add(field, "validation_choose")
        }
        if acts.isEmpty || !acts.allSatisfy(choices.acts.contains) { errors.add("acts", "validation_acts") }
        if !consequences.allSatisfy((choices.terms["consequence"] ?? []).contains) { errors.add("consequences", "validation_choose") }
        if let body = complaintBody, !(choices.terms["complaint_body"] ?? []).contains(body) { errors.add("complaint_body", "validation_choose") }
        if let outcome = complaintOutcome, !(choices.terms["complaint_outcome"] ?? []).contains(outcome) {
            errors.add("complaint_outcome", "validation_choose")
        }
        _ = Validate.text(narrative, field: "narrative", required: false, max: 8000, into: &errors)
        if !consentRecord { errors.add("consent_record", "validation_consent_record") }
        return errors
    }
}
