import HTTPServer

/// `POST /applications/:id/resubmit`: the coordinator of a declined
/// application revises it as a new draft (text, budget and documents copied),
/// while the call still takes applications; the decline and its reason stay
/// on the old one, and both pages point to each other.
enum ApplicationResubmit {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let user = try context.requireUser()
        let today = context.today
        let now = context.now
        let draft = try context.write { db in try ApplicationStore.resubmit(db, user: user, application: id, today: today, now: now) }
        throw Redirect("/applications/\(draft)/edit?notice=revising")
    }
}
