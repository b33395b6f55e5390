import HTTPServer

/// `POST /applications/:id/reviewers`: programme staff assign a reviewer (a
/// reviewer or a programme officer). The application is then under review.
enum ReviewAssign {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        guard let reviewerId = Int64(context.request.form["reviewer"] ?? "") else { throw HTTPError.badRequest }
        let now = context.now
        let actor = context.user?.id
        try context.write { db in
            var application = try ApplicationAccess.loadAwaitingDecision(try context.requireUser(), db, id: id).application
            guard let reviewer = try UserStore.find(db, id: reviewerId), reviewer.active,
                reviewer.role == .reviewer || reviewer.role == .programmeOfficer
            else { throw HTTPError.badRequest }
            guard try ReviewStore.assignment(db, application: id, reviewer: reviewerId) == nil else { throw HTTPError(409) }
            var review = Review(id: nil, applicationId: id, reviewerId: reviewerId, assignedAt: now, conflict: nil, declaredAt: nil, comment: "", submittedAt: nil)
            try review.insert(db)
            if application.status == .submitted {
                application.status = .underReview
                application.updatedAt = now
                try application.update(db)
            }
            try Audit.record(db, actor: actor, "review.assigned", "review", review.id, detail: "application #\(id)", at: now)
        }
        throw Redirect("/applications/\(id)?notice=reviewer_assigned")
    }
}
