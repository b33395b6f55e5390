import HTTPServer

/// `GET /language/:code?next=/path`: the language switcher's links. Remembers the
/// choice in a cookie for a year and goes back to the page the user was on.
enum LanguageSet {
    static let cookieName = "lang"

    static func handle(_ context: RequestContext) throws -> Response {
        guard let code = context.parameters["code"], Language.supported.contains(code) else {
            throw HTTPError.notFound
        }
        var response = Response.redirect(to: ReturnPath.safe(context.request.query["next"]))
        response.cookies.append(
            Cookie(name: cookieName, value: code, maxAge: 365 * 24 * 3600, secure: context.app.config.secureCookies))
        return response
    }
}
