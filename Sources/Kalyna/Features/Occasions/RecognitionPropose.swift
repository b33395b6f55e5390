import Foundation
import HTTPServer

/// `POST /occasions/:id/recognitions`: a coordinator proposes that her
/// initiative thanks an officer (known, or new) for the occasion, saying why.
enum RecognitionPropose {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let form = context.request.form
        let initiative = try context.read { try OfficerAccess.coordinatorInitiative(try context.requireUser(), $0) }
        var errors = FormErrors()
        let reason = Validate.text(form["reason"], field: "reason", max: 1000, into: &errors)
        let existing = Int64(form["officer_id"] ?? "")
        var values: [String: String] = [:]
        for pair in form.pairs where pair.name != "_csrf" { values[pair.name] = pair.value }
        var fields: (name: String, rank: String, unit: String, city: String, country: String, consent: Bool)?
        if existing == nil { fields = OfficerView.read(form, country: initiative.country, into: &errors) }
        guard errors.isEmpty else {
            return try OccasionShow.render(context, id: id, form: FormView(context, values: values, errors: errors), status: 422)
        }
        if let fields, form["confirm_new"] != "yes" {
            let duplicates = try context.read { try OfficerStore.likelyDuplicates($0, name: fields.name, city: fields.city, unit: fields.unit) }
                .filter { $0.country == initiative.country }
            if !duplicates.isEmpty {
                return try OccasionShow.render(context, id: id, form: FormView(context, values: values), duplicates: duplicates, status: 409)
            }
        }
        let now = context.now
        let user = try context.requireUser()
        let newOfficer = fields.map {
            OfficerStore.Details(name: $0.name, rank: $0.rank, unit: $0.unit, city: $0.city, country: $0.country, consent: $0.consent)
        }
        let outcome = try context.write { db in
            try OccasionStore.propose(db, occasion: id, officer: existing, newOfficer: newOfficer, reason: reason, by: user, now: now)
        }
        if let outcome {
            var errors = FormErrors()
            errors.add("officer_id", outcome)
            return try OccasionShow.render(context, id: id, form: FormView(context, values: values, errors: errors), status: 422)
        }
        throw Redirect("/occasions/\(id)?notice=recognition_proposed")
    }
}
