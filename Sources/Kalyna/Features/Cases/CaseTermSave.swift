import HTTPServer

/// `POST /admin/terms` and `POST /admin/terms/:id`: the vocabularies of what
/// followed, where complaints went and what came of them, kept like the
/// typology (three languages, deactivated but never deleted).
enum CaseTermSave {
    static func add(_ context: RequestContext) throws -> Response {
        let form = context.request.form
        guard let vocabulary = form["vocabulary"], CaseTerms.vocabularies.contains(vocabulary) else { throw HTTPError.badRequest }
        guard let (en, ru, uk) = TypologyAdmin.names(form) else {
            return try TypologyAdmin.render(context, error: context.t("validation_typology_names"), status: 422)
        }
        let now = context.now
        try context.write { db in try CaseStore.addTerm(db, vocabulary: vocabulary, names: (en, ru, uk), by: context.user?.id, now: now) }
        throw Redirect("/admin/typology?notice=saved")
    }

    static func update(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let form = context.request.form
        let now = context.now
        guard let change = TypologyAdmin.change(form) else { throw HTTPError.badRequest }
        try context.write { db in try CaseStore.changeTerm(db, id: id, change, by: context.user?.id, now: now) }
        throw Redirect("/admin/typology?notice=saved")
    }
}
