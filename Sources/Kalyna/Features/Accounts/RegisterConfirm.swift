import HTTPServer

/// `GET /register/confirm/:token` shows the confirmation (a link opened by a
/// mail scanner must not make the account); `POST` makes the initiative and
/// its coordinator and signs her in.
enum RegisterConfirm {
    static func show(_ context: RequestContext) throws -> Response {
        let token = context.parameters["token"] ?? ""
        let now = context.now
        guard let pending = try context.read({ try RegistrationStore.usable($0, token: token, now: now) }) else {
            return try context.page("invitations/expired", title: context.t("invitation_expired_title"), status: 410)
        }
        return try context.page(
            "accounts/register_confirm", title: context.t("register_confirm_title"),
            [
                "csrf": .string(context.csrfToken()),
                "action": .string("/register/confirm/" + token),
                "email": .string(pending.email),
                "initiative": .string(pending.details.initiativeName),
            ])
    }

    static func confirm(_ context: RequestContext) throws -> Response {
        let token = context.parameters["token"] ?? ""
        let now = context.now
        let made: (String, String)?
        do {
            made = try context.write { db -> (String, String)? in
                guard let user = try RegistrationStore.confirm(db, token: token, now: now) else { return nil }
                return (try SessionStore.create(db, user: user.id ?? 0, lifetime: context.app.sessionLifetime, now: now), user.language)
            }
        } catch RecordRefusal.wrongState {
            // The address got an account since (another registration confirmed first).
            made = nil
        }
        guard let (session, language) = made else {
            return try context.page("invitations/expired", title: context.t("invitation_expired_title"), status: 410)
        }
        throw Redirect("/dashboard?notice=registered", cookies: [SessionCookie.make(session, app: context.app), LanguageSet.cookie(language, context.app)])
    }
}
