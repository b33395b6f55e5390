import Foundation
import GRDB
import HTTPServer
import Templating

/// `GET /cases/new`, `POST /cases`, `GET /cases/:id/edit`, `POST /cases/:id`:
/// a documenter or coordinator registers a case on one short screen. There is
/// no field for anything that could identify the woman.
enum CaseForm {
    static func new(_ context: RequestContext) throws -> Response {
        let initiative = try context.app.database.pool.read { try CaseAccess.memberInitiative(context, $0) }
        var input = CaseInput()
        input.registeredOn = CalendarDate(context.now).iso
        input.country = initiative.country
        input.city = initiative.city
        return try render(context, id: nil, input: input, errors: FormErrors())
    }

    static func edit(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let (record, acts) = try context.app.database.pool.read { db in
            let record = try CaseAccess.loadForChange(context, db, id: id)
            return (record, try CaseStore.acts(db, case: id))
        }
        var input = CaseInput()
        input.registeredOn = record.registeredOn
        input.incidentDate = record.incidentDate
        input.precision = record.incidentPrecision
        input.country = record.country
        input.city = record.city
        input.placeType = record.placeType
        input.ageBand = record.ageBand
        input.acts = acts
        input.policeUnit = record.policeUnit
        input.officersCount = record.officersCount
        input.consequences = record.consequences
        input.complaintFiled = record.complaintFiled
        input.complaintWhere = record.complaintWhere
        input.complaintOutcome = record.complaintOutcome
        input.status = record.status
        input.consentRecord = true
        input.consentStatistics = record.consentStatistics
        // The narrative is shown back only to those who may read it.
        if CaseAccess.mayReadNarrative(context, record), let sealed = record.narrative {
            input.narrative = context.app.narratives.open([UInt8](sealed)) ?? ""
        }
        return try render(context, id: id, input: input, errors: FormErrors(), hadNarrative: record.narrative != nil)
    }

    static func options(_ values: [String], prefix: String, _ context: RequestContext) -> [(String, String)] {
        values.map { ($0, context.t("\(prefix)_\($0.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: "+", with: "_plus"))")) }
    }

    static func render(_ context: RequestContext, id: Int64?, input: CaseInput, errors: FormErrors, hadNarrative: Bool = false, status: Int = 200) throws -> Response {
        let typology = try context.app.database.pool.read { try CaseStore.typology($0, activeOnly: true) }
        let values: [String: String] = [
            "registered_on": input.registeredOn, "incident_date": input.incidentDate, "precision": input.precision,
            "country": input.country, "city": input.city, "place_type": input.placeType, "age_band": input.ageBand,
            "police_unit": input.policeUnit, "officers_count": input.officersCount, "consequences": input.consequences,
            "complaint_where": input.complaintWhere, "complaint_outcome": input.complaintOutcome, "status": input.status,
            "narrative": input.narrative,
        ]
        let form = FormView(context, values: values, errors: errors)
        let countries = Countries.codes.map { ($0, context.t("country_\($0)")) }.sorted { $0.1 < $1.1 }
        let mayReadNarrative = id == nil || context.user?.role == .coordinator
        let action = id.map { "/cases/\($0)" } ?? "/cases"
        return try context.page(
            "cases/form", title: context.t(id == nil ? "case_new_title" : "case_edit_title"),
            [
                "csrf": .string(context.csrfToken()),
                "action": .string(action),
                "summary": form.summary,
                "when": .list([
                    form.field("registered_on", label: context.t("field_registered_on"), type: "date"),
                    form.select("precision", label: context.t("field_incident_precision"), options: options(CaseVocabulary.precisions, prefix: "precision", context)),
                    form.field("incident_date", label: context.t("field_incident_date"), hint: context.t("hint_incident_date"), maxLength: 10),
                ]),
                "where": .list([
                    form.select("country", label: context.t("field_country"), options: countries),
                    form.field("city", label: context.t("field_city"), maxLength: 100),
                    form.select("place_type", label: context.t("field_place_type"), options: options(CaseVocabulary.placeTypes, prefix: "place", context), placeholder: context.t("select_placeholder")),
                    form.select("age_band", label: context.t("field_age_band"), options: options(CaseVocabulary.ageBands, prefix: "age", context), placeholder: context.t("select_placeholder")),
                ]),
                "acts": .list(typology.map { term in
                    ["id": .int(Int(term.id ?? 0)), "name": .string(term.name(context.lang)), "checked": .bool(input.acts.contains(term.id ?? 0))]
                }),
                "actsError": TemplateValue(errors["acts"].map { context.t($0) }),
                "who": .list([
                    form.select("police_unit", label: context.t("field_police_unit"), options: options(CaseVocabulary.policeUnits, prefix: "unit", context), placeholder: context.t("select_placeholder")),
                    form.select("officers_count", label: context.t("field_officers_count"), options: options(CaseVocabulary.officerCounts, prefix: "officers", context), placeholder: context.t("select_placeholder")),
                ]),
                "after": .list([
                    form.textarea("consequences", label: context.t("field_consequences"), maxLength: 2000),
                    form.field("complaint_where", label: context.t("field_complaint_where"), required: false, maxLength: 300),
                    form.field("complaint_outcome", label: context.t("field_complaint_outcome"), required: false, maxLength: 1000),
                    form.select("status", label: context.t("field_case_status"), options: options(CaseVocabulary.statuses, prefix: "case_status", context)),
                ]),
                "complaintFiled": .bool(input.complaintFiled),
                "consentStatistics": .bool(input.consentStatistics),
                "consentRecord": .bool(input.consentRecord),
                "consentError": TemplateValue(errors["consent_record"].map { context.t($0) }),
                "narrative": mayReadNarrative
                    ? form.textarea("narrative", label: context.t("field_narrative"), hint: context.t("hint_narrative"), maxLength: 8000) : .null,
                "narrativeKept": .bool(!mayReadNarrative && hadNarrative),
            ], status: status)
    }

