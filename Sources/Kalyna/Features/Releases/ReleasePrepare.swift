import HTTPServer

/// `POST /releases` (a new draft) and `POST /releases/:id/prepare` (a draft
/// counted again from today's data): counts the cases of the period entered
/// by the cut-off, chooses the hidden cells against every published release,
/// and stores the draft for staff to look at before publishing.
enum ReleasePrepare {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = context.parameters["id"].flatMap { Int64($0) }
        var input = ReleaseInput(from: context.request.form["from"] ?? "", to: context.request.form["to"] ?? "", cutoff: context.request.form["cutoff"] ?? "")
        if let id, input.from.isEmpty, let existing = try context.read({ try ReleaseStore.find($0, id: id) }) {
            input = ReleaseInput(from: existing.scope.from, to: existing.scope.to, cutoff: existing.scope.cutoff)
        }
        let errors = input.errors(today: context.today)
        guard errors.isEmpty, let scope = input.scope else { return try ReleaseList.render(context, input: input, errors: errors, status: 422) }
        let threshold = context.app.config.suppressionThreshold
        let result = try context.write { db in
            try ReleaseStore.prepare(db, id: id, scope: scope, threshold: threshold, by: context.user?.id, now: context.now)
        }
        switch result {
        case .success(let saved): throw Redirect("/releases/\(saved)?notice=release_prepared")
        case .failure(let refusal): return try ReleaseList.render(context, input: input, errors: FormErrors(), refusal: ReleaseShow.explain(refusal, context), status: 409)
        }
    }
}
