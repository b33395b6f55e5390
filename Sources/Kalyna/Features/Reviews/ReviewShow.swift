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
        let page = try context.read { db -> ReviewPage in
            let review = try ReviewAccess.load(try context.requireUser(), db, id: id)
            guard let application = try ApplicationStore.find(db, id: review.applicationId),
                let initiative = try InitiativeStore.find(db, id: application.initiativeId),
                let call = try CallStore.find(db, id: application.callId)
            else { throw HTTPError.notFound }
            var reading: ReviewPage.Reading?
            // Only once she has declared no conflict does she read the application.
            if review.mayRead {
                let applicationId = application.id ?? 0
                reading = ReviewPage.Reading(
                    lines: try ApplicationStore.lines(db, application: applicationId), files: try AttachmentStore.list(db, application: applicationId),
                    questions: try QuestionStore.list(db, for: application), answers: try QuestionStore.answers(db, application: applicationId),
                    criteria: try CallStore.criteria(db, call: call.id ?? 0), scores: try ReviewStore.scores(db, review: id))
            }
            return ReviewPage(
                review: review, application: application, initiative: initiative, call: call, reading: reading,
                form: form.map { ($0.values, $0.errors) }, declarationError: declarationError)
        }
        return try context.page(page, title: context.t("review_title"), status: status)
    }
}

/// A reviewer's assignment: what she may see of the application, and her scores.
struct ReviewPage: PageModel {
    static let template = "reviews/show"
    let review: Review
    let application: Application
    let initiative: Initiative
    let call: Call
    /// The application and her scoring, once she has declared no conflict; nil before.
    let reading: Reading?
    /// Her scores sent back refused, as typed.
    let form: (values: [String: String], errors: FormErrors)?
    let declarationError: String?

    struct Reading {
        let lines: [BudgetLine]
        let files: [Attachment]
        let questions: [CallQuestion]
        let answers: [Int64: [String]]
        let criteria: [Criterion]
        /// Her saved score per criterion.
        let scores: [Int64: Int]
    }

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        var data: [String: TemplateValue] = [
            "id": .int(Int(review.id ?? 0)), "declarationError": TemplateValue(declarationError), "application": .null, "scoring": .null,
            "title": .string(application.title.isEmpty ? context.t("application_untitled") : application.title),
            "initiative": .string(initiative.name),
            "undeclared": .bool(review.conflict == nil),
            "conflict": .bool(review.conflict == true),
        ]
        guard let reading else { return data }
        let loaded = ApplicationAccess.Loaded(application: application, call: call, initiative: initiative, isStaff: false, isApplicant: false)
        data["application"] = QuestionFields.adding(
            to: ApplicationView.details(loaded, lines: reading.lines, attachments: reading.files, context),
            reading.questions, answers: reading.answers, files: reading.files, context)
        let view = FormView(context, values: form?.values ?? ["comment": review.comment], errors: form?.errors ?? FormErrors())
        data["scoring"] = [
            "open": .bool(application.status.awaitsDecision),
            "submitted": .bool(review.submittedAt != nil),
            "summary": view.summary,
            "criteria": .list(reading.criteria.map { criterion in
                let field = "score_\(criterion.id ?? 0)"
                let chosen = view.values[field] ?? reading.scores[criterion.id ?? 0].map(String.init) ?? ""
                return [
                    "name": .string(criterion.name(context.lang)), "weight": .int(criterion.weight), "field": .string(field),
                    "error": TemplateValue(view.errors[field].map { context.t($0) }),
                    "options": .list(Scoring.range.map { ["value": .int($0), "checked": .bool(String($0) == chosen), "id": .string("\(field)-\($0)")] }),
                ]
            }),
            "comment": view.textarea("comment", label: context.t("field_review_comment"), required: true),
        ]
        return data
    }
}
