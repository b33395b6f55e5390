import HTTPServer

/// `POST /grants/:id/terminate`: ends a grant early with a reason; tranches not
/// yet paid are cancelled with their open payments.
enum GrantTerminate {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let reason = (context.request.form["reason"] ?? "").trimmed
        guard !reason.isEmpty, reason.count <= 2000 else {
            return try GrantShow.render(context, id: id, error: context.t("validation_termination_reason"), status: 422)
        }
        let now = context.now
        let user = try context.requireUser()
        try context.write { db in try GrantStore.terminate(db, grant: id, reason: reason, user: user, now: now) }
        throw Redirect("/grants/\(id)?notice=grant_terminated")
    }
}
