import Foundation
import HTTPServer
import Templating

/// `POST /register`: an initiative registers itself and its coordinator.
/// With e-mail on, a confirmation link goes to the address and the page says
/// the same whatever the address (see `RegistrationStore`); without e-mail
/// there is nobody to confirm to, so the account is made at once and signed
/// in, and a taken address is said so on the form.
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
        let confirmsByMail = context.app.sendsMail
        if !confirmsByMail, errors["email"] == nil, try context.read({ try UserStore.find($0, email: email) }) != nil {
            errors.add("email", "validation_email_taken")
        }
        var values: [String: String] = [:]
        for pair in form.pairs where !pair.name.hasPrefix("password") && pair.name != "_csrf" { values[pair.name] = pair.value }
        guard errors.isEmpty, let legalForm = initiative.legalForm, let hash = Passwords.hash(password) else {
            return try RegisterShow.render(context, values: values, errors: errors, status: 422)
        }
        let details = RegistrationDetails(
            initiativeName: initiative.name, country: initiative.country, city: initiative.city, legalForm: legalForm,
            description: initiative.description, contact: initiative.contact, name: name, language: language)
        if confirmsByMail {
            let token = Tokens.random()
            let link = context.app.config.publicBaseURL + "/register/confirm/" + token
            let params = ["name": name, "initiative": initiative.name, "organisation": context.app.config.organisationName(language)]
            try context.write { db in
                try RegistrationStore.request(
                    db, details, email: email, passwordHash: hash, token: token, sealedLink: context.app.narratives.seal(link), params: params,
                    day: CalendarDate(now, in: context.app.timeZone).iso, now: now)
            }
            return try context.page(RegisterSentPage(email: email), title: context.t("register_sent_title"))
        }
        let token = try context.write { db -> String in
            let user = try RegistrationStore.createAccount(db, details, email: email, passwordHash: hash, now: now)
            return try SessionStore.create(db, user: user.id ?? 0, lifetime: context.app.sessionLifetime, now: now)
        }
        throw Redirect("/dashboard?notice=registered", cookies: [SessionCookie.make(token, app: context.app), LanguageSet.cookie(language, context.app)])
    }
}

/// "Check your mail": the same page whether the address was known or not.
struct RegisterSentPage: PageModel {
    static let template = "accounts/register_sent"
    let email: String

    func values(_ context: RequestContext) -> [String: TemplateValue] { ["email": .string(email)] }
}
