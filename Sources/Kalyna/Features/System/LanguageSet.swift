import HTTPServer

/// `GET /language/:code?next=/path`: the language switcher's links for
/// visitors. Remembers the choice in a cookie for a year and goes back to the
/// page she was on; signing in then carries it into her profile.
/// `POST /language`: the switcher of a signed-in user, which also keeps the
/// choice in her profile (a write, so not a GET), for her other devices.
enum LanguageSet {
    static let cookieName = "lang"

    static func handle(_ context: RequestContext) throws -> Response {
        guard let code = context.parameters["code"], Language.supported.contains(code) else {
            throw HTTPError.notFound
        }
        throw Redirect(ReturnPath.safe(context.request.query["next"]), cookies: [cookie(code, context.app)])
    }

    static func save(_ context: RequestContext) throws -> Response {
        guard let code = context.request.form["code"], Language.supported.contains(code) else { throw HTTPError(400) }
        let user = try context.requireUser()
        try context.write { db in try UserStore.setLanguage(db, user: user.id ?? 0, language: code) }
        throw Redirect(ReturnPath.safe(context.request.form["next"]), cookies: [cookie(code, context.app)])
    }

    /// The language choice, remembered for a year.
    static func cookie(_ code: String, _ app: App) -> Cookie {
        Cookie(name: cookieName, value: code, maxAge: 365 * 24 * 3600, secure: app.config.secureCookies)
    }
}