    static func input(from form: FormData) -> CaseInput {
        var input = CaseInput()
        func text(_ name: String, _ max: Int = 8000) -> String { String((form[name] ?? "").prefix(max)) }
        input.registeredOn = text("registered_on", 20)
        input.incidentDate = text("incident_date", 20)
        input.precision = text("precision", 10)
        input.country = text("country", 2)
        input.city = text("city", 200)
        input.placeType = text("place_type", 40)
        input.ageBand = text("age_band", 20)
        input.acts = form.values("acts").compactMap { Int64($0) }
        input.policeUnit = text("police_unit", 40)
        input.officersCount = text("officers_count", 10)
        input.consequences = text("consequences", 4000)
        input.complaintFiled = form["complaint_filed"] == "yes"
        input.complaintWhere = text("complaint_where", 600)
        input.complaintOutcome = text("complaint_outcome", 2000)
        input.status = text("status", 20)
        input.consentRecord = form["consent_record"] == "yes"
        input.consentStatistics = form["consent_statistics"] == "yes"
        input.narrative = text("narrative")
        return input
    }

    static func save(_ context: RequestContext) throws -> Response {
        let id = context.parameters["id"].flatMap { Int64($0) }
        let input = input(from: context.request.form)
        let pool = context.app.database.pool
        let (initiative, activeActs, existing) = try pool.read { db -> (Initiative, Set<Int64>, CaseRecord?) in
            let initiative = try CaseAccess.memberInitiative(context, db)
            let existing = try id.map { try CaseAccess.loadForChange(context, db, id: $0) }
            return (initiative, Set(try CaseStore.typology(db, activeOnly: true).compactMap(\.id)), existing)
        }
        let errors = input.errors(today: CalendarDate(context.now), activeActs: activeActs, countryKnown: Countries.isKnown(input.country))
        guard errors.isEmpty else {
            return try render(context, id: id, input: input, errors: errors, hadNarrative: existing?.narrative != nil, status: 422)
        }
        let now = context.now
        let actor = context.user?.id
        // A documenter cannot read the narrative back, so leaving the field empty keeps it.
        let keepNarrative = existing != nil && context.user?.role != .coordinator && input.narrative.trimmed.isEmpty
        let saved = try pool.write { db -> Int64 in
            var record = try id.map { try CaseAccess.loadForChange(context, db, id: $0) } ?? CaseRecord(
                id: nil, initiativeId: initiative.id ?? 0, registeredOn: "", incidentDate: "", incidentPrecision: "month", country: "",
                city: "", placeType: "", ageBand: "", policeUnit: "", officersCount: "unknown", consequences: "", complaintFiled: false,
                complaintWhere: "", complaintOutcome: "", status: "open", consentStatistics: false, narrative: nil, createdBy: actor,
                createdAt: now, updatedAt: now)
            let previous = record.narrative
            CaseStore.apply(input, to: &record, box: context.app.narratives, now: now)
            if keepNarrative { record.narrative = previous }
            if record.id == nil { try record.insert(db) } else { try record.update(db) }
            try CaseStore.setActs(db, case: record.id ?? 0, input.acts)
            // The audit names the case, never its narrative.
            try Audit.record(db, actor: actor, id == nil ? "case.registered" : "case.updated", "case", record.id, at: now)
            return record.id ?? 0
        }
        throw Redirect("/cases/\(saved)?notice=case_saved")
    }
}
