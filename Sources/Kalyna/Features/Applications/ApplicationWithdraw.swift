import HTTPServer
import Templating

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
        return try context.page(WithdrawPage(application: loaded.application, call: loaded.call), title: context.t("application_withdraw_title"))
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

/// "Withdraw this application?": asked on a page of its own, as it cannot be undone.
struct WithdrawPage: PageModel {
    static let template = "applications/withdraw"
    let application: Application
    let call: Call

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        [
            "id": .int(Int(application.id ?? 0)),
            "applicationTitle": .string(application.title.isEmpty ? context.t("application_untitled") : application.title),
            "call": .string(call.title(context.lang)),
        ]
    }
}
