import HTTPServer
import Templating

/// `GET /reviews/:id`: the reviewer's own assignment. Before she declares, she
/// sees only the title and the initiative; with a conflict the assignment ends
/// there; without one she reads the application and scores it.
enum ReviewShow {
    static func handle(_ context: RequestContext) throws -> Response {
        try render(context, id: try context.id())
    }

    static func render(_ context: RequestContext, id: Int64, form: FormView? = nil, declarationError: String? = nil, status: Int = 200) throws -> Response {
        var data: [String: TemplateValue] = [
            "id": .int(Int(id)), "declarationError": TemplateValue(declarationError), "application": .null, "scoring": .null,
        ]
        try context.read { db in
            let review = try ReviewAccess.load(try context.requireUser(), db, id: id)
            guard let application = try ApplicationStore.find(db, id: review.applicationId),
                let initiative = try InitiativeStore.find(db, id: application.initiativeId),
                let call = try CallStore.find(db, id: application.callId)
            else { throw HTTPError.notFound }
            data["title"] = .string(application.title.isEmpty ? context.t("application_untitled") : application.title)
            data["initiative"] = .string(initiative.name)
            data["undeclared"] = .bool(review.conflict == nil)
            data["conflict"] = .bool(review.conflict == true)
            guard review.mayRead else { return }
            let loaded = ApplicationAccess.Loaded(application: application, call: call, initiative: initiative, isStaff: false, isApplicant: false)
            let files = try AttachmentStore.list(db, application: application.id ?? 0)
            data["application"] = QuestionFields.adding(
                to: ApplicationView.details(loaded, lines: try ApplicationStore.lines(db, application: application.id ?? 0), attachments: files, context),
                try QuestionStore.list(db, for: application), answers: try QuestionStore.answers(db, application: application.id ?? 0), files: files, context)
            let scores = try ReviewStore.scores(db, review: id)
            let view = form ?? FormView(context, values: ["comment": review.comment])
            data["scoring"] = [
                "open": .bool(application.status.awaitsDecision),
                "submitted": .bool(review.submittedAt != nil),
                "summary": view.summary,
                "criteria": .list(try CallStore.criteria(db, call: call.id ?? 0).map { criterion in
                    let field = "score_\(criterion.id ?? 0)"
                    let chosen = view.values[field] ?? scores[criterion.id ?? 0].map(String.init) ?? ""
                    return [
                        "name": .string(criterion.name(context.lang)), "weight": .int(criterion.weight), "field": .string(field),
                        "error": TemplateValue(view.errors[field].map { context.t($0) }),
                        "options": .list(Scoring.range.map { ["value": .int($0), "checked": .bool(String($0) == chosen), "id": .string("\(field)-\($0)")] }),
                    ]
                }),
                "comment": view.textarea("comment", label: context.t("field_review_comment"), required: true),
            ]
        }
        return try context.page("reviews/show", title: context.t("review_title"), data, status: status)
    }
}
