import HTTPServer

/// `POST /reviews/:id/declaration`: conflict of interest, yes or no. Made once;
/// "yes" ends the assignment.
enum ReviewDeclare {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        guard let answer = context.request.form["conflict"], answer == "yes" || answer == "no" else {
            return try ReviewShow.render(context, id: id, declarationError: context.t("validation_conflict_choose"), status: 422)
        }
        let now = context.now
        let actor = context.user?.id
        try context.write { db in
            var review = try ReviewAccess.load(try context.requireUser(), db, id: id)
            guard review.conflict == nil else { throw HTTPError(409) }
            review.conflict = answer == "yes"
            review.declaredAt = now
            try review.update(db)
            try Audit.record(db, actor: actor, answer == "yes" ? "review.conflict_declared" : "review.no_conflict_declared", "review", id, at: now)
        }
        throw Redirect("/reviews/\(id)")
    }
}
