import HTTPServer

/// `POST /initiatives/:id/verify`: staff confirm the initiative is real; from
/// now on it may apply for grants and register cases.
enum InitiativeVerify {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        try decide(context, id: id, .verified, reason: nil)
        throw Redirect("/initiatives/\(id)?notice=verified")
    }

    /// Records a decision on a pending registration (or on changed details), with its audit line.
    static func decide(_ context: RequestContext, id: Int64, _ status: InitiativeStatus, reason: String?) throws {
        let user = try context.requireUser()
        let now = context.now
        try context.write { db in try InitiativeStore.decide(db, id: id, status, reason: reason, by: user, now: now) }
    }
}
