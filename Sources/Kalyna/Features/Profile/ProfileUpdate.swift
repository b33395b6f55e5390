import HTTPServer

/// `POST /profile`: name and preferred language.
enum ProfileUpdate {
    static func handle(_ context: RequestContext) throws -> Response {
        guard let userId = context.user?.id else { throw HTTPError.forbidden }
        let form = context.request.form
        var errors = FormErrors()
        let name = Validate.text(form["name"], field: "name", into: &errors)
        let language = form["language"] ?? ""
        if !Language.supported.contains(language) { errors.add("language", "validation_choose") }
        guard errors.isEmpty else {
            return try ProfileShow.render(
                context, details: FormView(context, values: ["name": name, "language": language], errors: errors),
                password: FormView(context), status: 422)
        }
        let now = context.now
        try context.write { db in try UserStore.updateProfile(db, id: userId, name: name, language: language, now: now) }
        throw Redirect("/profile?notice=saved", cookies: [LanguageSet.cookie(language, context.app)])
    }
}
