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
        try context.write { db in
            var initiative = try InitiativeAccess.load(try context.requireUser(), db, id: id)
            // A registration waiting, or a verified initiative whose key details changed since.
            guard initiative.status == .pending || (initiative.status == .verified && initiative.changedSinceVerification) else {
                throw HTTPError(409)
            }
            initiative.status = status
            initiative.changedSinceVerification = false
            initiative.declineReason = reason
            initiative.decidedAt = now
            try initiative.update(db)
            try Audit.record(db, actor: user.id, "initiative.\(status.rawValue)", "initiative", id, at: now)
        }
    }
}
