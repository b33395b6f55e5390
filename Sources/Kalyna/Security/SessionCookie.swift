import HTTPServer

/// The session cookie: `HttpOnly`, `SameSite=Lax`, `Secure` behind HTTPS, and
/// kept by the browser as long as the session may live.
enum SessionCookie {
    static let name = "session"

    static func make(_ token: String, app: App) -> Cookie {
        Cookie(name: name, value: token, maxAge: Int(app.sessionLifetime), httpOnly: true, secure: app.config.secureCookies, sameSite: .lax)
    }

    static func expired(app: App) -> Cookie {
        Cookie.expired(name, secure: app.config.secureCookies)
    }
}
