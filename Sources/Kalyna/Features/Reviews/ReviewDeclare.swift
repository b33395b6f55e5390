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
        let user = try context.requireUser()
        try context.write { db in try ReviewStore.declare(db, review: id, conflict: answer == "yes", by: user, now: now) }
        throw Redirect("/reviews/\(id)")
    }
}
