import HTTPServer
import Templating

/// `GET /register/confirm/:token` shows the confirmation (a link opened by a
/// mail scanner must not make the account); `POST` makes the initiative and
/// its coordinator and signs her in.
enum RegisterConfirm {
    static func show(_ context: RequestContext) throws -> Response {
        let token = context.parameters["token"] ?? ""
        let now = context.now
        guard let pending = try context.read({ try RegistrationStore.usable($0, token: token, now: now) }) else {
            return try ExpiredLinkPage.response(context)
        }
        return try context.page(
            RegisterConfirmPage(token: token, email: pending.email, initiative: pending.details.initiativeName), title: context.t("register_confirm_title"))
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
            return try ExpiredLinkPage.response(context)
        }
        throw Redirect("/dashboard?notice=registered", cookies: [SessionCookie.make(session, app: context.app), LanguageSet.cookie(language, context.app)])
    }
}

/// The last step of registering by e-mail: nothing is made until she presses the button.
struct RegisterConfirmPage: PageModel {
    static let template = "accounts/register_confirm"
    let token: String
    let email: String
    let initiative: String

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        [
            "csrf": .string(context.csrfToken()),
            "action": .string("/register/confirm/" + token),
            "email": .string(email),
            "initiative": .string(initiative),
        ]
    }
}
