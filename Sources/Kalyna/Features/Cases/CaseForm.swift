import Foundation
import HTTPServer
import Templating

/// `GET /cases/new`, `POST /cases`, `GET /cases/:id/edit`, `POST /cases/:id`:
/// a documenter or coordinator registers a case on one short screen. There is
/// no field for anything that could identify the woman, and nothing is typed
/// but the narrative: the place and what followed are chosen from lists.
enum CaseForm {
    static func new(_ context: RequestContext) throws -> Response {
        let (initiative, places) = try context.read { db in
            (try CaseAccess.memberInitiative(try context.requireUser(), db), try CaseStore.places(db, activeOnly: true))
        }
        var input = CaseInput()
        input.registeredOn = context.today.iso
        // The initiative's own place when it is on the list, else its country's "another place".
        let own = PlaceNames.match(initiative.city, in: places.filter { $0.country == initiative.country }.map { ($0.id ?? 0, $0.names) })
        input.place = PlaceChoice(country: initiative.country, place: own).key
        return try render(context, id: nil, input: input, errors: FormErrors())
    }

    static func edit(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let (record, acts, consequences) = try context.read { db in
            let record = try CaseAccess.loadForChange(try context.requireUser(), db, id: id)
            return (record, try CaseStore.acts(db, case: id), try CaseStore.consequences(db, case: id))
        }
        var input = CaseInput()
        input.registeredOn = record.registeredOn
        input.incidentDate = record.incidentDate
        input.precision = record.incidentPrecision
        input.place = record.placeChoice.key
        input.placeType = record.placeType
        input.ageBand = record.ageBand
        input.acts = acts
        input.policeUnit = record.policeUnit
        input.officersCount = record.officersCount
        input.consequences = consequences
        input.complaintFiled = record.complaintFiled
        input.complaintBody = record.complaintBodyId
        input.complaintOutcome = record.complaintOutcomeId
        input.status = record.status
        input.consentRecord = true
        input.consentStatistics = record.consentStatistics
        // The narrative is shown back only to those who may read it.
        if CaseAccess.mayReadNarrative(try context.requireUser(), record), let sealed = record.narrative {
            input.narrative = context.app.narratives.open([UInt8](sealed)) ?? ""
        }
        return try render(context, id: id, input: input, errors: FormErrors(), hadNarrative: record.narrative != nil, keeping: record)
    }

    static func options(_ values: [String], prefix: String, _ context: RequestContext) -> [(String, String)] {
        values.map { ($0, context.t("\(prefix)_\($0.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: "+", with: "_plus"))")) }
    }

    /// The place drop-down: each country a group, its places, then "another place in …".
    static func placeGroups(_ places: [Place], keeping record: CaseRecord?, _ context: RequestContext) -> [(String, [(String, String)])] {
        var byCountry: [String: [(String, String)]] = [:]
        for place in places where place.active || place.id == record?.placeId {
            byCountry[place.country, default: []].append((PlaceChoice(country: place.country, place: place.id).key, place.name(context.lang)))
        }
        return Countries.codes.map { country in
            let name = context.t("country_\(country)")
            let other = (PlaceChoice(country: country, place: nil).key, context.t("place_other_in", ["country": name]))
            return (name, (byCountry[country] ?? []) + [other])
        }.sorted { $0.0 < $1.0 }
    }

    static func render(
        _ context: RequestContext, id: Int64?, input: CaseInput, errors: FormErrors, hadNarrative: Bool = false, keeping record: CaseRecord? = nil,
        status: Int = 200
    ) throws -> Response {
        let (typology, places, terms) = try context.read { db in
            (try CaseStore.typology(db, activeOnly: true), try CaseStore.places(db), try CaseStore.terms(db))
        }
        let page = CaseFormPage(
            id: id, input: input, errors: errors, typology: typology, places: places, terms: terms,
            mayReadNarrative: id == nil || context.user?.role == .coordinator, hadNarrative: hadNarrative, keeping: record)
        return try context.page(page, title: context.t(id == nil ? "case_new_title" : "case_edit_title"), status: status)
    }

