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
        let actor = context.user?.id
        let outcome = try context.write { db -> String? in
            guard let occasion = try OccasionStore.find(db, id: id), occasion.open else { throw HTTPError(409) }
            var officerId: Int64
            if let existing {
                let officer = try OfficerAccess.load(try context.requireUser(), db, id: existing)
                officerId = officer.mergedInto ?? existing
            } else if let fields {
                var officer = Officer(
                    id: nil, name: fields.name, rank: fields.rank, unit: fields.unit, city: fields.city, country: fields.country,
                    consentPublic: fields.consent, createdAt: now, mergedInto: nil)
                try officer.insert(db)
                try Audit.record(db, actor: actor, "officer.created", "officer", officer.id, at: now)
                officerId = officer.id ?? 0
            } else {
                throw HTTPError.badRequest
            }
            guard try !OccasionStore.isProposed(db, occasion: id, officer: officerId, initiative: initiative.id) else { return "recognition_duplicate" }
            var recognition = Recognition(
                id: nil, occasionId: id, officerId: officerId, initiativeId: initiative.id ?? 0, reason: reason, status: .proposed,
                proposedBy: actor, proposedAt: now, decidedAt: nil)
            try recognition.insert(db)
            try Audit.record(db, actor: actor, "recognition.proposed", "recognition", recognition.id, at: now)
            return nil
        }
        if let outcome {
            var errors = FormErrors()
            errors.add("officer_id", outcome)
            return try OccasionShow.render(context, id: id, form: FormView(context, values: values, errors: errors), status: 422)
        }
        throw Redirect("/occasions/\(id)?notice=recognition_proposed")
    }
}

/// `POST /recognitions/:id/include` and `/exclude`: staff decide what goes on the
/// occasion's certificate list.
enum RecognitionDecide {
    static func include(_ context: RequestContext) throws -> Response {
        try decide(context, .included)
    }

    static func exclude(_ context: RequestContext) throws -> Response {
        try decide(context, .excluded)
    }

    static func decide(_ context: RequestContext, _ status: Recognition.Status) throws -> Response {
        let id = try context.id()
        let now = context.now
        let actor = context.user?.id
        let occasion = try context.write { db -> Int64 in
            guard var recognition = try Recognition.fetchOne(db, key: id) else { throw HTTPError.notFound }
            recognition.status = status
            recognition.decidedAt = now
            try recognition.update(db)
            try Audit.record(db, actor: actor, "recognition.\(status.rawValue)", "recognition", id, at: now)
            return recognition.occasionId
        }
        throw Redirect("/occasions/\(occasion)?notice=recognition_\(status.rawValue)")
    }
}
