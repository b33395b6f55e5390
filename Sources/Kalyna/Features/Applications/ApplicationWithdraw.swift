import HTTPServer

/// `GET /applications/:id/withdraw` asks the applicant to confirm, on a page of
/// its own, that she takes the application back (it cannot be undone);
/// `POST /applications/:id/withdraw` with the confirmation does it, at any
/// time before a decision.
enum ApplicationWithdraw {
    static func confirm(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let loaded = try context.read { try ApplicationAccess.load(try context.requireUser(), $0, id: id) }
        guard loaded.isApplicant else { throw HTTPError.forbidden }
        guard loaded.application.status.canWithdraw else { throw HTTPError(409) }
        let title = loaded.application.title.isEmpty ? context.t("application_untitled") : loaded.application.title
        return try context.page(
            "applications/withdraw", title: context.t("application_withdraw_title"),
            ["id": .int(Int(id)), "applicationTitle": .string(title), "call": .string(loaded.call.title(context.lang))])
    }

    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        // Only the confirmation page's button withdraws; anything else is asked again (of the applicant only).
        guard context.request.form["confirm"] == "yes" else {
            let loaded = try context.read { try ApplicationAccess.load(try context.requireUser(), $0, id: id) }
            guard loaded.isApplicant else { throw HTTPError.forbidden }
            throw Redirect("/applications/\(id)/withdraw")
        }
        let now = context.now
        let user = try context.requireUser()
        try context.write { db in try ApplicationStore.withdraw(db, id: id, by: user, now: now) }
        throw Redirect("/applications/\(id)?notice=withdrawn")
    }
}