    static func input(from form: FormData) -> CaseInput {
        var input = CaseInput()
        func text(_ name: String, _ max: Int = 8000) -> String { String((form[name] ?? "").prefix(max)) }
        input.registeredOn = text("registered_on", 20)
        input.incidentDate = text("incident_date", 20)
        input.precision = text("precision", 10)
        input.place = text("place", 40)
        input.placeType = text("place_type", 40)
        input.ageBand = text("age_band", 20)
        input.acts = form.values("acts").compactMap { Int64($0) }
        input.policeUnit = text("police_unit", 40)
        input.officersCount = text("officers_count", 10)
        input.consequences = form.values("consequences").compactMap { Int64($0) }
        input.complaintFiled = form["complaint_filed"] == "yes"
        input.complaintBody = Int64(text("complaint_body", 20))
        input.complaintOutcome = Int64(text("complaint_outcome", 20))
        input.status = text("status", 20)
        input.consentRecord = form["consent_record"] == "yes"
        input.consentStatistics = form["consent_statistics"] == "yes"
        input.narrative = text("narrative")
        return input
    }

    static func save(_ context: RequestContext) throws -> Response {
        let id = context.parameters["id"].flatMap { Int64($0) }
        let input = input(from: context.request.form)
        let box = context.app.narratives
        let now = context.now
        let today = context.today
        let actor = context.user?.id
        // A documenter cannot read the narrative back, so leaving the field empty keeps it.
        let keepNarrative = id != nil && context.user?.role != .coordinator && input.narrative.trimmed.isEmpty
        // Every check is made inside the write, against what is stored then.
        let outcome = try context.write { db -> Result<Int64, CaseRefusal> in
            let initiative = try CaseAccess.memberInitiative(try context.requireUser(), db)
            let existing = try id.map { try CaseAccess.loadForChange(try context.requireUser(), db, id: $0) }
            var errors = input.errors(today: today, choices: try CaseStore.choices(db, keeping: existing))
            if let sealed = existing?.narrative, box.open([UInt8](sealed)) == nil, !input.narrative.trimmed.isEmpty {
                // Never replace a narrative this key cannot read: it may be the only copy.
                errors.add("narrative", "validation_narrative_unreadable")
            }
            guard errors.isEmpty else { return .failure(CaseRefusal(errors: errors, existing: existing)) }
            var record = existing ?? CaseRecord.blank(initiative: initiative.id ?? 0, by: actor, now: now)
            try CaseStore.save(db, input, to: &record, box: box, keepNarrative: keepNarrative, now: now)
            // The audit names the case, never its narrative.
            try Audit.record(db, actor: actor, id == nil ? "case.registered" : "case.updated", "case", record.id, at: now)
            return .success(record.id ?? 0)
        }
        switch outcome {
        case .success(let saved):
            throw Redirect("/cases/\(saved)?notice=case_saved")
        case .failure(let refusal):
            return try render(context, id: id, input: input, errors: refusal.errors, hadNarrative: refusal.existing?.narrative != nil,
                              keeping: refusal.existing, status: 422)
        }
    }

    struct CaseRefusal: Error {
        let errors: FormErrors
        let existing: CaseRecord?
    }
}

