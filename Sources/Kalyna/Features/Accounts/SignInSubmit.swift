import Foundation
import HTTPServer

/// `POST /sign-in`: checks the password, with the throttling rules
/// (`LoginThrottle`), and starts a session. Every checked attempt costs one
/// argon2id verification, so that the time taken does not tell whether the
/// email belongs to an account.
enum SignInSubmit {
    static func handle(_ context: RequestContext) throws -> Response {
        let form = context.request.form
        let email = (form["email"] ?? "").trimmed.lowercased()
        let password = form["password"] ?? ""
        let address = context.request.remoteAddress
        let now = context.now
        // A form kept when the session ended (`SessionResume`) stays claimed across failed attempts.
        let resume = form["resume"] ?? ""
        let typed = ["email": email, "next": form["next"] ?? "", "resume": resume]

        // Counted and recorded before the hash, in one transaction.
        guard case .proceed(let attempt, let delay) = try context.write({ try LoginThrottle.begin($0, email: email, address: address, now: now) }) else {
            context.app.metrics.signInFailures.increment()
            return try SignInShow.render(context, values: typed, message: context.t("sign_in_locked"), status: 429)
        }
        context.app.clock.pause(delay)
        let user = try context.read { try UserStore.find($0, email: email) }
        let matches = Passwords.verify(password, hash: user?.passwordHash ?? Passwords.decoy)
        guard let user, let userId = user.id, matches, user.active else {
            // The attempt stays recorded as a failure.
            context.app.metrics.signInFailures.increment()
            return try SignInShow.render(context, values: typed, message: context.t("sign_in_failed"), status: 401)
        }
        // Hashed with older parameters: renewed now, while the password is at hand.
        let renewed = Passwords.needsRehash(user.passwordHash) ? Passwords.hash(password) : nil
        // A language chosen before signing in is hers from now on, on every device.
        let chosen = context.request.cookies[LanguageSet.cookieName].flatMap { Language.supported.contains($0) ? $0 : nil }
        let language = chosen ?? user.language
        let token = try context.write { db -> String in
            if let renewed { try UserStore.setPasswordHash(db, user: userId, hash: renewed) }
            if language != user.language { try UserStore.setLanguage(db, user: userId, language: language) }
            try LoginThrottle.succeeded(db, attempt: attempt, email: email, address: address)
            try SessionStore.purgeExpired(db, now: now)
            try Audit.record(db, actor: userId, "user.signed_in", "user", userId, at: now)
            return try SessionStore.create(db, user: userId, lifetime: context.app.sessionLifetime, now: now)
        }
        let cookies = [SessionCookie.make(token, app: context.app), LanguageSet.cookie(language, context.app)]
        if var completed = try SessionResume.complete(context, resume: resume, user: userId, token: token) {
            completed.cookies += cookies
            return completed
        }
        throw Redirect(ReturnPath.safe(form["next"], fallback: "/dashboard"), cookies: cookies)
    }
}
