import HTTPServer

/// `POST /grants/:id/agreement`: the coordinator accepts the agreement she
/// read, typing her name. Refused if the terms changed since the page was
/// shown (she reads the new ones first).
enum GrantAgreementAccept {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let user = try context.requireUser()
        let form = context.request.form
        // Whose grant it is comes before anything about the form.
        let holder = try context.read { try GrantAccess.load(user, $0, id: id).isHolder }
        guard holder else { throw RecordRefusal.forbidden }
        var errors = FormErrors()
        let name = Validate.text(form["name"], field: "name", max: 200, into: &errors)
        if form["confirm"] != "yes" { errors.add("confirm", "agreement_confirm_required") }
        guard errors.isEmpty else {
            return try GrantAgreementShow.render(context, id: id, form: TypedForm(values: ["name": form["name"] ?? ""], errors: errors), status: 422)
        }
        // The text she accepts is the one shown to her, in her language, as it stands in this transaction.
        let now = context.now
        try context.write { db in
            let loaded = try GrantAccess.load(user, db, id: id)
            let text = try AgreementText.render(loaded, tranches: try GrantStore.tranches(db, grant: id), reports: try GrantStore.requirements(db, grant: id), context) ?? ""
            try AgreementStore.accept(
                db, loaded, user: user, name: name, text: text, language: context.lang, address: context.request.remoteAddress,
                shownTerms: form["terms"] ?? "", now: now)
        }
        throw Redirect("/grants/\(id)?notice=agreement_accepted")
    }
}