/// The case form, new or edit: what was typed (or stored), the message per
/// field, and the lists to choose from. The narrative field is there only for
/// those who may read it back.
struct CaseFormPage: PageModel {
    static let template = "cases/form"
    /// nil for a new case.
    let id: Int64?
    let input: CaseInput
    let errors: FormErrors
    /// The active acts of violence.
    let typology: [ViolenceType]
    let places: [Place]
    /// Every term of the other vocabularies, active or not.
    let terms: [CaseTerm]
    let mayReadNarrative: Bool
    /// The case has a narrative, which this person cannot read back.
    let hadNarrative: Bool
    /// The stored case, whose retired place and terms stay choosable.
    let keeping: CaseRecord?

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let values: [String: String] = [
            "registered_on": input.registeredOn, "incident_date": input.incidentDate, "precision": input.precision,
            "place": input.place, "place_type": input.placeType, "age_band": input.ageBand,
            "police_unit": input.policeUnit, "officers_count": input.officersCount,
            "complaint_body": input.complaintBody.map(String.init) ?? "", "complaint_outcome": input.complaintOutcome.map(String.init) ?? "",
            "status": input.status, "narrative": input.narrative,
        ]
        let form = FormView(context, values: values, errors: errors)
        /// A vocabulary's terms that may be chosen: active ones, and those this case already has.
        func vocabulary(_ name: String, keep: Set<Int64>) -> [CaseTerm] {
            terms.filter { $0.vocabulary == name && ($0.active || keep.contains($0.id ?? 0)) }
        }
        func termOptions(_ name: String, _ chosen: Int64?) -> [(String, String)] {
            vocabulary(name, keep: Set([chosen].compactMap { $0 })).map { (String($0.id ?? 0), $0.name(context.lang)) }
        }
        func options(_ values: [String], prefix: String) -> [(String, String)] { CaseForm.options(values, prefix: prefix, context) }
        let choose = context.t("select_placeholder")
        return [
            "action": .string(id.map { "/cases/\($0)" } ?? "/cases"),
            "summary": form.summary,
            "when": .list([
                form.field("registered_on", label: context.t("field_registered_on"), type: "date"),
                form.select("precision", label: context.t("field_incident_precision"), options: options(CaseVocabulary.precisions, prefix: "precision")),
                form.field("incident_date", label: context.t("field_incident_date"), hint: context.t("hint_incident_date"), maxLength: 10),
            ]),
            "where": .list([
                form.groupedSelect("place", label: context.t("field_place"), groups: CaseForm.placeGroups(places, keeping: keeping, context), placeholder: choose),
                form.select("place_type", label: context.t("field_place_type"), options: options(CaseVocabulary.placeTypes, prefix: "place"), placeholder: choose),
                form.select("age_band", label: context.t("field_age_band"), options: options(CaseVocabulary.ageBands, prefix: "age"), placeholder: choose),
            ]),
            "acts": .list(typology.map { term in
                ["id": .int(Int(term.id ?? 0)), "name": .string(term.name(context.lang)), "checked": .bool(input.acts.contains(term.id ?? 0))]
            }),
            "actsError": TemplateValue(errors["acts"].map { context.t($0) }),
            "who": .list([
                form.select("police_unit", label: context.t("field_police_unit"), options: options(CaseVocabulary.policeUnits, prefix: "unit"), placeholder: choose),
                form.select("officers_count", label: context.t("field_officers_count"), options: options(CaseVocabulary.officerCounts, prefix: "officers"), placeholder: choose),
            ]),
            "consequences": .list(vocabulary("consequence", keep: Set(input.consequences)).map { term in
                ["id": .int(Int(term.id ?? 0)), "name": .string(term.name(context.lang)), "checked": .bool(input.consequences.contains(term.id ?? 0))]
            }),
            "consequencesError": TemplateValue(errors["consequences"].map { context.t($0) }),
            "after": .list([
                form.select("complaint_body", label: context.t("field_complaint_body"), options: termOptions("complaint_body", input.complaintBody),
                            required: false, placeholder: choose),
                form.select("complaint_outcome", label: context.t("field_complaint_outcome"), options: termOptions("complaint_outcome", input.complaintOutcome),
                            required: false, placeholder: choose),
                form.select("status", label: context.t("field_case_status"), options: options(CaseVocabulary.statuses, prefix: "case_status")),
            ]),
            "complaintFiled": .bool(input.complaintFiled),
            "consentStatistics": .bool(input.consentStatistics),
            "consentRecord": .bool(input.consentRecord),
            "consentError": TemplateValue(errors["consent_record"].map { context.t($0) }),
            "narrative": mayReadNarrative
                ? form.textarea("narrative", label: context.t("field_narrative"), hint: context.t("hint_narrative"), maxLength: 8000) : .null,
            "narrativeKept": .bool(!mayReadNarrative && hadNarrative),
        ]
    }
}
