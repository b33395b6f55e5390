import HTTPServer

/// `POST /applications/:id/withdraw`: the applicant takes her application back,
/// at any time before a decision.
enum ApplicationWithdraw {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let now = context.now
        let actor = context.user?.id
        try context.write { db in
            let loaded = try ApplicationAccess.load(try context.requireUser(), db, id: id)
            guard loaded.isApplicant else { throw HTTPError.forbidden }
            var application = loaded.application
            guard application.status.canWithdraw else { throw HTTPError(409) }
            application.status = .withdrawn
            application.updatedAt = now
            try application.update(db)
            try Audit.record(db, actor: actor, "application.withdrawn", "application", id, at: now)
        }
        throw Redirect("/applications/\(id)?notice=withdrawn")
    }
}
