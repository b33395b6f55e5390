import HTTPServer

/// `POST /applications/:id/reviewers`: programme staff assign a reviewer (a
/// reviewer or a programme officer). The application is then under review.
enum ReviewAssign {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        guard let reviewerId = Int64(context.request.form["reviewer"] ?? "") else { throw HTTPError.badRequest }
        let now = context.now
        let user = try context.requireUser()
        do {
            try context.write { db in try ReviewStore.assign(db, application: id, reviewer: reviewerId, by: user, now: now) }
        } catch is ReviewStore.NotAReviewer {
            throw HTTPError.badRequest
        }
        throw Redirect("/applications/\(id)?notice=reviewer_assigned")
    }
}
