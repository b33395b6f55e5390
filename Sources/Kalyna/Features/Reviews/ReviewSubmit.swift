import HTTPServer

/// `POST /reviews/:id`: a score of 1–5 for every criterion and a comment. May be
/// changed until the application is decided.
enum ReviewSubmit {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let form = context.request.form
        let (review, criteria, open) = try context.read { db in
            let review = try ReviewAccess.load(try context.requireUser(), db, id: id)
            let application = try ApplicationStore.find(db, id: review.applicationId)
            return (review, try CallStore.criteria(db, call: application?.callId ?? 0), application?.status.awaitsDecision ?? false)
        }
        guard review.mayRead else { throw HTTPError.forbidden }
        guard open else { throw HTTPError(409) }
        var errors = FormErrors()
        var values: [String: String] = ["comment": form["comment"] ?? ""]
        var scores: [(Int64, Int)] = []
        for criterion in criteria {
            let field = "score_\(criterion.id ?? 0)"
            values[field] = form[field]
            guard let score = Int(form[field] ?? ""), Scoring.range.contains(score) else {
                errors.add(field, "validation_score")
                continue
            }
            scores.append((criterion.id ?? 0, score))
        }
        let comment = Validate.text(form["comment"], field: "comment", max: 8000, into: &errors)
        guard errors.isEmpty else {
            return try ReviewShow.render(context, id: id, form: FormView(context, values: values, errors: errors), status: 422)
        }
        let now = context.now
        let actor = context.user?.id
        let user = try context.requireUser()
        try context.write { db in
            try ReviewStore.submit(db, try ReviewAccess.load(user, db, id: id), scores: scores, comment: comment, by: actor, now: now)
        }
        throw Redirect("/reviews/\(id)?notice=review_saved")
    }
}
