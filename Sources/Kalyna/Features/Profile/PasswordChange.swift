import HTTPServer

/// `POST /profile/password`: a new password, after the current one. Every
/// session of the account ends; this browser gets a fresh one.
enum PasswordChange {
    static func handle(_ context: RequestContext) throws -> Response {
        guard let user = context.user, let userId = user.id else { throw HTTPError.forbidden }
        let form = context.request.form
        var errors = FormErrors()
        if !Passwords.verify(form["current_password"] ?? "", hash: user.passwordHash) {
            errors.add("current_password", "validation_current_password")
        }
        let password = Validate.newPassword(form["password"], confirmation: form["password_confirmation"], into: &errors)
        guard errors.isEmpty, let hash = Passwords.hash(password) else {
            return try ProfileShow.render(
                context, details: FormView(context, values: ["name": user.name, "language": user.language]),
                password: FormView(context, errors: errors), status: 422)
        }
        let now = context.now
        let lifetime = context.app.sessionLifetime
        let token = try context.write { db in try UserStore.changePassword(db, id: userId, hash: hash, sessionLifetime: lifetime, now: now) }
        throw Redirect("/profile?notice=password_changed", cookies: [SessionCookie.make(token, app: context.app)])
    }
}
