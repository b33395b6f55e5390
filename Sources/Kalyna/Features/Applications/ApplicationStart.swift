import HTTPServer

/// `POST /calls/:id/applications`: a verified initiative's coordinator starts a
/// draft application to an open call.
enum ApplicationStart {
    static func handle(_ context: RequestContext) throws -> Response {
        let callId = try context.id()
        let user = try context.requireUser()
        let now = context.now
        let today = context.today
        let id = try context.write { db in try ApplicationStore.start(db, call: callId, by: user, today: today, now: now) }
        throw Redirect("/applications/\(id)/edit")
    }
}
