import Foundation
import HTTPServer

/// `POST /register`: creates the initiative (pending until staff verify it) and
/// its coordinator, signed in at once so she can follow the status.
enum RegisterSubmit {
    static func handle(_ context: RequestContext) throws -> Response {
        let form = context.request.form
        var errors = FormErrors()
        let initiative = InitiativeFields.read(form, into: &errors)
        let name = Validate.text(form["name"], field: "name", into: &errors)
        let email = Validate.email(form["email"], into: &errors)
        let password = Validate.newPassword(form["password"], confirmation: form["password_confirmation"], into: &errors)
        let language = Language.supported.contains(form["language"] ?? "") ? form["language"] ?? "en" : context.lang
        let now = context.now
        if errors["email"] == nil, try context.read({ try UserStore.find($0, email: email) }) != nil {
            errors.add("email", "validation_email_taken")
        }
        var values: [String: String] = [:]
        for pair in form.pairs where !pair.name.hasPrefix("password") && pair.name != "_csrf" { values[pair.name] = pair.value }
        guard errors.isEmpty, let legalForm = initiative.legalForm, let hash = Passwords.hash(password) else {
            return try RegisterShow.render(context, form: FormView(context, values: values, errors: errors), status: 422)
        }
        let token = try context.write { db -> String in
            var record = Initiative(
                id: nil, name: initiative.name, country: initiative.country, city: initiative.city, legalForm: legalForm,
                description: initiative.description, contact: initiative.contact, status: .pending, declineReason: nil,
                createdAt: now, decidedAt: nil)
            try record.insert(db)
            var user = User(
                id: nil, email: email, name: name, passwordHash: hash, role: .coordinator, initiativeId: record.id,
                language: language, active: true, createdAt: now)
            try user.insert(db)
            try Audit.record(db, actor: user.id, "initiative.registered", "initiative", record.id, at: now)
            try Audit.record(db, actor: user.id, "user.created", "user", user.id, detail: "role=coordinator", at: now)
            return try SessionStore.create(db, user: user.id ?? 0, lifetime: context.app.sessionLifetime, now: now)
        }
        throw Redirect("/dashboard?notice=registered", cookies: [SessionCookie.make(token, app: context.app), LanguageSet.cookie(language, context.app)])
    }
}
