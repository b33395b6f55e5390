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

/// The case form as typed.
public struct CaseInput: Sendable, Equatable {
    public var registeredOn = ""
    public var incidentDate = ""
    public var precision = "month"
    public var country = ""
    public var city = ""
    public var placeType = ""
    public var ageBand = ""
    public var acts: [Int64] = []
    public var policeUnit = ""
    public var officersCount = ""
    public var consequences = ""
    public var complaintFiled = false
    public var complaintWhere = ""
    public var complaintOutcome = ""
    public var status = "open"
    public var consentRecord = false
    public var consentStatistics = false
    public var narrative = ""

    public init() {}

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

    /// Checks everything; `activeActs` are the typology terms in use.
    public func errors(today: CalendarDate, activeActs: Set<Int64>, countryKnown: Bool) -> FormErrors {
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
        if !countryKnown { errors.add("country", "validation_choose") }
        _ = Validate.text(city, field: "city", max: 100, into: &errors)
        for (field, value, allowed) in [
            ("place_type", placeType, CaseVocabulary.placeTypes), ("age_band", ageBand, CaseVocabulary.ageBands),
            ("police_unit", policeUnit, CaseVocabulary.policeUnits), ("officers_count", officersCount, CaseVocabulary.officerCounts),
            ("status", status, CaseVocabulary.statuses),
        ] where !allowed.contains(value) {
            errors.add(field, "validation_choose")
        }
        if acts.isEmpty || !acts.allSatisfy(activeActs.contains) { errors.add("acts", "validation_acts") }
        _ = Validate.text(consequences, field: "consequences", required: false, max: 2000, into: &errors)
        _ = Validate.text(complaintWhere, field: "complaint_where", required: false, max: 300, into: &errors)
        _ = Validate.text(complaintOutcome, field: "complaint_outcome", required: false, max: 1000, into: &errors)
        _ = Validate.text(narrative, field: "narrative", required: false, max: 8000, into: &errors)
        if !consentRecord { errors.add("consent_record", "validation_consent_record") }
        return errors
    }
}
