import HTTPServer

/// `GET /language/:code?next=/path`: the language switcher's links. Remembers the
/// choice in a cookie for a year and goes back to the page the user was on.
enum LanguageSet {
    static let cookieName = "lang"

    static func handle(_ context: RequestContext) throws -> Response {
        guard let code = context.parameters["code"], Language.supported.contains(code) else {
            throw HTTPError.notFound
        }
        throw Redirect(ReturnPath.safe(context.request.query["next"]), cookies: [cookie(code, context.app)])
    }

    /// The language choice, remembered for a year.
    static func cookie(_ code: String, _ app: App) -> Cookie {
        Cookie(name: cookieName, value: code, maxAge: 365 * 24 * 3600, secure: app.config.secureCookies)
    }
}
