import HTTPServer

/// The session cookie: `HttpOnly`, `SameSite=Lax`, `Secure` behind HTTPS, and
/// kept by the browser a day longer than the session may live, so that a form
/// sent just after it ended can still be told to be its own (`SessionResume`). Over HTTPS its name has
/// the `__Host-` prefix, so no subdomain and no plain-HTTP page can set it.
enum SessionCookie {
    static let baseName = "session"

    static func name(_ app: App) -> String { CookieName.prefixed(baseName, app) }

    static func make(_ token: String, app: App) -> Cookie {
        Cookie(name: name(app), value: token, maxAge: Int(app.sessionLifetime + SessionStore.resumeGrace), httpOnly: true, secure: app.config.secureCookies, sameSite: .lax)
    }

    static func expired(app: App) -> Cookie {
        Cookie.expired(name(app), secure: app.config.secureCookies)
    }
}

enum CookieName {
    /// `__Host-name` when served over HTTPS (the prefix needs `Secure`, `Path=/` and no `Domain`).
    static func prefixed(_ name: String, _ app: App) -> String { app.config.secureCookies ? "__Host-" + name : name }
}
