import Foundation
import HTTPServer

/// `POST /sign-in`: checks the password, with the lockout rule, and starts a
/// session. Every answer costs one argon2id verification, so that the time
/// taken does not tell whether the email belongs to an account.
enum SignInSubmit {
    static func handle(_ context: RequestContext) throws -> Response {
        let form = context.request.form
        let email = (form["email"] ?? "").trimmed.lowercased()
        let password = form["password"] ?? ""
        let address = context.request.remoteAddress
        let now = context.now
        let view = FormView(context, values: ["email": email, "next": form["next"] ?? ""])
        let database = context.app.database.pool

        let locked = try database.read { try LoginThrottle.isLocked($0, email: email, address: address, now: now) }
        let user = try database.read { try UserStore.find($0, email: email) }
        let matches = Passwords.verify(password, hash: user?.passwordHash ?? Passwords.decoy)
        if locked {
            return try SignInShow.render(context, form: view, message: context.t("sign_in_locked"), status: 429)
        }
        guard let user, let userId = user.id, matches, user.active else {
            try database.write { try LoginThrottle.recordFailure($0, email: email, address: address, now: now) }
            return try SignInShow.render(context, form: view, message: context.t("sign_in_failed"), status: 401)
        }
        // Hashed with older parameters: renewed now, while the password is at hand.
        let renewed = Passwords.needsRehash(user.passwordHash) ? Passwords.hash(password) : nil
        let token = try database.write { db -> String in
            if let renewed { try UserStore.setPasswordHash(db, user: userId, hash: renewed) }
            try LoginThrottle.clear(db, email: email)
            try SessionStore.purgeExpired(db, now: now)
            try Audit.record(db, actor: userId, "user.signed_in", "user", userId, at: now)
            return try SessionStore.create(db, user: userId, lifetime: context.app.sessionLifetime, now: now)
        }
        var response = Response.redirect(to: LanguageSet.safeReturnPath(form["next"].flatMap { $0.isEmpty ? nil : $0 } ?? "/dashboard"))
        response.cookies.append(SessionCookie.make(token, app: context.app))
        response.cookies.append(Cookie(name: LanguageSet.cookieName, value: user.language, maxAge: 365 * 24 * 3600, secure: context.app.config.secureCookies))
        return response
    }
}
